"""Sources: folders, globs, URLs, stdin and manifest CSVs, and how their metadata is applied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from peacetalks.batch import extract_records
from peacetalks.errors import BadManifest, BadValue, UnreadableDocument
from peacetalks.ingest import (
    Source,
    expand_inputs,
    parse_date,
    read_document,
    read_manifest,
    with_manifest,
    with_published,
)
from tests.ingest.conftest import ARTICLE


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{name}\n\n{ARTICLE}", encoding="utf-8")


def _names(sources, root: Path) -> list[str]:
    return [Path(s.name).relative_to(root).as_posix() for s in sources]


def test_sources_folder_is_read_recursively_taking_only_known_suffixes(tmp_path):
    _tree(
        tmp_path,
        [
            "a.txt",
            "b.MD",
            "notes.text",
            "deep/er/c.html",
            "deep/d.htm",
            "deep/e.xhtml",
            "deep/f.pdf",
            "g.markdown",
            "skip/photo.png",
            "skip/report.docx",
            "skip/data.json",
            "skip/no-suffix",
            "skip/archive.txt.gz",
        ],
    )
    sources = list(expand_inputs([str(tmp_path)]))
    assert _names(sources, tmp_path) == [
        "a.txt",
        "b.MD",
        "deep/d.htm",
        "deep/e.xhtml",
        "deep/er/c.html",
        "deep/f.pdf",
        "g.markdown",
        "notes.text",
    ]
    assert all(s.location == Path(s.name) and s.url is None for s in sources)


def test_sources_a_folder_with_nothing_to_read_is_reported(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (found,) = expand_inputs([str(tmp_path)])
    assert found.problem is not None
    assert ".txt" in found.problem
    with pytest.raises(UnreadableDocument, match="a folder holding no file peacetalks reads"):
        read_document(found)


def test_sources_glob_matches_files_only(tmp_path):
    _tree(tmp_path, ["a.txt", "b.txt", "c.md", "sub/d.txt"])
    (tmp_path / "dir.txt").mkdir()
    assert _names(expand_inputs([str(tmp_path / "*.txt")]), tmp_path) == ["a.txt", "b.txt"]


def test_sources_recursive_glob(tmp_path):
    _tree(tmp_path, ["a.txt", "c.md", "sub/d.txt", "sub/deeper/e.txt"])
    found = _names(expand_inputs([str(tmp_path / "**" / "*.txt")]), tmp_path)
    assert found == ["a.txt", "sub/d.txt", "sub/deeper/e.txt"]


def test_sources_glob_matching_nothing_is_reported_as_missing(tmp_path):
    pattern = str(tmp_path / "*.nothing")
    [source] = expand_inputs([pattern])
    with pytest.raises(UnreadableDocument, match="no such file") as caught:
        read_document(source)
    assert pattern in str(caught.value)


def test_sources_paths_urls_and_stdin_keep_their_order(tmp_path):
    _tree(tmp_path, ["a.txt"])
    given = ["-", "https://example.org/talks", str(tmp_path / "a.txt"), "http://x.test/b"]
    sources = list(expand_inputs(given))
    assert [s.name for s in sources] == given
    assert sources[0] == Source(name="-")
    assert sources[1].url == "https://example.org/talks"
    assert sources[1].location is None
    assert sources[2].location == tmp_path / "a.txt"


MANIFEST = """\
path,url,published,publisher,title,kind
a.txt,https://news.example/a,2024-03-14,Coastline Courier,Harbour deal,news
sub/b.txt,,,,,analysis
"""


def _manifest(tmp_path, text=MANIFEST, name="manifest.csv", files=("a.txt", "sub/b.txt")):
    _tree(tmp_path, list(files))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_manifest_paths_are_relative_to_the_manifest_folder(tmp_path, monkeypatch):
    path = _manifest(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    manifest = read_manifest(Path("corpus/manifest.csv"))
    assert [s.location for s in manifest.sources] == [
        Path("corpus/a.txt"),
        Path("corpus/sub/b.txt"),
    ]
    assert [s.name for s in manifest.sources] == ["a.txt", "sub/b.txt"]
    assert manifest.warnings == []
    monkeypatch.chdir(path.parent / "sub")  # reading does not depend on where we run
    docs = [read_document(s) for s in read_manifest(path).sources]
    assert [d.text.split("\n", 1)[0] for d in docs] == ["a.txt", "sub/b.txt"]


def test_manifest_metadata_is_applied_to_the_document(tmp_path):
    manifest = read_manifest(_manifest(tmp_path))
    first, second = (read_document(s) for s in manifest.sources)
    assert first.path == "a.txt"
    assert first.url == "https://news.example/a"
    assert first.published == dt.date(2024, 3, 14)
    assert first.publisher == "Coastline Courier"
    assert first.title == "Harbour deal"
    assert first.kind == "news"
    assert (second.path, second.url, second.published, second.publisher) == (
        "sub/b.txt",
        None,
        None,
        None,
    )
    assert second.title == "sub/b.txt"  # from the text's headline line
    assert second.kind == "analysis"


def test_manifest_accepts_a_bom_padded_headers_and_blank_rows(tmp_path):
    text = "\ufeff path , title \r\n\r\na.txt , Spaced title \r\n,\r\n"
    manifest = read_manifest(_manifest(tmp_path, text, files=("a.txt",)))
    assert [(s.name, s.title) for s in manifest.sources] == [("a.txt", "Spaced title")]
    assert manifest.warnings == []


def test_manifest_unknown_columns_produce_a_warning_naming_them(tmp_path):
    text = "path,title,notes,Author\na.txt,Harbour deal,checked,someone\n"
    path = _manifest(tmp_path, text, files=("a.txt",))
    manifest = read_manifest(path)
    [warning] = manifest.warnings
    assert str(path) in warning
    assert "notes, Author" in warning
    assert "path, url, published, publisher, title, kind" in warning
    assert read_document(manifest.sources[0]).title == "Harbour deal"


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2024-02-30,news", "Bad published date in {manifest}, line 3: '2024-02-30'"),
        ("14/03/2024,news", "Bad published date in {manifest}, line 3: '14/03/2024'"),
        ("2024-03-14,blog", "Bad kind in {manifest}, line 3: 'blog'. Expected one of news"),
    ],
    ids=["impossible-date", "bad-date-form", "bad-kind"],
)
def test_manifest_bad_row_fails_only_its_document_naming_the_line(
    tmp_path, pipeline, cell, message
):
    text = f"path,published,kind\na.txt,2024-03-14,news\nsub/b.txt,{cell}\nc.txt,,\n"
    path = _manifest(tmp_path, text, files=("a.txt", "sub/b.txt", "c.txt"))
    outcomes = list(extract_records(read_manifest(path).sources, pipeline))
    assert [o.status for o in outcomes] == ["extracted", "failed", "extracted"]
    error = outcomes[1].error
    assert error.startswith("Cannot read sub/b.txt: its manifest row is unusable.")
    assert message.format(manifest=path) in error


def test_manifest_line_numbers_count_blank_lines_and_multiline_cells(tmp_path):
    text = 'path,title,kind\n\na.txt,"A title\nover two lines",news\n\nsub/b.txt,B,blog\n'
    manifest = read_manifest(_manifest(tmp_path, text))
    assert manifest.sources[0].problem is None
    assert "line 6: 'blog'" in manifest.sources[1].problem


def test_manifest_without_path_or_url_column_is_refused(tmp_path):
    path = _manifest(tmp_path, "file,title\na.txt,Harbour deal\n")
    with pytest.raises(BadManifest) as caught:
        read_manifest(path)
    assert str(path) in str(caught.value)
    assert "no path or url column" in str(caught.value)
    assert "A manifest is a CSV with a header row: path (or url)" in str(caught.value)


def test_manifest_that_is_missing_or_not_utf8_is_refused(tmp_path):
    with pytest.raises(BadManifest, match="cannot be read"):
        read_manifest(tmp_path / "nowhere.csv")
    path = tmp_path / "latin.csv"
    path.write_bytes("path,title\na.txt,Genève\n".encode("latin-1"))
    with pytest.raises(BadManifest, match="not a UTF-8 CSV"):
        read_manifest(path)


def test_manifest_url_rows_become_url_sources(tmp_path):
    manifest = read_manifest(_manifest(tmp_path, "url,title\nhttps://news.example/x,X\n"))
    [source] = manifest.sources
    assert (source.name, source.url, source.location, source.title) == (
        "https://news.example/x",
        "https://news.example/x",
        None,
        "X",
    )


def test_manifest_and_paths_together_use_the_path_as_given_and_the_row_metadata(
    tmp_path, monkeypatch
):
    manifest_path = _manifest(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    given = ["corpus/sub/../a.txt", str(tmp_path / "corpus" / "sub" / "b.txt"), "corpus/x.txt"]
    _tree(tmp_path / "corpus", ["x.txt"])
    sources = with_manifest(list(expand_inputs(given)), read_manifest(manifest_path))
    docs = [read_document(s) for s in sources]
    assert [d.path for d in docs] == given
    assert (docs[0].title, docs[0].publisher, docs[0].kind) == (
        "Harbour deal",
        "Coastline Courier",
        "news",
    )
    assert docs[0].url == "https://news.example/a"
    assert docs[1].kind == "analysis"
    assert (docs[2].kind, docs[2].publisher) == (None, None)  # not in the manifest


def test_manifest_and_paths_together_keep_a_bad_row_problem(tmp_path):
    text = "path,kind\na.txt,blog\n"
    manifest = read_manifest(_manifest(tmp_path, text, files=("a.txt",)))
    [source] = with_manifest(list(expand_inputs([str(tmp_path / "a.txt")])), manifest)
    with pytest.raises(UnreadableDocument, match="line 2: 'blog'"):
        read_document(source)


def test_published_override_replaces_every_date(tmp_path):
    manifest = read_manifest(_manifest(tmp_path))
    override = parse_date("2025-06-03", "--published")
    docs = [read_document(s) for s in with_published(manifest.sources, override)]
    assert [d.published for d in docs] == [dt.date(2025, 6, 3)] * 2
    assert docs[0].publisher == "Coastline Courier"  # the rest of the row still applies


def test_published_override_none_leaves_sources_alone(tmp_path):
    sources = read_manifest(_manifest(tmp_path)).sources
    assert with_published(sources, None) == sources


def test_published_override_wins_over_the_html_page_date(article_html):
    [source] = with_published([Source(name="page", location=article_html)], dt.date(2020, 1, 2))
    assert read_document(source).published == dt.date(2020, 1, 2)


@pytest.mark.parametrize("value", ["03/06/2025", "2025-6-3x", "yesterday", ""])
def test_parse_date_refuses_anything_but_iso_dates(value):
    with pytest.raises(BadValue) as caught:
        parse_date(value, "--published")
    assert str(caught.value).startswith(f"Bad --published: {value!r}.")
    assert "YYYY-MM-DD" in str(caught.value)


def test_parse_date_tolerates_surrounding_spaces():
    assert parse_date(" 2025-06-03 ", "--published") == dt.date(2025, 6, 3)
