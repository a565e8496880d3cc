"""The agreement ledger, the list of discrepancies and the timeline, read from stored facts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from peacetalks.analysis.facts import (
    UNSHOWN,
    Evidence,
    evidence_count,
    evidence_of,
    fact_evidence,
    facts_of,
    outlets,
    review_state,
)
from peacetalks.analysis.names import Names, names_of
from peacetalks.analysis.positions import EVERYTHING, Window, in_window, passes, shorten
from peacetalks.model.facts import HEADLINE, Fact
from peacetalks.model.names import issue_name
from peacetalks.store import SqlStore
from peacetalks.store.facts import read_fact_sources


@dataclass(frozen=True, slots=True)
class AgreementLine:
    """One agreement: terms, status now and how it got there, fulfilment, sources."""

    key: str
    parties: tuple[str, ...]
    issue: str
    summary: str
    formula: str | None
    status: str
    date: str | None
    history: tuple[dict[str, Any], ...]
    fulfilment: dict[str, Any] | None
    outlets: tuple[str, ...]
    review: str | None = None
    evidence: tuple[Evidence, ...] = ()
    evidence_count: int = 0  # all evidence lines; `evidence` may hold the first few only

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StatedValue:
    """One value sources gave for a disputed quantity, and who gave it."""

    label: str
    low: float
    high: float
    sources: tuple[Evidence, ...]
    documents: int = 0  # how many documents gave it; `sources` may quote the first few only

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DiscrepancyLine:
    """A quantity reported by several sources: their values, and whether they can all hold."""

    key: str
    issue: str
    measure: str
    unit: str | None
    subject: str
    status: str  # conflict | consistent
    reading: str | None
    values: tuple[StatedValue, ...]
    review: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event or agreement milestone, with its sources."""

    key: str
    date: str | None
    end_date: str | None
    kind: str  # meeting, call, exchange, military_action, or agreement: <status>
    title: str
    outlets: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    evidence_count: int = 0  # all evidence lines; `evidence` may hold the first few only

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


def agreements(
    store: SqlStore, window: Window = EVERYTHING, *, headline: bool = False
) -> list[AgreementLine]:
    """The agreement ledger, oldest first; `headline`: the first few evidence lines of each,
    from the facts' digests (what pages and the API show)."""
    found = facts_of(
        store,
        "agreement",
        process=window.process,
        include_rejected=window.include_rejected,
        sources=not headline,
        without=UNSHOWN["agreement"] if headline else (),
    )
    lines = [agreement_line(f) for f in found if in_window(f, window)]
    return sorted(lines, key=lambda a: (a.date or "9999", a.issue, a.key))


def discrepancies(
    store: SqlStore,
    window: Window = EVERYTHING,
    *,
    include_consistent: bool = False,
    headline: bool = False,
) -> list[DiscrepancyLine]:
    """Quantities the sources disagree on (and, if asked, those they agree on once
    normalised); `headline`: each value quotes its first few documents only."""
    wanted = {"conflict", "consistent"} if include_consistent else {"conflict"}
    found = facts_of(
        store,
        "figure",
        process=window.process,
        include_rejected=window.include_rejected,
        sources=not headline,
    )
    shown = [f for f in found if f.payload["status"] in wanted and in_window(f, window)]
    if headline:
        quoted = {
            d for f in shown for v in f.payload["values"] for d in v.get("documents", ())[:HEADLINE]
        }
        behind = read_fact_sources(store.engine, [f.key for f in shown], sorted(quoted))
        shown = [replace(f, sources=tuple(behind.get(f.key, ()))) for f in shown]
    lines = [_discrepancy(f, HEADLINE if headline else None) for f in shown]
    return sorted(lines, key=lambda d: (d.status != "conflict", d.issue, d.subject, d.key))


def timeline(
    store: SqlStore, window: Window = EVERYTHING, *, headline: bool = False
) -> list[TimelineEntry]:
    """Events and agreement milestones in date order (undated ones last); `headline`: the
    first few evidence lines of each event, from the facts' digests (pages and the API)."""
    names = names_of(store)

    def read(kind: str) -> list[Fact]:
        return facts_of(
            store,
            kind,
            process=window.process,
            include_rejected=window.include_rejected,
            sources=not headline,
            without=UNSHOWN.get(kind, ()) if headline else (),
        )

    entries = [
        _event(f, names)
        for f in read("event")
        if f.payload["type"] != "military_action" and in_window(f, window)
    ]
    agreed = [f for f in read("agreement") if passes(f, window)]
    if headline:  # a milestone quotes the document that reported it
        steps = {s.get("document_id") for f in agreed for s in f.payload.get("history", ())}
        behind = read_fact_sources(
            store.engine, [f.key for f in agreed], sorted(d for d in steps if d)
        )
        agreed = [replace(f, sources=tuple(behind.get(f.key, ()))) for f in agreed]
    for fact in agreed:
        for step in fact.payload.get("history", ()):
            entry = _milestone(fact, step, names)
            if _date_in(entry.date, window):
                entries.append(entry)
    return sorted(entries, key=lambda e: (e.date or "9999", e.kind, e.key))


def agreement_line(fact: Fact) -> AgreementLine:
    """One agreement fact as a line of the ledger."""
    payload = fact.payload
    return AgreementLine(
        key=fact.key,
        parties=tuple(payload["parties"]),
        issue=str(payload["issue"]),
        summary=shorten(str(payload.get("summary") or "")),
        formula=payload["terms"].get("formula"),
        status=str(payload["status"]),
        date=payload.get("date"),
        history=tuple(payload.get("history", ())),
        fulfilment=payload.get("fulfilment"),
        outlets=tuple(outlets(fact)),
        review=review_state(fact),
        evidence=tuple(fact_evidence(fact)),
        evidence_count=evidence_count(fact),
    )


def _discrepancy(fact: Fact, quoted: int | None = None) -> DiscrepancyLine:
    payload = fact.payload
    by_document = {s.document_id: s for s in fact.sources}
    values = []
    for value in payload["values"]:
        named = list(value.get("documents", ()))
        docs = [by_document[d] for d in named[:quoted] if d in by_document]
        sources = tuple(e for s in docs for e in evidence_of(s))
        count = value.get("document_count", len(named))
        values.append(StatedValue(value["label"], value["low"], value["high"], sources, count))
    about = payload.get("about") or []
    subject = about[0] if about and payload["measure"] == "duration_minutes" else ""
    if not subject:
        subject = f"{issue_name(payload['issue'])}: {payload['measure'].replace('_', ' ')}" + (
            f" ({payload['unit']})" if payload.get("unit") else ""
        )
    return DiscrepancyLine(
        key=fact.key,
        issue=str(payload["issue"]),
        measure=str(payload["measure"]),
        unit=payload.get("unit"),
        subject=subject,
        status=str(payload["status"]),
        reading=payload.get("reading"),
        values=tuple(values),
        review=review_state(fact),
    )


def _event(fact: Fact, names: Names) -> TimelineEntry:
    payload = fact.payload
    where = f" in {payload['place']}" if payload.get("place") else ""
    who = names.actor_list(payload.get("participants", ())) or "parties not named"
    extra = f", round {payload['round']}" if payload.get("round") else ""
    return TimelineEntry(
        key=fact.key,
        date=payload.get("date"),
        end_date=payload.get("end_date"),
        kind=str(payload["type"]),
        title=f"{who}{where}{extra}",
        outlets=tuple(outlets(fact)),
        evidence=tuple(fact_evidence(fact)),
        evidence_count=evidence_count(fact),
    )


def _milestone(fact: Fact, step: dict[str, Any], names: Names) -> TimelineEntry:
    payload = fact.payload
    formula = payload["terms"].get("formula")
    what = f"{formula} " if formula else ""
    return TimelineEntry(
        key=f"{fact.key}:{step['status']}",
        date=step.get("since"),
        end_date=None,
        kind=f"agreement {step['status']}",
        title=f"{what}{names.issue(payload['issue'])}: "
        f"{shorten(str(payload.get('summary') or ''), 50)}",
        outlets=tuple(outlets(fact)),
        evidence=tuple(
            e
            for s in fact.sources
            if s.document_id == step.get("document_id")
            for e in evidence_of(s)
        ),
    )


def _date_in(value: str | None, window: Window) -> bool:
    if value is None:
        return True
    return (window.since is None or value >= window.since.isoformat()) and (
        window.until is None or value <= window.until.isoformat()
    )
