"""Shared fixtures: a fresh SQLite file per test, the default pipeline, an in-process CLI runner."""

from __future__ import annotations

import json
import os
import shutil
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
    """Makes databases of this test's own, dropped after it: `make()` or `make(template=URL)`.

    SQLite files in tmp_path; with PEACETALKS_TEST_POSTGRES_URL set, new databases on that
    PostgreSQL server instead, so that the whole suite runs on PostgreSQL (about 0.1 s per
    database: CREATE, migrate, DROP). A template (a closed database, e.g. one a session
    fixture built) is copied: the file on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL.
    """
    with ExitStack() as stack:
        yield _database_maker(stack, tmp_path)


@pytest.fixture(scope="session")
def make_session_db_url(tmp_path_factory):
    """As make_db_url, for databases that live for the whole session (templates to copy)."""
    with ExitStack() as stack:
        yield _database_maker(stack, tmp_path_factory.mktemp("databases"))


@pytest.fixture
def db_url(make_db_url) -> str:
    """A database of this test's own: SQLite, or PostgreSQL when the server URL is set."""
    return make_db_url()


def _database_maker(stack: ExitStack, folder: Path):
    def make(name: str = "peacetalks", *, template: str | None = None) -> str:
        return stack.enter_context(scratch_db_url(folder, name, template=template))

    return make


@contextmanager
def scratch_db_url(
    folder: Path, name: str = "peacetalks", *, template: str | None = None
) -> Iterator[str]:
    """A new database while the block runs: a SQLite file in `folder`, or a PostgreSQL
    database when PEACETALKS_TEST_POSTGRES_URL is set (for tests that cannot take a fixture,
    such as one Hypothesis example)."""
    server = os.environ.get(POSTGRES_URL)
    if server:
        template_name = make_url(template).database if template else None
        with fresh_postgres_database(server, template=template_name) as url:
            yield url
        return
    target = folder / f"{name}.db"
    if target.exists():
        target = folder / f"{name}-{uuid.uuid4().hex[:8]}.db"
    if template:
        shutil.copyfile(make_url(template).database, target)
    yield f"sqlite:///{target}"


@contextmanager
def fresh_postgres_database(server_url: str, *, template: str | None = None) -> Iterator[str]:
    """CREATE DATABASE peacetalks_test_<random> on the server of `server_url`; DROP it after.

    With `template`, the new database is a copy of that one (which nobody may be connected to).
    """
    server = make_url(server_url)
    name = f"peacetalks_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
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


def previous_version(path: Path) -> dict | None:
    """The JSON of the last committed version of `path` that differs from the file as it is
    (None outside a git checkout or before any such commit): for floors that only go up."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    relative = path.resolve().relative_to(root).as_posix()
    log = subprocess.run(
        ["git", "log", "--format=%H", "--", relative],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    current = path.read_text(encoding="utf-8")
    for commit in log.stdout.split() if log.returncode == 0 else []:
        shown = subprocess.run(
            ["git", "show", f"{commit}:{relative}"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if shown.returncode == 0 and shown.stdout != current:
            return json.loads(shown.stdout)
    return None


def floors_then_and_now(path: Path) -> tuple[dict, dict]:
    """The last committed floors at `path` that differ from the file, and the file's floors,
    for tests of floors that only go up; the test is skipped when there is nothing to compare
    with (the first pinning, or not a git checkout)."""
    previous = previous_version(path)
    if previous is None:
        pytest.skip("no earlier floors to compare with (first pinning, or not a git checkout)")
    return previous, json.loads(path.read_text(encoding="utf-8"))
