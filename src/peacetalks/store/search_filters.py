"""Search filters: which matches to keep, as SQL shared by both backends, and the count of
each filter's values among the matches (the facets a page offers as links)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    and_,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from peacetalks.errors import BadValue
from peacetalks.model.record import DOCUMENT_KINDS, ISSUES, STANCES
from peacetalks.store.tables import documents, fact_sources, items, reviews

SearchKind = Literal[
    "news", "analysis", "memorandum", "statement", "agreement", "other",
    "events", "positions", "agreements", "figures",
]  # fmt: skip
ReviewState = Literal["unreviewed", "confirmed", "corrected", "rejected"]
SEARCHED_ITEM_KINDS = ("events", "positions", "agreements", "figures")  # actors are names only
KINDS: tuple[str, ...] = get_args(SearchKind)
REVIEWS: tuple[str, ...] = get_args(ReviewState)
assert (*DOCUMENT_KINDS, *SEARCHED_ITEM_KINDS) == KINDS  # one list of kinds, kept in step
_ACTIONS = {"confirmed": "confirm", "corrected": "correct", "rejected": "reject"}
_PARTY_MEMBERS = ("parties", "participants")  # with the holder: the sides an item names


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """Which matches to keep; None means any. Raises BadValue for a value outside its list.

    `kind` is a document kind (news, analysis, ...) or an item kind (events, positions,
    agreements, figures; the singular is taken too). Item filters (an item kind, party, issue,
    stance, review state) keep the items that pass them and the documents holding one such
    item; document filters (a document kind, outlet, dates, process) keep the documents that
    pass them and their items. `party` is a position's holder, an agreement's party or an
    event's participant; `review` is the state of the fact an item became.
    """

    process: str | None = None
    kind: str | None = None
    party: str | None = None
    issue: str | None = None
    stance: str | None = None
    review: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    outlet: str | None = None

    def __post_init__(self) -> None:
        if self.kind and self.kind not in KINDS and f"{self.kind}s" in SEARCHED_ITEM_KINDS:
            object.__setattr__(self, "kind", f"{self.kind}s")
        for name, allowed in (
            ("kind", KINDS), ("issue", ISSUES), ("stance", STANCES), ("review", REVIEWS),
        ):  # fmt: skip
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise BadValue(f"search filter {name}", value, "one of " + ", ".join(allowed))

    @property
    def document_kind(self) -> str | None:
        """The kind filter when it names a document kind."""
        return self.kind if self.kind in DOCUMENT_KINDS else None

    @property
    def item_kind(self) -> str | None:
        """The kind filter when it names an item kind."""
        return self.kind if self.kind in SEARCHED_ITEM_KINDS else None

    def params(self) -> dict[str, str]:
        """The filters that are set, as query parameters (dates as YYYY-MM-DD)."""
        found = {name: getattr(self, name) for name in FILTERS}
        return {name: str(value) for name, value in found.items() if value is not None}


FILTERS = ("process", "kind", "party", "issue", "stance", "review", "since", "until", "outlet")


@dataclass(frozen=True, slots=True)
class Matches:
    """The rows a search matched: where they come from (joined to their documents), the
    match condition, the score (higher is better) and the index's order of writing."""

    source: FromClause
    where: ColumnElement[bool]
    score: ColumnElement[Any]
    newest: ColumnElement[Any] | None = None  # highest for the newest row written


def document_conditions(
    rules: SearchFilter, dialect: str, *, for_items: bool
) -> list[ColumnElement[bool]]:
    """The document filters; for documents, also "holds an item passing the item filters"."""
    found: list[ColumnElement[bool]] = []
    if rules.document_kind is not None:
        found.append(documents.c.kind == rules.document_kind)
    if rules.outlet is not None:
        found.append(documents.c.publisher == rules.outlet)
    if rules.since is not None:
        found.append(documents.c.published >= rules.since)
    if rules.until is not None:
        found.append(documents.c.published <= rules.until)
    # Asked of each document (EXISTS, by index), not as a list of every document passing:
    # a search walks its newest matches and stops at its window; the list cost a scan of
    # every source or item (2 s at 100,000 documents).
    if rules.process is not None:
        in_process = select(literal(1)).where(
            fact_sources.c.document_id == documents.c.id, fact_sources.c.process == rules.process
        )
        found.append(exists(in_process))
    held = _item_conditions(rules, dialect)
    if held and not for_items:
        holding = select(literal(1)).where(items.c.document_id == documents.c.id, *held)
        found.append(exists(holding))
    return found


def item_filters(rules: SearchFilter, dialect: str) -> list[ColumnElement[bool]]:
    """Every filter on items: their own, and their documents'."""
    return [
        *_item_conditions(rules, dialect),
        *document_conditions(rules, dialect, for_items=True),
    ]


def _item_conditions(rules: SearchFilter, dialect: str) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if rules.item_kind is not None:
        found.append(items.c.kind == rules.item_kind)
    if rules.issue is not None:
        found.append(items.c.payload["issue"].as_string() == rules.issue)
    if rules.stance is not None:
        found.append(items.c.payload["stance"].as_string() == rules.stance)
    if rules.party is not None:
        found.append(_names_party(dialect, rules.party))
    if rules.review is not None:
        action = _review_action()
        wanted = _ACTIONS.get(rules.review)
        found.append(action.is_(None) if wanted is None else action == wanted)
    return found


def _names_party(dialect: str, party: str) -> ColumnElement[bool]:
    """The item names `party` as its holder, one of its parties or participants."""
    holder = items.c.payload["holder"].as_string() == party
    return or_(holder, *(_has_member(dialect, member, party) for member in _PARTY_MEMBERS))


def _has_member(dialect: str, member: str, party: str) -> ColumnElement[bool]:
    """`party` is in the item's JSON array `member`."""
    if dialect == "postgresql":
        return cast(items.c.payload, JSONB).contains({member: [party]})
    each = func.json_each(items.c.payload, f"$.{member}").table_valued("value")
    return exists(select(literal(1)).select_from(each).where(each.c.value == party))


def _review_action() -> ColumnElement[str | None]:
    """The latest review action (confirm, correct, reject) of the fact an item became."""
    return (
        select(reviews.c.action)
        .join(fact_sources, fact_sources.c.fact_key == reviews.c.fact_key)
        .where(
            fact_sources.c.document_id == items.c.document_id,
            fact_sources.c.item_kind == items.c.kind,
            fact_sources.c.item_seq == items.c.seq,
        )
        .order_by(reviews.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def review_states(connection: Connection, ids: list[int]) -> dict[int, str]:
    """The review state of each item (by id) that has one other than unreviewed."""
    if not ids:
        return {}
    rows = connection.execute(select(items.c.id, _review_action()).where(items.c.id.in_(ids)))
    return {int(i): _state(action) for i, action in rows}


def _state(action: str | None) -> str:
    return {v: k for k, v in _ACTIONS.items()}.get(action or "", "unreviewed")


def facets(
    connection: Connection, found_documents: Matches, found_items: Matches, rules: SearchFilter
) -> dict[str, list[tuple[str, int]]]:
    """Each filter's values among the matches given, with counts, most first: documents for
    process, outlet and document kinds; items for item kinds, party, issue, stance, review.
    A count is how many results the filter leaves once added. Counted in SQL, grouped, so that
    no matching row travels to Python (and without reviews, none is read twice)."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in _FACETS}
    dialect = connection.dialect.name
    match = found_documents
    where = [match.where, *document_conditions(rules, dialect, for_items=False)]
    # Kind, outlet and process in one pass over the matching documents. A document's sources
    # all carry its own process (or none): the first source with one names it, one index
    # seek per document, where counting distinct documents over all their sources read every
    # one (31 -> 0 ms of a separate pass for 2,000 documents at 100,000).
    process = (
        select(fact_sources.c.process)
        .where(fact_sources.c.document_id == documents.c.id, fact_sources.c.process.is_not(None))
        .limit(1)
        .scalar_subquery()
        .label("process")
    )
    grouped_documents = (
        select(documents.c.kind, documents.c.publisher, process, func.count())
        .select_from(match.source)
        .where(*where)
        .group_by(documents.c.kind, documents.c.publisher, process)
    )
    for kind, publisher, in_process, n in connection.execute(grouped_documents):
        _add(counts["kind"], [(kind, n)])
        _add(counts["outlet"], [(publisher, n)])
        _add(counts["process"], [(in_process, n)])
    match = found_items
    where = [match.where, *item_filters(rules, dialect)]
    issue, stance = items.c.payload["issue"].as_string(), items.c.payload["stance"].as_string()
    grouped = (
        select(items.c.kind, issue, stance, func.count())
        .select_from(match.source)
        .where(*where)
        .group_by(items.c.kind, issue, stance)
    )
    total = 0
    for kind, issue_value, stance_value, n in connection.execute(grouped):
        total += n
        _add(counts["kind"], [(kind, n)])
        _add(counts["issue"], [(issue_value, n)])
        _add(counts["stance"], [(stance_value, n)])
    if total:
        _add(counts["party"], connection.execute(_party_counts(dialect, match, where)))
        counts["review"] = _review_counts(connection, match, where, total)
    return {
        name: sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        for name, found in counts.items()
        if found
    }


_FACETS = ("process", "kind", "party", "issue", "stance", "review", "outlet")


def _party_counts(dialect: str, match: Matches, where: list[ColumnElement[bool]]) -> Select[Any]:
    """(party, items naming it) among the matching items: as holder, party or participant; an
    item naming a party twice counts once (UNION drops the repeat). The matching items are
    found once (a common table expression, which both SQLite and PostgreSQL materialise when
    it is read more than once), not once per member: 51 -> 19 ms for a window of 2,000 items
    at 100,000 documents. No condition on the kind: SQLite would then walk the kind's index
    and test each item against the text index."""
    found = select(items.c.id, items.c.payload).select_from(match.source).where(*where).cte()
    named = [select(found.c.id, found.c.payload["holder"].as_string().label("party"))]
    for member in _PARTY_MEMBERS:
        if dialect == "postgresql":
            each = func.jsonb_array_elements_text(cast(found.c.payload, JSONB)[member])
            value = each.table_valued("value")
        else:
            value = func.json_each(found.c.payload, f"$.{member}").table_valued("value")
        named.append(
            select(found.c.id, value.c.value.label("party")).select_from(found.join(value, true()))
        )
    sides = union(*named).subquery()
    return select(sides.c.party, func.count()).group_by(sides.c.party)


def _review_counts(
    connection: Connection, match: Matches, where: list[ColumnElement[bool]], total: int
) -> Counter[str]:
    """Review states of the matching items: the latest review of the facts each became. One
    grouped query from the matching items through their sources (indexed by document) to the
    reviews of those facts: an item per row looking up its latest review cost 70 ms for a
    window of 2,000 items once a fact with many copies was reviewed. Items no review reaches
    are unreviewed; without any review, every item is."""
    if connection.execute(select(reviews.c.id).limit(1)).first() is None:
        return Counter({"unreviewed": total})
    latest = (
        select(items.c.id.label("item"), func.max(reviews.c.id).label("review"))
        .select_from(
            match.source.join(
                fact_sources,
                and_(
                    fact_sources.c.document_id == items.c.document_id,
                    fact_sources.c.item_kind == items.c.kind,
                    fact_sources.c.item_seq == items.c.seq,
                ),
            ).join(reviews, reviews.c.fact_key == fact_sources.c.fact_key)
        )
        .where(*where)
        .group_by(items.c.id)
        .subquery()
    )
    actions = (
        select(reviews.c.action, func.count())
        .select_from(latest.join(reviews, reviews.c.id == latest.c.review))
        .group_by(reviews.c.action)
    )
    counts: Counter[str] = Counter()
    for action, n in connection.execute(actions):
        counts[_state(action)] += int(n)
    counts["unreviewed"] += total - sum(counts.values())
    return +counts


def _add(counter: Counter[str], rows: Iterable[Any]) -> None:
    for value, n in rows:
        if isinstance(value, str) and value:
            counter[value] += int(n)
