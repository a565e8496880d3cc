"""Reviews: people confirm, correct or reject facts; the `reviews` table is the audit log.

Reconciliation never writes here, and reviews name facts by their deterministic key, so a
review outlives re-extraction and re-reconciliation (store/facts.py applies the latest one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.engine import Engine

from peacetalks.errors import UnknownFact
from peacetalks.model.facts import Fact, Review, ReviewAction
from peacetalks.store.facts import fact_source_of, source_query
from peacetalks.store.tables import FACT_COLUMNS, fact_sources, facts, new_actors, reviews


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One line of the audit log: who did what to which fact, when, and the values around it."""

    id: int
    fact_key: str
    kind: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reviewer: str
    created_at: dt.datetime
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "id": self.id,
            "fact_key": self.fact_key,
            "kind": self.kind,
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "reviewer": self.reviewer,
            "created_at": self.created_at.isoformat(),
            "note": self.note,
        }


SOURCES_PAGE = 50  # sources a fact's page lists at a time (a much-copied story has thousands)


def read_fact(engine: Engine, key: str, *, evidence: tuple[int, int | None] = (0, None)) -> Fact:
    """One stored fact with its sources and latest review (not applied); UnknownFact if none.

    `evidence`: (offset, limit) of the sources, in their order, whose sentences and values
    are read; the others come without sentences and with only their item's confidence as
    value (a much-copied story has thousands of sources: its page shows some, its counts and
    confidence need every source, but only that of each)."""
    offset, limit = evidence
    with engine.connect() as connection:
        row = connection.execute(select(*FACT_COLUMNS).where(facts.c.key == key)).mappings().first()
        if row is None:
            raise UnknownFact(key)
        query = source_query().where(fact_sources.c.fact_key == key)
        light = [c for c in query.selected_columns if c.name not in ("evidence", "value")]
        score = fact_sources.c.value["confidence"].as_float().label("score")
        rows: list[Row[Any]] = list(
            connection.execute(query.with_only_columns(*light, fact_sources.c.id, score))
        )
        window = rows[offset:] if limit is None else rows[offset : offset + limit]
        details: dict[int, tuple[list[dict[str, Any]], dict[str, Any] | None]] = {}
        query = select(fact_sources.c.id, fact_sources.c.evidence, fact_sources.c.value)
        for start in range(0, len(window), 500):  # far below any bind-parameter limit
            ids = [r.id for r in window[start : start + 500]]
            for found in connection.execute(query.where(fact_sources.c.id.in_(ids))):
                details[int(found.id)] = (found.evidence, found.value)
        latest = connection.execute(
            select(reviews).where(reviews.c.fact_key == key).order_by(reviews.c.id.desc()).limit(1)
        ).mappings()
        review = next(iter(latest), None)
    return Fact(
        key=row["key"],
        kind=row["kind"],
        block=row["block"],
        payload=row["payload"],
        process=row["process"],
        date=row["date"],
        end_date=row["end_date"],
        sources=tuple(fact_source_of(s, details.get(s.id) or _scored(s.score)) for s in rows),
        review=None
        if review is None
        else Review(
            action=review["action"],
            reviewer=review["reviewer"],
            created_at=_aware(review["created_at"]),
            after=review["after"],
            note=review["note"],
        ),
    )


def add_review(
    engine: Engine,
    fact: Fact,
    action: ReviewAction,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reviewer: str,
    note: str | None = None,
    created: tuple[str, ...] = (),
) -> ReviewEntry:
    """Append a review of `fact` to the audit log and return it; `created` are the new actor
    ids the correction names, stored (flagged) in the same transaction."""
    entry = ReviewEntry(
        id=0,
        fact_key=fact.key,
        kind=fact.kind,
        action=action,
        before=before,
        after=after,
        reviewer=reviewer,
        created_at=dt.datetime.now(dt.UTC),
        note=note or None,
    )
    row = {name: getattr(entry, name) for name in entry.__slots__ if name != "id"}
    with engine.begin() as connection:
        new_id = connection.execute(reviews.insert().values(**row)).inserted_primary_key
        known = set(connection.execute(select(new_actors.c.id)).scalars())
        for actor in dict.fromkeys(created):
            if actor not in known:
                connection.execute(
                    new_actors.insert().values(
                        id=actor,
                        created_by=reviewer,
                        created_at=entry.created_at,
                        fact_key=fact.key,
                    )
                )
    assert new_id is not None  # an insert into a table with a primary key
    return dataclasses.replace(entry, id=int(new_id[0]))


@dataclass(frozen=True, slots=True)
class NewActor:
    """An actor a reviewer created: flagged until someone adds it to the registry."""

    id: str
    created_by: str
    created_at: dt.datetime
    fact_key: str


def list_new_actors(engine: Engine) -> list[NewActor]:
    """The actors reviewers created, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(select(new_actors).order_by(new_actors.c.created_at)).all()
    return [NewActor(r.id, r.created_by, r.created_at, r.fact_key) for r in rows]


def list_reviews(
    engine: Engine, *, fact_key: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[ReviewEntry], int]:
    """The audit log, newest first (of one fact when `fact_key` is given), and its length."""
    query = select(reviews)
    count = select(func.count()).select_from(reviews)
    if fact_key is not None:
        query = query.where(reviews.c.fact_key == fact_key)
        count = count.where(reviews.c.fact_key == fact_key)
    with engine.connect() as connection:
        total = int(connection.execute(count).scalar_one())
        rows = connection.execute(
            query.order_by(reviews.c.id.desc()).limit(limit).offset(offset)
        ).mappings()
        entries = [
            ReviewEntry(
                id=row["id"],
                fact_key=row["fact_key"],
                kind=row["kind"],
                action=row["action"],
                before=row["before"],
                after=row["after"],
                reviewer=row["reviewer"],
                created_at=_aware(row["created_at"]),
                note=row["note"],
            )
            for row in rows
        ]
    return entries, total


def _scored(score: float | None) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """(no evidence, a value holding only the item's confidence) for a source read light."""
    return [], None if score is None else {"confidence": score}


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
