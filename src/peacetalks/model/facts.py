"""Facts: what many documents say about one thing, reconciled, with every source kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from peacetalks.model.record import RecordItem, Span


def outlet_of(publisher: str | None, name: str | None, document_id: str) -> str:
    """How a source is shown: its publisher, else its document's name, else a short id."""
    return publisher or name or f"document {document_id[:8]}"


def document_name(url: str | None, title: str | None, path: str | None) -> str | None:
    """What names a document in a list of sources when it has no publisher: its site, else its
    title, else its file name."""
    if url and "://" in url:
        host = url.split("://", 1)[1].split("/", 1)[0].split("@")[-1].split(":")[0]
        if host:
            return host.removeprefix("www.")
    if title and title.strip():
        return title.strip()[:80]
    if path and path != "-":
        return path.replace("\\", "/").rsplit("/", 1)[-1]
    return None


FactKind = Literal["actor", "event", "position", "agreement", "figure"]
FACT_KINDS: tuple[FactKind, ...] = get_args(FactKind)
ReviewAction = Literal["confirm", "correct", "reject"]
REVIEW_ACTIONS: tuple[ReviewAction, ...] = get_args(ReviewAction)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourcedItem:
    """One item of one document, with what reconciliation needs to know about that document."""

    document_id: str
    kind: str  # actors, events, positions, agreements, figures (the record's member names)
    seq: int  # index of the item in its record's list of that kind
    item: RecordItem
    process: str | None  # the document's process slug, e.g. russia-ukraine
    published: dt.date | None = None
    publisher: str | None = None
    # How the document worded a value the item holds only as a number (an event's duration):
    # (qualifier, quoted text), e.g. ("barely", "lasting barely an hour").
    wording: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FactSource:
    """One document item behind a fact, and (for figures and durations) the value it gave."""

    document_id: str
    item_kind: str
    item_seq: int
    evidence: tuple[Span, ...]
    value: dict[str, Any] | None = None  # the item's peacetalks/1 JSON
    published: dt.date | None = None
    publisher: str | None = None
    copy_of: str | None = None  # the document is a near-duplicate of this earlier one
    name: str | None = None  # the document's site, title or file name, for an outlet-less one

    @property
    def outlet(self) -> str:
        """Who published it, or what names the document when no publisher is known."""
        return outlet_of(self.publisher, self.name, self.document_id)

    @property
    def origin(self) -> str:
        """The independent source: the original a copy was made from, else the document."""
        return self.copy_of or self.document_id


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """A reconciled fact: a deterministic key, the block it was matched in, and its sources.

    `payload` is the merged value as JSON (its members depend on `kind`; docs/reconcile.md lists
    them). The key depends only on the documents behind the fact, never on their order.
    """

    key: str
    kind: FactKind
    block: str
    payload: dict[str, Any]
    sources: tuple[FactSource, ...] = ()
    process: str | None = None
    date: dt.date | None = None
    end_date: dt.date | None = None
    review: Review | None = field(default=None)
    # What list views show of the sources (make_digest), stored with the fact; views that
    # read facts without their sources use it. None where the sources are read.
    digest: dict[str, Any] | None = None
    # What the fact was folded from (reconcile/folds.py), for kinds whose facts take new
    # sources without their earlier ones being read again; None for the others.
    state: dict[str, Any] | None = None

    @property
    def independent_sources(self) -> int:
        """How many independent documents are behind the fact (copies of one count once)."""
        if not self.sources and self.digest is not None:
            return int(self.digest.get("sources") or 0)
        return len({s.origin for s in self.sources})


@dataclass(frozen=True, slots=True)
class StoredState:
    """A stored fact of a kind that folds (reconcile/folds.py), as an incremental run reads
    it: its key and state ({"raw": {raw key: state}, "documents": n, "digest": digest
    state})."""

    key: str
    state: dict[str, Any]


@dataclass(frozen=True, slots=True)
class MergedFact:
    """A fact an incremental run writes after merging new sources into a stored one: its new
    key, value and state, the sources it gains (the new documents' items only), and the
    stored fact it replaces (None for a new fact)."""

    fact: Fact
    replaces: StoredState | None


# Pooled held-out precision per kind (extract/models/peacetalks-learned/scores.json, "all"):
# how likely an item of that kind is right when its extractor gives no score of its own.
KIND_PRIOR = {"position": 0.41, "agreement": 0.79, "event": 0.69, "figure": 0.86, "actor": 0.9}
HEADLINE = 5  # evidence lines a digest keeps: list views show at most this many


def source_score(kind: str, source: FactSource) -> float:
    """How likely one source's item is right: its own score, else the kind's prior."""
    value = (source.value or {}).get("confidence")
    if isinstance(value, int | float) and 0.0 <= value <= 1.0:
        return float(value)
    return KIND_PRIOR.get(kind, 0.5)


def sources_confidence(kind: str, sources: tuple[FactSource, ...] | list[FactSource]) -> float:
    """Independent sources combined as a noisy-or (copies of one story count once)."""
    return _noisy_or(kind, _best_by_origin(kind, sources))


def _best_by_origin(kind: str, sources: Iterable[FactSource]) -> dict[str, float]:
    best: dict[str, float] = {}
    for source in sources:
        score = source_score(kind, source)
        best[source.origin] = max(score, best.get(source.origin, 0.0))
    return best


def _noisy_or(kind: str, best: dict[str, float]) -> float:
    wrong = 1.0
    for origin in sorted(best):  # one order, however the scores were gathered
        wrong *= 1.0 - best[origin]
    return round(1.0 - wrong, 3) if best else KIND_PRIOR.get(kind, 0.5)


def evidence_lines(sources: tuple[FactSource, ...] | list[FactSource]) -> list[dict[str, Any]]:
    """Every evidence line of the sources, one per document and text, oldest first."""
    lines: dict[tuple[str, str], dict[str, Any]] = {}
    for source in sources:
        published = source.published.isoformat() if source.published else None
        texts = [" ".join(span.text.split()) for span in source.evidence] or [""]
        for text in texts:
            lines[(source.document_id, text)] = {
                "document_id": source.document_id,
                "publisher": source.publisher,
                "published": published,
                "text": text,
                "name": source.name,
            }
    return sorted(lines.values(), key=_line_order)


def make_digest(kind: str, sources: tuple[FactSource, ...] | list[FactSource]) -> dict[str, Any]:
    """What list views show of a fact's sources, so that they need not read them: the
    independent count, the combined confidence, the outlets, the first published and last
    published dates, and the first HEADLINE evidence lines with their total."""
    return digest_of_state(kind, digest_state(kind, sources))


def digest_state(kind: str, sources: Iterable[FactSource]) -> dict[str, Any]:
    """What a digest is made from, kept with the fact so that sources added later update it
    without reading the earlier ones (merge_digest_states): the best score of each
    independent source, the outlets, the publication dates' range, the first evidence lines
    and the counts of documents and lines."""
    shown = list(sources)
    lines = evidence_lines(shown)
    dates = sorted(s.published.isoformat() for s in shown if s.published)
    return {
        "origins": _best_by_origin(kind, shown),
        "documents": len({s.document_id for s in shown}),
        "outlets": sorted({s.outlet for s in shown}),
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "evidence": lines[:HEADLINE],
        "evidence_count": len(lines),
    }


def merge_digest_states(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The digest state of two sets of sources from different documents (a document's
    sources are never split between the two: its counts would then be counted twice)."""
    origins = dict(a["origins"])
    for origin, score in b["origins"].items():
        origins[origin] = max(score, origins.get(origin, 0.0))
    firsts = [d for d in (a["first_published"], b["first_published"]) if d]
    lasts = [d for d in (a["last_published"], b["last_published"]) if d]
    lines = sorted([*a["evidence"], *b["evidence"]], key=_line_order)
    return {
        "origins": origins,
        "documents": a["documents"] + b["documents"],
        "outlets": sorted(set(a["outlets"]) | set(b["outlets"])),
        "first_published": min(firsts) if firsts else None,
        "last_published": max(lasts) if lasts else None,
        "evidence": lines[:HEADLINE],
        "evidence_count": a["evidence_count"] + b["evidence_count"],
    }


def digest_of_state(kind: str, state: dict[str, Any]) -> dict[str, Any]:
    """The digest views read (make_digest) from its state."""
    return {
        "sources": len(state["origins"]),
        "documents": state["documents"],
        "confidence": _noisy_or(kind, state["origins"]),
        "outlets": list(state["outlets"]),
        "first_published": state["first_published"],
        "last_published": state["last_published"],
        "evidence": list(state["evidence"]),
        "evidence_count": state["evidence_count"],
    }


def _line_order(line: dict[str, Any]) -> tuple[str, str, str]:
    return (line["published"] or "", line["document_id"], line["text"])


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """The latest review of a fact: a person confirmed, corrected or rejected it."""

    action: ReviewAction
    reviewer: str
    created_at: dt.datetime
    after: dict[str, Any] | None = None
    note: str | None = None
