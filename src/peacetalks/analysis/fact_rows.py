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
from peacetalks.analysis.facts import REVIEW_STATES, facts_of, iso
from peacetalks.model.facts import Fact
from peacetalks.store import SqlStore

FACT_TABLES = {"positions": "position", "agreements": "agreement", "events": "event",
               "figures": "figure"}  # fmt: skip


def fact_rows(
    store: SqlStore, table: str, *, include_rejected: bool = False
) -> list[dict[str, Any]]:
    """One row per fact of a table (positions, agreements, events, figures), in key order."""
    kind = FACT_TABLES[table]
    return [row_of(fact) for fact in facts_of(store, kind, include_rejected=include_rejected)]


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
