"""Confidence of a fact, and the review queue: the least certain unreviewed facts first.

A source's score is the extractor's own when its item carries one (the learned backend's
positions: stance x holder x issue probability), else the share of that kind's items that
were right when extraction was measured on processes it never saw (KIND_PRIOR, from the
bundled model's cross-validated precision). Independent sources combine as a noisy-or: the
chance that at least one of them is right if their errors were independent; copies of one
story count once. A confirmed or corrected fact is 1.0; a rejected one 0.0.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from peacetalks.analysis.facts import UNSHOWN, facts_of, review_state
from peacetalks.model.facts import (
    FACT_KINDS,
    KIND_PRIOR,
    Fact,
    sources_confidence,
)
from peacetalks.store import SqlStore

LOW = 0.6  # below this an unreviewed fact is marked "unconfirmed, low confidence"
REVIEWED = {"confirm": 1.0, "correct": 1.0, "reject": 0.0}


def confidence(fact: Fact) -> float:
    """The fact's confidence (0..1): its review, else its independent sources combined (from
    its digest when its sources were not read)."""
    if fact.review is not None:
        return REVIEWED[fact.review.action]
    if not fact.sources and fact.digest is not None:
        return float(fact.digest.get("confidence", KIND_PRIOR.get(fact.kind, 0.5)))
    return sources_confidence(fact.kind, fact.sources)


def is_low(fact: Fact) -> bool:
    """Unreviewed and below LOW: marked as such wherever the fact shows."""
    return fact.review is None and confidence(fact) < LOW


@dataclass(frozen=True, slots=True)
class QueueLine:
    """One fact waiting for review."""

    key: str
    kind: str
    label: str
    confidence: float
    sources: int
    process: str | None
    date: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


def review_queue(
    store: SqlStore, *, kind: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[QueueLine], int]:
    """Unreviewed facts, least confident first, then the most cited; and how many wait."""
    kinds = [kind] if kind else [k for k in FACT_KINDS if k != "actor"]
    waiting = [
        fact
        for k in kinds
        for fact in facts_of(store, k, sources=False, without=UNSHOWN.get(k, ()))
        if review_state(fact) is None
    ]
    waiting.sort(key=lambda f: (confidence(f), -f.independent_sources, f.key))
    lines = [
        QueueLine(
            key=fact.key,
            kind=fact.kind,
            label=label_of(fact),
            confidence=confidence(fact),
            sources=fact.independent_sources,
            process=fact.process,
            date=fact.date.isoformat() if fact.date else None,
        )
        for fact in waiting[offset : offset + limit]
    ]
    return lines, len(waiting)


def label_of(fact: Fact) -> str:
    """A line saying what the fact states."""
    p = fact.payload
    if fact.kind == "position":
        return f"{p.get('holder')} {p.get('stance')}s on {p.get('issue')}: {p.get('summary', '')}"
    if fact.kind == "agreement":
        parties = " and ".join(p.get("parties") or ())
        return f"{parties} agreed on {p.get('issue')}: {p.get('summary', '')}"
    if fact.kind == "event":
        where = f" in {p['place']}" if p.get("place") else ""
        return f"{p.get('type')} on {p.get('date')}{where}"
    if fact.kind == "figure":
        return (
            f"{p.get('issue')}: {p.get('measure')} {p.get('value')} {p.get('unit') or ''}".strip()
        )
    return str(p.get("name") or fact.key)
