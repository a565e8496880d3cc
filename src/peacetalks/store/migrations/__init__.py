"""Alembic migrations, applied in code when a store opens (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from peacetalks.errors import SchemaTooNew

HERE = Path(__file__).parent


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
    """Bring the schema to the newest revision; refuse a database made by a newer version."""
    config = _config()
    with engine.begin() as connection:
        found = current_revision(connection)
        known = known_revisions()
        if found is not None and found not in known:
            raise SchemaTooNew(url, found, known)
        if found == known[-1]:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
