"""Actor pages: who an actor is, the roles the sources give them over time, the rounds they
attended, the deals they made, signed, mediated or guaranteed, and what they said.

"What they said": for a state, group or organisation, the positions it holds; for a person,
the positions whose source sentences name them (the speaker of "Medinsky said Russia would
..."), each with those sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from difflib import get_close_matches
from typing import Any

from peacetalks.analysis.deals import deals
from peacetalks.analysis.facts import Evidence, facts_of, iso
from peacetalks.analysis.positions import EVERYTHING, PositionLine, Window, position_lines
from peacetalks.analysis.rounds import rounds
from peacetalks.errors import UnknownParty
from peacetalks.model.facts import Fact
from peacetalks.store import SqlStore
from peacetalks.store.facts import read_fact_sources
from peacetalks.store.reviews import NewActor, list_new_actors

_SAID_LIMIT = 200  # positions listed on one actor's page, best-sourced first


@dataclass(frozen=True, slots=True)
class ActorSummary:
    """One actor as the list of actors shows it."""

    id: str
    name: str
    type: str
    party: str | None
    roles: tuple[str, ...]
    documents: int
    new: str | None = None  # created by this reviewer while correcting a fact; to be checked

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """A role the sources give the actor, and when they gave it (first and last report)."""

    role: str
    first_seen: str | None
    last_seen: str | None
    sources: int


@dataclass(frozen=True, slots=True)
class Attended:
    """A round the actor took part in, and as what."""

    key: str
    date: str | None
    place: str | None
    capacity: str  # participant, host, mediator, delegate (head), delegate


@dataclass(frozen=True, slots=True)
class DealPart:
    """A deal the actor was party to, signed, mediated or guaranteed."""

    key: str
    name: str | None
    date: str | None
    capacity: str  # party, signatory, mediator, guarantor


@dataclass(frozen=True, slots=True)
class ActorPage:
    """Everything the record says about one actor."""

    actor: ActorSummary
    mentions: tuple[str, ...]
    roles: tuple[RoleSpan, ...]
    rounds: tuple[Attended, ...]
    deals: tuple[DealPart, ...]
    said: tuple[PositionLine, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


def actors(store: SqlStore) -> list[ActorSummary]:
    """Every actor the record names, most documents first; then those reviewers created,
    flagged as new."""
    found = [_summary(f) for f in facts_of(store, "actor", sources=False)]
    named = {a.id for a in found}
    created = [_created(n) for n in list_new_actors(store.engine) if n.id not in named]
    return sorted(found, key=lambda a: (-a.documents, a.name.lower(), a.id)) + created


def actor_page(store: SqlStore, actor_id: str, window: Window = EVERYTHING) -> ActorPage:
    """The actor's page; UnknownParty (with close matches) for an id no actor fact has."""
    by_id = {str(f.payload["id"]): f for f in facts_of(store, "actor", sources=False)}
    fact = by_id.get(actor_id)
    if fact is None:
        created = {n.id: n for n in list_new_actors(store.engine)}
        if actor_id not in created:
            close = get_close_matches(actor_id, sorted({*by_id, *created}), n=3, cutoff=0.6)
            raise UnknownParty(actor_id, close)
        held = [line for line in position_lines(store, window) if line.holder == actor_id]
        return ActorPage(
            actor=_created(created[actor_id]),
            mentions=(),
            roles=(),
            rounds=_rounds(store, actor_id, window),
            deals=_deals(store, actor_id, window),
            said=tuple(held[:_SAID_LIMIT]),
        )
    # The one actor's sources (its roles over time), not every actor's.
    behind = read_fact_sources(store.engine, [fact.key]).get(fact.key, [])
    fact = replace(fact, sources=tuple(behind), digest=None)
    return ActorPage(
        actor=_summary(fact),
        mentions=tuple(fact.payload.get("mentions") or ()),
        roles=_roles(fact),
        rounds=_rounds(store, actor_id, window),
        deals=_deals(store, actor_id, window),
        said=_said(store, fact, window),
    )


def _created(new: NewActor) -> ActorSummary:
    return ActorSummary(
        id=new.id, name=new.id, type="unknown", party=None, roles=(), documents=0,
        new=new.created_by,
    )  # fmt: skip


def _summary(fact: Fact) -> ActorSummary:
    p = fact.payload
    return ActorSummary(
        id=str(p["id"]),
        name=str(p.get("name") or p["id"]),
        type=str(p["type"]),
        party=p.get("party"),
        roles=tuple(p.get("roles") or ()),
        documents=int(
            p.get("documents")
            or (fact.digest or {}).get("documents")
            or len({s.document_id for s in fact.sources})
        ),
    )


def _roles(fact: Fact) -> tuple[RoleSpan, ...]:
    seen: dict[str, list[str | None]] = {}
    for source in fact.sources:
        for role in (source.value or {}).get("roles") or ():
            seen.setdefault(str(role), []).append(iso(source.published))
    spans = []
    for role, dates in seen.items():
        known = sorted(d for d in dates if d)
        spans.append(
            RoleSpan(role, known[0] if known else None, known[-1] if known else None, len(dates))
        )
    return tuple(sorted(spans, key=lambda r: (r.first_seen or "9999", r.role)))


def _rounds(store: SqlStore, actor_id: str, window: Window) -> tuple[Attended, ...]:
    found = []
    for meeting in rounds(store, window):
        capacity = None
        for delegates in meeting.delegations.values():
            for delegate in delegates:
                if delegate.id == actor_id:
                    capacity = "head of delegation" if delegate.head else "delegate"
        if capacity is None:
            if actor_id in meeting.participants:
                capacity = "participant"
            elif actor_id in meeting.mediators:
                capacity = "mediator"
            elif actor_id in meeting.hosts:
                capacity = "host"
        if capacity is not None:
            found.append(Attended(meeting.key, meeting.date, meeting.place, capacity))
    return tuple(found)


def _deals(store: SqlStore, actor_id: str, window: Window) -> tuple[DealPart, ...]:
    found = []
    for deal in deals(store, window):
        for capacity, members in (
            ("signatory", deal.signatories),
            ("mediator", deal.mediators),
            ("guarantor", deal.guarantors),
            ("party", deal.parties),
        ):
            if actor_id in members:
                found.append(DealPart(deal.key, deal.name, deal.date, capacity))
                break
    return tuple(found)


def _said(store: SqlStore, fact: Fact, window: Window) -> tuple[PositionLine, ...]:
    lines = position_lines(store, window)
    if fact.payload["type"] != "person":
        mine = [line for line in lines if line.holder == fact.payload["id"]]
    else:
        names = {str(fact.payload.get("name") or "")} | set(fact.payload.get("mentions") or ())
        pattern = _names_pattern(n for n in names if len(n) > 2)
        if pattern is None:
            return ()
        mine = []
        for line in lines:
            quoted = tuple(e for e in line.evidence if pattern.search(e.text))
            if quoted:
                mine.append(_with_evidence(line, quoted))
    mine.sort(key=lambda line: (-line.sources, line.first_seen or "9999", line.key))
    return tuple(mine[:_SAID_LIMIT])


def _names_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted({re.escape(n) for n in names}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\b") if alternatives else None


def _with_evidence(line: PositionLine, evidence: tuple[Evidence, ...]) -> PositionLine:
    return replace(line, evidence=evidence)


__all__ = ["ActorPage", "ActorSummary", "actor_page", "actors"]
