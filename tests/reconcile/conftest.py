"""Records of the sample corpus and the dev set, extracted once, and stores built from them."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.batch import extract_records
from peacetalks.demo import MANIFEST
from peacetalks.ingest import read_manifest
from peacetalks.model import Record
from peacetalks.store import SqlStore, open_store
from tests.conftest import SHARED_EVAL

DEV_MANIFEST = SHARED_EVAL / "dev" / "manifest.csv"


def _records(manifest, pipeline) -> list[Record]:
    outcomes = extract_records(read_manifest(manifest).sources, pipeline)
    return [o.record for o in outcomes if o.record is not None]


@pytest.fixture(scope="session")
def sample_records(pipeline) -> list[Record]:
    """The ten documents of the bundled demo corpus."""
    return _records(MANIFEST, pipeline)


@pytest.fixture(scope="session")
def corpus_records(sample_records, pipeline) -> list[Record]:
    """The demo corpus and the five real articles of ../shared/eval/dev, as the issue asks."""
    if not DEV_MANIFEST.is_file():
        pytest.skip(f"the evaluation sets are not beside the project ({SHARED_EVAL})")
    return sample_records + _records(DEV_MANIFEST, pipeline)


def fill_store(store: SqlStore, records: list[Record], *, batches: int = 1) -> None:
    """Add the records in `batches` ingests, reconciling after each, as `peacetalks ingest` does."""
    size = max(1, -(-len(records) // batches))
    for start in range(0, len(records), size):
        for record in records[start : start + size]:
            store.add_record(record, pipeline="test")
        reconcile_store(store)


def stored_snapshot(engine) -> list[tuple]:
    """Every stored fact with its sources and the digest list views read: what incremental and
    full runs must agree on."""
    from peacetalks.store.facts import read_facts

    digests = {f.key: f.digest for f in read_facts(engine, sources=False)}
    return [
        (
            f.key,
            f.block,
            f.date,
            f.end_date,
            f.payload,
            digests[f.key],
            sorted((s.document_id, s.item_kind, s.item_seq) for s in f.sources),
        )
        for f in read_facts(engine)
    ]


@pytest.fixture
def corpus_store(db_url, corpus_records) -> Iterator[SqlStore]:
    """A store (SQLite, or PostgreSQL when the suite runs there) holding the demo corpus and
    the dev set, reconciled."""
    store = open_store(db_url)
    fill_store(store, corpus_records)
    yield store
    store.close()


@contextmanager
def postgres_store() -> Iterator[SqlStore]:
    """A store on a scratch PostgreSQL database, dropped afterwards."""
    base = os.environ["PEACETALKS_TEST_POSTGRES_URL"]
    name = f"peacetalks_facts_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    store = open_store(base.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
