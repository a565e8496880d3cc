"""Reconciliation in bounded memory: items wait on disk and come back block by block, facts
are written in batches, and the result is the same as reconciling everything at once."""

from __future__ import annotations

import dataclasses

import peacetalks.analysis.reconciliation as reconciliation
from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.reconcile import block_of, reconcile, sourced_items
from peacetalks.reconcile.spool import Spool
from peacetalks.store import open_store
from peacetalks.store.facts import read_facts


def test_spool_gives_each_block_once_with_its_items_in_order(sample_records):
    items = [s for r in sample_records for s in sourced_items(r)]
    with Spool() as spool:
        spool.add(reversed(items))
        path = spool.path
        got = list(spool.blocks())
        assert [b for b, _ in got] == spool.block_names() == sorted({block_of(s) for s in items})
        for block, members in got:
            keys = [(s.document_id, s.kind, s.seq) for s in members]
            assert keys == sorted(keys)
            assert {block_of(s) for s in members} == {block}
        assert sum(len(m) for _, m in got) == len(items)
        assert {(s.document_id, s.kind, s.seq): s for _, m in got for s in m} == {
            (s.document_id, s.kind, s.seq): s for s in items
        }
    assert not path.exists()


def test_spool_keeps_the_first_item_of_a_key_only_when_told_to(sample_records):
    first = next(s for r in sample_records for s in sourced_items(r) if s.kind == "positions")
    other = dataclasses.replace(first, publisher="Another Outlet")
    with Spool() as spool:
        spool.add([first])
        spool.add([other], replace=False)
        assert [m for _, m in spool.blocks()] == [[first]]
        spool.add([other])
        assert [m for _, m in spool.blocks()] == [[other]]


def test_reconciling_in_small_write_batches_gives_the_facts_of_one_pass(
    sample_records, tmp_path, monkeypatch
):
    expected = reconcile(s for r in sample_records for s in sourced_items(r))
    monkeypatch.setattr(reconciliation, "WRITE_BATCH", 1)  # one block per insert
    store = open_store(f"sqlite:///{tmp_path / 'batches.db'}")
    try:
        store.add_records(sample_records, pipeline="test")
        report = reconcile_store(store)
        stored = read_facts(store.engine)
    finally:
        store.close()
    assert report.facts == len(expected) == len(stored)
    assert [(f.key, f.payload) for f in stored] == [(f.key, f.payload) for f in expected]
    assert [len(f.sources) for f in stored] == [len(f.sources) for f in expected]
