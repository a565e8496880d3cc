"""Alembic migrations, applied in code when a store opens (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from peacetalks.errors import SchemaTooNew

HERE = Path(__file__).parent
SCHEMA_LOCK = 0x7065616365  # "peace": the PostgreSQL advisory lock key held while upgrading


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


def known_revisions() -> list[str]:
    """Every revision this peacetalks knows, oldest first."""
    script = ScriptDirectory.from_config(_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current_revision(connection: Connection) -> str | None:
    """The revision recorded in the database, None for an empty one."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, url: str) -> None:
    """Bring the schema to the newest revision; refuse a database made by a newer version.

    Several processes may open a new database at once (ingesters starting together): the
    upgrade runs under a lock, and who waited for it finds the schema already up to date.
    """
    with engine.begin() as connection:
        if _is_current(connection, url):
            return
    config = _config()
    with engine.begin() as connection:
        _lock_schema(connection)
        if _is_current(connection, url):
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _is_current(connection: Connection, url: str) -> bool:
    found = current_revision(connection)
    known = known_revisions()
    if found is not None and found not in known:
        raise SchemaTooNew(url, found, known)
    return found == known[-1]


def _lock_schema(connection: Connection) -> None:
    """Hold the schema until this transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
    elif connection.dialect.name == "sqlite":
        # pysqlite starts no transaction before DDL: without this, the check and each CREATE
        # would commit apart. IMMEDIATE takes the write lock now, waiting up to busy_timeout.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
