"""The reviewed record as rows: one per reconciled fact, with its sources, confidence and review.

What `peacetalks export --facts` writes: corrections applied, rejected facts left out unless
asked for, each row carrying its review state, confidence and independent sources, and its
sources (outlet, date, document, copy of, quotes). Figures carry their reconciliation status:
the rows with status "conflict" are the discrepancies between sources.
"""

from __future__ import annotations

import json
from typing import Any

from peacetalks.analysis.confidence import confidence
from peacetalks.analysis.deals import DealLine, deals
from peacetalks.analysis.facts import REVIEW_STATES, facts_of, iso
from peacetalks.analysis.positions import Window
from peacetalks.model.facts import Fact
from peacetalks.store import SqlStore

FACT_TABLES = {"positions": "position", "agreements": "agreement", "deals": "deal",
               "events": "event", "figures": "figure"}  # fmt: skip


def fact_rows(
    store: SqlStore, table: str, *, include_rejected: bool = False
) -> list[dict[str, Any]]:
    """One row per fact of a table (positions, agreements, deals, events, figures), in key
    order. An agreement's row names its deal; a deal's row lists its provisions' keys."""
    kind = FACT_TABLES[table]
    if kind not in ("agreement", "deal"):
        return [row_of(f) for f in facts_of(store, kind, include_rejected=include_rejected)]
    agreements = [
        row_of(f) for f in facts_of(store, "agreement", include_rejected=include_rejected)
    ]
    found = deals(store, Window(include_rejected=include_rejected))
    if kind == "deal":
        by_key = {row["key"]: row for row in agreements}
        return [_deal_row(d, by_key) for d in sorted(found, key=lambda d: d.key)]
    deal_of = {p.agreement.key: d.key for d in found for p in d.provisions}
    for row in agreements:
        row["deal"] = deal_of.get(row["key"])
    return agreements


def _deal_row(deal: DealLine, agreements: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A deal as a row: its fields, its provisions' keys and issues, the exchanges under it;
    reviewed as its provisions are ("mixed" when they differ), as confident as the least."""
    rows = [agreements[p.agreement.key] for p in deal.provisions if p.agreement.key in agreements]
    states = {r["review"] for r in rows}
    sources = {s["document_id"]: s for r in rows for s in r["sources"]}
    row: dict[str, Any] = {
        "key": deal.key,
        "kind": "deal",
        "process": deal.process,
        "date": deal.date,
        "end_date": None,
        "review": states.pop() if len(states) == 1 else "mixed",
        "reviewer": None,
        "confidence": min((r["confidence"] for r in rows), default=None),
        "independent_sources": max((r["independent_sources"] for r in rows), default=0),
        "source_count": len(sources),
    }
    fields = deal.to_dict()
    provisions = fields.pop("provisions")
    row.update({k: v for k, v in fields.items() if k not in row})
    row["provisions"] = [p["agreement"]["key"] for p in provisions]
    row["issues"] = [p["agreement"]["issue"] for p in provisions]
    row["exchanges"] = sorted({t["event"] for p in provisions for t in p["tranches"]})
    row["sources"] = [sources[k] for k in sorted(sources)]
    return row


def row_of(fact: Fact) -> dict[str, Any]:
    """A fact as a flat row: identity, review, confidence, the payload's values, the sources."""
    review = fact.review
    row: dict[str, Any] = {
        "key": fact.key,
        "kind": fact.kind,
        "process": fact.process,
        "date": iso(fact.date),
        "end_date": iso(fact.end_date),
        "review": REVIEW_STATES[review.action] if review else "unreviewed",
        "reviewer": review.reviewer if review else None,
        "confidence": confidence(fact),
        "independent_sources": fact.independent_sources,
        "source_count": len(fact.sources),
    }
    for name, value in fact.payload.items():
        if name not in row:
            row[name] = value
    row["sources"] = [
        {
            "document_id": s.document_id,
            "outlet": s.outlet,
            "published": iso(s.published),
            "copy_of": s.copy_of,
            "quotes": [" ".join(e.text.split()) for e in s.evidence],
        }
        for s in fact.sources
    ]
    return row


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row for a spreadsheet: lists joined with '; ', objects as JSON, sources as text."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name == "sources":
            out["sources"] = " | ".join(
                f"{s['outlet']} ({s['published'] or 'undated'})"
                + (f" [copy of {s['copy_of']}]" if s["copy_of"] else "")
                + "".join(f": \u201c{q}\u201d" for q in s["quotes"][:1])
                for s in value
            )
            out["documents"] = "; ".join(s["document_id"] for s in value)
        elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
            out[name] = "; ".join(str(v) for v in value)
        elif isinstance(value, dict | list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out
