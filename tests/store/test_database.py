"""The SQL store on every backend: round trips, repeat adds, whole transactions, schema checks."""

from __future__ import annotations

import datetime as dt
import os
import string
import uuid
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import StatementError

from peacetalks.errors import SchemaTooNew, StoreUnavailable
from peacetalks.ingest import content_id
from peacetalks.model import (
    ISSUES,
    STANCES,
    Actor,
    Agreement,
    Document,
    Event,
    Figure,
    Position,
    Record,
    Terms,
)
from peacetalks.model.format import record_to_dict
from peacetalks.model.record import (
    ACTOR_TYPES,
    AGREEMENT_STATUSES,
    DOCUMENT_KINDS,
    EVENT_TYPES,
    MEASURES,
    PRECISIONS,
)
from peacetalks.store import Counts, open_store
from peacetalks.store.migrations import known_revisions
from tests.store.conftest import POSTGRES_URL

PIPELINE = "test-pipeline"

TEXT = (
    "Russian and Ukrainian delegations met in Istanbul on 16 May 2025.\n\n"
    "The talks at the Dolmabahce Palace lasted about 90 minutes. Turkey hosted them.\n\n"
    "Both sides agreed to exchange 1,000 prisoners of war each. Ukraine demanded a full "
    "ceasefire of at least 30 days."
)


def _span(doc: Document, needle: str):
    start = doc.text.index(needle)
    return doc.span(start, start + len(needle))


def sample_record(text_: str = TEXT) -> Record:
    """A record with every kind of item, its evidence taken from its own text."""
    doc = Document(
        id=content_id(text_),
        text=text_,
        path="docs/istanbul.txt",
        url="https://example.org/istanbul",
        title="Delegations meet in Istanbul",
        publisher="Example News",
        published=dt.date(2025, 5, 16),
        kind="news",
    )
    return Record(
        document=doc,
        actors=(
            Actor(id="RUS", name="Russia", type="state", party="RUS", mentions=("Russian",)),
            Actor(id="UKR", name="Ukraine", type="state", party="UKR", mentions=("Ukrainian",)),
            Actor(id="TUR", name="Turkey", type="state", roles=("host",), mentions=("Turkey",)),
        ),
        events=(
            Event(
                type="meeting",
                date=dt.date(2025, 5, 16),
                date_precision="day",
                place="Istanbul",
                venue="Dolmabahce Palace",
                round=1,
                participants=("RUS", "UKR"),
                hosts=("TUR",),
                duration_minutes=90.0,
                evidence=(_span(doc, "delegations met in Istanbul on 16 May 2025"),),
            ),
        ),
        positions=(
            Position(
                holder="UKR",
                issue="ceasefire",
                stance="demand",
                summary="A full ceasefire of at least 30 days.",
                targets=("RUS",),
                as_of=dt.date(2025, 5, 16),
                confidence=0.75,
                evidence=(_span(doc, "Ukraine demanded a full ceasefire of at least 30 days."),),
            ),
        ),
        agreements=(
            Agreement(
                parties=("RUS", "UKR"),
                issue="prisoners",
                summary="Exchange of 1,000 prisoners of war each.",
                status="agreed",
                terms=Terms(formula="1000-for-1000", quantity=1000, unit="prisoners"),
                date=dt.date(2025, 5, 16),
                evidence=(_span(doc, "Both sides agreed to exchange 1,000 prisoners"),),
            ),
        ),
        figures=(
            Figure(
                issue="process",
                measure="duration_minutes",
                value=90.0,
                qualifier="about",
                evidence=(_span(doc, "about 90 minutes"),),
            ),
            Figure(
                issue="prisoners",
                measure="count",
                value=1000.0,
                unit="prisoners",
                about="UKR",
                evidence=(_span(doc, "1,000 prisoners"),),
            ),
        ),
    )


def as_stored(record: Record) -> tuple[dict, str]:
    """What must survive a round trip: the peacetalks/1 form and the clean text."""
    return record_to_dict(record), record.document.text


@pytest.fixture
def store(store_url):
    opened = open_store(store_url)
    yield opened
    opened.close()


def test_add_record_stores_document_and_items(store):
    record = sample_record()

    assert store.add_record(record, pipeline=PIPELINE) == "added"

    assert store.has_document(record.document.id)
    stored = list(store.records())
    assert [as_stored(r) for r in stored] == [as_stored(record)]
    assert stored[0] == record


def test_add_record_same_content_again_is_unchanged(store):
    record = sample_record()
    store.add_record(record, pipeline=PIPELINE)
    before = store.counts()

    assert store.add_record(record, pipeline=PIPELINE) == "unchanged"
    assert store.add_record(record, pipeline="another-pipeline") == "unchanged"

    assert store.counts() == before
    assert [as_stored(r) for r in store.records()] == [as_stored(record)]


def test_counts_documents_and_items_per_kind(store):
    assert store.counts() == Counts(0, {})
    store.add_record(sample_record(), pipeline=PIPELINE)
    store.add_record(sample_record(TEXT + "\n\nA second, shorter report."), pipeline=PIPELINE)
    bare = Record(document=Document(id=content_id("Nothing here."), text="Nothing here."))
    store.add_record(bare, pipeline=PIPELINE)

    assert store.counts() == Counts(
        3, {"actors": 6, "events": 2, "positions": 2, "agreements": 2, "figures": 4}
    )


def test_records_keep_a_document_without_items(store):
    bare = Record(document=Document(id=content_id("Nothing here."), text="Nothing here."))

    store.add_record(bare, pipeline=PIPELINE)

    assert [as_stored(r) for r in store.records()] == [as_stored(bare)]


@pytest.mark.parametrize(
    "bad_value",
    [
        # What a faulty stage might hand over: JSON has no form for any of these, so the
        # INSERT of the items fails after the document row went in, in the same transaction.
        pytest.param(Decimal(1000), id="decimal"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(float("inf"), id="infinity"),
    ],
)
def test_add_record_failing_item_insert_leaves_no_row_of_the_document(store, store_url, bad_value):
    good = sample_record()
    store.add_record(good, pipeline=PIPELINE)
    base = sample_record(TEXT + "\n\nLater the same day the sides spoke again.")
    bad = replace(base, figures=(base.figures[0], replace(base.figures[1], value=bad_value)))

    # SQLAlchemy wraps the serialiser's error on SQLite; psycopg raises it as it is.
    with pytest.raises((StatementError, TypeError, ValueError), match="JSON"):
        store.add_record(bad, pipeline=PIPELINE)

    assert not store.has_document(bad.document.id)
    assert _rows(store_url, "SELECT count(*) FROM items WHERE document_id = :id", bad) == 0
    assert _rows(store_url, "SELECT count(*) FROM documents WHERE id = :id", bad) == 0
    assert [as_stored(r) for r in store.records()] == [as_stored(good)]
    # The same document, repaired, goes in whole.
    assert store.add_record(base, pipeline=PIPELINE) == "added"
    assert store.counts().documents == 2


def _rows(url: str, query: str, record: Record) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(query), {"id": record.document.id}).scalar_one()
    finally:
        engine.dispose()


def test_open_store_refuses_unknown_schema_revision(store_url):
    open_store(store_url).close()
    engine = create_engine(store_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    finally:
        engine.dispose()

    with pytest.raises(SchemaTooNew) as raised:
        open_store(store_url)

    message = str(raised.value)
    assert "9999_future" in message
    assert known_revisions()[-1] in message
    assert raised.value.found == "9999_future"


def test_open_store_twice_keeps_data(store_url):
    record = sample_record()
    first = open_store(store_url)
    first.add_record(record, pipeline=PIPELINE)
    first.close()

    again = open_store(store_url)
    try:
        assert again.counts() == Counts(
            1, {"actors": 3, "events": 1, "positions": 1, "agreements": 1, "figures": 2}
        )
        assert [as_stored(r) for r in again.records()] == [as_stored(record)]
    finally:
        again.close()
    assert _revision(store_url) == known_revisions()[-1]


def _revision(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-dir/peacetalks.db",
        "foo://somewhere/db",
        "not a url at all://x",
    ],
)
def test_open_store_unopenable_url_raises_store_unavailable(url):
    with pytest.raises(StoreUnavailable) as raised:
        open_store(url)

    assert raised.value.url == url
    assert "--db" in str(raised.value)


@pytest.mark.postgres
def test_open_store_missing_postgres_database_raises_store_unavailable():
    missing = make_url(os.environ[POSTGRES_URL]).set(database="peacetalks_no_such_database")
    url = missing.render_as_string(hide_password=False)

    with pytest.raises(StoreUnavailable, match="peacetalks_no_such_database"):
        open_store(url)


# --- Property: a store round trip returns the same facts ------------------------------------

_words = st.text(alphabet=string.ascii_letters + " -'", min_size=1, max_size=20)
_ids = st.sampled_from(["RUS", "UKR", "TUR", "USA", "QAT", "ISR", "HAMAS"])
_maybe_words = st.none() | _words
_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
_maybe_dates = st.none() | _dates
# Any text a decoded document may hold (no lone surrogates), except NUL, which PostgreSQL's
# text type refuses.
_any_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=200,
)


@st.composite
def _records(draw) -> Record:
    body = draw(_any_text)
    doc = Document(
        id=content_id(body),
        text=body,
        path=draw(_maybe_words),
        url=draw(_maybe_words),
        title=draw(st.none() | _any_text),
        publisher=draw(_maybe_words),
        published=draw(_maybe_dates),
        kind=draw(st.none() | st.sampled_from(DOCUMENT_KINDS)),
    )

    def spans():
        bounds = st.tuples(st.integers(0, len(body)), st.integers(0, len(body))).map(sorted)
        return st.lists(bounds, max_size=2).map(
            lambda pairs: tuple(doc.span(a, b) for a, b in pairs)
        )

    ids = st.lists(_ids, max_size=3).map(tuple)
    numbers = st.floats(allow_nan=False, allow_infinity=False)
    actors = st.builds(
        Actor,
        id=_ids,
        name=_words,
        type=st.sampled_from(ACTOR_TYPES),
        party=st.none() | _ids,
        roles=st.lists(_words, max_size=2).map(tuple),
        mentions=st.lists(_words, max_size=2).map(tuple),
    )
    events = st.builds(
        Event,
        type=st.sampled_from(EVENT_TYPES),
        date=_maybe_dates,
        end_date=_maybe_dates,
        date_precision=st.none() | st.sampled_from(PRECISIONS),
        place=_maybe_words,
        venue=_maybe_words,
        round=st.none() | st.integers(1, 50),
        participants=ids,
        hosts=ids,
        mediators=ids,
        duration_minutes=st.none() | numbers,
        evidence=spans(),
    )
    positions = st.builds(
        Position,
        holder=_ids,
        issue=st.sampled_from(ISSUES),
        stance=st.sampled_from(STANCES),
        summary=_any_text,
        targets=ids,
        addressee=st.none() | _ids,
        as_of=_maybe_dates,
        confidence=st.none() | st.floats(0, 1),
        evidence=spans(),
    )
    agreements = st.builds(
        Agreement,
        parties=ids,
        issue=st.sampled_from(ISSUES),
        summary=_any_text,
        status=st.sampled_from(AGREEMENT_STATUSES),
        terms=st.builds(
            Terms,
            formula=_maybe_words,
            quantity=st.none() | st.integers(0, 10**9),
            unit=_maybe_words,
            group=_maybe_words,
        ),
        date=_maybe_dates,
        evidence=spans(),
    )
    figures = st.builds(
        Figure,
        issue=st.sampled_from(ISSUES),
        measure=st.sampled_from(MEASURES),
        value=numbers,
        unit=_maybe_words,
        qualifier=_maybe_words,
        about=st.none() | _ids,
        evidence=spans(),
    )
    return Record(
        document=doc,
        actors=tuple(draw(st.lists(actors, max_size=3))),
        events=tuple(draw(st.lists(events, max_size=2))),
        positions=tuple(draw(st.lists(positions, max_size=2))),
        agreements=tuple(draw(st.lists(agreements, max_size=2))),
        figures=tuple(draw(st.lists(figures, max_size=3))),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(record=_records())
def test_store_round_trip_returns_the_same_facts(store, record):
    # One store serves every example, so each example's document gets an id of its own
    # (Hypothesis repeats texts, and a known id would leave the first record standing).
    record = replace(record, document=replace(record.document, id=uuid.uuid4().hex[:16]))

    assert store.add_record(record, pipeline=PIPELINE) == "added"

    stored = {r.document.id: r for r in store.records()}
    assert as_stored(stored[record.document.id]) == as_stored(record)
