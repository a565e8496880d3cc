"""Reconciliation: items from many documents -> facts, with every source and disagreement kept.

`reconcile(items)` is a pure function of the *set* of items it is given: the same documents in
any order, reconciled once or twice, give the same facts with the same keys. Items are first
put in blocks (`block_of`: kind, process and a normalised key) and only ever compared within
their block, so the cost is a sort plus linear work per block, O(n log n) in documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from peacetalks.model.facts import Fact, SourcedItem
from peacetalks.reconcile.actors import ACTORS, actor_facts
from peacetalks.reconcile.agreements import AGREEMENTS, agreement_facts
from peacetalks.reconcile.events import event_facts
from peacetalks.reconcile.figures import FIGURES, figure_facts
from peacetalks.reconcile.folds import Fold, merged_facts, streamed_facts
from peacetalks.reconcile.positions import POSITIONS, position_facts
from peacetalks.reconcile.sources import block_of, process_of, sourced_items

# Bump when the rules change what facts they make: stored facts are then rebuilt in full.
# v5: a figure lists its first 50 documents by value and counts them all
RECONCILER = "peacetalks.reconcile.v5"

# The kinds whose facts fold (reconcile/folds.py): an incremental run merges new sources
# into their stored states. The others' blocks are made again from every source.
FOLDS: dict[str, Fold] = {
    "actor": ACTORS,
    "agreement": AGREEMENTS,
    "figure": FIGURES,
    "position": POSITIONS,
}

_BY_KIND: dict[str, Callable[[str, Sequence[SourcedItem]], list[Fact]]] = {
    "actor": actor_facts,
    "event": event_facts,
    "position": position_facts,
    "agreement": agreement_facts,
    "figure": figure_facts,
}


def reconcile(items: Iterable[SourcedItem]) -> list[Fact]:
    """The facts the items support, sorted by key; see the module docstring for the laws."""
    blocks: dict[str, list[SourcedItem]] = {}
    for sourced in items:
        blocks.setdefault(block_of(sourced), []).append(sourced)
    return reconcile_blocks(blocks)


def reconcile_blocks(blocks: dict[str, list[SourcedItem]]) -> list[Fact]:
    """The facts of blocks already formed (each block holds every item that maps to it)."""
    facts: list[Fact] = []
    for block in sorted(blocks):
        unique = {(s.document_id, s.kind, s.seq): s for s in blocks[block]}
        members = [unique[k] for k in sorted(unique)]
        facts.extend(_BY_KIND[block.split(":", 1)[0]](block, members))
    return sorted(facts, key=lambda f: f.key)


__all__ = [
    "FOLDS",
    "RECONCILER",
    "block_of",
    "merged_facts",
    "process_of",
    "reconcile",
    "reconcile_blocks",
    "sourced_items",
    "streamed_facts",
]
