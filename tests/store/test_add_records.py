"""Batches of records: one transaction, one outcome each; racing writers store content once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from peacetalks.errors import BadValue
from peacetalks.model.format import ITEM_KINDS, items_of
from peacetalks.store import open_store
from tests.store.test_database import PIPELINE, TEXT, sample_record


def _records(n: int):
    return [sample_record(f"{TEXT}\n\nThis is report {i} of the series.") for i in range(n)]


def _count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(sql)).scalar_one())
    finally:
        engine.dispose()


def test_add_records_gives_one_outcome_per_record_in_the_order_given(store_url):
    first, second, third = _records(3)
    store = open_store(store_url)
    try:
        assert store.add_records([second], pipeline=PIPELINE) == ["added"]
        outcomes = store.add_records([third, second, first, third], pipeline=PIPELINE)
        stored = {r.document.id: r for r in store.records()}
    finally:
        store.close()
    assert outcomes == ["added", "unchanged", "added", "unchanged"]
    assert stored == {r.document.id: r for r in (first, second, third)}


def test_add_records_keeps_the_given_order_for_exports(store_url):
    records = _records(6)
    store = open_store(store_url)
    try:
        store.add_records(records, pipeline=PIPELINE)
        order = [r.document.id for r in store.records()]
    finally:
        store.close()
    assert order == [r.document.id for r in records]


def test_add_records_racing_writers_store_each_document_once(store_url):
    records = _records(40)
    # Four writers, each its own store (engine), with overlapping batches in different orders.
    batches = [records[0:30], records[10:40][::-1], records[::2], records[5:35]]

    def write(batch):
        store = open_store(store_url)
        try:
            return [
                (r.document.id, outcome)
                for start in range(0, len(batch), 7)
                for r, outcome in zip(
                    batch[start : start + 7],
                    store.add_records(batch[start : start + 7], pipeline=PIPELINE),
                    strict=True,
                )
            ]
        finally:
            store.close()

    open_store(store_url).close()  # schema first, so that the writers race on rows only
    with ThreadPoolExecutor(len(batches)) as pool:
        results = [pair for written in pool.map(write, batches) for pair in written]

    added = sorted(doc_id for doc_id, outcome in results if outcome == "added")
    assert added == sorted(r.document.id for r in records)
    assert _count(store_url, "SELECT count(*) FROM documents") == len(records)
    expected_items = sum(len(items_of(r, kind)) for r in records for kind in ITEM_KINDS)
    assert _count(store_url, "SELECT count(*) FROM items") == expected_items


@pytest.mark.postgres
def test_postgresql_text_with_nul_is_a_bad_value_not_a_driver_error(db_url):
    store = open_store(db_url)
    try:
        with pytest.raises(BadValue, match="without NUL characters"):
            store.has_document("ab\x00cd")
        assert store.counts().documents == 0  # the connection is still usable
    finally:
        store.close()
