"""The store: documents and their records in any SQLAlchemy database, one transaction each."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlalchemy import Table, create_engine, delete, func, select, update
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine, RowMapping, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.dml import Insert, ReturningInsert

from peacetalks.errors import StoreUnavailable
from peacetalks.model import Document, Record
from peacetalks.model.format import ITEM_KINDS, item_from_dict, item_to_dict, items_of
from peacetalks.store import files, locks, migrations
from peacetalks.store.cache import note_change
from peacetalks.store.copies import record_copies
from peacetalks.store.files import FileStamp
from peacetalks.store.postgres import configure_postgresql
from peacetalks.store.sqlite import configure_sqlite, in_memory, sqlite_url
from peacetalks.store.tables import documents, items, reconciled_documents

AddOutcome = Literal["added", "unchanged"]
RECORD_BATCH = 500  # documents per read in records(): one IN (...) of 500 ids per query
# Strict JSON on every backend: PostgreSQL refuses NaN and Infinity, so SQLite must not store them.
_json_serializer = functools.partial(json.dumps, allow_nan=False)


@dataclass(frozen=True, slots=True)
class Counts:
    """How much a store holds."""

    documents: int
    items: dict[str, int]


SQLITE_POOL = 40  # connections kept open to a SQLite file (see open_store)


class Store(Protocol):
    """What the rest of peacetalks needs of storage."""

    url: str

    def add_record(self, record: Record, *, pipeline: str) -> AddOutcome: ...
    def add_records(
        self,
        records: Sequence[Record],
        *,
        pipeline: str,
        at: Sequence[dt.datetime] | None = None,
    ) -> list[AddOutcome]: ...
    def has_document(self, doc_id: str) -> bool: ...
    def published_of(self, doc_id: str) -> dt.date | None: ...
    def redate_records(self, records: Sequence[Record], *, pipeline: str) -> None: ...
    def documents_of_files(self, stamps: Sequence[FileStamp]) -> dict[FileStamp, str]: ...
    def remember_files(self, stamped: Sequence[tuple[FileStamp, str]]) -> None: ...
    def records(self) -> Iterator[Record]: ...
    def counts(self) -> Counts: ...
    def close(self) -> None: ...


class SqlStore:
    """A Store over SQLAlchemy Core: SQLite by default, PostgreSQL with the extra."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    def add_record(self, record: Record, *, pipeline: str) -> AddOutcome:
        """Store a document and its items in one transaction; a known document is left as is."""
        return self.add_records([record], pipeline=pipeline)[0]

    def add_records(
        self,
        records: Sequence[Record],
        *,
        pipeline: str,
        at: Sequence[dt.datetime] | None = None,
    ) -> list[AddOutcome]:
        """Store a batch of documents and their items in one transaction, one outcome each.

        The database decides what is new (INSERT ... ON CONFLICT DO NOTHING on the content id),
        so writers racing on the same content store it once. Rows go in id order: two writers
        with overlapping batches then lock rows in the same order and cannot deadlock.
        Documents are stamped ingested now, in the order given, or at the times `at` gives
        (one per record: writers in parallel keep the order of a run's sources so); exports
        list documents in that order.
        """
        now, tick = dt.datetime.now(dt.UTC), dt.timedelta(microseconds=1)
        prepared: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        for place, record in enumerate(records):
            if record.document.id not in prepared:
                rows = _item_rows(record)
                ingested = at[place] if at else now + tick * place
                prepared[record.document.id] = (
                    _document_row(record.document, pipeline, rows, ingested),
                    rows,
                )
        insert_documents = _insert_ignoring_duplicates(self.engine.dialect.name, documents)
        added: set[str] = set()
        with self.engine.begin() as connection:
            ids = sorted(prepared)
            # Multi-row INSERTs: a round trip per document made PostgreSQL writes 1.6x slower
            # (bench/scale.py). SQLAlchemy's "insertmanyvalues" batches the rows into
            # multi-row statements itself, within each database's parameter limit, RETURNING
            # included, and compiles the statement once (a `.values(rows)` statement was
            # compiled anew for every batch: ~0.35 ms a document).
            rows = [prepared[doc_id][0] for doc_id in ids]
            added.update(connection.execute(insert_documents, rows).scalars())
            new_items = [row for doc_id in ids if doc_id in added for row in prepared[doc_id][1]]
            if new_items:
                connection.execute(items.insert(), new_items)
            new_docs = {r.document.id: r.document for r in records if r.document.id in added}
            if new_docs and connection.dialect.name == "postgresql":
                # Writers in parallel (Dask workers) find copies one at a time, each seeing
                # the documents the one before committed (held until this commit); SQLite's
                # single writer already is one at a time.
                locks.hold_for_transaction(connection, "copies")
            record_copies(connection, list(new_docs.values()))
        outcomes: dict[str, AddOutcome] = {i: "added" if i in added else "unchanged" for i in ids}
        return _in_given_order(records, outcomes)

    def exclusive(self, name: str) -> AbstractContextManager[None]:
        """A lock `name` shared by every process using this database, held in a with-block.

        For read-modify-write work that spans transactions (reconciliation reads the facts of
        some blocks, then replaces them): two such runs at once would each keep only their own
        update, or collide on the same new keys.
        """
        return locks.exclusive(self.engine, name)

    def documents_of_files(self, stamps: Sequence[FileStamp]) -> dict[FileStamp, str]:
        """The document each file gave when last ingested, for those whose size and time are
        unchanged."""
        return files.documents_of_files(self.engine, stamps)

    def remember_files(self, stamped: Sequence[tuple[FileStamp, str]]) -> None:
        """Note the stored document each file gave, so that a re-run need not read it."""
        files.remember_files(self.engine, stamped)

    def published_of(self, doc_id: str) -> dt.date | None:
        """The stored publication date of a document (None when it has none or is unknown)."""
        with self.engine.connect() as connection:
            found = connection.execute(
                select(documents.c.published).where(documents.c.id == doc_id)
            ).scalar_one_or_none()
        return found if isinstance(found, dt.date) else None

    def redate_records(self, records: Sequence[Record], *, pipeline: str) -> None:
        """Replace stored documents' metadata and items with a new extraction (one given a new
        publication date), in one transaction. Their facts are stale until a full reconcile:
        the caller runs one (`reconcile_store(store, full=True)`)."""
        if not records:
            return
        with self.engine.begin() as connection:
            for record in sorted(records, key=lambda r: r.document.id):
                doc_id = record.document.id
                rows = _item_rows(record)
                row = _document_row(record.document, pipeline, rows)
                del row["id"], row["ingested_at"]
                connection.execute(update(documents).where(documents.c.id == doc_id).values(row))
                connection.execute(delete(items).where(items.c.document_id == doc_id))
                if rows:
                    connection.execute(items.insert(), rows)
                connection.execute(
                    delete(reconciled_documents).where(reconciled_documents.c.document_id == doc_id)
                )
            # Once reconciled again, no count of the data version moves: this row does.
            note_change(connection, "redate")

    def has_document(self, doc_id: str) -> bool:
        """True when a document with this content id is stored."""
        with self.engine.connect() as connection:
            found = connection.execute(select(documents.c.id).where(documents.c.id == doc_id))
            return found.first() is not None

    def records(self) -> Iterator[Record]:
        """Every stored record, in ingestion order then id, read RECORD_BATCH documents at a
        time (two queries a batch): an export holds one batch, never the whole store."""
        order = (documents.c.ingested_at, documents.c.id)
        with self.engine.connect() as connection:
            # Only the ids up front (~70 bytes a document); the texts and items come by batch.
            ids = connection.execute(select(documents.c.id).order_by(*order)).scalars().all()
            for start in range(0, len(ids), RECORD_BATCH):
                yield from _read_records(connection, ids[start : start + RECORD_BATCH])

    def counts(self) -> Counts:
        """Documents and items per kind."""
        with self.engine.connect() as connection:
            n_docs = connection.execute(select(func.count()).select_from(documents)).scalar_one()
            per_kind = connection.execute(
                select(items.c.kind, func.count()).group_by(items.c.kind)
            ).all()
        return Counts(int(n_docs), {kind: int(n) for kind, n in per_kind})

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


def open_store(target: str, *, create: bool = True) -> SqlStore:
    """The store at a database URL or SQLite file path, its schema brought up to date.

    `create=False` (views, export, user accounts) refuses a SQLite file that does not exist
    instead of making an empty database there.
    """
    url = sqlite_url(target)
    scheme = url.split("://", 1)[0].split("+", 1)[0]
    if scheme not in ("sqlite", "postgresql", "postgres"):
        raise StoreUnavailable(
            url,
            f"{scheme} is not supported: peacetalks stores its data in SQLite (a file path) "
            "or PostgreSQL (postgresql+psycopg://user@host/dbname, with pip install "
            "'peacetalks[postgres]')",
        )
    memory = scheme == "sqlite" and in_memory(make_url(url))
    if (
        not create
        and scheme == "sqlite"
        and not memory
        and not Path(str(make_url(url).database)).exists()
    ):
        raise StoreUnavailable(
            url,
            "there is no database there yet; ingest documents into it first "
            "(peacetalks ingest PATHS --db ...), or check the path",
        )
    try:
        if url.startswith("sqlite"):
            # Pooled: a fresh connection per operation costs a WAL checkpoint each (2.5x slower
            # ingest, bench/ingest.py); close() disposes of the pool. Room for every thread of
            # the server's pool (anyio's 40): a connection beyond the pool's size is closed when
            # given back, and the next one opened pays the pragmas and a checkpoint. Connections
            # are opened as needed, so a command that uses one keeps one.
            engine = (
                # A database in memory is one connection's: every thread shares that one.
                create_engine(
                    url,
                    json_serializer=_json_serializer,
                    poolclass=StaticPool,
                    connect_args={"check_same_thread": False},
                )
                if memory
                else create_engine(
                    url, json_serializer=_json_serializer, pool_size=SQLITE_POOL, max_overflow=8
                )
            )
            configure_sqlite(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True, json_serializer=_json_serializer)
            if engine.dialect.name == "postgresql":
                configure_postgresql(engine)
    except (ArgumentError, ModuleNotFoundError) as err:
        raise StoreUnavailable(url, _reason(err)) from err
    try:
        migrations.upgrade(engine, url)
    except BaseException as err:
        # No pooled connection may outlive a store that failed to open (SchemaTooNew and all).
        engine.dispose()
        if isinstance(err, OperationalError | ModuleNotFoundError):
            raise StoreUnavailable(url, _reason(err)) from err
        raise
    return SqlStore(engine, url)


def _insert_ignoring_duplicates(dialect: str, table: Table) -> ReturningInsert[Any]:
    """An INSERT returning the key it stored, or no row when the key exists, per dialect."""
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT through SQLAlchemy.
    statement: Insert
    if dialect == "postgresql":
        statement = postgresql_dialect.insert(table).on_conflict_do_nothing()
    elif dialect == "sqlite":  # RETURNING needs SQLite 3.35 (2021)
        statement = sqlite_dialect.insert(table).on_conflict_do_nothing()
    else:  # elsewhere a duplicate raises IntegrityError and the batch rolls back
        statement = table.insert()
    return statement.returning(*table.primary_key.columns)


def _item_rows(record: Record) -> list[dict[str, Any]]:
    doc_id = record.document.id
    return [
        {"document_id": doc_id, "kind": kind, "seq": seq, "payload": item_to_dict(item)}
        for kind in ITEM_KINDS
        for seq, item in enumerate(items_of(record, kind))
    ]


def _in_given_order(records: Sequence[Record], outcomes: dict[str, AddOutcome]) -> list[AddOutcome]:
    """One outcome per record as given; a repeat of a content id in one batch is unchanged."""
    given: list[AddOutcome] = []
    seen: set[str] = set()
    for record in records:
        doc_id = record.document.id
        given.append("unchanged" if doc_id in seen else outcomes[doc_id])
        seen.add(doc_id)
    return given


# The package that provides each database driver module SQLAlchemy may ask for.
_DRIVER_PACKAGES = {
    "psycopg": "pip install 'peacetalks[postgres]'",
    "psycopg2": "pip install 'peacetalks[postgres]' and write postgresql+psycopg:// in the URL",
    "asyncpg": "use a postgresql+psycopg:// URL (pip install 'peacetalks[postgres]')",
    "pg8000": "use a postgresql+psycopg:// URL (pip install 'peacetalks[postgres]')",
}


def _reason(err: Exception) -> str:
    if isinstance(err, ModuleNotFoundError):
        fix = _DRIVER_PACKAGES.get(err.name or "", f"install the package that provides {err.name}")
        return f"its driver is not installed ({err.name}); {fix}"
    text = str(getattr(err, "orig", None) or err)
    return text.strip().splitlines()[0] if text.strip() else type(err).__name__


def _document_row(
    doc: Document,
    pipeline: str,
    rows: list[dict[str, Any]],
    ingested: dt.datetime | None = None,  # now
) -> dict[str, Any]:
    return {
        "id": doc.id,
        "path": doc.path,
        "url": doc.url,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": doc.published,
        "kind": doc.kind,
        "text": doc.text,
        "pipeline": pipeline,
        "item_count": len(rows),
        "ingested_at": ingested or dt.datetime.now(dt.UTC),
    }


def _read_records(connection: Connection, ids: Sequence[str]) -> Iterator[Record]:
    """The records of these documents in the order given: one query for the documents, one
    for all their items."""
    rows = connection.execute(select(documents).where(documents.c.id.in_(ids))).mappings()
    docs = {row["id"]: row for row in rows}
    found: dict[str, list[Any]] = {doc_id: [] for doc_id in ids}
    item_rows = connection.execute(
        select(items.c.document_id, items.c.kind, items.c.payload)
        .where(items.c.document_id.in_(ids))
        .order_by(items.c.document_id, items.c.kind, items.c.seq)
    )
    for doc_id, kind, payload in item_rows:
        found[doc_id].append((kind, payload))
    for doc_id in ids:
        if doc_id in docs:  # else removed since its id was read
            yield _record(docs[doc_id], found[doc_id])


def _record(row: RowMapping, found: Sequence[Any]) -> Record:
    doc = Document(
        id=row["id"],
        text=row["text"],
        path=row["path"],
        url=row["url"],
        title=row["title"],
        publisher=row["publisher"],
        published=row["published"],
        kind=row["kind"],
    )
    grouped: dict[str, list[Any]] = {kind: [] for kind in ITEM_KINDS}
    for kind, payload in found:
        grouped[kind].append(item_from_dict(kind, payload))
    return Record(
        document=doc,
        actors=tuple(grouped["actors"]),
        events=tuple(grouped["events"]),
        positions=tuple(grouped["positions"]),
        agreements=tuple(grouped["agreements"]),
        figures=tuple(grouped["figures"]),
    )
