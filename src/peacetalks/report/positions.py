"""The positions part of a briefing: the two main parties issue by issue (clashes first), the
other parties that hold positions, and what each changed since the report's start date.

Positions are the state at the report's end date (every position stated up to --until, as
analysis/changes.py's `position_at` reads them); --since does not hide older positions, it
marks what was added, dropped, hardened or softened after it (analysis/changes.py's `diff`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from peacetalks.analysis.changes import Change, diff
from peacetalks.analysis.names import Names
from peacetalks.analysis.positions import (
    ORDER,
    Cell,
    PositionLine,
    Window,
    matrix,
    position_lines,
    shorten,
)
from peacetalks.model.names import name_from_id
from peacetalks.report.checks import Checks
from peacetalks.report.content import (
    ChangeRow,
    IssueRow,
    PartyCell,
    PartyPositions,
    PositionEntry,
)
from peacetalks.report.footnotes import Footnotes

SUMMARY = 140  # characters of a position's summary in the report
STANCE_ORDER = {"demand": 0, "reject": 1, "offer": 2, "accept": 3}


@dataclass(frozen=True, slots=True)
class Positions:
    """The positions part, ready for the report."""

    parties: tuple[str, ...]  # the two main parties, by name
    issues: tuple[IssueRow, ...]
    others: tuple[PartyPositions, ...]
    held: tuple[PartyPositions, ...]
    changes: tuple[ChangeRow, ...]


def gather_positions(
    window: Window, *, names: Names, notes: Footnotes, checks: Checks
) -> Positions:
    """The positions part of the report over `window` (its store is the notes')."""
    store = notes.store
    state = Window(window.process, None, window.until)
    table = matrix(store, state)
    lines = position_lines(store, state)
    changed = _changes(window, table.parties, lines, notes)
    rows = sorted(table.rows, key=lambda row: (ORDER[row.compatibility], names.issue(row.issue)))
    issues = tuple(
        IssueRow(
            issue=names.issue(row.issue),
            compatibility=row.compatibility,
            cells=tuple(
                _cell(row.cells[p], changed.get(p, ()), names=names, notes=notes, checks=checks)
                for p in table.parties
            ),
        )
        for row in rows
    )
    by_party = _by_party(lines)  # the main parties first, then by positions held
    order = [p for p in table.parties if p in by_party] + [
        p for p in by_party if p not in table.parties
    ]
    held = {
        p: _party_positions(p, by_party[p], names=names, notes=notes, checks=checks) for p in order
    }
    return Positions(
        parties=tuple(names.actor(p) for p in table.parties),
        issues=issues,
        others=tuple(held[p] for p in order if p not in table.parties),
        held=tuple(held.values()),
        changes=_change_rows(changed, names, notes),
    )


def _cell(
    cell: Cell,
    changed: tuple[Change, ...],
    *,
    names: Names,
    notes: Footnotes,
    checks: Checks,
) -> PartyCell:
    """One party's cell of an issue row, with the kinds of change it saw on that issue."""
    counts = sorted(cell.stances.items(), key=lambda kv: (STANCE_ORDER.get(kv[0], 9), kv[0]))
    return PartyCell(
        party=names.actor(cell.party),
        stances=", ".join(f"{s} ({n})" if n > 1 else s for s, n in counts),
        entries=_entries(cell.positions, names=names, notes=notes, checks=checks),
        changes=tuple(sorted({c.kind for c in changed if c.issue == cell.issue})),
    )


def _entries(
    lines: tuple[PositionLine, ...] | list[PositionLine],
    *,
    names: Names,
    notes: Footnotes,
    checks: Checks,
) -> tuple[PositionEntry, ...]:
    """The positions, hard stances first, the best attested first within a stance."""
    ordered = sorted(
        lines,
        key=lambda p: (STANCE_ORDER.get(p.stance, 9), -p.confidence, -p.sources, p.key),
    )
    entries = []
    for line in ordered:
        refs = notes.cite(line.evidence)
        holder = names.actor(line.holder)
        summary = shorten(line.summary, SUMMARY)
        label = f"{holder} on {names.issue(line.issue)}, {line.stance}: {summary}"
        entries.append(
            PositionEntry(
                stance=line.stance,
                summary=summary,
                targets=tuple(name_from_id(t) for t in line.targets),
                first_seen=line.first_seen,
                last_seen=line.last_seen,
                refs=refs,
                mark=checks.mark(line.key, "position", label, refs),
            )
        )
    return tuple(entries)


def _by_party(lines: list[PositionLine]) -> dict[str, dict[str, list[PositionLine]]]:
    """Position lines by holder (most positions first) and issue."""
    held = Counter(line.holder for line in lines)
    found: dict[str, dict[str, list[PositionLine]]] = {}
    for line in sorted(lines, key=lambda p: (-held[p.holder], p.holder, p.issue)):
        found.setdefault(line.holder, {}).setdefault(line.issue, []).append(line)
    return found


def _party_positions(
    party: str,
    issues: dict[str, list[PositionLine]],
    *,
    names: Names,
    notes: Footnotes,
    checks: Checks,
) -> PartyPositions:
    ordered = sorted(issues, key=names.issue)
    return PartyPositions(
        party=names.actor(party),
        issues=tuple(
            (names.issue(i), _entries(issues[i], names=names, notes=notes, checks=checks))
            for i in ordered
        ),
    )


def _changes(
    window: Window, main: tuple[str, ...], lines: list[PositionLine], notes: Footnotes
) -> dict[str, tuple[Change, ...]]:
    """Each party's changes since --since (none without it): the main parties first."""
    if window.since is None:
        return {}
    parties = list(dict.fromkeys([*main, *sorted({line.holder for line in lines})]))
    return {
        party: diff(
            notes.store, party, window.since, until=window.until, process=window.process
        ).changes
        for party in parties
    }


def _change_rows(
    changed: dict[str, tuple[Change, ...]], names: Names, notes: Footnotes
) -> tuple[ChangeRow, ...]:
    rows = []
    for party, found in changed.items():
        for change in found:
            summary = change.summary
            if change.summary.startswith("targets "):  # diff writes target ids: show names
                shown = ", ".join(name_from_id(t) for t in change.targets)
                summary = f"targets {change.kind}: {shown}"
            rows.append(
                ChangeRow(
                    party=names.actor(party),
                    kind=change.kind,
                    issue=names.issue(change.issue),
                    stance=change.stance,
                    before=change.before,
                    summary=summary,
                    date=change.date,
                    refs=notes.cite(change.evidence),
                )
            )
    return tuple(rows)
