"""A whole batch of hostile and unusual inputs (tests/ingest/hostile.py, written at test time):
no traceback, no process killed, every good document of the batch stored, each refusal naming
its file and, where a limit refused it, the limit; the batch's peak memory under 1 GB."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys

import pytest

from tests.ingest.hostile import write_corpus

# Runs the CLI and reports the process's own peak memory (KB) on stderr afterwards.
_MEASURED = """
import resource, sys
from peacetalks.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
else:
    code = 0
print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""
LIMIT_KB = 1_000_000


def _ingest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _MEASURED, "ingest", *args],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "COLUMNS": "200"},
    )


def _stored(db: str) -> set[str]:
    """The file names of the stored documents (a manifest names them relative to itself)."""
    with sqlite3.connect(db) as connection:
        return {
            row[0].rsplit("/", 1)[-1] for row in connection.execute("SELECT path FROM documents")
        }


def _run(tmp_path, backend: str, timeout: str):
    cases = write_corpus(tmp_path / "corpus")
    db = tmp_path / "hostile.db"
    given = [c.path for c in cases if not c.via_manifest]
    run = _ingest(*given, "--db", f"sqlite:///{db}", "--max-size", "3", "--backend", backend,
                  "--doc-timeout", timeout)  # fmt: skip
    listed = _ingest("--manifest", str(tmp_path / "corpus" / "manifest.csv"),
                     "--db", f"sqlite:///{db}", "--backend", backend)  # fmt: skip
    return cases, db, run, listed


def _check(cases, db, run, listed) -> None:
    assert len(cases) >= 40
    for result in (run, listed):
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        assert result.returncode in (0, 1, 2), result.stderr[-3000:]  # never killed
        peak = int(re.search(r"PEAK_RSS_KB (\d+)", result.stderr).group(1))
        assert peak < LIMIT_KB, f"peak memory {peak / 1000:.0f} MB"
    stored = _stored(str(db))
    messages = (run.stderr + listed.stderr).replace("\n  ", " ")
    for case in cases:
        shown = case.path.replace("\x1b", "")
        if case.good:
            assert case.name in stored, f"{case.name} was not stored"
            continue
        if case.either and case.name in stored:
            continue
        line = next((m for m in messages.splitlines() if shown in m and "Skipped" in m), None)
        if case.either:
            assert line is not None, f"{case.name}: neither stored nor reported"
            assert "--doc-timeout" in line or "limit" in line, line
            continue
        assert case.via_manifest or case.name not in stored, f"{case.name} was stored"
        assert line is not None, f"{case.name}: no message names it"
        for word in case.says:
            assert word in line, f"{case.name}: {word!r} not in {line!r}"


def test_a_hostile_batch_stores_every_good_document_and_names_each_refusal(tmp_path):
    _check(*_run(tmp_path, "rules", "10"))


@pytest.mark.skipif(
    not os.environ.get("PEACETALKS_TEST_SLOW"), reason="slow; set PEACETALKS_TEST_SLOW=1"
)
def test_a_hostile_batch_with_the_default_backend(tmp_path):
    _check(*_run(tmp_path, "learned", "30"))
