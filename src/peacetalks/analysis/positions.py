"""Positions across sources: the issue x party matrix, two parties compared, a party's changes.

Stances are hard (demand, reject) or soft (offer, accept). Compatibility of two parties on an
issue: *agreed* when they made an agreement on it; *clash* when one demands what the other
rejects (or both demand on a territorial issue with targets in common); *partial overlap* when
both hold positions that do not clash; *one-sided* when only one holds a position.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass
from difflib import get_close_matches
from typing import Any, Literal

from peacetalks.analysis.confidence import confidence, is_low
from peacetalks.analysis.facts import (
    REVIEW_STATES,
    Evidence,
    evidence_count,
    fact_evidence,
    facts_of,
    outlets,
    parse_iso,
)
from peacetalks.errors import UnknownParty
from peacetalks.model.facts import Fact
from peacetalks.store import SqlStore
from peacetalks.store.facts import known_actors

Compatibility = Literal["clash", "partial overlap", "agreed", "one-sided"]
ORDER: dict[str, int] = {"clash": 0, "partial overlap": 1, "one-sided": 2, "agreed": 3}
HARD = ("demand", "reject")
SUMMARY_WIDTH = 60


@dataclass(frozen=True, slots=True)
class PositionLine:
    """One position fact as views show it."""

    key: str
    holder: str
    issue: str
    stance: str
    summary: str
    targets: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    sources: int
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 1.0
    low: bool = False  # unreviewed and below confidence.LOW: shown as unconfirmed
    # How many evidence lines there are: `evidence` holds the first few of them when the
    # line was read from the fact's digest (web pages, the API), all of them otherwise.
    evidence_count: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Cell:
    """What one party holds on one issue: its stances (with counts) and the positions."""

    party: str
    issue: str
    stances: dict[str, int]
    positions: tuple[PositionLine, ...]

    @property
    def summary(self) -> str:
        """The summary of the most reported position, shortened."""
        if not self.positions:
            return ""
        best = max(
            self.positions, key=lambda p: (p.confidence, p.sources, p.last_seen or "", p.key)
        )
        return shorten(best.summary)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {**asdict(self), "summary": self.summary}


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One issue: each party's cell and how compatible the parties are."""

    issue: str
    cells: dict[str, Cell]
    compatibility: Compatibility

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "issue": self.issue,
            "compatibility": self.compatibility,
            "cells": {party: cell.to_dict() for party, cell in self.cells.items()},
        }


@dataclass(frozen=True, slots=True)
class Matrix:
    """The issue x party matrix of one process (or of everything)."""

    parties: tuple[str, ...]
    rows: tuple[IssueRow, ...]
    process: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "process": self.process,
            "parties": list(self.parties),
            "rows": [row.to_dict() for row in self.rows],
        }


@dataclass(frozen=True, slots=True)
class Window:
    """Which facts to read: a process slug and a date range (inclusive), and the filters of
    the lists (a party, an issue, a stance, a review state, an outlet), each optional.

    A filter applies to the facts that have what it filters on: `stance` to positions only;
    `issue` to positions, agreements and figures; `party` to the facts that name parties
    (a position's holder, an agreement's parties, an event's participants, hosts and
    mediators); `review` ("unreviewed", "confirmed", "corrected", "rejected") and `outlet` (a
    source's outlet) to every fact.
    """

    process: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    include_rejected: bool = False
    party: str | None = None
    issue: str | None = None
    stance: str | None = None
    review: str | None = None
    outlet: str | None = None

    def __post_init__(self) -> None:
        if self.review == "rejected":  # asking for rejected facts means reading them
            object.__setattr__(self, "include_rejected", True)

    @property
    def dates_only(self) -> Window:
        """The same process and dates, without the list filters."""
        return Window(self.process, self.since, self.until, self.include_rejected)


EVERYTHING = Window()


def position_lines(
    store: SqlStore, window: Window = EVERYTHING, *, headline: bool = False
) -> list[PositionLine]:
    """Every position fact with a date inside the window (an undated one always); with
    `headline` each line has the first few evidence lines only, read from the facts' digests
    and not from their sources (what pages and the API show)."""
    facts = facts_of(
        store,
        "position",
        process=window.process,
        include_rejected=window.include_rejected,
        sources=not headline,
    )
    return [_line(f) for f in facts if in_window(f, window)]


def matrix(
    store: SqlStore,
    window: Window = EVERYTHING,
    *,
    parties: tuple[str, ...] = (),
    headline: bool = False,
    lines: list[PositionLine] | None = None,
) -> Matrix:
    """The issue x party matrix; parties default to the two holding most positions.
    `lines`: position_lines(store, window, headline=headline) when the caller has them."""
    if lines is None:
        lines = position_lines(store, window, headline=headline)
    # By default the two sides holding most positions; a host or mediator is not a side.
    aside = set() if parties else hosts_and_mediators(store, window.process)
    held = Counter(line.holder for line in lines if line.holder not in aside)
    chosen = parties or tuple(sorted(sorted(held, key=lambda p: (-held[p], p))[:2]))
    agreed = _agreed_issues(store, window, chosen)
    issues = sorted({line.issue for line in lines if line.holder in chosen})
    rows = []
    for issue in issues:
        cells = {party: _cell(party, issue, lines) for party in chosen}
        rows.append(IssueRow(issue, cells, compatibility(cells, agreed=issue in agreed)))
    return Matrix(chosen, tuple(rows), window.process)


def hosts_and_mediators(store: SqlStore, process: str | None = None) -> set[str]:
    """Actors named only as hosts or mediators of meetings, never as their participants."""
    hosting: set[str] = set()
    taking_part: set[str] = set()
    for fact in facts_of(store, "event", process=process, sources=False):
        hosting.update(fact.payload.get("hosts") or ())
        hosting.update(fact.payload.get("mediators") or ())
        taking_part.update(fact.payload.get("participants") or ())
    return hosting - taking_part


def compare(
    store: SqlStore,
    party_a: str,
    party_b: str,
    window: Window = EVERYTHING,
    *,
    headline: bool = False,
    lines: list[PositionLine] | None = None,
) -> Matrix:
    """Two parties side by side, issue by issue, clashes first; UnknownParty for an id no
    stored fact names. `headline`, `lines`: as for matrix."""
    check_parties(store, (party_a, party_b))
    table = matrix(store, window, parties=(party_a, party_b), headline=headline, lines=lines)
    rows = sorted(table.rows, key=lambda row: (ORDER[row.compatibility], row.issue))
    return Matrix((party_a, party_b), tuple(rows), window.process)


def check_parties(store: SqlStore, parties: tuple[str, ...]) -> None:
    """UnknownParty, with close matches, for the first party no stored fact names."""
    known = known_actors(store.engine)
    for party in parties:
        if party not in known:
            raise UnknownParty(party, get_close_matches(party, sorted(known), n=3, cutoff=0.6))


def compatibility(cells: dict[str, Cell], *, agreed: bool) -> Compatibility:
    """How the parties' positions on one issue relate (see the module docstring)."""
    held = [cell for cell in cells.values() if cell.positions]
    if agreed and len(held) >= 2:
        return "agreed"
    if len(held) < 2:
        return "agreed" if agreed else "one-sided"
    for a in held:
        for b in held:
            if a is b:
                continue
            if "demand" in a.stances and "reject" in b.stances:
                return "clash"
            if "demand" in a.stances and "demand" in b.stances and _shared_targets(a, b):
                return "clash"
    return "partial overlap"


def shorten(text: str, width: int = SUMMARY_WIDTH) -> str:
    """One line of at most `width` characters, cut at a word."""
    flat = " ".join(text.split()).lstrip("-•* ")
    if len(flat) <= width:
        return flat
    return flat[: width - 1].rsplit(" ", 1)[0] + "…"


def _shared_targets(a: Cell, b: Cell) -> bool:
    targets_a = {t for p in a.positions if p.stance == "demand" for t in p.targets}
    targets_b = {t for p in b.positions if p.stance == "demand" for t in p.targets}
    return bool(targets_a & targets_b)


def _cell(party: str, issue: str, lines: list[PositionLine]) -> Cell:
    mine = tuple(
        sorted(
            (line for line in lines if line.holder == party and line.issue == issue),
            key=lambda line: (-line.confidence, -line.sources, line.key),
        )
    )
    stances = Counter(line.stance for line in mine)
    return Cell(party, issue, dict(sorted(stances.items())), mine)


def _agreed_issues(store: SqlStore, window: Window, parties: tuple[str, ...]) -> set[str]:
    agreements = facts_of(
        store,
        "agreement",
        process=window.process,
        sources=False,
        members=("issue", "parties", "dates"),
    )
    return {
        str(f.payload["issue"])
        for f in agreements
        if set(parties) <= set(f.payload.get("parties", ())) and in_window(f, window.dates_only)
    }


def _line(fact: Fact) -> PositionLine:
    payload = fact.payload
    return PositionLine(
        key=fact.key,
        holder=str(payload["holder"]),
        issue=str(payload["issue"]),
        stance=str(payload["stance"]),
        summary=str(payload.get("summary") or ""),
        targets=tuple(payload.get("targets") or ()),
        first_seen=payload.get("first_seen"),
        last_seen=payload.get("last_seen"),
        sources=fact.independent_sources,
        evidence=tuple(fact_evidence(fact)),
        confidence=confidence(fact),
        low=is_low(fact),
        evidence_count=evidence_count(fact),
    )


def in_window(fact: Fact, window: Window) -> bool:
    """True when the fact passes the window's filters and has a date inside it, or none."""
    if not passes(fact, window):
        return False
    dates = [parse_iso(d) for d in fact.payload.get("dates", ())] or [fact.date, fact.end_date]
    known = [d for d in dates if d is not None]
    if not known:
        return True
    return any(
        (window.since is None or d >= window.since) and (window.until is None or d <= window.until)
        for d in known
    )


_PARTY_MEMBERS = ("holder", "parties", "participants", "hosts", "mediators")


def passes(fact: Fact, window: Window) -> bool:
    """The window's list filters (party, issue, stance, review, outlet) on one fact."""
    payload = fact.payload
    if window.stance and "stance" in payload and payload["stance"] != window.stance:
        return False
    if window.issue and "issue" in payload and payload["issue"] != window.issue:
        return False
    if window.party:
        named = [m for m in _PARTY_MEMBERS if m in payload]
        held = {payload["holder"]} if "holder" in payload else set()
        for member in named:
            if member != "holder":
                held.update(payload.get(member) or ())
        if named and window.party not in held:
            return False
    if window.review and review_filter(fact) != window.review:
        return False
    return not window.outlet or window.outlet in outlets(fact)


def review_filter(fact: Fact) -> str:
    """The review state a filter matches: unreviewed, confirmed, corrected or rejected."""
    return REVIEW_STATES[fact.review.action] if fact.review else "unreviewed"


__all__ = [
    "Cell",
    "IssueRow",
    "Matrix",
    "PositionLine",
    "Window",
    "compare",
    "compatibility",
    "matrix",
    "position_lines",
    "shorten",
]
