"""SQLite specifics: a file path as URL, and pragmas for one writer beside many readers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def sqlite_url(target: str) -> str:
    """A SQLAlchemy URL for a database URL or a plain file path (taken as SQLite)."""
    if "://" in target:
        return target
    return f"sqlite:///{target}"


def configure_sqlite(engine: Engine) -> None:
    """WAL (readers never block the writer), foreign keys on, and a wait when the file is busy."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # noqa: ANN401 (DBAPI objects are untyped)
        cursor = dbapi_connection.cursor()
        # The wait first: switching a new file to WAL needs a moment's lock, and a process
        # migrating the file holds it (without the wait: "database is locked" at once).
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
