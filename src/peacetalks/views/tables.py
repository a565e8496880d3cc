"""Rich tables for the CLI views. Every cell is short; sources go in a numbered list below.

Columns fold rather than overflow, so a table fits an 80-column terminal; with `--evidence`
each row gets a number and its source sentences are listed under the table, which keeps the
table readable at a few hundred rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from peacetalks.analysis.actors import ActorPage, ActorSummary
from peacetalks.analysis.changes import Diff
from peacetalks.analysis.deals import DealLine
from peacetalks.analysis.facts import Evidence
from peacetalks.analysis.ledger import AgreementLine, DiscrepancyLine, TimelineEntry
from peacetalks.analysis.names import Names
from peacetalks.analysis.positions import Cell, Matrix
from peacetalks.analysis.rounds import Round

QUOTE_WIDTH = 240  # characters of a source sentence shown under a table
PLAIN = Names({})  # names made from ids, when a view is given no store's names
COMPAT_STYLE = {
    "clash": "bold red",
    "partial overlap": "yellow",
    "agreed": "green",
    "one-sided": "dim",
}


class Notes:
    """The numbered source sentences printed under a table."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.lines: list[Text] = []
        self.count = 0

    def add(self, evidence: Sequence[Evidence]) -> str:
        """Register a row's evidence; the row's reference ("[3]"), or "" when disabled."""
        if not self.enabled:
            return ""
        self.count += 1
        for line in evidence:
            who = line.outlet
            quote = line.text if len(line.text) <= QUOTE_WIDTH else line.text[:QUOTE_WIDTH] + "…"
            self.lines.append(
                Text.assemble(
                    (f"[{self.count}] ", "bold"),
                    (f"{who}, {line.published or 'undated'}: ", "dim"),
                    f"“{quote}”",
                )
            )
        return f"[{self.count}]"

    def render(self) -> list[RenderableType]:
        """The evidence list, or nothing."""
        if not self.enabled or not self.lines:
            return []
        return [Text("Sources", style="bold"), *self.lines]


def positions_view(
    table: Matrix, *, evidence: bool = False, names: Names = PLAIN
) -> RenderableType:
    """The issue x party matrix: stances and a short summary per cell, compatibility per issue."""
    notes = Notes(evidence)
    grid = _table(f"Positions{_process(names.process(table.process))}")
    grid.add_column("issue", no_wrap=True, max_width=18)
    for party in table.parties:
        grid.add_column(escape(names.actor(party)), overflow="fold", ratio=1)
    grid.add_column("compat.", min_width=8, max_width=9, overflow="fold")
    for row in table.rows:
        cells = [_cell(row.cells[party], notes) for party in table.parties]
        grid.add_row(escape(names.issue(row.issue)), *cells, _compat(row.compatibility))
    return Group(grid, *notes.render())


def compare_view(table: Matrix, *, evidence: bool = False, names: Names = PLAIN) -> RenderableType:
    """Two parties side by side by issue, clashes first."""
    return positions_view(table, evidence=evidence, names=names)


def diff_view(found: Diff, *, evidence: bool = False, names: Names = PLAIN) -> RenderableType:
    """What a party added, dropped, hardened or softened."""
    notes = Notes(evidence)
    until = f" to {found.until}" if found.until else ""
    party = names.actor(found.party)
    grid = _table(f"Changes in the positions of {party} since {found.since}{until}")
    grid.add_column("change", no_wrap=True)
    grid.add_column("issue", max_width=16, overflow="fold")
    grid.add_column("stance", max_width=14, overflow="fold")
    grid.add_column("what", overflow="fold", ratio=1)
    grid.add_column("first", no_wrap=True)
    for change in found.changes:
        stance = f"{change.before} → {change.stance}" if change.before else change.stance
        what = change.summary
        if change.targets and not what.startswith("targets"):
            what = f"{what} (targets: {', '.join(change.targets)})"
        ref = notes.add(change.evidence)
        grid.add_row(
            change.kind,
            escape(names.issue(change.issue)),
            escape(stance),
            escape(f"{what} {ref}".strip()),
            change.date or "-",
        )
    if not found.changes:
        return Text(f"No change in the positions of {party} since {found.since}{until}.")
    return Group(grid, *notes.render())


def agreements_view(
    lines: Sequence[AgreementLine], *, evidence: bool = False, names: Names = PLAIN
) -> RenderableType:
    """The agreement ledger: terms, status and its history, fulfilment, outlets."""
    notes = Notes(evidence)
    grid = _table("Agreements")
    grid.add_column("date", no_wrap=True)
    grid.add_column("parties / issue", max_width=20, overflow="fold")
    grid.add_column("terms", overflow="fold", ratio=1)
    grid.add_column("status", max_width=18, overflow="fold")
    grid.add_column("done", justify="right", no_wrap=True)
    grid.add_column("src", justify="right", no_wrap=True)
    for line in lines:
        history = " → ".join(f"{h['status']} {h.get('since') or ''}".strip() for h in line.history)
        terms = f"{line.formula}: {line.summary}" if line.formula else line.summary
        done = f"{line.fulfilment['ratio']:.0%}" if line.fulfilment else "-"
        ref = notes.add(line.evidence)
        grid.add_row(
            line.date or "-",
            escape(f"{names.actor_list(line.parties)} / {names.issue(line.issue)}"),
            escape(f"{terms} {ref}".strip()),
            escape(history or line.status) + _review(line.review),
            done,
            str(len(line.outlets)),
        )
    return Group(grid, *notes.render())


def discrepancies_view(
    lines: Sequence[DiscrepancyLine], *, evidence: bool = False
) -> RenderableType:
    """Each disputed quantity with the values given and who gave them."""
    notes = Notes(evidence)
    grid = _table("Discrepancies")
    grid.add_column("what", max_width=26, overflow="fold")
    grid.add_column("value", max_width=24, overflow="fold")
    grid.add_column("given by", overflow="fold", ratio=1)
    for line in lines:
        first = True
        for value in line.values:
            who = sorted({e.outlet for e in value.sources})
            ref = notes.add(value.sources)
            subject = line.subject if line.status == "conflict" else f"{line.subject} (agrees)"
            grid.add_row(
                escape(subject) + _review(line.review) if first else "",
                escape(value.label),
                escape(f"{'; '.join(who)} {ref}".strip()),
                end_section=value is line.values[-1] and not line.reading,
            )
            first = False
        if line.reading:
            grid.add_row(
                "", Text("reading", style="italic"), escape(line.reading), end_section=True
            )
    if not lines:
        return Text("No discrepancies: the sources agree on every figure they share.")
    return Group(grid, *notes.render())


def timeline_view(entries: Sequence[TimelineEntry], *, evidence: bool = False) -> RenderableType:
    """Events and agreement milestones in date order."""
    notes = Notes(evidence)
    grid = _table("Timeline")
    grid.add_column("date", no_wrap=True)
    grid.add_column("what", max_width=20, overflow="fold")
    grid.add_column("who / where", overflow="fold", ratio=1)
    grid.add_column("src", justify="right", no_wrap=True)
    for entry in entries:
        when = entry.date or "undated"
        if entry.end_date and entry.end_date != entry.date:
            when = f"{when}…{entry.end_date[5:]}"
        ref = notes.add(entry.evidence)
        grid.add_row(
            when, entry.kind, escape(f"{entry.title} {ref}".strip()), str(len(entry.outlets))
        )
    return Group(grid, *notes.render())


def actors_view(found: Sequence[ActorSummary], *, names: Names = PLAIN) -> RenderableType:
    """Every actor: id, name, type, who they act for, how many documents name them."""
    grid = _table("Actors")
    grid.add_column("id", overflow="fold")
    grid.add_column("name", overflow="fold")
    grid.add_column("type", no_wrap=True)
    grid.add_column("acts for", overflow="fold")
    grid.add_column("docs", justify="right", no_wrap=True)
    for actor in found:
        grid.add_row(
            escape(actor.id),
            escape(actor.name),
            actor.type,
            escape(names.actor(actor.party)),
            str(actor.documents),
        )
    return grid


def actor_view(page: ActorPage, *, evidence: bool = False, names: Names = PLAIN) -> RenderableType:
    """One actor: roles over time, rounds attended, deals, and what they said."""
    notes = Notes(evidence)
    actor = page.actor
    acts = f", acts for {names.actor(actor.party)}" if actor.party else ""
    parts: list[RenderableType] = [
        Text(f"{actor.name} ({actor.id}): {actor.type}{acts}; {actor.documents} document(s)")
    ]
    roles = _table("Roles over time")
    roles.add_column("role", overflow="fold")
    roles.add_column("first", no_wrap=True)
    roles.add_column("last", no_wrap=True)
    roles.add_column("src", justify="right")
    for role in page.roles:
        roles.add_row(escape(role.role), role.first_seen or "-", role.last_seen or "-",
                      str(role.sources))  # fmt: skip
    attended = _table("Rounds and deals")
    attended.add_column("date", no_wrap=True)
    attended.add_column("what", overflow="fold", ratio=1)
    attended.add_column("as", overflow="fold")
    for r in page.rounds:
        attended.add_row(r.date or "-", escape(f"round in {r.place or '?'}"), r.capacity)
    for d in page.deals:
        attended.add_row(d.date or "-", escape(d.name or "deal"), d.capacity)
    said = _table("What they said")
    said.add_column("holder / issue", max_width=24, overflow="fold")
    said.add_column("stance: summary", overflow="fold", ratio=1)
    said.add_column("src", justify="right", no_wrap=True)
    for line in page.said:
        ref = notes.add(line.evidence)
        said.add_row(
            escape(f"{names.actor(line.holder)} / {names.issue(line.issue)}"),
            escape(f"{line.stance}: {line.summary} {ref}".strip()),
            str(line.sources),
        )
    parts += [roles, attended, said]
    return Group(*parts, *notes.render())


def deals_view(
    found: Sequence[DealLine], *, evidence: bool = False, names: Names = PLAIN
) -> RenderableType:
    """Deals with their provisions: status, fulfilment and the exchanges carried out."""
    notes = Notes(evidence)
    parts: list[RenderableType] = []
    for deal in found:
        title = deal.name or f"Deal of {deal.date or 'unknown date'}"
        where = f" in {deal.place}" if deal.place else ""
        head = [
            f"{title}{_process(names.process(deal.process))}: {deal.stage}, {deal.status}"
            f" ({deal.date or 'undated'}{where})",
            f"parties: {names.actor_list(deal.parties) or '-'}",
        ]
        for label, actors in (
            ("signed by", deal.signatories),
            ("mediated by", deal.mediators),
            ("guaranteed by", deal.guarantors),
        ):
            if actors:
                head.append(f"{label}: {names.actor_list(actors)}")
        grid = _table(escape("; ".join(head)))
        grid.add_column("issue", max_width=20, overflow="fold")
        grid.add_column("provision", overflow="fold", ratio=1)
        grid.add_column("status", max_width=22, overflow="fold")
        grid.add_column("carried out", max_width=26, overflow="fold")
        for provision in deal.provisions:
            line = provision.agreement
            terms = f"{line.formula}: {line.summary}" if line.formula else line.summary
            history = " → ".join(
                f"{h['status']} {h.get('since') or ''}".strip() for h in line.history
            )
            done = (
                f"{line.fulfilment['carried_out']:,} of {line.fulfilment['agreed']:,}"
                if line.fulfilment
                else ""
            )
            tranches = ", ".join(
                t.date + (f" ({t.quantity:,})" if t.quantity else "") for t in provision.tranches
            )
            carried = "; ".join(x for x in (done, tranches and f"exchanges {tranches}") if x)
            ref = notes.add(line.evidence)
            grid.add_row(
                escape(names.issue(line.issue)),
                escape(f"{terms} {ref}".strip()),
                escape(history or line.status) + _review(line.review),
                escape(carried or "-"),
            )
        parts.append(grid)
    if not parts:
        parts.append(Text("No deals."))
    return Group(*parts, *notes.render())


def rounds_view(found: Sequence[Round], *, names: Names = PLAIN) -> RenderableType:
    """Rounds of talks with their delegations, heads first (marked *)."""
    grid = _table("Rounds")
    grid.add_column("date", no_wrap=True)
    grid.add_column("where", max_width=18, overflow="fold")
    grid.add_column("sides / hosts", max_width=26, overflow="fold")
    grid.add_column("delegations", overflow="fold", ratio=1)
    for r in found:
        sides = names.actor_list(r.participants)
        if r.hosts:
            sides += f"; hosted by {names.actor_list(r.hosts)}"
        if r.mediators:
            sides += f"; mediated by {names.actor_list(r.mediators)}"
        people = "; ".join(
            f"{names.actor(party)}: "
            + ", ".join(("*" if d.head else "") + d.name for d in delegates)
            for party, delegates in r.delegations.items()
        )
        where = ", ".join(x for x in (r.place, r.venue) if x)
        grid.add_row(r.date or "undated", escape(where), escape(sides), escape(people or "-"))
    return grid


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", expand=False, show_lines=False, pad_edge=False)


def _cell(cell: Cell, notes: Notes) -> str:
    if not cell.positions:
        return "[dim]-[/dim]"
    stances = ", ".join(f"{s} ({n})" if n > 1 else s for s, n in cell.stances.items())
    ref = notes.add([e for p in cell.positions for e in p.evidence])
    return f"[bold]{escape(stances)}[/bold]: {escape(cell.summary)} {ref}".strip()


def _compat(value: str) -> str:
    return f"[{COMPAT_STYLE[value]}]{value}[/]"


def _process(process: str | None) -> str:
    return f" ({process})" if process else ""


def _review(state: str | None) -> str:
    return f" [dim]({escape(state)})[/dim]" if state else ""
