"""Files already ingested, by size and modification time: a re-run reads only what changed."""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import BigInteger, Column, ForeignKey, String, Table, Text, delete, select
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Engine

from peacetalks.store.tables import metadata

source_files = Table(
    "source_files",
    metadata,
    Column("location", Text, primary_key=True),  # the resolved path
    Column("size", BigInteger, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Column(
        "document_id",
        String(16),
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
)


@dataclass(frozen=True, slots=True)
class FileStamp:
    """Where a file is, how big, and when it last changed (what `make` and rsync compare)."""

    location: str
    size: int
    mtime_ns: int


def stamp_of(path: Path) -> FileStamp | None:
    """The stamp of a regular file; None when there is none to take (reading will say why)."""
    try:
        status = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return FileStamp(str(path.resolve()), status.st_size, status.st_mtime_ns)


def documents_of_files(engine: Engine, stamps: Sequence[FileStamp]) -> dict[FileStamp, str]:
    """The id of the document each file gave, for those with the same size and time as then:
    one query for them all (a query per file cost a Dask client 0.17 ms a document)."""
    if not stamps:
        return {}
    wanted = {stamp.location: stamp for stamp in stamps}
    query = select(
        source_files.c.location,
        source_files.c.size,
        source_files.c.mtime_ns,
        source_files.c.document_id,
    ).where(source_files.c.location.in_(sorted(wanted)))
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    found: dict[FileStamp, str] = {}
    for location, size, mtime_ns, document_id in rows:
        stamp = wanted[location]
        if (stamp.size, stamp.mtime_ns) == (size, mtime_ns):
            found[stamp] = str(document_id)
    return found


def remember_files(engine: Engine, stamped: Sequence[tuple[FileStamp, str]]) -> None:
    """Note which stored document each file gave; a later stamp of a file replaces its row."""
    latest = {stamp.location: (stamp, doc_id) for stamp, doc_id in stamped}
    if not latest:
        return
    rows = [
        {
            "location": location,
            "size": stamp.size,
            "mtime_ns": stamp.mtime_ns,
            "document_id": doc_id,
        }
        for location, (stamp, doc_id) in sorted(latest.items())  # one lock order for all
    ]
    with engine.begin() as connection:
        dialect = engine.dialect.name
        if dialect in ("postgresql", "sqlite"):
            insert = (postgresql_dialect if dialect == "postgresql" else sqlite_dialect).insert
            statement = insert(source_files)
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=[source_files.c.location],
                    set_={
                        "size": statement.excluded.size,
                        "mtime_ns": statement.excluded.mtime_ns,
                        "document_id": statement.excluded.document_id,
                    },
                ),
                rows,
            )
        else:  # other backends: replace the rows
            locations = [row["location"] for row in rows]
            connection.execute(delete(source_files).where(source_files.c.location.in_(locations)))
            connection.execute(source_files.insert(), rows)
