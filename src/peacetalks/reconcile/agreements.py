"""Agreement facts: one agreement followed from agreed to carried out, with its fulfilment."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Agreement
from peacetalks.model.facts import Fact, SourcedItem
from peacetalks.model.format import deal_to_dict
from peacetalks.reconcile.evidence import fact_source
from peacetalks.reconcile.sources import short_hash

# How far along an agreement is; a later report wins, and on the same day the further status.
STATUS_RANK = {"agreed": 0, "implementing": 1, "stalled": 2, "violated": 3, "implemented": 4}
DONE = ("implementing", "implemented")


def agreement_facts(block: str, found: Sequence[SourcedItem]) -> list[Fact]:
    """Agreements of one (process, issue) block, matched by formula, then by date.

    Reports giving a formula (1000-for-1000, all-for-all; a per-side quantity N reads N-for-N)
    are one agreement per formula. A report without one joins the agreement with a report of the
    same date, or, undated, the block's only agreement with a formula; otherwise it is an
    agreement of its own date.
    """
    ordered = sorted(found, key=lambda s: (s.document_id, s.seq))
    clusters: dict[str, list[SourcedItem]] = {}
    loose: list[SourcedItem] = []
    for sourced in ordered:
        formula = formula_of(_agreement(sourced))
        if formula:
            clusters.setdefault(formula, []).append(sourced)
        else:
            loose.append(sourced)
    named = sorted(clusters)
    for sourced in loose:
        clusters.setdefault(_home(_agreement(sourced), named, clusters), []).append(sourced)
    return [_fact(block, name, clusters[name]) for name in sorted(clusters)]


def formula_of(agreement: Agreement) -> str | None:
    """The agreement's formula, normalised: "1,000 for 1,000" -> "1000-for-1000"."""
    terms = agreement.terms
    if terms.formula:
        text = re.sub(r"[,\s]", "", terms.formula.lower())
        return re.sub(r"(?<=\w)for(?=\w)", "-for-", text).replace("--", "-")
    if terms.quantity:
        return f"{terms.quantity}-for-{terms.quantity}"
    return None


def _agreement(sourced: SourcedItem) -> Agreement:
    assert isinstance(sourced.item, Agreement)  # agreement blocks hold agreements only
    return sourced.item


def _home(agreement: Agreement, named: list[str], clusters: dict[str, list[SourcedItem]]) -> str:
    if agreement.date is not None:
        same_day = [
            n for n in named if any(_agreement(s).date == agreement.date for s in clusters[n])
        ]
        if same_day:
            return same_day[0]
        return f"date:{agreement.date.isoformat()}"
    if len(named) == 1:
        return named[0]
    return "date:-"


def _fact(block: str, name: str, members: list[SourcedItem]) -> Fact:
    agreements = [_agreement(s) for s in members]
    reports: list[dict[str, Any]] = sorted(
        (
            {
                "status": a.status,
                "date": a.date.isoformat() if a.date else None,
                "published": s.published.isoformat() if s.published else None,
                "document_id": s.document_id,
                "publisher": s.publisher,
                "quantity": a.terms.quantity,
                **({"deal": deal_to_dict(a.deal)} if a.deal is not None else {}),
            }
            for a, s in zip(agreements, members, strict=True)
        ),
        key=_report_order,
    )
    agreed_dates = [a.date for a in agreements if a.date and a.status == "agreed"]
    any_dates = [a.date for a in agreements if a.date]
    date = min(agreed_dates or any_dates, default=None)
    agreed_on = date.isoformat() if date else None
    for report in reports:
        if agreed_on is not None and _premature(report, agreed_on):
            report["read_as"] = "agreed"
    done_dates = [
        dt.date.fromisoformat(r["date"])
        for r in reports
        if r["date"] and _status(r) in DONE and (agreed_on is None or r["date"] > agreed_on)
    ]
    reports = _stories(reports)
    summaries = Counter(a.summary.strip() for a in agreements if a.summary.strip())
    payload: dict[str, Any] = {
        "parties": sorted({p for a in agreements for p in a.parties}),
        "issue": agreements[0].issue,
        "summary": min(summaries, key=lambda t: (-summaries[t], -len(t), t)) if summaries else "",
        "terms": _terms(agreements, name),
        "status": _status(reports[-1]),
        "date": agreed_on,
        "history": _history(reports, agreed_on),
        "reports": reports,
    }
    payload["fulfilment"] = _fulfilment(payload["terms"]["quantity"], payload["status"], reports)
    return Fact(
        key=f"{block}:{short_hash(name)}",
        kind="agreement",
        block=block,
        payload=payload,
        sources=tuple(fact_source(s) for s in members),
        process=members[0].process,
        date=date,
        end_date=max(done_dates) if done_dates else None,
    )


def _stories(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reports that say the same (status, dates, quantity, deal) on the same day, one each:
    the first (an original or the earliest copy) with the number of documents behind it.
    A story syndicated 10,000 times is not 10,000 entries to decode; the documents are all
    in the fact's sources."""
    kept: dict[str, dict[str, Any]] = {}
    for report in reports:  # in report order: the first of each story stands for it
        said = json.dumps(
            {k: v for k, v in report.items() if k not in ("document_id", "publisher")},
            sort_keys=True,
        )
        if said in kept:
            kept[said]["documents"] += 1
        else:
            kept[said] = {**report, "documents": 1}
    return list(kept.values())


def _premature(report: dict[str, Any], agreed: str) -> bool:
    """A report of the deal carried out that can only be dating the agreement itself: its date
    is not after the day of agreement and it came out within a day of it. Such a report says
    what was agreed, not that it was done ("all-for-all" reported the morning after as done)."""
    if report["status"] not in DONE:
        return False
    if report["date"] is not None and report["date"] > agreed:
        return False
    published = report["published"]
    if published is None:
        return report["date"] is not None
    day_after = (dt.date.fromisoformat(agreed) + dt.timedelta(days=1)).isoformat()
    return bool(published <= day_after)


def _status(report: dict[str, Any]) -> str:
    """The status a report counts for: a premature report of a deal done counts as agreed."""
    return str(report.get("read_as") or report["status"])


def _report_order(report: dict[str, Any]) -> tuple[str, int, str]:
    when = report["published"] or report["date"] or ""
    return str(when), STATUS_RANK[str(report["status"])], str(report["document_id"])


def _terms(agreements: list[Agreement], name: str) -> dict[str, Any]:
    def common(values: list[Any]) -> Any:  # noqa: ANN401 (str or int)
        counts = Counter(v for v in values if v is not None)
        return min(counts, key=lambda v: (-counts[v], str(v))) if counts else None

    agreed = [a for a in agreements if a.status == "agreed"] or agreements
    return {
        "formula": None if name.startswith("date:") else name,
        "quantity": common([a.terms.quantity for a in agreed]),
        "unit": common([a.terms.unit for a in agreements]),
        "group": common([a.terms.group for a in agreements]),
    }


def _history(reports: list[dict[str, Any]], agreed_on: str | None) -> list[dict[str, Any]]:
    """Each status the reports moved through, and since when.

    Agreed: the earliest date a report gives (else the first publication). Carried out: the
    latest date after the day of agreement a report of it gives (an exchange over 23-25 May
    was done on the 25th), else the first publication saying so (a date not after the
    agreement is the agreement's own). The document is the first report of the status.
    """
    steps: list[dict[str, Any]] = []
    for status in sorted({_status(r) for r in reports}, key=lambda s: STATUS_RANK[s]):
        mine = [r for r in reports if _status(r) == status]
        dated = sorted(
            r["date"]
            for r in mine
            if r["date"] and (status not in DONE or agreed_on is None or r["date"] > agreed_on)
        )
        if dated:
            since = dated[-1] if status in DONE else dated[0]
        else:
            since = min((r["published"] for r in mine if r["published"]), default=None)
        steps.append({"status": status, "since": since, "document_id": mine[0]["document_id"]})
    return steps


def _fulfilment(
    agreed: int | None, status: str, reports: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """Quantities carried out against the quantity agreed (per side).

    A report that the whole quantity was carried out settles it; otherwise the distinct
    tranches reported (one per date) are summed, never beyond what was agreed.
    """
    if not agreed:
        return None
    done = [r for r in reports if _status(r) in DONE and r["quantity"]]
    if any(r["quantity"] >= agreed for r in done):
        carried = agreed
    else:
        tranches = {(r["date"] or r["published"], r["quantity"]) for r in done}
        carried = min(sum(q for _, q in tranches), agreed)
    if not done and status == "implemented":
        carried = agreed  # reported carried out, without a number: all of it
    return {"agreed": agreed, "carried_out": carried, "ratio": round(carried / agreed, 3)}
