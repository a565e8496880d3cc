"""Full-text search on both backends: relevance, filters, facets, typed syntax, the index kept
in step with every write, and the migration that fills it for existing databases."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, delete, text, update

from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.errors import BadValue
from peacetalks.ingest import content_id
from peacetalks.model import Document, Position, Record
from peacetalks.model.record import DOCUMENT_KINDS
from peacetalks.store import migrations, open_store
from peacetalks.store.database import _document_row, _item_rows
from peacetalks.store.facts import read_facts
from peacetalks.store.reviews import add_review
from peacetalks.store.search import Snippet, search
from peacetalks.store.search_filters import FILTERS, SearchFilter
from peacetalks.store.search_terms import Term, parse_terms
from peacetalks.store.tables import documents, items

PIPELINE = "test-pipeline"
FILLER = [
    "Delegations discussed the return of children taken across the front line.",
    "The mediators proposed a new round of meetings on the future of the occupied lands.",
    "Sanctions relief was raised by one side and rejected by the other at the meeting.",
    "Observers said the monitoring mission would need more staff before the winter.",
    "Humanitarian corridors opened for a day, then closed again under heavy shelling.",
    "Foreign ministers spoke by phone about security guarantees and a possible summit.",
]


def record(
    body: str,
    *,
    title: str,
    publisher: str = "Example Wire",
    published: dt.date | None = dt.date(2025, 5, 16),
    kind: str = "news",
    positions: tuple[tuple[str, str, str, str], ...] = (),
) -> Record:
    """A document with positions (holder, issue, stance, quote); its text is the body."""
    text_ = body
    doc = Document(
        id=content_id(text_),
        text=text_,
        title=title,
        publisher=publisher,
        published=published,
        kind=kind,  # type: ignore[arg-type]
    )
    found = []
    for holder, issue, stance, quote in positions:
        start = text_.index(quote)
        found.append(
            Position(
                holder=holder,
                issue=issue,  # type: ignore[arg-type]
                stance=stance,  # type: ignore[arg-type]
                summary=quote,
                evidence=(doc.span(start, start + len(quote)),),
            )
        )
    return Record(document=doc, positions=tuple(found))


def fillers() -> list[Record]:
    return [record(body, title=f"Report {n}") for n, body in enumerate(FILLER)]


def titles(found) -> list[str]:
    return [hit.line.title for hit in found.documents.entries]


@pytest.fixture
def store(store_url):
    opened = open_store(store_url)
    yield opened
    opened.close()


def test_search_ranks_many_title_mentions_above_one_body_mention(store):
    store.add_records(
        [
            *fillers(),
            record(
                "Officials met again and said little about what comes next.",
                title="Ceasefire now: ceasefire talks seek a lasting ceasefire",
            ),
            record(
                "A long day of meetings ended with a vague promise of a ceasefire at some point.",
                title="Talks end without a date",
                published=dt.date(2025, 6, 1),  # newer: relevance comes before date
            ),
        ],
        pipeline=PIPELINE,
    )
    found = search(store.engine, "ceasefire")
    assert titles(found) == [
        "Ceasefire now: ceasefire talks seek a lasting ceasefire",
        "Talks end without a date",
    ]
    scores = [hit.score for hit in found.documents.entries]
    assert scores[0] > scores[1] > 0


def test_search_orders_equal_relevance_newest_first(store):
    store.add_records(
        [
            *fillers(),
            record("Ceasefire talks in Geneva.", title="Geneva", published=dt.date(2025, 1, 2)),
            record("Ceasefire talks in Vienna.", title="Vienna", published=dt.date(2025, 3, 4)),
        ],
        pipeline=PIPELINE,
    )
    assert titles(search(store.engine, "ceasefire talks")) == ["Vienna", "Geneva"]


def test_search_phrases_or_and_a_trailing_prefix(store):
    store.add_records(
        [
            *fillers(),
            record("The prisoner exchange went ahead on Sunday.", title="Swap"),
            record("Each prisoner was freed before the exchange of letters.", title="Letters"),
            record("Negotiations resumed in Doha.", title="Doha"),
        ],
        pipeline=PIPELINE,
    )
    assert titles(search(store.engine, '"prisoner exchange"')) == ["Swap"]
    assert set(titles(search(store.engine, "prisoner exchange"))) == {"Swap", "Letters"}
    assert set(titles(search(store.engine, "Doha OR letters"))) == {"Doha", "Letters"}
    assert titles(search(store.engine, "negot*")) == ["Doha"]
    assert titles(search(store.engine, "negotiating")) == ["Doha"]  # stemmed on both backends


HOSTILE = [
    '"unbalanced',
    "AND OR NOT",
    "*",
    "NEAR(",
    "-",
    "ceasefire NEAR(talks",
    '"',
    '""',
    "title:ceasefire",
    "{title text} : ceasefire",
    "^ceasefire",
    "ceasefire -talks",
    "(ceasefire",
    "ceasefire)",
    "ceasefire OR",
    "OR",
    "NOT ceasefire",
    "ceasefire**",
    '"a" * "b"',
    "'; DROP TABLE documents; --",
    "%_\\",
    "security_guarantees",
    "ceasefire:*",
    "!&|<->",
    "\u00e9\u0301 \u2603 \U0001f54a",
    "x " * 200,
    "0\x00",
    "ceasefire\x00talks\x02\x03",
]


def test_search_typed_syntax_never_errors(store):
    store.add_records(
        [*fillers(), record("Ceasefire talks resumed.", title="Ceasefire")], pipeline=PIPELINE
    )
    for typed in HOSTILE:
        found = search(store.engine, typed, with_facets=True)
        assert found.documents.total >= 0, typed
        assert found.items.total >= 0, typed
    assert titles(search(store.engine, "NEAR( ceasefire")) == []  # near is a word like others
    assert titles(search(store.engine, "(ceasefire")) == ["Ceasefire"]
    assert store.counts().documents == len(FILLER) + 1


@pytest.mark.parametrize("typed", ["", "   ", "*", "-", "()", '""', "OR", "!!! ???"])
def test_search_without_a_word_finds_nothing_and_says_why(store, typed):
    found = search(store.engine, typed)
    assert found.documents.total == found.items.total == 0
    assert found.message
    assert "word" in found.message


def test_search_terms_parse_words_phrases_or_and_prefix():
    assert parse_terms('ceasefire "prisoner exchange" Doha OR Vienna negot*').groups == (
        (Term("ceasefire"),),
        (Term("prisoner exchange"),),
        (Term("Doha"), Term("Vienna")),
        (Term("negot", prefix=True),),
    )
    assert parse_terms("negot* talks").groups == ((Term("negot"),), (Term("talks"),))
    assert parse_terms('"unclosed phrase').groups == ((Term("unclosed phrase"),),)
    assert parse_terms("OR a OR").groups == ((Term("a"),),)
    assert parse_terms("AND NOT").fts5(("title",)) == '{title} : (("AND") AND ("NOT"))'
    assert len([t for g in parse_terms("w " * 100).groups for t in g]) == 32


def test_search_finds_added_redated_and_forgets_removed_documents(store):
    first = record("Grain corridor talks in Istanbul.", title="Grain corridor")
    store.add_records([*fillers(), first], pipeline=PIPELINE)
    later = record(
        "Talks on the Zaporizhzhia plant.",
        title="Nuclear plant",
        positions=(("ukraine", "nuclear", "demand", "Talks on the Zaporizhzhia plant"),),
    )
    store.add_record(later, pipeline=PIPELINE)  # after the first ingest
    assert titles(search(store.engine, "zaporizhzhia")) == ["Nuclear plant"]
    assert search(store.engine, "zaporizhzhia").items.total == 1

    retitled = Record(
        document=Document(**{**_fields(later.document), "title": "Plant talks"}),
        positions=later.positions,
    )
    store.redate_records([retitled], pipeline=PIPELINE)
    assert titles(search(store.engine, "plant")) == ["Plant talks"]
    assert titles(search(store.engine, "nuclear")) == []  # the old title is gone
    assert search(store.engine, "zaporizhzhia").items.total == 1  # items re-written once

    with store.engine.begin() as connection:
        connection.execute(delete(documents).where(documents.c.id == later.document.id))
    assert search(store.engine, "zaporizhzhia").documents.total == 0
    assert search(store.engine, "zaporizhzhia").items.total == 0  # cascaded to the items
    assert titles(search(store.engine, "grain")) == ["Grain corridor"]


def test_search_ignores_a_copy_mark_and_follows_publisher_changes(store):
    doc = record("Talks in Jeddah.", title="Jeddah talks", publisher="Old Outlet")
    store.add_records([*fillers(), doc], pipeline=PIPELINE)
    with store.engine.begin() as connection:
        connection.execute(
            update(documents)
            .where(documents.c.id == doc.document.id)
            .values(publisher="New Outlet", copy_of=None)
        )
    assert titles(search(store.engine, "jeddah", SearchFilter(outlet="New Outlet"))) == [
        "Jeddah talks"
    ]
    assert search(store.engine, "old outlet").documents.total == 0
    assert search(store.engine, '"new outlet"').documents.total == 1


def _fields(doc: Document) -> dict:
    return {name: getattr(doc, name) for name in doc.__slots__}


def _filtered_corpus() -> list[Record]:
    return [
        *fillers(),
        record(
            "Russia demanded recognition of the annexed regions at the talks.",
            title="Talks stall on territory",
            publisher="Wire A",
            published=dt.date(2025, 5, 1),
            positions=(
                (
                    "russia",
                    "territory",
                    "demand",
                    "Russia demanded recognition of the annexed regions at the talks",
                ),
            ),
        ),
        record(
            "Ukraine rejected any talks on territory and demanded a ceasefire first.",
            title="Kyiv answers",
            publisher="Wire B",
            published=dt.date(2025, 6, 1),
            kind="statement",
            positions=(
                ("ukraine", "territory", "reject", "Ukraine rejected any talks on territory"),
                ("ukraine", "ceasefire", "demand", "demanded a ceasefire first"),
            ),
        ),
        record(
            "Analysts expect the talks on territory to drag on into the autumn.",
            title="What next for the talks",
            publisher="Wire A",
            published=dt.date(2025, 7, 1),
            kind="analysis",
        ),
    ]


def test_search_filters_narrow_documents_and_items(store):
    store.add_records(_filtered_corpus(), pipeline=PIPELINE)
    reconcile_store(store)

    def totals(**rules) -> tuple[int, int]:
        found = search(store.engine, "talks territory", SearchFilter(**rules))
        return found.documents.total, found.items.total

    assert totals() == (3, 2)
    assert totals(outlet="Wire A") == (2, 1)
    assert totals(kind="statement") == (1, 1)
    assert totals(kind="positions") == (2, 2)  # the documents holding a matching kind
    assert totals(kind="position") == (2, 2)
    assert totals(since=dt.date(2025, 5, 15)) == (2, 1)
    assert totals(until=dt.date(2025, 6, 1)) == (2, 2)
    assert totals(party="ukraine") == (1, 1)
    assert totals(party="russia") == (1, 1)
    assert totals(stance="reject") == (1, 1)
    assert totals(issue="ceasefire") == (1, 0)  # its document matches, that item does not
    assert totals(process="russia") == (1, 1)
    assert totals(review="unreviewed") == (2, 2)
    [fact] = [f for f in read_facts(store.engine, kind="position") if "russia" in f.key]
    add_review(store.engine, fact, "reject", before=None, after=None, reviewer="ana")
    assert totals(review="rejected") == (1, 1)
    assert totals(review="unreviewed") == (1, 1)
    assert totals(review="confirmed") == (0, 0)


def test_search_facet_counts_equal_the_results_under_each_filter(store):
    store.add_records(_filtered_corpus(), pipeline=PIPELINE)
    reconcile_store(store)
    found = search(store.engine, "talks OR territory", with_facets=True)
    assert {"kind", "party", "issue", "stance", "review", "outlet"} <= set(found.facets)
    checked = 0
    for name, values in found.facets.items():
        for value, count in values:
            narrowed = search(store.engine, "talks OR territory", SearchFilter(**{name: value}))
            counts_documents = name in ("process", "outlet") or value in DOCUMENT_KINDS
            total = narrowed.documents.total if counts_documents else narrowed.items.total
            assert count == total, (name, value)
            checked += 1
    assert checked >= 8


def test_search_process_facet_counts_documents_whose_actors_carry_no_process(store):
    """An actor's fact has no process; a document's process is that of its other sources."""
    import dataclasses

    from peacetalks.model import Actor

    talks = record(
        "Russia demanded recognition of the annexed regions at the talks.",
        title="Talks stall on territory",
        positions=(("russia", "territory", "demand", "Russia demanded recognition"),),
    )
    envoy = Actor(id="envoy", name="An Envoy", type="person", party="russia")
    store.add_records([*fillers(), dataclasses.replace(talks, actors=(envoy,))], pipeline=PIPELINE)
    reconcile_store(store)
    found = search(store.engine, "talks", with_facets=True)
    assert found.facets["process"] == [("russia", 1)]
    assert search(store.engine, "talks", SearchFilter(process="russia")).documents.total == 1


def test_search_filter_refuses_values_outside_their_lists():
    with pytest.raises(BadValue, match="Expected one of news, analysis"):
        SearchFilter(kind="rumour")
    with pytest.raises(BadValue, match="unreviewed, confirmed, corrected, rejected"):
        SearchFilter(review="pending")
    assert set(SearchFilter(issue="nuclear", since=dt.date(2025, 1, 1)).params()) == {
        "issue",
        "since",
    }
    assert set(FILTERS) >= {"process", "kind", "party", "issue", "stance", "review", "outlet"}


def test_search_snippet_marks_come_apart_from_the_text():
    snippet = Snippet.from_marked("a \x02<b>\x03 and\n\n \x02c\x03\x03")
    assert snippet.text == "a <b> and c"
    assert snippet.parts() == [("a ", False), ("<b>", True), (" and ", False), ("c", True)]


def test_search_finds_words_inside_angle_brackets(store):
    # PostgreSQL's parser skips anything shaped like an HTML tag; search must not.
    body = "Talks in <b>Lausanne</b> ended; <script>alert('pwned')</script> was quoted."
    doc = record(body, title="Markup", positions=(("iran", "nuclear", "demand", body),))
    store.add_records([*fillers(), doc], pipeline=PIPELINE)
    for word in ("lausanne", "pwned"):
        found = search(store.engine, word)
        assert titles(found) == ["Markup"], word
        assert found.items.total == 1, word
    [hit] = search(store.engine, "pwned").documents.entries
    assert "<script>alert('pwned')</script>" in hit.snippet.text


def test_search_snippets_show_the_match(store):
    store.add_records(
        [*fillers(), record("The plant at Zaporizhzhia was discussed.", title="Plant")],
        pipeline=PIPELINE,
    )
    [hit] = search(store.engine, "zaporizhzhia").documents.entries
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.marks] == ["Zaporizhzhia"]


def test_search_snippets_of_hits_apart_in_the_index_each_show_their_match(store):
    """A page's hits are ranked, not contiguous in the index: the snippets are read for the
    rows between the first and the last, and only the page's rows get one."""
    words = ("negotiators", "negotiations", "negotiated")
    _one_by_one(
        store,
        [
            record(
                f"The {words[n % 3]} met for round {n}.",
                title=f"Negotiations {n}" if n in (1, 6) else f"Round {n}",
                published=dt.date(2025, 1, 1) + dt.timedelta(days=n),
                positions=(("russia", "process", "demand", f"The {words[n % 3]} met"),),
            )
            for n in range(8)
        ],
    )
    found = search(store.engine, "negot*", limit=2)
    assert titles(found) == ["Negotiations 6", "Negotiations 1"]  # the title weighs more
    for hit in found.documents.entries:
        marked = [hit.snippet.text[a:b] for a, b in hit.snippet.marks]
        assert marked
        assert all(m.lower().startswith("negot") for m in marked)
    items = search(store.engine, "negot*", limit=3, offset=2).items.entries
    assert len(items) == 3
    for hit in items:
        marked = [hit.snippet.text[a:b].lower() for a, b in hit.snippet.marks]
        assert marked
        assert all(m.startswith("negot") for m in marked)


def test_search_migration_fills_the_index_for_existing_documents(store_url):
    config = Config()
    config.set_main_option("script_location", str(migrations.HERE))
    engine = create_engine(store_url)
    old = record(
        "The Black Sea grain deal lapsed in July.",
        title="Grain deal lapses",
        positions=(("russia", "economic_relations", "reject", "grain deal lapsed"),),
    )
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
        rows = _item_rows(old)
        with engine.begin() as connection:
            connection.execute(documents.insert(), [_document_row(old.document, PIPELINE, rows)])
            connection.execute(items.insert(), rows)
    finally:
        engine.dispose()

    store = open_store(store_url)  # upgrades to 0008
    try:
        found = search(store.engine, "grain")
        assert titles(found) == ["Grain deal lapses"]
        assert found.items.total == 1
        # Down and up again: the index is dropped, then rebuilt from the stored rows.
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        assert titles(search(store.engine, "lapsed")) == ["Grain deal lapses"]
    finally:
        store.close()


def test_search_indexes_a_document_too_big_for_one_tsvector(store):
    # 150,000 distinct words: over PostgreSQL's 1 MB tsvector limit, so its first 100,000
    # characters are indexed instead; ingest must not fail. SQLite has no such limit.
    words = " ".join(f"w{n}x" for n in range(150_000))
    store.add_record(record(words, title="Tables of numbers"), pipeline=PIPELINE)
    assert titles(search(store.engine, "numbers")) == ["Tables of numbers"]
    assert titles(search(store.engine, "w5x")) == ["Tables of numbers"]


@pytest.mark.postgres
def test_search_uses_the_gin_index_on_postgresql(store):
    if store.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    store.add_records(fillers(), pipeline=PIPELINE)
    with store.engine.begin() as connection:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = connection.execute(
            text(
                "EXPLAIN SELECT id FROM documents "
                "WHERE search_vector @@ websearch_to_tsquery('english', 'talks')"
            )
        ).scalars()
        assert "ix_documents_search" in "\n".join(plan)


def _numbered(n: int, *, outlet: str = "Example Wire") -> Record:
    return record(
        f"Ceasefire report number {n} from the front.",
        title=f"Report {n:02d}",
        publisher=outlet,
        published=dt.date(2025, 1, 1) + dt.timedelta(days=n),
    )


def _one_by_one(store, records: list[Record]) -> None:
    """Written in this order (one batch may be written in any)."""
    for each in records:
        store.add_records([each], pipeline=PIPELINE)


def test_search_ranks_and_counts_the_newest_matches_of_a_window(store):
    _one_by_one(store, [_numbered(n) for n in range(12)])
    found = search(store.engine, "ceasefire", limit=3, window=5, with_facets=True)
    # the five written last, best first (equal relevance: newest first), and more exist
    assert titles(found) == ["Report 11", "Report 10", "Report 09"]
    assert (found.documents.total, found.documents.more, found.window) == (5, True, 5)
    assert dict(found.facets["outlet"]) == {"Example Wire": 5}  # counted in the window
    unbounded = search(store.engine, "ceasefire", limit=3, window=100, with_facets=True)
    assert (unbounded.documents.total, unbounded.documents.more, unbounded.window) == (
        12,
        False,
        None,
    )


def test_search_filters_before_the_window_and_pages_past_it(store):
    older = [_numbered(n, outlet="Old Wire") for n in range(3)]
    _one_by_one(store, [*older, *(_numbered(n) for n in range(3, 12))])
    # the filter is applied first: the oldest matches are found although newer ones abound
    narrowed = search(store.engine, "ceasefire", SearchFilter(outlet="Old Wire"), window=5)
    assert titles(narrowed) == ["Report 02", "Report 01", "Report 00"]
    assert narrowed.documents.more is False
    # a page past the window widens it
    last = search(store.engine, "ceasefire", limit=4, offset=8, window=5)
    assert titles(last) == ["Report 03", "Report 02", "Report 01", "Report 00"]


def test_search_process_facet_and_filter_survive_the_source_process_migration(store):
    """0014 gives each fact source its fact's process: a database reconciled before it finds
    the same processes after the upgrade fills the column."""
    store.add_records(_filtered_corpus(), pipeline=PIPELINE)
    reconcile_store(store)

    def by_process() -> tuple[list[tuple[str, int]], int]:
        found = search(store.engine, "talks territory", with_facets=True)
        kept = search(store.engine, "talks territory", SearchFilter(process="russia"))
        return found.facets.get("process", []), kept.documents.total

    before = by_process()
    assert ("russia", 1) in before[0]
    assert before[1] == 1
    config = Config()
    config.set_main_option("script_location", str(migrations.HERE))
    for target in ("0013", "head"):
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if target == "0013" else command.upgrade)(config, target)
    assert by_process() == before


def test_search_review_facet_counts_each_items_latest_review(store):
    store.add_records(_filtered_corpus(), pipeline=PIPELINE)
    reconcile_store(store)
    facts = read_facts(store.engine, kind="position")
    for fact in facts:
        add_review(store.engine, fact, "reject", before=None, after=None, reviewer="ana")
    for fact in facts[::2]:  # reviewed again: the latest review counts
        add_review(store.engine, fact, "confirm", before=None, after=None, reviewer="bo")
    found = search(store.engine, "talks OR territory", with_facets=True)
    review = dict(found.facets["review"])
    assert "unreviewed" not in review  # every fact has a review
    assert sum(review.values()) == found.items.total
    for value, count in review.items():
        narrowed = search(store.engine, "talks OR territory", SearchFilter(review=value))
        assert narrowed.items.total == count, value


def test_search_reads_the_documents_window_beside_the_items_one_and_finds_the_same(
    store, monkeypatch
):
    """A store on a file or a server reads the documents' window on a second connection in
    another thread; read in turn on one connection, the pages and facets are the same. A
    database in memory (one connection) reads both in turn."""
    import threading

    from peacetalks.store import search as searching

    threads: list[str] = []
    window = searching._window

    def spied(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return window(*args, **kwargs)

    def shown(found):
        return (
            found.documents.total,
            found.items.total,
            [(hit.line.id, hit.score) for hit in found.documents.entries],
            [(hit.document.id, hit.item.seq, hit.score) for hit in found.items.entries],
            found.facets,
        )

    monkeypatch.setattr(searching, "_window", spied)
    corpus = _filtered_corpus()
    store.add_records(corpus, pipeline=PIPELINE)
    found = shown(search(store.engine, "talks OR territory", with_facets=True))
    assert found[0] > 0
    assert found[1] > 0
    assert len(threads) == 2
    assert sum(name.startswith("search-window") for name in threads) == 1
    here = threading.current_thread().name
    with monkeypatch.context() as patched:
        patched.setattr(searching, "_shares_data", lambda engine: False)
        threads.clear()
        assert shown(search(store.engine, "talks OR territory", with_facets=True)) == found
        assert threads == [here, here]
    in_memory = open_store("sqlite://")
    try:
        in_memory.add_records(corpus, pipeline=PIPELINE)
        threads.clear()
        alone = shown(search(in_memory.engine, "talks OR territory", with_facets=True))
    finally:
        in_memory.close()
    assert threads == [here, here]
    assert alone[0] > 0
    assert alone[1] > 0


def test_search_holds_one_connection_at_a_time(store, tmp_path):
    """Each thread of a search gives its connection back before it waits for anything, so a
    pool of one connection serves it (holding one while waiting for a second would wait for
    the pool's timeout, or for ever when every connection is held so)."""
    store.add_records(_filtered_corpus(), pipeline=PIPELINE)
    engine = create_engine(store.engine.url, pool_size=1, max_overflow=0, pool_timeout=3)
    try:
        found = search(engine, "talks OR territory", with_facets=True)
    finally:
        engine.dispose()
    assert found.documents.total > 0
    assert found.items.total > 0


def test_search_leaves_out_a_hit_removed_after_its_window_was_read(store, monkeypatch):
    """The windows and the page are read on different connections: a document removed in
    between is left out of the page, not an error."""
    from peacetalks.store import search as searching

    store.add_records(_filtered_corpus(), pipeline=PIPELINE)
    windows = searching._windows
    removed: list[str] = []

    def then_remove(*args, **kwargs):
        read = windows(*args, **kwargs)
        removed.append(read[0].ranked[0][0])
        with store.engine.begin() as connection:
            connection.execute(delete(items).where(items.c.document_id == removed[0]))
            connection.execute(delete(documents).where(documents.c.id == removed[0]))
        return read

    monkeypatch.setattr(searching, "_windows", then_remove)
    found = search(store.engine, "talks OR territory")
    shown = [hit.line.id for hit in found.documents.entries]
    assert removed
    assert removed[0] not in shown
    assert shown
    assert all(hit.document.id != removed[0] for hit in found.items.entries)
