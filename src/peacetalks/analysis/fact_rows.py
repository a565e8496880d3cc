"""The reviewed record as rows: one per reconciled fact, with its sources, confidence and review.

What `peacetalks export --facts` writes: corrections applied, rejected facts left out unless
asked for, each row carrying its review state, confidence and independent sources, and its
sources (outlet, date, document, copy of, quotes). Figures carry their reconciliation status:
the rows with status "conflict" are the discrepancies between sources.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from peacetalks.analysis.confidence import confidence
from peacetalks.analysis.deals import DealLine, deals
from peacetalks.analysis.facts import REVIEW_STATES, apply_review, facts_of, iso
from peacetalks.analysis.positions import Window
from peacetalks.model.facts import Fact
from peacetalks.store import SqlStore
from peacetalks.store.stream import stream_facts

FACT_TABLES = {"positions": "position", "agreements": "agreement", "deals": "deal",
               "events": "event", "figures": "figure"}  # fmt: skip


def fact_rows(
    store: SqlStore, table: str, *, include_rejected: bool = False
) -> list[dict[str, Any]]:
    """One row per fact of a table (positions, agreements, deals, events, figures), in key
    order. An agreement's row names its deal; a deal's row lists its provisions' keys."""
    if FACT_TABLES[table] != "deal":
        return list(stream_fact_rows(store, table, include_rejected=include_rejected))
    agreements = [
        row_of(f) for f in facts_of(store, "agreement", include_rejected=include_rejected)
    ]
    found = deals(store, Window(include_rejected=include_rejected))
    by_key = {row["key"]: row for row in agreements}
    return [_deal_row(d, by_key) for d in sorted(found, key=lambda d: d.key)]


def stream_fact_rows(
    store: SqlStore, table: str, *, include_rejected: bool = False
) -> Iterator[dict[str, Any]]:
    """The rows of fact_rows one at a time, the facts read in batches (store.stream): what
    exports write. Deals are made from all agreements and their sources at once, so their
    rows come as a list; agreements first find their deals (from the facts' digests)."""
    kind = FACT_TABLES[table]
    if kind == "deal":
        yield from fact_rows(store, table, include_rejected=include_rejected)
        return
    deal_of: dict[str, str] | None = None
    if kind == "agreement":
        # The headline deals (made from digests, not every source) group and name the same.
        found = deals(store, Window(include_rejected=include_rejected), headline=True)
        deal_of = {p.agreement.key: d.key for d in found for p in d.provisions}
    for fact in stream_facts(store.engine, kind):
        reviewed = apply_review(fact)
        if reviewed is None and not include_rejected:
            continue
        row = row_of(reviewed or fact)
        if deal_of is not None:
            row["deal"] = deal_of.get(row["key"])
        yield row


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
