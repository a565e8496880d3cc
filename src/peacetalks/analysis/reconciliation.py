"""Running reconciliation over a store: the new documents' blocks, or everything."""

from __future__ import annotations

import time
from dataclasses import dataclass

from peacetalks.model.facts import Fact, MergedFact, StoredState
from peacetalks.reconcile import (
    FOLDS,
    RECONCILER,
    merged_facts,
    reconcile_blocks,
    sourced_items,
    streamed_facts,
)
from peacetalks.reconcile.spool import Spool
from peacetalks.store import SqlStore
from peacetalks.store.facts import (
    FactWriter,
    blocks_of_documents,
    documents_to_reconcile,
    fact_writer,
    load_records,
    stored_sources,
    stored_states,
)

WRITE_BATCH = 10_000  # sources behind the facts of one insert batch
STATE_CHUNK = 500  # blocks whose stored states are read at once
STREAM_ITEMS = 5_000  # a block with more items than this is read (and folded) in chunks


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
    the items in it, the result equals a full run (tests/reconcile checks that it does). Blocks
    of the kinds that fold (reconcile/folds.py: positions, actors, agreements, figures) are not
    read again: the new items merge into their stored facts' states, and only the facts that
    gain a source are written, with only the new sources.
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
    # The items wait on disk and come back one block at a time: memory holds one block.
    with Spool() as spool:
        for record in load_records(store.engine, pending):
            spool.add(sourced_items(record))
        touched = spool.block_names()
        remade = None if full else set(touched)
        merging: set[str] = set()
        kept: dict[str, list[MergedFact]] = {}  # merged facts held from the first pass
        if remade is not None:
            # A document read again may have left items in blocks it no longer touches; its
            # blocks are made again without its earlier reading, as a full run would.
            read_before = blocks_of_documents(store.engine, pending)
            remade |= read_before
            # Blocks of a kind that folds take the new items into their stored facts' states
            # without reading their sources, unless the new items regroup them. This pass
            # finds which do (the spool holds the new items only); their facts are kept for
            # writing up to a batch's worth of sources, the rest are merged again below.
            # So many new items are not held for a merge: their block is made again in chunks.
            crowded = _big(spool)
            states = _States(store, [b for b in touched if b not in read_before | crowded])
            held = 0
            for block, members in spool.blocks(skip=crowded):
                stored = states.get(block)
                if stored is None:
                    continue  # not a fold, or facts stored without a state: made again
                gained = merged_facts(FOLDS[_kind(block)], block, stored, members)
                if gained is None:
                    continue  # regrouped: made again from all its sources below
                merging.add(block)
                remade.discard(block)
                if held < WRITE_BATCH:
                    kept[block] = gained
                    held += sum(len(m.fact.sources) for m in gained)
            # What the blocks made again already hold, but never an older reading of a
            # document read again now: a full run would not see it either.
            again = set(pending)
            spool.add(
                (s for s in stored_sources(store.engine, remade) if s.document_id not in again),
                replace=False,
            )
        written = 0
        with fact_writer(
            store.engine, blocks=remade, reconciled=pending, reconciler=RECONCILER
        ) as write:
            for gained in kept.values():
                write.merge(gained)
                written += len(gained)
            batch: list[Fact] = []
            held = 0  # sources in the batch: what its memory grows with
            again_merged = _States(store, sorted(merging - set(kept)))
            big = _big(spool)
            assert not big & merging  # a merge never takes more than STREAM_ITEMS items
            for block, members in spool.blocks(skip=big):
                if block in merging:
                    if block not in kept:
                        stored = again_merged.get(block)
                        assert stored is not None  # as in the first pass
                        gained = merged_facts(FOLDS[_kind(block)], block, stored, members)
                        assert gained is not None  # as in the first pass: the same inputs
                        write.merge(gained)
                        written += len(gained)
                    continue
                made = reconcile_blocks({block: members})
                batch += made
                held += sum(len(f.sources) for f in made)
                if held >= WRITE_BATCH:
                    write(batch)
                    written, batch, held = written + len(batch), [], 0
            write(batch)
            written += len(batch)
            for block in sorted(big):
                written += _made_in_chunks(spool, block, write)
    return ReconcileReport(len(pending), len(touched), written, full, time.perf_counter() - started)


def _big(spool: Spool) -> set[str]:
    return {block for block, n in spool.block_sizes().items() if n > STREAM_ITEMS}


def _made_in_chunks(spool: Spool, block: str, write: FactWriter) -> int:
    """Makes and writes a big block's facts, reading its items in chunks; how many facts."""
    fold = FOLDS.get(_kind(block))
    if fold is None:  # events: a day's block, held whole
        made = reconcile_blocks({block: [s for c in spool.chunks(block, STREAM_ITEMS) for s in c]})
        write(made)
        return len(made)
    streamed = streamed_facts(fold, block, spool.chunks(block, STREAM_ITEMS))
    write.stream(streamed.facts, map(streamed.sources, spool.chunks(block, STREAM_ITEMS)))
    return len(streamed.facts)


class _States:
    """The stored states of the folding blocks among `blocks`, read STATE_CHUNK blocks at a
    time as the spool hands blocks out (in order): memory holds one chunk's states."""

    def __init__(self, store: SqlStore, blocks: list[str]) -> None:
        self.engine = store.engine
        self.blocks = sorted(b for b in blocks if _kind(b) in FOLDS)
        self.index = {b: i for i, b in enumerate(self.blocks)}
        self.chunk = -1
        self.held: dict[str, list[StoredState] | None] = {}

    def get(self, block: str) -> list[StoredState] | None:
        """The block's stored facts with their states (none for a block with no fact yet);
        None for a block that does not fold here or has a fact stored without a state."""
        at = self.index.get(block)
        if at is None:
            return None
        if at // STATE_CHUNK != self.chunk:
            self.chunk = at // STATE_CHUNK
            names = self.blocks[self.chunk * STATE_CHUNK : (self.chunk + 1) * STATE_CHUNK]
            found = stored_states(self.engine, names)
            self.held = {b: found.get(b, []) for b in names}
        return self.held[block]


def _kind(block: str) -> str:
    return block.split(":", 1)[0]
