"""Reading many facts in batches, for exports: a few queries a batch, one batch of facts and
one fact's sources in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, CursorResult, Engine

from peacetalks.model.facts import Fact, FactSource, Review
from peacetalks.store.facts import fact_source_of, source_query
from peacetalks.store.tables import FACT_COLUMNS, fact_sources, facts, reviews

FACT_BATCH = 500  # facts per read; also values per IN (...), far below any bind-parameter limit


def stream_facts(
    engine: Engine, kind: str, *, process: str | None = None, batch: int = FACT_BATCH
) -> Iterator[Fact]:
    """The stored facts of one kind (of one process), in key order, each with its sources and
    its latest review: as store.facts.read_facts gives them, read `batch` facts at a time
    (three queries a batch) and their sources as a stream, so that memory holds one batch of
    fact rows and the sources of one fact, not every fact and every source at once."""
    query = select(*FACT_COLUMNS).where(facts.c.kind == kind).order_by(facts.c.key).limit(batch)
    if process is not None:
        query = query.where(facts.c.process == process)
    last: str | None = None
    with engine.connect() as connection:
        while True:
            # Keyset paging: the next batch starts after the last key read (no OFFSET rescans).
            page = query if last is None else query.where(facts.c.key > last)
            rows = connection.execute(page).mappings().all()
            if not rows:
                return
            keys = [row["key"] for row in rows]
            latest = _latest_reviews_of(connection, keys)
            behind = _sources_by_fact(connection, keys)
            try:
                for row in rows:
                    yield Fact(
                        key=row["key"],
                        kind=row["kind"],
                        block=row["block"],
                        payload=row["payload"],
                        sources=behind.sources_of(row["key"]),
                        process=row["process"],
                        date=row["date"],
                        end_date=row["end_date"],
                        review=latest.get(row["key"]),
                    )
            finally:
                behind.close()
            last = keys[-1]


def read_fact_keys(engine: Engine, doc_ids: Sequence[str]) -> dict[str, dict[tuple[str, int], str]]:
    """Which fact each item of these documents became, by document then (item kind, seq): one
    query per FACT_BATCH documents (store.documents.fact_keys_of for one document)."""
    found: dict[str, dict[tuple[str, int], str]] = {doc_id: {} for doc_id in doc_ids}
    query = select(
        fact_sources.c.document_id,
        fact_sources.c.item_kind,
        fact_sources.c.item_seq,
        fact_sources.c.fact_key,
    ).order_by(fact_sources.c.id)
    with engine.connect() as connection:
        for start in range(0, len(doc_ids), FACT_BATCH):
            chunk = doc_ids[start : start + FACT_BATCH]
            for doc_id, kind, seq, key in connection.execute(
                query.where(fact_sources.c.document_id.in_(chunk))
            ):
                # items.kind is plural ("positions"); accept the singular too.
                plural = kind if kind.endswith("s") else f"{kind}s"
                found[doc_id].setdefault((plural, int(seq)), key)
    return found


class _SourcesByFact:
    """The sources of a batch of facts from one query ordered by fact key, handed out fact by
    fact as the facts come in the same order: one fact's sources in memory at a time (a fact
    can have thousands: every syndicated copy of a story is a source)."""

    def __init__(self, result: CursorResult[Any]) -> None:
        self._result = result
        self._groups = groupby(result, key=lambda row: str(row.fact_key))
        self._ahead: dict[str, tuple[FactSource, ...]] = {}

    def close(self) -> None:
        """Close the cursor, read to its end or not."""
        self._result.close()

    def sources_of(self, key: str) -> tuple[FactSource, ...]:
        """The sources of the fact `key`; call in key order (any order works, at a cost)."""
        if key in self._ahead:
            return self._ahead.pop(key)
        for fact_key, rows in self._groups:
            found = tuple(fact_source_of(row) for row in rows)
            if fact_key == key:
                return found
            self._ahead[fact_key] = found  # a fact with no sources, or keys ordered otherwise
        return ()


def _sources_by_fact(connection: Connection, keys: Sequence[str]) -> _SourcesByFact:
    query = source_query().where(fact_sources.c.fact_key.in_(keys))
    # Streamed (a server-side cursor on PostgreSQL), not fetched whole: a batch of facts
    # can have hundreds of thousands of sources.
    return _SourcesByFact(connection.execute(query, execution_options={"yield_per": 1000}))


def _latest_reviews_of(connection: Connection, keys: Sequence[str]) -> dict[str, Review]:
    """The latest review (the highest id) of each of these facts that has one."""
    latest: dict[str, dict[str, Any]] = {}
    query = select(reviews).where(reviews.c.fact_key.in_(keys)).order_by(reviews.c.id)
    for row in connection.execute(query).mappings():
        latest[row["fact_key"]] = dict(row)
    return {
        key: Review(
            action=row["action"],
            reviewer=row["reviewer"],
            created_at=_aware(row["created_at"]),
            after=row["after"],
            note=row["note"],
        )
        for key, row in latest.items()
    }


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
