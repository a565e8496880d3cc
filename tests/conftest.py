"""Shared fixtures: a fresh SQLite file per test, the default pipeline, an in-process CLI runner."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from peacetalks.cli import main
from peacetalks.extract import build_pipeline
from peacetalks.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SCHEMA = json.loads(
    (ROOT / "src" / "peacetalks" / "schema" / "peacetalks-1.schema.json").read_text()
)

POSTGRES_URL = "PEACETALKS_TEST_POSTGRES_URL"

# Markers that need something beyond a laptop; each is enabled by an environment variable,
# which .ci/run sets after starting what the tests need.
OPT_IN = {
    "postgres": ("PEACETALKS_TEST_POSTGRES_URL", "needs a PostgreSQL server"),
    "slow": ("PEACETALKS_TEST_SLOW", "slow; set PEACETALKS_TEST_SLOW=1"),
    "distributed": ("PEACETALKS_TEST_DISTRIBUTED", "needs Dask; set PEACETALKS_TEST_DISTRIBUTED=1"),
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker, (variable, reason) in OPT_IN.items():
            if marker in item.keywords and not os.environ.get(variable):
                item.add_marker(pytest.mark.skip(reason=f"{reason} ({variable} unset)"))


needs_shared_eval = pytest.mark.skipif(
    not SHARED_EVAL.is_dir(),
    reason=f"the evaluation sets are not beside the project ({SHARED_EVAL})",
)


@pytest.fixture
def make_db_url(tmp_path):
    """Makes empty databases of this test's own, dropped after it.

    SQLite files in tmp_path; with PEACETALKS_TEST_POSTGRES_URL set, new databases on that
    PostgreSQL server instead, so that the whole suite runs on PostgreSQL (about 0.1 s per
    database: CREATE, migrate, DROP).
    """
    server = os.environ.get(POSTGRES_URL)
    with ExitStack() as stack:

        def make(name: str = "peacetalks") -> str:
            if server:
                return stack.enter_context(fresh_postgres_database(server))
            return f"sqlite:///{tmp_path / f'{name}.db'}"

        yield make


@pytest.fixture
def db_url(make_db_url) -> str:
    """A database of this test's own: SQLite, or PostgreSQL when the server URL is set."""
    return make_db_url()


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """CREATE DATABASE peacetalks_test_<random> on the server of `server_url`; DROP it after."""
    server = make_url(server_url)
    name = f"peacetalks_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return build_pipeline()


@pytest.fixture
def cli():
    """Run `peacetalks ARGS...` in-process; returns click's Result (stdout and stderr apart)."""
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run


def validate_record(obj: dict) -> None:
    """Fail unless `obj` is a valid peacetalks/1 record."""
    jsonschema.validate(obj, SCHEMA)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
