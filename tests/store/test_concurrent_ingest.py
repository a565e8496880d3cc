"""Two `peacetalks ingest` processes over overlapping folders into one database (issue 6)."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text

from peacetalks.store import open_store
from peacetalks.store.migrations import known_revisions
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
    assert sum(added) == len(paths)  # every document, once
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
    # Both processes reconciled after their ingest, at the same time: no update may be lost,
    # so rebuilding every fact from the stored documents changes nothing.
    reconciled = _facts(db_url)
    assert reconciled
    rebuild = subprocess.run(
        [*peacetalks_command(), "reconcile", "--full", "--db", db_url],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert rebuild.returncode == 0, rebuild.stderr
    assert _facts(db_url) == reconciled


def _facts(db_url: str) -> list[tuple]:
    """Every fact with its sources, in a stable order."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return [
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT f.key, f.source_count, s.document_id, s.item_kind, s.item_seq "
                        "FROM facts f JOIN fact_sources s ON s.fact_key = f.key "
                        "ORDER BY f.key, s.document_id, s.item_kind, s.item_seq"
                    )
                )
            ]
    finally:
        engine.dispose()


def test_open_store_by_many_processes_at_once_migrates_once(store_url):
    # Threads stand in for processes: each opens its own engine on the fresh database, so they
    # race on the migration exactly as several `peacetalks ingest` starting together do.
    def open_and_count(_):
        store = open_store(store_url)
        try:
            return store.counts().documents
        finally:
            store.close()

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(open_and_count, range(6))) == [0] * 6
    engine = create_engine(store_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    finally:
        engine.dispose()
    assert [row[0] for row in found] == [known_revisions()[-1]]


def test_store_exclusive_makes_another_store_wait_until_it_is_released(store_url):
    open_store(store_url).close()
    first, second = open_store(store_url), open_store(store_url)
    entered = threading.Event()
    try:
        with first.exclusive("reconcile"):
            waiter = threading.Thread(target=lambda: _enter(second, entered))
            waiter.start()
            assert not entered.wait(0.5)  # held here: the other store may not enter
        assert entered.wait(30)
        waiter.join()
        with first.exclusive("another-name"), second.exclusive("reconcile"):
            pass  # locks of other names are independent
    finally:
        first.close()
        second.close()


def _enter(store, entered):
    with store.exclusive("reconcile"):
        entered.set()
