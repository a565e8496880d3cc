"""Deals: the agreements of one process grouped into the deals they are provisions of, with
each provision's implementation counted from the exchanges carried out under it.

A deal is one agreement as signed or announced. Provisions agreed on the same day in the same
process are one deal, and so are provisions a document reports as parts of one deal (the
optional `deal` member of its agreements). The deal's name, stage, signatories, mediators and
guarantors are those its reports give most; a deal whose reports give no stage gets one from
its provisions' issues. Where a meeting of the process was held on the day, its place and its
mediators are the deal's too.

Fulfilment: an exchange reported after a deal was agreed is a tranche of the latest provision
on its issue (prisoners, remains) agreed before it, within `_REACH` days; the count of the
tranche is the largest count the reports of the exchange give in the sentences that report it
(per side, as agreements count). A provision with an agreed quantity is carried out as far as
its tranches add up (one per day, never beyond what was agreed); tranches move an agreed
provision to implementing, and a quantity carried out in full to implemented.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from peacetalks.analysis.facts import Evidence, fact_evidence, facts_of, outlets, parse_iso
from peacetalks.analysis.ledger import AgreementLine, agreement_line
from peacetalks.analysis.positions import EVERYTHING, Window, in_window
from peacetalks.model.facts import Fact
from peacetalks.model.record import Issue
from peacetalks.model.stages import stage_of
from peacetalks.reconcile.sources import short_hash
from peacetalks.store import SqlStore
from peacetalks.store.facts import read_fact_sources

_REACH = dt.timedelta(days=120)  # an exchange this long after a deal is no longer its tranche
_EXCHANGED: tuple[Issue, ...] = ("prisoners", "remains")
_REMAINS = re.compile(r"\b(?:bod(?:y|ies)|remains|dead|fallen|corpses)\b", re.I)


@dataclass(frozen=True, slots=True)
class Tranche:
    """One exchange carried out under a provision: when, how many (per side) if stated."""

    event: str  # the exchange's fact key
    date: str
    issue: str
    quantity: int | None
    outlets: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Provision:
    """One provision of a deal: its agreement line, and the exchanges carried out under it."""

    agreement: AgreementLine
    tranches: tuple[Tranche, ...] = ()


@dataclass(frozen=True, slots=True)
class DealLine:
    """One deal: what it is called, who made and signed it, its stage and its provisions."""

    key: str
    process: str | None
    name: str | None
    date: str | None
    place: str | None
    stage: str
    status: str
    parties: tuple[str, ...]
    signatories: tuple[str, ...]
    mediators: tuple[str, ...]
    guarantors: tuple[str, ...]
    provisions: tuple[Provision, ...]
    outlets: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


def deals(
    store: SqlStore, window: Window = EVERYTHING, *, headline: bool = False
) -> list[DealLine]:
    """The deals of the window, oldest first (undated last), each with its provisions;
    `headline`: each provision quotes its first few evidence lines, from the facts' digests
    (what pages and the API show)."""
    found = [
        f
        for f in facts_of(
            store,
            "agreement",
            process=window.process,
            include_rejected=window.include_rejected,
            sources=not headline,
        )
        if in_window(f, window)
    ]
    events = facts_of(store, "event", process=window.process, sources=False)
    tranches = _tranches(*_exchanges(store, events, window.process))
    meetings = {
        (e.process, e.payload.get("date")): e for e in events if e.payload["type"] == "meeting"
    }
    assigned = _assign(found, tranches)
    lines = [_deal(members, assigned, meetings) for members in _group(found) if members]
    return sorted(lines, key=lambda d: (d.date or "9999", d.process or "", d.key))


def _group(found: list[Fact]) -> list[list[Fact]]:
    """Agreement facts in deals: same process and date, or one document's deal id (never two
    different dates in one deal)."""
    parent = list(range(len(found)))
    dates: list[str | None] = [f.payload.get("date") for f in found]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[Any, ...], int] = {}
    for i, fact in enumerate(found):
        keys: list[tuple[Any, ...]] = []
        if fact.payload.get("date"):
            keys.append(("date", fact.process, fact.payload["date"]))
        for report in fact.payload.get("reports", ()):
            if report.get("deal") and report.get("read_as") is None:
                keys.append(("doc", report["document_id"], report["deal"]["id"]))
        for key in keys:
            a, b = root(i), root(first.setdefault(key, i))
            if a != b and (None in (dates[a], dates[b]) or dates[a] == dates[b]):
                parent[a] = b
                dates[b] = dates[b] or dates[a]
    groups: dict[int, list[Fact]] = {}
    for i, fact in enumerate(found):
        groups.setdefault(root(i), []).append(fact)
    return list(groups.values())


def _exchanges(
    store: SqlStore, events: list[Fact], process: str | None
) -> tuple[list[Fact], list[Fact]]:
    """The dated exchanges with their sources, and the exchanged counts those sources' documents
    state: only what fulfilment is counted from is read in full (the rest of a deal comes
    from the facts' digests)."""
    exchanges = [e for e in events if e.payload["type"] == "exchange" and e.payload.get("date")]
    # A copy states what its original states: a story syndicated thousands of times reads once.
    behind = read_fact_sources(store.engine, [e.key for e in exchanges], originals=True)
    exchanges = [replace(e, sources=tuple(behind.get(e.key, ()))) for e in exchanges]
    documents = sorted({s.document_id for e in exchanges for s in e.sources})
    counted = [
        f
        for f in facts_of(store, "figure", process=process, sources=False)
        if f.payload.get("measure") == "count" and f.payload.get("issue") in _EXCHANGED
    ]
    stated = read_fact_sources(store.engine, [f.key for f in counted], documents)
    return exchanges, [replace(f, sources=tuple(stated.get(f.key, ()))) for f in counted]


def _tranches(events: list[Fact], figures: list[Fact]) -> list[Tranche]:
    """Each dated exchange as tranches, one per issue it moved, with the count reports give."""
    counts = _counts_by_document(figures)
    out: list[Tranche] = []
    for event in events:
        if event.payload["type"] != "exchange" or not event.payload.get("date"):
            continue
        by_issue: dict[str, int | None] = {}
        for source in event.sources:
            for span in source.evidence:
                stated = [
                    (issue, value)
                    for issue, start, value in counts.get(source.document_id, ())
                    if span.start <= start < span.end
                ]
                if not stated:
                    issue = "remains" if _REMAINS.search(span.text) else "prisoners"
                    by_issue.setdefault(issue, None)
                for issue, value in stated:
                    by_issue[issue] = max(by_issue.get(issue) or 0, value)
        for issue, quantity in sorted(by_issue.items()):
            out.append(
                Tranche(
                    event=event.key,
                    date=str(event.payload["date"]),
                    issue=issue,
                    quantity=quantity,
                    outlets=tuple(outlets(event)),
                    evidence=tuple(fact_evidence(event)),
                )
            )
    return out


def _counts_by_document(figures: Iterable[Fact]) -> dict[str, list[tuple[str, int, int]]]:
    """(issue, offset, count) of every exchanged count each document states."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for fact in figures:
        for source in fact.sources:
            value = source.value or {}
            if value.get("measure") != "count" or value.get("issue") not in _EXCHANGED:
                continue
            for span in source.evidence:
                out.setdefault(source.document_id, []).append(
                    (str(value["issue"]), span.start, int(value["value"]))
                )
    return out


def _assign(found: list[Fact], tranches: list[Tranche]) -> dict[str, list[Tranche]]:
    """Tranches by agreement key: each to the latest provision on its issue agreed before it."""
    assigned: dict[str, list[Tranche]] = {}
    for tranche in tranches:
        when = dt.date.fromisoformat(tranche.date)
        before = [
            f
            for f in found
            if f.payload["issue"] == tranche.issue
            and (agreed := parse_iso(f.payload.get("date"))) is not None
            and agreed < when <= agreed + _REACH
        ]
        latest = max((str(f.payload["date"]) for f in before), default=None)
        for fact in before:
            if fact.payload["date"] == latest:
                assigned.setdefault(fact.key, []).append(tranche)
    return assigned


def _deal(
    members: list[Fact],
    assigned: dict[str, list[Tranche]],
    meetings: dict[tuple[str | None, Any], Fact],
) -> DealLine:
    # (what a report says of the deal, how many documents say it)
    told = [
        (r["deal"], int(r.get("documents", 1)))
        for f in members
        for r in f.payload.get("reports", ())
        if r.get("deal") and r.get("read_as") is None
    ]
    provisions = tuple(
        sorted(
            (_provision(agreement_line(f), assigned.get(f.key, [])) for f in members),
            key=lambda p: (p.agreement.issue, p.agreement.key),
        )
    )
    dates = sorted(str(f.payload["date"]) for f in members if f.payload.get("date"))
    date = dates[0] if dates else None
    process = members[0].process
    meeting = meetings.get((process, date))
    mediators = _most(told, "mediators") + tuple(
        meeting.payload.get("mediators", ()) if meeting else ()
    )
    parties = tuple(sorted({p for f in members for p in f.payload["parties"]} - set(mediators)))
    names: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    for deal, documents in told:
        names.update({str(deal["name"]): documents} if deal.get("name") else {})
        stages.update({str(deal["stage"]): documents} if deal.get("stage") else {})
    name = min(names, key=lambda n: (-names[n], n)) if names else None
    issues = [f.payload["issue"] for f in members]
    key_part = date or short_hash(*sorted(f.key for f in members))
    return DealLine(
        key=f"deal:{process or '-'}:{key_part}",
        process=process,
        name=name,
        date=date,
        place=meeting.payload.get("place") if meeting else None,
        stage=min(stages, key=lambda s: (-stages[s], s)) if stages else stage_of(name, "", issues),
        status=_deal_status([p.agreement.status for p in provisions]),
        parties=parties,
        signatories=_most(told, "signatories"),
        mediators=tuple(dict.fromkeys(mediators)),
        guarantors=_most(told, "guarantors"),
        provisions=provisions,
        outlets=tuple(sorted({o for f in members for o in outlets(f)})),
    )


def _provision(line: AgreementLine, tranches: list[Tranche]) -> Provision:
    """The provision with its tranches counted into its fulfilment, status and history."""
    if not tranches:
        return Provision(line)
    ordered = tuple(sorted(tranches, key=lambda t: (t.date, t.event)))
    history = list(line.history)
    status = line.status
    fulfilment = line.fulfilment
    agreed = (fulfilment or {}).get("agreed")
    first = ordered[0].date
    if status == "agreed":
        status = "implementing"
        history.append({"status": "implementing", "since": first, "document_id": None})
    if agreed:
        per_day: dict[str, int] = {}
        for tranche in ordered:
            if tranche.quantity:
                per_day[tranche.date] = max(per_day.get(tranche.date, 0), tranche.quantity)
        running, full_on = 0, None
        for day in sorted(per_day):
            running += per_day[day]
            if running >= agreed and full_on is None:
                full_on = day
        before = (fulfilment or {}).get("carried_out") or 0
        carried = min(agreed, max(before, running))
        fulfilment = {"agreed": agreed, "carried_out": carried, "ratio": round(carried / agreed, 3)}
        if full_on is not None and status != "implemented":
            status = "implemented"
            history.append({"status": "implemented", "since": full_on, "document_id": None})
    return Provision(
        replace(line, status=status, history=tuple(history), fulfilment=fulfilment), ordered
    )


def _most(told: list[tuple[dict[str, Any], int]], member: str) -> tuple[str, ...]:
    """The actors the reports give for `member`, named by the most documents first."""
    counts: Counter[str] = Counter()
    for deal, documents in told:
        for actor in deal.get(member) or ():
            counts[actor] += documents
    return tuple(sorted(counts, key=lambda a: (-counts[a], a)))


def _deal_status(statuses: list[str]) -> str:
    """Violated or stalled if a provision is; implemented when all are; implementing when one
    is under way; else agreed."""
    for bad in ("violated", "stalled"):
        if bad in statuses:
            return bad
    if statuses and all(s == "implemented" for s in statuses):
        return "implemented"
    return (
        "implementing" if any(s in ("implementing", "implemented") for s in statuses) else "agreed"
    )


__all__ = ["DealLine", "Provision", "Tranche", "deals"]
