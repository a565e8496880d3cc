"""SIGTERM during ingest: what was extracted is stored, the run says so, a re-run goes on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, func, select

from peacetalks.llm.standin import StandIn
from peacetalks.store.tables import documents
from tests.llm.conftest import TALKS, model_reply


def _count(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(documents)).scalar_one())
    finally:
        engine.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_stores_what_was_extracted_and_a_rerun_goes_on(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(12):
        (folder / f"d{i:02}.txt").write_text(TALKS + f"\nNote {i}: talks went on.\n")
    db = tmp_path / "run.db"
    db_url = f"sqlite:///{db}"

    def slow(body):
        time.sleep(0.4)
        return model_reply(body)

    command = [sys.executable, "-m", "peacetalks", "ingest", str(folder), "--backend", "llm",
               "--llm-model", "m", "--llm-concurrency", "1", "--published", "2025-08-09",
               "--db", str(db)]  # fmt: skip
    with StandIn(slow) as server:
        process = subprocess.Popen(
            [*command, "--llm-url", server.url],
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 60
        while len(server.requests) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Interrupted: the documents extracted so far are stored" in stderr
    stored = _count(db_url)
    assert 1 <= stored < 12

    with StandIn(model_reply) as server:
        again = subprocess.run(
            [*command, "--llm-url", server.url], capture_output=True, text=True, timeout=120
        )
        asked = len(server.requests)
    assert again.returncode == 0, again.stderr
    assert _count(db_url) == 12
    assert f"{12 - stored} added" in again.stderr
    assert asked <= 12 - stored + 1  # stored documents are not asked about again
