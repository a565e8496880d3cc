"""Position facts: what one party holds on one issue, dated by every source that reports it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Position
from peacetalks.model.facts import Fact, FactKind, SourcedItem
from peacetalks.reconcile.folds import (
    Head,
    State,
    add_counts,
    count,
    first_of,
    folded_facts,
    most_common,
    union,
)
from peacetalks.reconcile.sources import short_hash
from peacetalks.reconcile.targets import find_targets

MAX_SUMMARIES = 5
OUTLIER_DAYS = 365


def position_facts(block: str, found: Sequence[SourcedItem]) -> list[Fact]:
    """One fact per stance and set of targets within a (process, holder, issue) block.

    Restatements of one position by many outlets, on many dates, are one fact whose sources
    carry the dates; a change of stance or of targets is a new fact, which is what lets
    analysis/positions.py tell what a party added, dropped, hardened or softened.
    """
    return folded_facts(POSITIONS, block, found)


class PositionFold:
    """Positions fold (reconcile/folds.py): a raw cluster is a stance and set of targets, and
    each is its own fact; its state counts the summaries and addressees and keeps the dates
    and the first report."""

    kind: FactKind = "position"

    def raw(self, block: str, members: Sequence[SourcedItem]) -> dict[str, list[SourcedItem]]:
        clusters: dict[str, list[SourcedItem]] = {}
        for sourced in sorted(members, key=lambda s: (s.document_id, s.seq)):
            position = _position(sourced)
            key = json.dumps([position.stance, list(targets_of(position))])
            clusters.setdefault(key, []).append(sourced)
        return clusters

    def state(self, members: Sequence[SourcedItem]) -> State:
        positions = [_position(s) for s in members]
        first = members[0]
        return {
            "first": [first.document_id, first.seq, positions[0].holder, positions[0].issue,
                      first.process],
            "summaries": count([p.summary.strip() for p in positions if p.summary.strip()]),
            "addressees": count([p.addressee for p in positions if p.addressee]),
            "dates": sorted({d.isoformat() for s in members if (d := source_date(s))}),
            "members": len(members),
        }  # fmt: skip

    def merge(self, a: State, b: State) -> State:
        return {
            "first": first_of(a["first"], b["first"]),
            "summaries": add_counts(a["summaries"], b["summaries"]),
            "addressees": add_counts(a["addressees"], b["addressees"]),
            "dates": union(a["dates"], b["dates"]),
            "members": a["members"] + b["members"],
        }

    def group(self, states: dict[str, State]) -> list[list[str]]:
        return [[key] for key in sorted(states)]

    def finish(self, block: str, states: dict[str, State], documents: int) -> Head:
        ((key, state),) = states.items()
        stance, targets = json.loads(key)
        _, _, holder, issue, process = state["first"]
        every = [dt.date.fromisoformat(d) for d in state["dates"]]
        dates, outliers = _dates(every, state["members"])
        summaries = state["summaries"]
        ranked = sorted(summaries, key=lambda text: (-summaries[text], -len(text), text))
        payload: dict[str, Any] = {
            "holder": holder,
            "issue": issue,
            "stance": stance,
            "targets": list(targets),
            "summary": ranked[0] if ranked else "",
            "summaries": ranked[:MAX_SUMMARIES],
            "addressee": most_common(state["addressees"]),
            "first_seen": dates[0].isoformat() if dates else None,
            "last_seen": dates[-1].isoformat() if dates else None,
            "dates": [d.isoformat() for d in dates],
            "outlier_dates": [d.isoformat() for d in outliers],
        }
        return Head(
            key=f"{block}:{short_hash(stance, *targets)}",
            payload=payload,
            process=process,
            date=dates[0] if dates else None,
            end_date=dates[-1] if dates else None,
        )


POSITIONS = PositionFold()


def targets_of(position: Position) -> tuple[str, ...]:
    """The position's targets, or for a territorial one the places its evidence names."""
    if position.targets:
        return tuple(sorted(set(position.targets)))
    if position.issue != "territory":
        return ()
    return find_targets(position.summary, *(span.text for span in position.evidence))


def source_date(sourced: SourcedItem) -> dt.date | None:
    """When a source says the party held the position: its `as_of`, else the publication date."""
    return _position(sourced).as_of or sourced.published


def _dates(dates: list[dt.date], members: int) -> tuple[list[dt.date], list[dt.date]]:
    """The dates of the position (sorted, distinct), and the outliers among them.

    A lone date more than a year before every other report of a position restated by three or
    more sources is far more often the date of something the sentence mentions ("Crimea,
    annexed in 2014") than of the position; it is kept apart, not used as the first date.
    """
    if len(dates) >= 3 and members >= 3 and (dates[1] - dates[0]).days > OUTLIER_DAYS:
        return dates[1:], dates[:1]
    return dates, []


def _position(sourced: SourcedItem) -> Position:
    assert isinstance(sourced.item, Position)  # position blocks hold positions only
    return sourced.item
