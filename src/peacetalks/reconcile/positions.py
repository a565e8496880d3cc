"""Position facts: what one party holds on one issue, dated by every source that reports it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Position
from peacetalks.model.facts import Fact, SourcedItem
from peacetalks.reconcile.evidence import fact_source
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
    clusters: dict[tuple[str, tuple[str, ...]], list[SourcedItem]] = {}
    for sourced in sorted(found, key=lambda s: (s.document_id, s.seq)):
        position = _position(sourced)
        clusters.setdefault((position.stance, targets_of(position)), []).append(sourced)
    return [
        _fact(block, stance, targets, clusters[stance, targets])
        for stance, targets in sorted(clusters)
    ]


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


def _dates(members: list[SourcedItem]) -> tuple[list[dt.date], list[dt.date]]:
    """The dates of the position, and the outliers among them.

    A lone date more than a year before every other report of a position restated by three or
    more sources is far more often the date of something the sentence mentions ("Crimea,
    annexed in 2014") than of the position; it is kept apart, not used as the first date.
    """
    dates = sorted({d for s in members if (d := source_date(s))})
    if len(dates) >= 3 and len(members) >= 3 and (dates[1] - dates[0]).days > OUTLIER_DAYS:
        return dates[1:], dates[:1]
    return dates, []


def _position(sourced: SourcedItem) -> Position:
    assert isinstance(sourced.item, Position)  # position blocks hold positions only
    return sourced.item


def _fact(block: str, stance: str, targets: tuple[str, ...], members: list[SourcedItem]) -> Fact:
    positions = [_position(s) for s in members]
    dates, outliers = _dates(members)
    summaries = Counter(p.summary.strip() for p in positions if p.summary.strip())
    ranked = sorted(summaries, key=lambda text: (-summaries[text], -len(text), text))
    addressees = Counter(p.addressee for p in positions if p.addressee)
    first = positions[0]
    payload: dict[str, Any] = {
        "holder": first.holder,
        "issue": first.issue,
        "stance": stance,
        "targets": list(targets),
        "summary": ranked[0] if ranked else "",
        "summaries": ranked[:MAX_SUMMARIES],
        "addressee": min(addressees, key=lambda a: (-addressees[a], a)) if addressees else None,
        "first_seen": dates[0].isoformat() if dates else None,
        "last_seen": dates[-1].isoformat() if dates else None,
        "dates": [d.isoformat() for d in dates],
        "outlier_dates": [d.isoformat() for d in outliers],
    }
    return Fact(
        key=f"{block}:{short_hash(stance, *targets)}",
        kind="position",
        block=block,
        payload=payload,
        sources=tuple(fact_source(s) for s in members),
        process=members[0].process,
        date=dates[0] if dates else None,
        end_date=dates[-1] if dates else None,
    )
