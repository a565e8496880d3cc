"""Gathering a briefing from the reconciled, reviewed record: the rounds so far and what is
next, each party's positions, the deals and how far they were carried out, the disputes
between sources, what is still to check and the chronology, every statement footnoted.

Sections cite their evidence in reading order, so footnote 1 is the first one a reader meets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from peacetalks.analysis.deals import DealLine, deals
from peacetalks.analysis.facts import Evidence
from peacetalks.analysis.ledger import DiscrepancyLine, discrepancies, timeline
from peacetalks.analysis.names import Names, names_of
from peacetalks.analysis.positions import Window
from peacetalks.analysis.rounds import Round, rounds
from peacetalks.report.checks import Checks
from peacetalks.report.content import (
    ChronologyRow,
    DealSection,
    Delegation,
    DisputedValue,
    DisputeRow,
    ProvisionRow,
    Report,
    RoundRow,
    TrancheRow,
)
from peacetalks.report.dates import long_date
from peacetalks.report.footnotes import Footnotes
from peacetalks.report.positions import gather_positions
from peacetalks.store import SqlStore


def build_report(store: SqlStore, window: Window, *, today: dt.date | None = None) -> Report:
    """The briefing over `window` (a process, or every one, and a date range) as of `today`
    (default: the clock's date), which is also the date it is generated on."""
    today = today or dt.date.today()
    as_of = window.until or today
    names = names_of(store)
    notes = Footnotes(store)
    checks = Checks.of(store, window.process)
    sourced = {e.key: e.evidence for e in timeline(store, Window(window.process))}

    held = [r for r in rounds(store, window) if r.date is None or r.date <= as_of.isoformat()]
    later = rounds(store, Window(window.process, since=as_of + dt.timedelta(days=1)))
    so_far = tuple(_round_row(r, sourced, names=names, notes=notes, checks=checks) for r in held)
    upcoming = tuple(
        _round_row(r, sourced, names=names, notes=notes, checks=checks)
        for r in later
        if r.date and r.date > as_of.isoformat()
    )
    positions = gather_positions(window, names=names, notes=notes, checks=checks)
    found_deals = tuple(
        _deal_section(d, names=names, notes=notes, checks=checks) for d in deals(store, window)
    )
    disputes = tuple(_dispute_row(d, notes, checks) for d in discrepancies(store, window))
    chronology = tuple(
        ChronologyRow(e.date, e.end_date, e.kind, e.title, notes.cite(e.evidence))
        for e in timeline(store, window)
    )
    dated = sorted(
        d
        for d in [*(r.date for r in so_far), *(r.end_date for r in so_far)]
        + [c.date for c in chronology]
        if d
    )
    process_name = names.process(window.process) if window.process else "every process"
    return Report(
        title=f"{process_name} talks: briefing" if window.process else "Peace talks: briefing",
        process=window.process,
        process_name=process_name,
        since=_iso(window.since),
        until=_iso(window.until),
        generated=today.isoformat(),
        first_date=_iso(window.since) or (dated[0] if dated else None),
        last_date=_iso(window.until) or (dated[-1] if dated else None),
        parties=positions.parties,
        rounds=so_far,
        upcoming=upcoming,
        issues=positions.issues,
        others=positions.others,
        held=positions.held,
        changes=positions.changes,
        deals=found_deals,
        disputes=disputes,
        checks=checks.rows(),
        chronology=chronology,
        footnotes=notes.notes,
        cited_facts=checks.cited,
        unreviewed_facts=checks.unreviewed,
    )


def _round_row(
    found: Round,
    sourced: Mapping[str, Sequence[Evidence]],
    *,
    names: Names,
    notes: Footnotes,
    checks: Checks,
) -> RoundRow:
    refs = notes.cite(sourced.get(found.key, ()))
    where = ", ".join(x for x in (found.venue, found.place) if x)
    delegations = tuple(
        Delegation(
            party=names.actor(party),
            heads=tuple(d.name for d in people if d.head),
            others=tuple(d.name for d in people if not d.head),
        )
        for party, people in found.delegations.items()
    )
    label = f"Round of {long_date(found.date)}" + (f" in {where}" if where else "")
    return RoundRow(
        date=found.date,
        end_date=found.end_date if found.end_date != found.date else None,
        place=found.place,
        venue=found.venue,
        number=found.round,
        sides=tuple(names.actor(p) for p in found.participants),
        hosts=tuple(names.actor(p) for p in found.hosts),
        mediators=tuple(names.actor(p) for p in found.mediators),
        delegations=delegations,
        minutes=found.duration_minutes,
        refs=refs,
        mark=checks.mark(found.key, "round", label, refs),
    )


def _deal_section(deal: DealLine, *, names: Names, notes: Footnotes, checks: Checks) -> DealSection:
    provisions = []
    for provision in deal.provisions:
        line = provision.agreement
        refs = notes.cite(line.evidence)
        terms = f"{line.formula}: {line.summary}" if line.formula else line.summary
        fulfilment = line.fulfilment or {}
        label = f"{names.issue(line.issue)}: {terms}"
        provisions.append(
            ProvisionRow(
                issue=names.issue(line.issue),
                terms=terms,
                status=line.status,
                history=tuple((str(h["status"]), h.get("since")) for h in line.history),
                agreed=_count(fulfilment.get("agreed")),
                carried_out=_count(fulfilment.get("carried_out")),
                tranches=tuple(
                    TrancheRow(t.date, t.quantity, notes.cite(t.evidence))
                    for t in provision.tranches
                ),
                refs=refs,
                mark=checks.mark(line.key, "provision", label, refs),
            )
        )
    return DealSection(
        name=deal.name,
        date=deal.date,
        place=deal.place,
        stage=deal.stage,
        status=deal.status,
        parties=tuple(names.actor(p) for p in deal.parties),
        signatories=tuple(names.actor(p) for p in deal.signatories),
        mediators=tuple(names.actor(p) for p in deal.mediators),
        guarantors=tuple(names.actor(p) for p in deal.guarantors),
        provisions=tuple(provisions),
    )


def _dispute_row(found: DiscrepancyLine, notes: Footnotes, checks: Checks) -> DisputeRow:
    values = tuple(
        DisputedValue(
            label=value.label,
            outlets=tuple(sorted({e.outlet for e in value.sources})),
            refs=notes.cite(value.sources),
        )
        for value in found.values
    )
    refs = tuple(sorted({n for value in values for n in value.refs}))
    return DisputeRow(
        subject=found.subject,
        values=values,
        reading=found.reading,
        mark=checks.mark(found.key, "dispute", found.subject, refs),
    )


def _count(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
