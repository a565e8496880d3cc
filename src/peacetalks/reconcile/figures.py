"""Figure facts: a block's figures grouped by the quantity they state, discrepancies flagged."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Figure
from peacetalks.model.facts import Fact, FactKind, SourcedItem
from peacetalks.reconcile.conflicts import (
    Group,
    Scope,
    Stated,
    group_figures,
    interval_of,
    is_part,
    judge_together,
    scope_of,
)
from peacetalks.reconcile.evidence import number_text
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

_BOUNDS = ("lower bound", "upper bound")
LISTED = 50  # documents a figure lists by value; the rest are counted (and in its sources)


def figure_facts(block: str, found: Sequence[SourcedItem]) -> list[Fact]:
    """One fact per quantity stated in the block. Durations belong to events, parts are apart."""
    return folded_facts(FIGURES, block, found)


class FigureFold:
    """Figures fold (reconcile/folds.py): a raw cluster is one way of stating a value (its
    label, interval and scope; a single figure or a range apart), or a part ("another
    3,000"), which is always its own fact. Raw clusters are grouped by conflicts.py's single
    linkage over their intervals and judged together; neither depends on how many sources
    state the same thing, only on whether two documents do, so a state keeps the two first
    documents, the first LISTED documents stating it and how many do (the fact lists them by
    value: a value carried by 100,000 documents does not list them all), the units and the
    first three topics."""

    kind: FactKind = "figure"

    def raw(self, block: str, members: Sequence[SourcedItem]) -> dict[str, list[SourcedItem]]:
        clusters: dict[str, list[SourcedItem]] = {}
        for statement in _ranges(members):
            figure = _figure(statement[0])
            if figure.measure == "duration_minutes":
                continue  # a duration is the duration of a meeting or call: see events.py
            stated = _stated(statement)
            if is_part(figure.qualifier):
                key = ["part", statement[0].document_id, statement[0].seq]
            else:
                form = "range" if len(statement) > 1 else "single"
                key = [form, stated.label, stated.low, stated.high, stated.scope]
            clusters.setdefault(json.dumps(key), []).extend(statement)
        return clusters

    def state(self, members: Sequence[SourcedItem]) -> State:
        statements = _ranges(members)
        stated = _stated(statements[0])
        figures = [_figure(s) for s in members]
        first = min(members, key=_order)
        return {
            "stated": [stated.low, stated.high, stated.scope, stated.label],
            "documents": sorted({s.document_id for s in members})[:LISTED],
            "document_count": len({s.document_id for s in members}),
            "two_documents": sorted({s.document_id for s in members})[:2],
            "units": count([f.unit for f in figures if f.unit]),
            "about": sorted({f.about for f in figures if f.about})[:3],
            "first": [first.document_id, first.seq, first.process],
        }

    def merge(self, a: State, b: State) -> State:
        return {
            "stated": a["stated"],
            "documents": union(a["documents"], b["documents"])[:LISTED],
            "document_count": a["document_count"] + b["document_count"],
            "two_documents": union(a["two_documents"], b["two_documents"])[:2],
            "units": add_counts(a["units"], b["units"]),
            "about": union(a["about"], b["about"])[:3],
            "first": first_of(a["first"], b["first"]),
        }

    def group(self, states: dict[str, State]) -> list[list[str]]:
        wholes = [k for k in states if not k.startswith('["part"')]
        parts = [[k] for k in states if k.startswith('["part"')]
        owners, stated = _stated_of_states(wholes, states)
        groups = [
            sorted({owners[i] for i in group.members}, key=_raw_order)
            for group in group_figures(stated)
        ]
        return sorted(groups, key=lambda keys: keys[0]) + sorted(parts)

    def finish(self, block: str, states: dict[str, State], documents: int) -> Head:
        keys = list(states)
        part = keys[0].startswith('["part"')
        _, stated = _stated_of_states(keys, states)
        group = Group((0,), "single", None, None) if part else judge_together(stated)
        anchor = min(state["stated"][0] for state in states.values())
        values: dict[str, dict[str, Any]] = {}
        units: dict[str, int] = {}
        about: list[str] = []
        for key in keys:
            low, high, scope, label = states[key]["stated"]
            entry = values.setdefault(
                label, {"label": label, "low": low, "high": high, "scope": scope}
            )
            # a document stating a value two ways (single and range) counts for both
            entry["documents"] = union(entry.get("documents", []), states[key]["documents"])
            entry["documents"] = entry["documents"][:LISTED]
            entry["document_count"] = entry.get("document_count", 0) + states[key]["document_count"]
            units = add_counts(units, states[key]["units"])
            about = union(about, states[key]["about"])
        first = min((states[key]["first"] for key in keys), key=lambda f: (f[0], f[1]))
        _, issue, measure = _block_parts(block)
        payload: dict[str, Any] = {
            "issue": issue,
            "measure": measure,
            "unit": most_common(units),
            "status": group.status,
            "value": group.value,
            "reading": group.reading,
            "about": about[:3],
            "values": sorted(values.values(), key=lambda v: (v["low"], v["label"])),
        }
        key = f"{block}:{number_text(anchor)}"
        if part:
            _, doc_id, seq = json.loads(keys[0])
            key = f"{block}:part:{number_text(anchor)}:{doc_id}:{seq}"
        return Head(key=key, payload=payload, process=first[2])


FIGURES = FigureFold()


def _raw_order(key: str) -> tuple[int, str]:
    """Single figures before ranges, as a fact lists the documents of one value."""
    return (0 if key.startswith('["single"') else 1, key)


def _stated_of_states(keys: list[str], states: dict[str, State]) -> tuple[list[str], list[Stated]]:
    """A figure as conflicts.py reads it for each raw cluster, once for each of its first two
    documents (grouping and judging depend on no more), with the raw key of each."""
    owners: list[str] = []
    stated: list[Stated] = []
    for key in keys:
        low, high, scope, label = states[key]["stated"]
        for doc_id in states[key]["two_documents"]:
            owners.append(key)
            stated.append(Stated(low, high, scope, label, doc_id))
    return owners, stated


def _block_parts(block: str) -> tuple[str, str, str]:
    """(process, issue, measure) of a figure block ("figure:<process>:<issue>:<measure>")."""
    _, process, issue, measure = block.split(":", 3)
    return process, issue, measure


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


def _order(sourced: SourcedItem) -> tuple[str, int]:
    return sourced.document_id, sourced.seq
