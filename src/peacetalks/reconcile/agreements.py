"""Agreement facts: one agreement followed from agreed to carried out, with its fulfilment."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Agreement
from peacetalks.model.facts import Fact, FactKind, SourcedItem
from peacetalks.model.format import deal_to_dict
from peacetalks.reconcile.folds import (
    Head,
    State,
    add_counts,
    count,
    first_of,
    folded_facts,
    merge_all,
    union,
)
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
    return folded_facts(AGREEMENTS, block, found)


class AgreementFold:
    """Agreements fold (reconcile/folds.py): a raw cluster is a formula ("f:1000-for-1000")
    or, for reports without one, a date ("d:2025-05-16", "d:-"), grouped as the docstring of
    agreement_facts says; the state keeps each story once (what a report says, with the first
    document saying it and how many do), the dates, the terms' counts and the summaries."""

    kind: FactKind = "agreement"

    def raw(self, block: str, members: Sequence[SourcedItem]) -> dict[str, list[SourcedItem]]:
        clusters: dict[str, list[SourcedItem]] = {}
        for sourced in sorted(members, key=lambda s: (s.document_id, s.seq)):
            agreement = _agreement(sourced)
            formula = formula_of(agreement)
            when = agreement.date.isoformat() if agreement.date else "-"
            clusters.setdefault(f"f:{formula}" if formula else f"d:{when}", []).append(sourced)
        return clusters

    def state(self, members: Sequence[SourcedItem]) -> State:
        agreements = [_agreement(s) for s in members]
        stories: dict[str, dict[str, Any]] = {}
        for agreement, sourced in zip(agreements, members, strict=True):
            report = _report(agreement, sourced)
            _add_story(stories, _said(report), {"report": report, "documents": 1})
        agreed = [a for a in agreements if a.status == "agreed"]
        first = members[0]
        return {
            "first": [first.document_id, first.seq, agreements[0].issue, first.process],
            "parties": sorted({p for a in agreements for p in a.parties}),
            "summaries": count([a.summary.strip() for a in agreements if a.summary.strip()]),
            "dates": sorted({a.date.isoformat() for a in agreements if a.date}),
            "agreed_dates": sorted({a.date.isoformat() for a in agreed if a.date}),
            "stories": stories,
            "agreed": len(agreed),
            "quantity_agreed": _counted([a.terms.quantity for a in agreed]),
            "quantity": _counted([a.terms.quantity for a in agreements]),
            "unit": _counted([a.terms.unit for a in agreements]),
            "group": _counted([a.terms.group for a in agreements]),
        }

    def merge(self, a: State, b: State) -> State:
        stories = dict(a["stories"])  # neither state's stories are changed: new ones replace
        for said, story in b["stories"].items():
            _add_story(stories, said, story)
        return {
            "first": first_of(a["first"], b["first"]),
            "parties": union(a["parties"], b["parties"]),
            "summaries": add_counts(a["summaries"], b["summaries"]),
            "dates": union(a["dates"], b["dates"]),
            "agreed_dates": union(a["agreed_dates"], b["agreed_dates"]),
            "stories": stories,
            "agreed": a["agreed"] + b["agreed"],
            **{
                name: add_counts(a[name], b[name])
                for name in ("quantity_agreed", "quantity", "unit", "group")
            },
        }

    def group(self, states: dict[str, State]) -> list[list[str]]:
        named = sorted(k for k in states if k.startswith("f:"))
        groups: dict[str, list[str]] = {k: [k] for k in named}
        for key in sorted(k for k in states if k.startswith("d:")):
            when = key[2:]
            if when != "-":
                same_day = [n for n in named if when in states[n]["dates"]]
                home = same_day[0] if same_day else key
            else:
                home = named[0] if len(named) == 1 else key
            if home == key:
                groups[key] = [key]  # an agreement of its own date
            else:
                groups[home].append(key)
        return [groups[k] for k in sorted(groups)]

    def finish(self, block: str, states: dict[str, State], documents: int) -> Head:
        total = merge_all(self, states)
        main = next(iter(states))
        name = main[2:] if main.startswith("f:") else f"date:{main[2:]}"
        date_text = min(total["agreed_dates"] or total["dates"], default=None)
        date = dt.date.fromisoformat(date_text) if date_text else None
        stories = sorted(total["stories"].values(), key=lambda st: _report_order(st["report"]))
        reports = []
        for story in stories:
            report = dict(story["report"])
            if date_text is not None and _premature(report, date_text):
                report["read_as"] = "agreed"
            reports.append({**report, "documents": story["documents"]})
        done_dates = [
            dt.date.fromisoformat(r["date"])
            for r in reports
            if r["date"] and _status(r) in DONE and (date_text is None or r["date"] > date_text)
        ]
        summaries = total["summaries"]
        _, _, issue, process = states[main]["first"]  # the main cluster's first report
        payload: dict[str, Any] = {
            "parties": total["parties"],
            "issue": issue,
            "summary": min(summaries, key=lambda t: (-summaries[t], -len(t), t))
            if summaries
            else "",
            "terms": {
                "formula": None if name.startswith("date:") else name,
                "quantity": _common(total["quantity_agreed" if total["agreed"] else "quantity"]),
                "unit": _common(total["unit"]),
                "group": _common(total["group"]),
            },
            "status": _status(reports[-1]),
            "date": date_text,
            "history": _history(reports, date_text),
            "reports": reports,
        }
        payload["fulfilment"] = _fulfilment(
            payload["terms"]["quantity"], payload["status"], reports
        )
        return Head(
            key=f"{block}:{short_hash(name)}",
            payload=payload,
            process=process,
            date=date,
            end_date=max(done_dates) if done_dates else None,
        )


AGREEMENTS = AgreementFold()


def _report(agreement: Agreement, sourced: SourcedItem) -> dict[str, Any]:
    return {
        "status": agreement.status,
        "date": agreement.date.isoformat() if agreement.date else None,
        "published": sourced.published.isoformat() if sourced.published else None,
        "document_id": sourced.document_id,
        "publisher": sourced.publisher,
        "quantity": agreement.terms.quantity,
        **({"deal": deal_to_dict(agreement.deal)} if agreement.deal is not None else {}),
    }


def _said(report: dict[str, Any]) -> str:
    """What a report says (status, dates, quantity, deal), whoever says it, as a short hash:
    reports that say the same are one story, kept once with the number of documents behind
    it (a story syndicated 10,000 times is not 10,000 entries to decode; the documents are
    all in the fact's sources)."""
    return short_hash(
        json.dumps(
            {k: v for k, v in report.items() if k not in ("document_id", "publisher")},
            sort_keys=True,
        )
    )


def _add_story(stories: dict[str, dict[str, Any]], said: str, story: dict[str, Any]) -> None:
    """A story (its first report, how many documents say it) added to the stories: one said
    already keeps the earlier report and the sum of the documents (a new entry replaces it,
    so the stories of a merged state are never changed)."""
    kept = stories.get(said)
    if kept is None:
        stories[said] = story
        return
    earlier = _report_order(story["report"]) < _report_order(kept["report"])
    stories[said] = {
        "report": story["report"] if earlier else kept["report"],
        "documents": kept["documents"] + story["documents"],
    }


def _counted(values: Sequence[Any]) -> dict[str, int]:
    """Counts of terms values (numbers or strings) under JSON keys; None is not counted."""
    return count([json.dumps(v) for v in values if v is not None])


def _common(counted: dict[str, int]) -> Any:  # noqa: ANN401 (str or int)
    """The most frequent value, ties broken by its text."""
    values = {json.loads(k): n for k, n in counted.items()}
    return min(values, key=lambda v: (-values[v], str(v))) if values else None


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
