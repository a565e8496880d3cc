"""Reading facts for views: the latest review applied, evidence in a form people can read.

Reviews (written by the web UI, never by reconciliation) apply on every read: a rejected fact
is hidden unless asked for, a correction overrides the fields it names, a confirmation marks
the fact confirmed. Re-reconciling makes the same keys, so a review is never lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peacetalks.model.facts import Fact, FactSource, evidence_lines, outlet_of
from peacetalks.store import SqlStore
from peacetalks.store.facts import read_facts


@dataclass(frozen=True, slots=True)
class Evidence:
    """One source sentence: which document, outlet and date, and the quoted text."""

    document_id: str
    publisher: str | None
    published: str | None
    text: str
    name: str | None = None  # the document's site, title or file name

    @property
    def outlet(self) -> str:
        """Who published it, or what names the document when no publisher is known."""
        return outlet_of(self.publisher, self.name, self.document_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {**dataclasses.asdict(self), "outlet": self.outlet}


def facts_of(
    store: SqlStore,
    kind: str,
    *,
    process: str | None = None,
    include_rejected: bool = False,
    sources: bool = True,
    members: Sequence[str] | None = None,
    without: Sequence[str] = (),
) -> list[Fact]:
    """Stored facts of one kind with their latest review applied, in key order; with
    `sources=False` each carries the digest of its sources instead (what list views show);
    `members`: only these members of the payloads, `without`: all but these
    (store.facts.read_facts)."""
    shown = []
    facts = read_facts(
        store.engine,
        kind=kind,
        process=process,
        sources=sources,
        members=members,
        without=without,
    )
    for fact in facts:
        reviewed = apply_review(fact)
        if reviewed is not None or include_rejected:
            shown.append(reviewed or fact)
    return shown


def apply_review(fact: Fact) -> Fact | None:
    """The fact as its latest review leaves it; None when the review rejected it."""
    review = fact.review
    if review is None or (review.action == "confirm" and not review.after):
        return fact
    if review.action == "reject":
        return None
    # A correction, or a confirmation carrying the corrections it confirmed.
    corrected = {**fact.payload, **(review.after or {})}
    return dataclasses.replace(fact, payload=corrected)


# What list views never show of an agreement: its reports, one per document (a story copied
# 10,000 times makes megabytes of them); deals read them, to group provisions by deal.
UNSHOWN = {"agreement": ("reports",)}


REVIEW_STATES = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}


def review_state(fact: Fact) -> str | None:
    """'confirmed', 'corrected' or 'rejected' (by whom), or None for an unreviewed fact."""
    if fact.review is None:
        return None
    return f"{REVIEW_STATES[fact.review.action]} by {fact.review.reviewer}"


def evidence_of(source: FactSource) -> list[Evidence]:
    """The source's evidence spans as readable lines."""
    return [
        Evidence(
            document_id=source.document_id,
            publisher=source.publisher,
            published=iso(source.published),
            text=" ".join(span.text.split()),
            name=source.name,
        )
        for span in source.evidence
    ] or [Evidence(source.document_id, source.publisher, iso(source.published), "", source.name)]


def fact_evidence(fact: Fact) -> list[Evidence]:
    """Every evidence line of a fact, one document's lines together, oldest outlet first (the
    first digest.HEADLINE of them for a fact read with its digest: evidence_count says how
    many there are)."""
    if not fact.sources and fact.digest is not None:
        return [Evidence(**line) for line in fact.digest.get("evidence", ())]
    return [Evidence(**line) for line in evidence_lines(fact.sources)]


def evidence_count(fact: Fact) -> int:
    """How many evidence lines the fact has (fact_evidence may show the first few only)."""
    if not fact.sources and fact.digest is not None:
        return int(fact.digest.get("evidence_count") or 0)
    return len(evidence_lines(fact.sources))


def outlets(fact: Fact) -> list[str]:
    """The outlets behind a fact (a document without publisher counts by its id), sorted."""
    if not fact.sources and fact.digest is not None:
        return list(fact.digest.get("outlets", ()))
    return sorted({s.outlet for s in fact.sources})


def iso(value: dt.date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return value.isoformat() if value else None


def parse_iso(value: Any) -> dt.date | None:  # noqa: ANN401 (a payload member: str or None)
    """A payload date back to a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
