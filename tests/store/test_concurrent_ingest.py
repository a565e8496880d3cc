"""Two `peacetalks ingest` processes over overlapping folders into one database (issue 6)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import create_engine, text

from tests.store.test_crash import peacetalks_command, write_corpus

TIMEOUT_S = 300


@pytest.mark.slow
def test_issue_6_two_ingests_over_overlapping_folders_store_each_document_once(tmp_path, db_url):
    paths = write_corpus(tmp_path / "all", 120)
    first, second = tmp_path / "first", tmp_path / "second"
    names = {}
    for folder, chosen in ((first, paths[:80]), (second, paths[40:])):
        folder.mkdir()
        for path in chosen:
            # The 40 shared documents sort first in both folders: both processes extract
            # them at the same time and race to insert them.
            shared = path in paths[40:80]
            names[path] = f"{'0-shared' if shared else '1-own'}-{path.name}"
            shutil.copy(path, folder / names[path])
    # The schema first: both processes would otherwise race to create it (Alembic's own
    # business, not what this test is about).
    _ingest_run([str(first / names[paths[0]])], db_url).check_returncode()

    runs = [
        subprocess.Popen(
            [*peacetalks_command(), "ingest", str(folder), "--db", db_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (first, second)
    ]
    results = [run.communicate(timeout=TIMEOUT_S) for run in runs]

    for run, (_, stderr) in zip(runs, results, strict=True):
        assert run.returncode == 0, stderr
    added = [int(re.search(r"(\d+) added", stderr).group(1)) for _, stderr in results]
    unchanged = [int(re.search(r"(\d+) unchanged", stderr).group(1)) for _, stderr in results]
    assert sum(added) == len(paths) - 1  # every document but the one stored first, once
    assert sum(added) + sum(unchanged) == 80 + 80
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT path, item_count FROM documents")).all()
            n_items = connection.execute(text("SELECT count(*) FROM items")).scalar_one()
    finally:
        engine.dispose()
    stored = sorted(path.rsplit("/", 1)[-1] for path, _ in rows)
    assert stored == sorted(names.values())
    assert n_items == sum(count for _, count in rows)


def _ingest_run(args: list[str], db_url: str) -> subprocess.CompletedProcess[str]:
    command = [*peacetalks_command(), "ingest", *args, "--db", db_url]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
