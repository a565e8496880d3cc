"""Figure facts: a block's figures grouped by the quantity they state, discrepancies flagged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Figure
from peacetalks.model.facts import Fact, SourcedItem
from peacetalks.reconcile.conflicts import (
    Group,
    Scope,
    Stated,
    group_figures,
    interval_of,
    is_part,
    scope_of,
)
from peacetalks.reconcile.evidence import fact_source, number_text

_BOUNDS = ("lower bound", "upper bound")


def figure_facts(block: str, found: Sequence[SourcedItem]) -> list[Fact]:
    """One fact per quantity stated in the block. Durations belong to events, parts are apart."""
    statements: list[tuple[list[SourcedItem], Stated]] = []
    for members in _ranges(found):
        figure = _figure(members[0])
        if figure.measure == "duration_minutes":
            continue  # a duration is the duration of a meeting or call: see events.py
        statements.append((members, _stated(members)))
    wholes = [(m, s) for m, s in statements if not is_part(_figure(m[0]).qualifier)]
    parts = [(m, s) for m, s in statements if is_part(_figure(m[0]).qualifier)]
    facts = [
        _fact(block, [wholes[i] for i in group.members], group)
        for group in group_figures([s for _, s in wholes])
    ]
    # A part ("another 3,000") is its own fact: never a discrepancy with the whole.
    facts += [_fact(block, [part], Group((0,), "single", None, None)) for part in parts]
    return facts


def stated_of(
    sourced: SourcedItem, value: float, qualifier: str | None, *, count: bool = True
) -> Stated:
    """A figure as conflicts.py reads it; only counts have a per-side or total scope."""
    low, high = interval_of(value, qualifier)
    label = _label(value, qualifier)
    return Stated(low, high, scope_of(qualifier) if count else "none", label, sourced.document_id)


def _label(value: float, qualifier: str | None) -> str:
    """How a figure reads: "more than 300", "6,000 per side"."""
    if not qualifier:
        return number_text(value)
    if scope_of(qualifier) == "per_side":
        return f"{number_text(value)} {qualifier}"
    return f"{qualifier} {number_text(value)}"


def _figure(sourced: SourcedItem) -> Figure:
    assert isinstance(sourced.item, Figure)  # figure blocks hold figures only
    return sourced.item


def _ranges(found: Sequence[SourcedItem]) -> list[list[SourcedItem]]:
    """Figures, with the two bounds of one stated range ("two to three days") as one member."""
    ranges: dict[tuple[str, int, int], list[SourcedItem]] = {}
    singles: list[list[SourcedItem]] = []
    for sourced in sorted(found, key=lambda s: (s.document_id, s.seq)):
        figure = _figure(sourced)
        qualifier = (figure.qualifier or "").lower()
        if any(bound in qualifier for bound in _BOUNDS) and figure.evidence:
            span = figure.evidence[0]
            ranges.setdefault((sourced.document_id, span.start, span.end), []).append(sourced)
        else:
            singles.append([sourced])
    return singles + list(ranges.values())


def _stated(members: list[SourcedItem]) -> Stated:
    if len(members) == 1:
        figure = _figure(members[0])
        count = figure.measure == "count"
        return stated_of(members[0], figure.value, figure.qualifier, count=count)
    values = sorted(_figure(m).value for m in members)
    label = f"{number_text(values[0])}-{number_text(values[-1])}"
    scope: Scope = "unknown" if _figure(members[0]).measure == "count" else "none"
    return Stated(values[0], values[-1], scope, label, members[0].document_id)


def _fact(block: str, members: list[tuple[list[SourcedItem], Stated]], group: Group) -> Fact:
    items = [s for sourced, _ in members for s in sourced]
    figures = [_figure(s) for s in items]
    first = figures[0]
    anchor = min(stated.low for _, stated in members)
    units = Counter(f.unit for f in figures if f.unit)
    values: dict[str, dict[str, Any]] = {}
    for sourced, stated in members:
        entry = values.setdefault(
            stated.label,
            {"label": stated.label, "low": stated.low, "high": stated.high, "scope": stated.scope},
        )
        entry.setdefault("documents", []).append(sourced[0].document_id)
    payload: dict[str, Any] = {
        "issue": first.issue,
        "measure": first.measure,
        "unit": min(units, key=lambda u: (-units[u], u)) if units else None,
        "status": group.status,
        "value": group.value,
        "reading": group.reading,
        "about": sorted({f.about for f in figures if f.about})[:3],
        "values": sorted(values.values(), key=lambda v: (v["low"], v["label"])),
    }
    key = f"{block}:{number_text(anchor)}"
    if is_part(first.qualifier):
        key = f"{block}:part:{number_text(anchor)}:{items[0].document_id}:{items[0].seq}"
    return Fact(
        key=key,
        kind="figure",
        block=block,
        payload=payload,
        sources=tuple(fact_source(s) for s in sorted(items, key=_order)),
        process=items[0].process,
    )


def _order(sourced: SourcedItem) -> tuple[str, int]:
    return sourced.document_id, sourced.seq
