"""A summary of what a store holds: documents, actors, and the items found per kind."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from peacetalks.model import Record


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One document and how many items were extracted from it."""

    id: str
    title: str
    publisher: str | None
    published: str | None
    items: dict[str, int]


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """Totals per kind, the documents, the actors most often named and positions per holder."""

    documents: list[DocumentLine]
    totals: dict[str, int]
    actors: list[tuple[str, int]]  # actor name, number of documents naming it
    positions_by_holder: list[tuple[str, dict[str, int]]]  # holder -> stance counts


KINDS = ("actors", "events", "positions", "agreements", "figures")


def summarise(records: list[Record], *, top: int = 12) -> CorpusSummary:
    """The summary of `records` (in the order given)."""
    lines = []
    totals: Counter[str] = Counter()
    actor_docs: Counter[str] = Counter()
    stances: dict[str, Counter[str]] = {}
    for record in records:
        counts = {kind: len(getattr(record, kind)) for kind in KINDS}
        totals.update(counts)
        doc = record.document
        lines.append(
            DocumentLine(
                id=doc.id,
                title=doc.title or doc.path or doc.id,
                publisher=doc.publisher,
                published=doc.published.isoformat() if doc.published else None,
                items=counts,
            )
        )
        actor_docs.update({actor.name for actor in record.actors})
        for position in record.positions:
            stances.setdefault(position.holder, Counter())[position.stance] += 1
    by_holder = sorted(stances.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return CorpusSummary(
        documents=lines,
        totals={kind: totals[kind] for kind in KINDS},
        actors=sorted(actor_docs.items(), key=lambda kv: (-kv[1], kv[0]))[:top],
        positions_by_holder=[(holder, dict(c)) for holder, c in by_holder[:top]],
    )
