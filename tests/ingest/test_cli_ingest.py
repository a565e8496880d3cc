"""`peacetalks extract` and `peacetalks ingest` on real files, in-process (the `cli` fixture)."""

from __future__ import annotations

import pytest

from peacetalks.store import open_store
from tests.conftest import jsonl, validate_record
from tests.ingest.conftest import ARTICLE

SECOND = (
    "Envoys agree to meet again\n\nThe envoys of the two states said on Friday that they "
    "would meet again in May to discuss the release of the remaining boats.\n"
)


@pytest.fixture
def corpus(tmp_path):
    """A folder of two good documents (one nested) and one that cannot be read."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sub" / "b.md").write_text(SECOND, encoding="utf-8")
    (folder / "broken.txt").write_bytes("Café talks".encode("latin-1"))
    (folder / "ignored.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return folder


def _no_traceback(result):
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def _documents(db_url) -> int:
    store = open_store(db_url)
    try:
        return store.counts().documents
    finally:
        store.close()


def test_cli_extract_prints_good_records_and_exits_2_naming_the_bad_file(cli, corpus):
    result = cli("extract", str(corpus))
    assert result.exit_code == 2
    records = jsonl(result.stdout)
    for record in records:
        validate_record(record)
    assert [r["document"]["path"] for r in records] == [
        str(corpus / "a.txt"),
        str(corpus / "sub" / "b.md"),
    ]
    assert records[0]["document"]["title"] == "Harbour talks reach a prisoner deal"
    assert f"Skipped Cannot read {corpus / 'broken.txt'}: it is not valid UTF-8" in result.stderr
    assert "iconv" in result.stderr
    assert "1 document(s) could not be read" in result.stderr
    assert "ignored.png" not in result.stdout + result.stderr
    _no_traceback(result)


def test_cli_extract_all_good_exits_0_and_stores_nothing(cli, corpus, tmp_path, monkeypatch):
    (corpus / "broken.txt").unlink()
    monkeypatch.chdir(tmp_path)
    result = cli("extract", str(corpus))
    assert result.exit_code == 0
    assert len(jsonl(result.stdout)) == 2
    assert result.stderr == ""
    assert not (tmp_path / "peacetalks.db").exists()


def test_cli_extract_reads_stdin(cli):
    result = cli("extract", "-", input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0
    [record] = jsonl(result.stdout)
    validate_record(record)
    assert record["document"]["path"] == "-"
    assert record["document"]["title"] == "Harbour talks reach a prisoner deal"


def test_cli_extract_bad_stdin_is_skipped_with_exit_2(cli):
    result = cli("extract", "-", input=b"\x00\x01\x02binary")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Skipped Cannot read -: it is a binary file" in result.stderr
    _no_traceback(result)


def test_cli_extract_applies_manifest_and_published_override(cli, corpus):
    manifest = corpus / "manifest.csv"
    manifest.write_text(
        "path,publisher,kind,notes\na.txt,Coastline Courier,news,x\nsub/b.md,,analysis,y\n",
        encoding="utf-8",
    )
    result = cli("extract", "--manifest", str(manifest), "--published", "2025-06-03")
    assert result.exit_code == 0
    docs = [r["document"] for r in jsonl(result.stdout)]
    assert [(d["path"], d["publisher"], d["kind"], d["published"]) for d in docs] == [
        ("a.txt", "Coastline Courier", "news", "2025-06-03"),
        ("sub/b.md", None, "analysis", "2025-06-03"),
    ]
    assert "Warning:" in result.stderr
    assert "unknown column(s) notes" in result.stderr


def test_cli_extract_bad_manifest_row_fails_only_its_document(cli, corpus):
    manifest = corpus / "manifest.csv"
    manifest.write_text("path,published\na.txt,2024-03-14\nsub/b.md,March 2024\n")
    result = cli("extract", "--manifest", str(manifest))
    assert result.exit_code == 2
    [record] = jsonl(result.stdout)
    assert record["document"]["published"] == "2024-03-14"
    assert "Skipped Cannot read sub/b.md: its manifest row is unusable" in result.stderr
    assert f"{manifest}, line 3: 'March 2024'" in result.stderr
    _no_traceback(result)


def test_cli_ingest_twice_reports_already_ingested_and_stores_nothing_new(cli, corpus, db_url):
    (corpus / "broken.txt").unlink()
    first = cli("ingest", "--db", db_url, str(corpus))
    assert first.exit_code == 0
    assert "2 added, 0 unchanged (already stored), 0 failed" in first.stderr
    assert _documents(db_url) == 2
    second = cli("ingest", "--db", db_url, str(corpus))
    assert second.exit_code == 0
    assert f"Already ingested: {corpus / 'a.txt'}" in second.stderr
    assert f"Already ingested: {corpus / 'sub' / 'b.md'}" in second.stderr
    assert "0 added, 2 unchanged (already stored), 0 failed" in second.stderr
    assert _documents(db_url) == 2


def test_cli_ingest_same_text_under_another_name_is_already_ingested(cli, corpus, db_url):
    copy = corpus.parent / "copy.txt"
    copy.write_bytes((corpus / "a.txt").read_bytes().replace(b"\n", b"\r\n"))
    assert cli("ingest", "--db", db_url, str(corpus / "a.txt")).exit_code == 0
    result = cli("ingest", "--db", db_url, str(copy))
    assert result.exit_code == 0
    assert f"Already ingested: {copy}" in result.stderr
    assert _documents(db_url) == 1


def test_cli_ingest_stores_the_good_documents_and_exits_2_on_a_bad_one(cli, corpus, db_url):
    result = cli("ingest", "--db", db_url, str(corpus))
    assert result.exit_code == 2
    assert "2 added, 0 unchanged (already stored), 1 failed" in result.stderr
    assert f"Cannot read {corpus / 'broken.txt'}" in result.stderr
    assert _documents(db_url) == 2
    _no_traceback(result)


def test_cli_ingest_respects_max_size(cli, tmp_path, db_url):
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 3000, encoding="utf-8")  # over 1 MB
    small = tmp_path / "small.txt"
    small.write_text(SECOND, encoding="utf-8")
    result = cli("ingest", "--db", db_url, "--max-size", "1", str(big), str(small))
    assert result.exit_code == 2
    assert f"Cannot read {big}: it is larger than the limit of 1 MB" in result.stderr
    assert "--max-size" in result.stderr
    assert _documents(db_url) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "{tmp}/missing.txt"], "Skipped Cannot read {tmp}/missing.txt: no such file"),
        (
            ["extract", "--manifest", "{tmp}/none.csv"],
            "Error: Cannot use the manifest {tmp}/none.csv",
        ),
        (["extract", "--manifest", "{tmp}/nocol.csv"], "it has no path or url column"),
        (["extract", "--published", "3 June", "{tmp}/a.txt"], "Error: Bad --published: '3 June'"),
        (["ingest", "--db", "{tmp}/missing-dir/x.db", "{tmp}/a.txt"], "Error: Cannot open the"),
    ],
    ids=["missing-file", "missing-manifest", "manifest-columns", "bad-published", "bad-db"],
)
def test_cli_errors_print_a_message_and_no_traceback(cli, tmp_path, args, message):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "nocol.csv").write_text("file,title\na.txt,A\n", encoding="utf-8")
    result = cli(*(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2
    assert message.format(tmp=tmp_path) in result.stderr
    assert result.stdout == ""
    _no_traceback(result)


def test_cli_extract_without_paths_or_manifest_is_a_usage_error(cli):
    result = cli("extract")
    assert result.exit_code == 2
    assert "Give at least one PATH" in result.stderr
    _no_traceback(result)


def test_cli_extract_names_a_bad_file_with_brackets_exactly(cli, tmp_path):
    bad = tmp_path / "notes[draft].txt"
    bad.write_bytes(b"")
    result = cli("extract", str(bad))
    assert f"Cannot read {bad}: it is empty" in result.stderr


def test_control_characters_in_a_file_name_never_reach_the_terminal(cli, tmp_path):
    bad = tmp_path / "evil\x1b[2Jname.txt"
    bad.write_text("")  # empty: reported, with its name
    result = cli("extract", str(bad))
    assert result.exit_code == 2
    assert "evil[2Jname.txt" in result.stderr
    assert "\x1b" not in result.stderr
