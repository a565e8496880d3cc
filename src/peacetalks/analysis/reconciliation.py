"""Running reconciliation over a store: the new documents' blocks, or everything."""

from __future__ import annotations

import time
from dataclasses import dataclass

from peacetalks.model.facts import SourcedItem
from peacetalks.reconcile import RECONCILER, block_of, reconcile_blocks, sourced_items
from peacetalks.store import SqlStore
from peacetalks.store.facts import (
    documents_to_reconcile,
    load_records,
    replace_facts,
    stored_sources,
)


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    """What one run did: documents read, blocks remade, facts written, and how long it took."""

    documents: int
    blocks: int
    facts: int
    full: bool
    seconds: float


def reconcile_store(store: SqlStore, *, full: bool = False) -> ReconcileReport:
    """Bring the store's facts up to date with its documents.

    Incremental by default: only the blocks the unreconciled documents touch are remade, from
    the stored sources of those blocks plus the new items; since a block's facts depend only on
    the items in it, the result equals a full run (tests/reconcile checks that it does).
    """
    # Processes sharing the database (ingests ending together) take turns: two runs remaking
    # one block at once would each keep only their own documents, or insert the same keys.
    with store.exclusive("reconcile"):
        return _reconcile(store, full=full)


def _reconcile(store: SqlStore, *, full: bool) -> ReconcileReport:
    started = time.perf_counter()
    pending, stale = documents_to_reconcile(store.engine, RECONCILER)
    if full or stale:
        pending, _ = documents_to_reconcile(store.engine, "")
        full = True
    if not pending:
        return ReconcileReport(0, 0, 0, full, time.perf_counter() - started)
    new_items = [s for r in load_records(store.engine, pending) for s in sourced_items(r)]
    blocks: dict[str, list[SourcedItem]] = {}
    for sourced in new_items:
        blocks.setdefault(block_of(sourced), []).append(sourced)
    if not full:
        for sourced in stored_sources(store.engine, blocks):
            blocks.setdefault(block_of(sourced), []).append(sourced)
    facts = reconcile_blocks(blocks)
    replace_facts(
        store.engine,
        facts,
        blocks=None if full else list(blocks),
        reconciled=pending,
        reconciler=RECONCILER,
    )
    return ReconcileReport(
        len(pending), len(blocks), len(facts), full, time.perf_counter() - started
    )
