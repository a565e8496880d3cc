"""Locks between processes sharing one database, for work that spans several transactions."""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from peacetalks.store.sqlite import in_memory


@contextmanager
def exclusive(engine: Engine, name: str) -> Iterator[None]:
    """Hold the lock `name` of this database until the block ends; others wait for it.

    PostgreSQL: a session advisory lock on a connection of its own (so this process's other
    connections are not blocked by it). SQLite: flock on a file beside the database; an
    in-memory database has one process only and needs none.
    """
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, _key(name)):
            yield
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or in_memory(engine.url):
        yield
        return
    with Path(f"{database}.{name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
        yield


@contextmanager
def _advisory_lock(engine: Engine, key: int) -> Iterator[None]:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})


def hold_for_transaction(connection: Connection, name: str) -> None:
    """PostgreSQL: take the lock `name` until the connection's transaction ends (waiting for
    the transaction that holds it to end first)."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _key(name)})


def _key(name: str) -> int:
    """A stable signed 64-bit key for a lock name (Python's hash() differs per process)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
