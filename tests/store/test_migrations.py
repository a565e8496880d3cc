"""Migrations create the schema and upgrade an old one in place, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, text

from peacetalks.store import migrations, open_store
from peacetalks.store.database import _document_row, _item_rows
from peacetalks.store.migrations import known_revisions
from peacetalks.store.tables import documents, items, metadata
from tests.store.test_database import PIPELINE, as_stored, sample_record


def test_open_store_upgrades_the_first_schema_and_keeps_its_documents(store_url):
    first = known_revisions()[0]
    engine = create_engine(store_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(migrations.HERE))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, first)
        record = sample_record()
        # Written into the first schema's tables (documents, items), before any upgrade, with
        # the columns that schema had.
        rows = _item_rows(record)
        with engine.begin() as connection:
            connection.execute(documents.insert(), [_document_row(record.document, PIPELINE, rows)])
            connection.execute(items.insert(), rows)
    finally:
        engine.dispose()

    store = open_store(store_url)
    try:
        assert [as_stored(r) for r in store.records()] == [as_stored(record)]
        with store.engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert revision.scalar_one() == known_revisions()[-1]
            tables = set(inspect(connection).get_table_names())
    finally:
        store.close()
    assert set(metadata.tables) <= tables
