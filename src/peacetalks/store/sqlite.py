"""SQLite specifics: a file path as URL, and pragmas for one writer beside many readers."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine

WAL_WAIT_S = 30.0  # as PRAGMA busy_timeout


def sqlite_url(target: str) -> str:
    """A SQLAlchemy URL for a database URL or a plain file path (taken as SQLite)."""
    if "://" in target:
        return target
    return f"sqlite:///{target}"


def in_memory(url: URL) -> bool:
    """Whether a SQLite URL names a database in memory (no database, `:memory:`, or a URI
    with mode=memory) rather than a file."""
    return not url.database or url.database == ":memory:" or url.query.get("mode") == "memory"


def configure_sqlite(engine: Engine) -> None:
    """WAL (readers never block the writer), foreign keys on, and a wait when the file is busy."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # noqa: ANN401 (DBAPI objects are untyped)
        cursor = dbapi_connection.cursor()
        # The wait first: switching a new file to WAL needs a moment's lock, and a process
        # migrating the file holds it (without the wait: "database is locked" at once).
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        _to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _to_wal(cursor: Any) -> None:  # noqa: ANN401 (a DBAPI cursor)
    """Switch the file to WAL (it stays so: later connections only read the mode). SQLite may
    answer "database is locked" at once, without waiting, when another connection is switching
    or migrating a new file at the same moment: try again for up to the busy wait."""
    deadline = time.monotonic() + WAL_WAIT_S
    while True:
        mode = cursor.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() in ("wal", "memory"):
            return
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
