"""How a party's positions moved: its position at a date, and what it added, dropped,
hardened or softened between two dates.

The state at a date is every position fact with a (non-outlier) source dated on or before it;
the window is every position fact with a source dated after `since` and up to `until`. Per
issue: a position in the window that was not held before is *added*, unless the party held
the issue before with only soft stances and now a hard one (*hardened*) or the reverse
(*softened*); targets named now and not before are *added*, named before and not now (when the
issue is restated with targets) *dropped*; a position held before and not restated while the
issue is restated is *dropped*. Issues not restated in the window are left out: silence in the
news is no change of position.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any, Literal

from peacetalks.analysis.facts import Evidence, fact_evidence, facts_of, parse_iso
from peacetalks.analysis.positions import (
    HARD,
    PositionLine,
    Window,
    check_parties,
    position_lines,
    shorten,
)
from peacetalks.model.facts import Fact
from peacetalks.store import SqlStore

ChangeKind = Literal["added", "dropped", "hardened", "softened"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change in a party's positions on one issue."""

    kind: ChangeKind
    issue: str
    stance: str
    summary: str
    targets: tuple[str, ...] = ()
    before: str | None = None  # the stance(s) held before, for hardened and softened
    date: str | None = None  # the first date the window shows it
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Diff:
    """A party's changes between two dates."""

    party: str
    since: str
    until: str | None
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "party": self.party,
            "since": self.since,
            "until": self.until,
            "changes": [c.to_dict() for c in self.changes],
        }


def position_at(
    store: SqlStore, party: str, when: dt.date, *, process: str | None = None
) -> list[PositionLine]:
    """The party's positions stated on or before `when`, latest first within each issue."""
    held = [
        line
        for line in position_lines(store, Window(process=process, until=when))
        if line.holder == party and (line.first_seen is None or line.first_seen <= when.isoformat())
    ]
    return sorted(held, key=lambda p: (p.issue, -_ordinal(p.last_seen), p.key))


def diff(
    store: SqlStore,
    party: str,
    since: dt.date,
    *,
    until: dt.date | None = None,
    process: str | None = None,
) -> Diff:
    """What the party added, dropped, hardened or softened after `since` (up to `until`)."""
    check_parties(store, (party,))
    facts = [
        f for f in facts_of(store, "position", process=process) if f.payload["holder"] == party
    ]
    before = [f for f in facts if _dates(f, None, since)]
    now = [f for f in facts if _dates(f, since, until, after=True)]
    changes: list[Change] = []
    for issue in sorted({str(f.payload["issue"]) for f in now}):
        old = [f for f in before if f.payload["issue"] == issue]
        new = [f for f in now if f.payload["issue"] == issue]
        changes.extend(_issue_changes(issue, old, new, since, until))
    return Diff(party, since.isoformat(), until.isoformat() if until else None, tuple(changes))


def _issue_changes(
    issue: str, old: list[Fact], new: list[Fact], since: dt.date, until: dt.date | None
) -> list[Change]:
    old_keys = {f.key for f in old}
    new_keys = {f.key for f in new}
    old_stances = {str(f.payload["stance"]) for f in old}
    changes = []
    for fact in new:
        if fact.key in old_keys:
            continue
        stance = str(fact.payload["stance"])
        kind: ChangeKind = "added"
        if old_stances and stance not in old_stances:
            was_hard = any(s in HARD for s in old_stances)
            kind = "hardened" if stance in HARD and not was_hard else kind
            kind = "softened" if stance not in HARD and was_hard else kind
        changes.append(_change(kind, fact, since, until, before=", ".join(sorted(old_stances))))
    old_targets = {t for f in old for t in f.payload.get("targets", ())}
    new_targets = {t for f in new for t in f.payload.get("targets", ())}
    if old_targets and new_targets - old_targets:
        changes.append(_targets("added", issue, new_targets - old_targets, new))
    if new_targets and old_targets - new_targets:
        changes.append(_targets("dropped", issue, old_targets - new_targets, old))
    for fact in old:
        if fact.key not in new_keys and not fact.payload.get("targets"):
            changes.append(_change("dropped", fact, None, since))
    order = {"added": 0, "hardened": 1, "softened": 2, "dropped": 3}
    return sorted(changes, key=lambda c: (order[c.kind], c.date or "", c.stance, c.summary))


def _change(
    kind: ChangeKind,
    fact: Fact,
    since: dt.date | None,
    until: dt.date | None,
    *,
    before: str | None = None,
) -> Change:
    dates = _dates(fact, since, until, after=since is not None)
    return Change(
        kind=kind,
        issue=str(fact.payload["issue"]),
        stance=str(fact.payload["stance"]),
        summary=shorten(str(fact.payload.get("summary") or "")),
        targets=tuple(fact.payload.get("targets") or ()),
        before=before if kind in ("hardened", "softened") else None,
        date=min(dates).isoformat() if dates else None,
        evidence=tuple(fact_evidence(fact)),
    )


def _targets(kind: ChangeKind, issue: str, targets: set[str], facts: list[Fact]) -> Change:
    naming = [f for f in facts if targets & set(f.payload.get("targets", ()))]
    stances = sorted({str(f.payload["stance"]) for f in naming})
    dates = [d for f in naming if (d := parse_iso(f.payload.get("first_seen")))]
    return Change(
        kind=kind,
        issue=issue,
        stance=", ".join(stances),
        summary=f"targets {kind}: {', '.join(sorted(targets))}",
        targets=tuple(sorted(targets)),
        date=min(dates).isoformat() if dates else None,
        evidence=tuple(e for f in naming for e in fact_evidence(f)),
    )


def _dates(
    fact: Fact, since: dt.date | None, until: dt.date | None, *, after: bool = False
) -> list[dt.date]:
    """The fact's source dates in the range (since exclusive when `after`, until inclusive)."""
    found = [d for d in (parse_iso(x) for x in fact.payload.get("dates", ())) if d]
    return [
        d
        for d in found
        if (since is None or (d > since if after else d >= since)) and (until is None or d <= until)
    ]


def _ordinal(value: str | None) -> int:
    return dt.date.fromisoformat(value).toordinal() if value else 0
