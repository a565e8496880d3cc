"""Syndicated copies: a near-duplicate is marked as a copy of its original and counts once."""

from __future__ import annotations

import itertools

from sqlalchemy import create_engine, delete, select

from peacetalks.ingest import read_document, read_manifest
from peacetalks.store.copies import COPY_MIN, signature, similarity
from peacetalks.store.tables import documents, fact_sources
from tests.conftest import SHARED_EVAL, jsonl, needs_shared_eval

STORY = (
    "Delegations of Armenia and Azerbaijan met in Washington on Friday for talks hosted by the "
    "United States, their first since the spring.\n\n"
    "Azerbaijan demanded that Armenia change its constitution, which Baku says contains a "
    "claim on Azerbaijani land. Armenia rejected the demand as interference in its internal "
    "affairs, but said it was ready to hold a referendum on a new constitution in 2027.\n\n"
    "The two sides agreed to open a transit route through southern Armenia, to be run by a "
    "company of both countries with American participation, and to meet again next month.\n"
)
WIRE_COPY = (
    "Armenia, Azerbaijan agree on transit route\n\n(Wire) - "
    + STORY.replace("Friday", "Friday,").replace("next month", "in a month")
    + "\nReporting by the desk; editing by a colleague.\n"
)
OTHER = (
    "Envoys of Russia and Ukraine met in Istanbul on Monday. Ukraine demanded that Armenia's "
    "neighbours stay out of the talks, and Russia rejected a ceasefire of thirty days.\n"
)


def _ingest(cli, db_url, folder, **files):
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    paths = [str(folder / name) for name in files]
    result = cli("ingest", *paths, "--backend", "rules", "--published", "2025-08-09",
                 "--db", db_url)  # fmt: skip
    assert result.exit_code == 0, result.stderr


def _copy_of(db_url) -> dict[str, str | None]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(select(documents.c.path, documents.c.copy_of)).all()
    engine.dispose()
    return {path.rsplit("/", 1)[-1]: copy for path, copy in rows}


def test_only_originals_keep_band_hashes_and_a_copy_of_a_copy_finds_the_original(
    cli, tmp_path, db_url
):
    from peacetalks.store.copies import document_bands

    second_copy = WIRE_COPY.replace("(Wire)", "(Agency)").replace("desk", "news desk")
    _ingest(cli, db_url, tmp_path, **{"a.txt": STORY})
    _ingest(cli, db_url, tmp_path, **{"c.txt": WIRE_COPY})
    _ingest(cli, db_url, tmp_path, **{"d.txt": second_copy})
    marked = _copy_of(db_url)
    engine = create_engine(db_url)
    with engine.connect() as connection:
        banded = set(connection.execute(select(document_bands.c.document_id)).scalars())
        ids = dict(connection.execute(select(documents.c.path, documents.c.id)).all())
    engine.dispose()
    original = next(i for path, i in ids.items() if path.endswith("a.txt"))
    assert banded == {original}  # a copy is never a candidate: its bands are not kept
    assert marked["c.txt"] == marked["d.txt"] == original


def test_a_wire_copy_is_marked_and_an_other_story_is_not(cli, tmp_path, db_url):
    _ingest(cli, db_url, tmp_path, **{"a.txt": STORY, "b.txt": OTHER})
    _ingest(cli, db_url, tmp_path, **{"c.txt": WIRE_COPY})
    marked = _copy_of(db_url)
    assert marked["a.txt"] is None
    assert marked["b.txt"] is None
    original = jsonl(cli("export", "--db", db_url).stdout)[0]["document"]["id"]
    assert marked["c.txt"] == original


def test_a_copy_of_a_copy_points_at_the_original(cli, tmp_path, db_url):
    _ingest(cli, db_url, tmp_path, **{"a.txt": STORY})
    _ingest(cli, db_url, tmp_path, **{"c.txt": WIRE_COPY})
    _ingest(cli, db_url, tmp_path, **{"d.txt": WIRE_COPY + "\nUpdated with a new line.\n"})
    marked = _copy_of(db_url)
    assert marked["d.txt"] == marked["c.txt"]
    assert marked["c.txt"] is not None


def test_copies_count_as_one_source_but_stay_listed(cli, tmp_path, db_url):
    from tests.web.harness import app_client

    _ingest(cli, db_url, tmp_path, **{"a.txt": STORY, "c.txt": WIRE_COPY})
    with app_client(db_url) as client:
        rows = client.get("/api/positions").json()["rows"]
        cells = [c for r in rows for c in r["cells"].values() if c["positions"]]
        position = next(p for c in cells for p in c["positions"] if p["holder"] == "armenia")
        assert position["sources"] == 1  # the original and its copy: one independent source
        page = client.get(f"/facts/{position['key']}").text
    assert "2 sources (1 independent)" in page
    assert "copy of" in page


def test_signatures_separate_copies_from_different_stories():
    assert similarity(signature(STORY), signature(WIRE_COPY)) >= COPY_MIN
    assert similarity(signature(STORY), signature(OTHER)) < COPY_MIN


@needs_shared_eval
def test_no_two_real_articles_of_the_eval_sets_are_taken_for_copies():
    docs = [
        read_document(source)
        for name in ("train", "dev-multi", "dev")
        for source in read_manifest(SHARED_EVAL / name / "manifest.csv").sources
    ]
    signed = [signature(doc.text) for doc in docs]
    worst = max(similarity(a, b) for a, b in itertools.combinations(signed, 2))
    assert worst < COPY_MIN / 2, worst


def test_a_facts_originals_stand_for_their_copies_once(cli, tmp_path, db_url):
    from peacetalks.analysis.rounds import rounds
    from peacetalks.store import open_store
    from peacetalks.store.facts import fact_documents, read_fact_sources, read_facts

    second_copy = WIRE_COPY.replace("(Wire)", "(Agency)").replace("desk", "news desk")
    _ingest(cli, db_url, tmp_path, **{"a.txt": STORY})
    _ingest(cli, db_url, tmp_path, **{"c.txt": WIRE_COPY, "d.txt": second_copy})
    marked = _copy_of(db_url)
    original = marked["c.txt"]
    assert original is not None
    assert marked["d.txt"] == original
    store = open_store(db_url)
    try:
        meeting = next(
            f
            for f in read_facts(store.engine, kind="event", sources=False)
            if f.payload.get("type") == "meeting"
        )
        every = fact_documents(store.engine, [meeting.key])[meeting.key]
        assert len(every) == 3  # the story and its two copies
        assert fact_documents(store.engine, [meeting.key], originals=True) == {
            meeting.key: [original]
        }
        assert meeting.key in {r.key for r in rounds(store)}
        read = read_fact_sources(store.engine, [meeting.key], originals=True)
        assert [s.document_id for s in read[meeting.key]] == [original]
        # a fact that only copies report reads one of them
        with store.engine.begin() as connection:
            connection.execute(
                delete(fact_sources).where(
                    fact_sources.c.fact_key == meeting.key,
                    fact_sources.c.document_id == original,
                )
            )
        read = read_fact_sources(store.engine, [meeting.key], originals=True)
        assert len(read[meeting.key]) == 1
        assert read[meeting.key][0].copy_of == original
        assert len(read_fact_sources(store.engine, [meeting.key])[meeting.key]) == 2
    finally:
        store.close()
