"""Every kind of unreadable input: refused with a message naming it and a fix; the batch goes on."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from peacetalks.batch import ReadOptions, extract_records, ingest_sources
from peacetalks.errors import UnreadableDocument
from peacetalks.ingest import MAX_BYTES, Source, read_document
from peacetalks.store import open_store
from tests.ingest.conftest import ARTICLE

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
FRENCH = (
    "Les délégations des deux pays se sont réunies jeudi au centre de conférences du port. "
    "Après trois jours de discussions, elles ont convenu d'échanger deux cents pêcheurs "
    "détenus avant la fin du mois. Le médiateur a déclaré que l'échange serait supervisé par "
    "une équipe neutre, et que les deux parties avaient accepté un calendrier pour la "
    "restitution des bateaux saisis depuis l'automne.\n"
)
RUSSIAN = (
    "Делегации двух стран встретились в четверг в конференц-центре порта. После трёх дней "
    "переговоров они договорились обменять двести задержанных рыбаков до конца месяца. "
    "Посредник заявил, что обмен будет проходить под наблюдением нейтральной группы и что "
    "стороны согласились на график возвращения судов, задержанных осенью.\n"
)
SIZE_LIMIT = 2_000  # bytes; the good documents are well under it


@dataclass(frozen=True)
class Bad:
    """One unreadable input: the file to write (None: write nothing), and what the message says."""

    name: str
    content: bytes | None
    reason: str
    fix: str
    max_bytes: int = MAX_BYTES


BAD = {
    "empty": Bad("empty.txt", b"", "it is empty", "Check that it holds the article"),
    "whitespace": Bad("blank.txt", b"  \n\t\r\n \n", "it is empty", "Check that it holds"),
    "png": Bad("chart.txt", PNG, "binary file", "convert other formats"),
    "png-suffix": Bad("photo.png", PNG, "binary file", "Ingest text, Markdown, HTML or PDF"),
    "nul": Bad("nul.txt", b"Talks resumed\x00\x00\x00 on Monday", "NUL bytes", "convert other"),
    "control": Bad(
        "ctl.txt", b"ab\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 3, "binary", "convert"
    ),
    "latin-1": Bad(
        "latin1.txt",
        "Talks in Genève resumed at the Café du Lac.".encode("latin-1"),
        "not valid UTF-8 (byte 12 cannot be decoded)",
        "iconv -f WINDOWS-1252 -t UTF-8",
    ),
    "too-large": Bad(
        "huge.txt",
        ARTICLE.encode() * 20,
        f"larger than the limit of {SIZE_LIMIT} bytes",
        "--max-size",
        SIZE_LIMIT,
    ),
    "missing": Bad("missing.txt", None, "no such file", "Check the path"),
    "folder": Bad("folder.txt", None, "it is a folder", "Pass the folder itself"),
    "french": Bad("fr.txt", FRENCH.encode(), "does not look like English", "translate"),
    "russian": Bad("ru.md", RUSSIAN.encode(), "does not look like English", "translate"),
}
GOOD_TEXTS = (
    ARTICLE,
    "Envoys agree to meet again\n\nThe envoys of the two states said on Friday that they "
    "would meet again in May to discuss the release of the remaining boats.",
)


def _bad_source(tmp_path, case: Bad) -> Source:
    path = tmp_path / case.name
    if case.content is not None:
        path.write_bytes(case.content)
    elif case.name == "folder.txt":
        path.mkdir()
    return Source(name=str(path), location=path)


def _good_sources(tmp_path) -> list[Source]:
    sources = []
    for n, text in enumerate(GOOD_TEXTS):
        path = tmp_path / f"good-{n}.txt"
        path.write_text(text, encoding="utf-8")
        sources.append(Source(name=str(path), location=path))
    return sources


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_read_document_refuses_bad_input_naming_the_file_and_a_fix(tmp_path, case):
    source = _bad_source(tmp_path, case)
    with pytest.raises(UnreadableDocument) as caught:
        read_document(source, max_bytes=case.max_bytes)
    err = caught.value
    assert err.path == source.name
    assert str(err).startswith(f"Cannot read {source.name}: ")
    assert case.reason in err.reason
    assert case.fix in err.fix
    assert err.fix in str(err)


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_extract_records_carries_on_past_bad_input(tmp_path, pipeline, case):
    first, last = _good_sources(tmp_path)
    bad = _bad_source(tmp_path, case)
    options = ReadOptions(max_bytes=case.max_bytes)
    outcomes = list(extract_records([first, bad, last], pipeline, options))
    assert [o.status for o in outcomes] == ["extracted", "failed", "extracted"]
    assert outcomes[1].source is bad
    assert outcomes[1].record is None
    assert outcomes[1].error is not None
    assert outcomes[1].error.startswith(f"Cannot read {bad.name}: ")
    assert case.reason in outcomes[1].error
    assert [o.record.document.text for o in (outcomes[0], outcomes[2])] == [
        t.rstrip() for t in GOOD_TEXTS
    ]


def test_ingest_sources_stores_every_good_document_and_tallies_each_failure(
    tmp_path, pipeline, db_url
):
    bad = [_bad_source(tmp_path, c) for c in BAD.values() if c.max_bytes == MAX_BYTES]
    good = _good_sources(tmp_path)
    sources = [good[0], *bad, good[1]]
    seen = []
    store = open_store(db_url)
    try:
        summary = ingest_sources(sources, pipeline, store, on_outcome=seen.append)
        assert store.counts().documents == len(good)
        stored = {r.document.path for r in store.records()}
    finally:
        store.close()
    assert (summary.added, summary.unchanged, summary.extracted) == (len(good), 0, 0)
    assert [f.source for f in summary.failures] == bad
    for failure in summary.failures:
        assert failure.error.startswith(f"Cannot read {failure.source.name}: ")
    assert stored == {s.name for s in good}
    assert [o.status for o in seen] == ["added"] + ["failed"] * len(bad) + ["added"]


def test_ingest_sources_with_a_small_limit_skips_only_the_large_file(tmp_path, pipeline, db_url):
    case = BAD["too-large"]
    good = _good_sources(tmp_path)
    store = open_store(db_url)
    try:
        summary = ingest_sources(
            [good[0], _bad_source(tmp_path, case), good[1]],
            pipeline,
            store,
            options=ReadOptions(max_bytes=case.max_bytes),
        )
        assert store.counts().documents == 2
    finally:
        store.close()
    assert summary.added == 2
    assert len(summary.failures) == 1
    assert "huge.txt: it is larger than the limit of 2000 bytes" in summary.failures[0].error


def test_read_document_accepts_a_short_note_it_cannot_judge_the_language_of(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Pourparlers reportés à mardi.\n", encoding="utf-8")
    assert read_document(Source(name=str(path), location=path)).text == (
        "Pourparlers reportés à mardi."
    )


def test_read_document_accepts_english_quoting_a_foreign_phrase(tmp_path):
    path = tmp_path / "quote.txt"
    path.write_text(ARTICLE + "\nThe mediator called it « un premier pas vers la paix ».\n")
    assert "« un premier pas" in read_document(Source(name=str(path), location=path)).text


def test_stdin_bytes_are_read_as_a_document():
    doc = read_document(Source(name="-"), stdin=io.BytesIO(ARTICLE.encode("utf-8")))
    assert doc.text == ARTICLE.rstrip()
    assert doc.path == "-"
    assert doc.title == "Harbour talks reach a prisoner deal"


def test_stdin_html_is_recognised_by_content(article_html):
    doc = read_document(Source(name="-"), stdin=io.BytesIO(article_html.read_bytes()))
    assert doc.publisher == "Coastline Courier"
    assert "<p>" not in doc.text


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "it is empty"),
        ("Café".encode("latin-1") + b" talks", "not valid UTF-8"),
        (PNG, "binary file"),
        (ARTICLE.encode() * 20, "larger than the limit"),
    ],
    ids=["empty", "latin-1", "png", "too-large"],
)
def test_stdin_bad_bytes_are_refused_naming_stdin(raw, reason):
    with pytest.raises(UnreadableDocument) as caught:
        read_document(Source(name="-"), stdin=io.BytesIO(raw), max_bytes=SIZE_LIMIT)
    assert caught.value.path == "-"
    assert str(caught.value).startswith("Cannot read -: ")
    assert reason in caught.value.reason


def test_extract_records_reads_stdin_among_files(tmp_path, pipeline):
    first, last = _good_sources(tmp_path)
    stdin = io.BytesIO(b"Stdin brief\n\nThe envoys met for an hour on Sunday.\n")
    options = ReadOptions(stdin=stdin)
    outcomes = list(extract_records([first, Source(name="-"), last], pipeline, options))
    assert [o.status for o in outcomes] == ["extracted"] * 3
    assert (
        outcomes[1].record.document.text == "Stdin brief\n\nThe envoys met for an hour on Sunday."
    )


def test_read_document_reports_a_folder_as_a_folder_whatever_the_limit(tmp_path):
    folder = tmp_path / "reports.txt"
    folder.mkdir()
    for name in range(50):  # a folder whose own size is larger than the limit
        (folder / f"{name:040d}.txt").write_text("x")
    assert folder.stat().st_size > 100
    with pytest.raises(UnreadableDocument, match="it is a folder"):
        read_document(Source(name=str(folder), location=folder), max_bytes=100)
