"""Who sat at the table: each round of talks with its delegations, hosts, mediators and venue.

A round is a reconciled meeting. Its delegations are the people the documents reporting it
name, by the side they act for (only the meeting's participants), with their roles as those
documents give them; a role that says so ("head of delegation", "chief negotiator") marks
who headed a side's delegation, listed first. A leader the reports merely mention is listed
too: the sources do not always say who was in the room.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from peacetalks.analysis.facts import facts_of, iso, outlets
from peacetalks.analysis.positions import EVERYTHING, Window, in_window
from peacetalks.model.facts import Fact
from peacetalks.store import SqlStore
from peacetalks.store.facts import fact_documents, read_fact_sources

_HEAD = re.compile(
    r"(?<!deputy )\b(?:head(?:ed|s)? (?:of )?(?:the |its |their )?delegation|delegation head|"
    r"chief negotiator|lead negotiator|led the delegation|leads the delegation)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Delegate:
    """A person at the table: the side they act for and their roles as the sources give them."""

    id: str
    name: str
    party: str
    roles: tuple[str, ...]
    head: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Round:
    """One meeting: when, where, who took part, hosted and mediated, and each delegation."""

    key: str
    date: str | None
    end_date: str | None
    place: str | None
    venue: str | None
    round: int | None
    participants: tuple[str, ...]
    hosts: tuple[str, ...]
    mediators: tuple[str, ...]
    duration_minutes: float | None
    delegations: dict[str, tuple[Delegate, ...]] = field(default_factory=dict)
    outlets: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out = asdict(self)
        out["delegations"] = {
            party: [d.to_dict() for d in people] for party, people in self.delegations.items()
        }
        return out


def rounds(store: SqlStore, window: Window = EVERYTHING) -> list[Round]:
    """The rounds of talks in date order (undated last), each with its delegations."""
    meetings = [
        f
        for f in facts_of(
            store,
            "event",
            process=window.process,
            include_rejected=window.include_rejected,
            sources=False,
        )
        if f.payload.get("type") == "meeting" and in_window(f, window)
    ]
    # Only the meetings' documents, and the people those documents name, are read; a copy of
    # a story names the people its original names, so only originals are read.
    behind = fact_documents(store.engine, [m.key for m in meetings], originals=True)
    reported = sorted({d for docs in behind.values() for d in docs})
    persons = [
        f
        for f in facts_of(store, "actor", sources=False)
        if f.payload.get("type") == "person" and f.payload.get("party")
    ]
    named = read_fact_sources(store.engine, [f.key for f in persons], reported)
    people = _people_by_document([replace(f, sources=tuple(named.get(f.key, ()))) for f in persons])
    found = [_round(meeting, people, behind.get(meeting.key, [])) for meeting in meetings]
    return sorted(found, key=lambda r: (r.date is None, r.date or "", r.key))


def _people_by_document(actors: list[Fact]) -> dict[str, list[tuple[Fact, tuple[str, ...]]]]:
    """Per document, each person it names, with the roles that document gives them."""
    found: dict[str, list[tuple[Fact, tuple[str, ...]]]] = {}
    for fact in actors:
        if fact.payload.get("type") != "person" or not fact.payload.get("party"):
            continue
        for source in fact.sources:
            roles = tuple((source.value or {}).get("roles") or ())
            found.setdefault(source.document_id, []).append((fact, roles))
    return found


def _round(
    meeting: Fact,
    people: dict[str, list[tuple[Fact, tuple[str, ...]]]],
    documents: list[str],
) -> Round:
    p = meeting.payload
    participants = tuple(p.get("participants") or ())
    gathered: dict[str, dict[str, tuple[Fact, list[str]]]] = {}
    for document_id in documents:
        for person, roles in people.get(document_id, ()):
            party = str(person.payload["party"])
            if party not in participants:
                continue
            seen = gathered.setdefault(party, {}).setdefault(person.key, (person, []))
            seen[1].extend(r for r in roles if r not in seen[1])
    delegations = {
        party: tuple(
            sorted(
                (
                    Delegate(
                        id=str(person.payload["id"]),
                        name=str(person.payload.get("name") or person.payload["id"]),
                        party=party,
                        roles=tuple(roles),
                        head=any(_HEAD.search(role) for role in roles),
                    )
                    for person, roles in members.values()
                ),
                key=lambda d: (not d.head, d.name),
            )
        )
        for party, members in sorted(gathered.items())
    }
    return Round(
        key=meeting.key,
        date=iso(meeting.date),
        end_date=iso(meeting.end_date),
        place=p.get("place"),
        venue=p.get("venue"),
        round=p.get("round"),
        participants=participants,
        hosts=tuple(p.get("hosts") or ()),
        mediators=tuple(p.get("mediators") or ()),
        duration_minutes=p.get("duration_minutes"),
        delegations=delegations,
        outlets=tuple(outlets(meeting)),
    )
