"""Writers in parallel (Dask workers storing their own chunks) find each other's copies."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from peacetalks.store import database, open_store
from peacetalks.store.tables import documents
from tests.store.test_database import TEXT, sample_record


def test_a_copy_written_while_its_original_is_being_written_waits_for_it(db_url, monkeypatch):
    original = sample_record()
    copy = sample_record(TEXT + "\n\nCarried by another outlet.")
    store = open_store(db_url)
    finding = database.record_copies
    holding = threading.Event()

    def slow_for_the_original(connection, docs):
        found = finding(connection, docs)
        if any(doc.id == original.document.id for doc in docs):
            holding.set()
            time.sleep(1.0)  # the original's transaction is still open: the copy starts now
        return found

    monkeypatch.setattr(database, "record_copies", slow_for_the_original)
    try:
        first = threading.Thread(
            target=store.add_records, args=([original],), kwargs={"pipeline": "p"}
        )
        first.start()
        assert holding.wait(10)
        store.add_records([copy], pipeline="p")  # the second writer, while the first holds on
        first.join()
        with store.engine.connect() as connection:
            marked = dict(connection.execute(select(documents.c.id, documents.c.copy_of)).all())
    finally:
        store.close()

    # PostgreSQL: a lock held to the end of each writer's transaction; SQLite: one writer.
    assert marked == {original.document.id: None, copy.document.id: original.document.id}
