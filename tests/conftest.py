"""Shared fixtures: a fresh SQLite file per test, the default pipeline, an in-process CLI runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from peacetalks.cli import main
from peacetalks.extract import build_pipeline
from peacetalks.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SCHEMA = json.loads(
    (ROOT / "src" / "peacetalks" / "schema" / "peacetalks-1.schema.json").read_text()
)

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
def db_url(tmp_path) -> str:
    """A SQLite database file of this test's own."""
    return f"sqlite:///{tmp_path / 'peacetalks.db'}"


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
