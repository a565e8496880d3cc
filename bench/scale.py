"""Scale-out: ingest throughput local vs Dask (1 and 2 workers), the Dask client's CPU per
document, and store write throughput.

Part 1 ingests N distinct documents (copies of the demo corpus, as bench/ingest.py writes
them), as text files and again as simple HTML pages, through the real core path,
peacetalks.batch.ingest_sources, three ways into fresh SQLite files: the local executor, then
a Dask cluster of 1 and of 2 worker processes (or the scheduler given by --address). It prints
documents/s, the speed-up over the 1-worker cluster and over the local run, the scaling
efficiency (speed-up / workers), and the CPU this process (the client) spent per document:
time.process_time() around the run over the documents, split into the Store calls (timed on
the main thread) and the rest (coordination: stamps, checks, sending, receiving, and whatever
part of the cluster runs in this process). Each cluster is the one `peacetalks ingest --engine
dask --workers N` starts, once with the workers writing the records to the store (each
chunk as it is done; the client hands out paths and notes the outcomes) and once with the
client writing them (`--writes`). Cluster start-up is timed apart; the first tasks'
pipeline build (spaCy, the registry) is inside the timing.

Part 2 writes the same records (extracted once) with Store.add_records into a fresh SQLite
file and a fresh PostgreSQL database (made on the --postgres server and dropped after), in
batches of 32 documents (as ingest does) and one at a time, and prints documents/s and items/s.

    .venv/bin/python bench/scale.py                       # 5,000 documents, 1 and 2 workers
    .venv/bin/python bench/scale.py --n 400 --formats html --write-n 0
    .venv/bin/python bench/scale.py --n 1000 --workers 1,2,4
    .venv/bin/python bench/scale.py --address tcp://scheduler:8786 --workers 0
    .venv/bin/python bench/scale.py --postgres postgresql+psycopg://me@dbhost/postgres
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from peacetalks.batch import LocalExecutor, PipelineSpec, ingest_sources
from peacetalks.batch.local import WRITE_BATCH
from peacetalks.extract import build_pipeline
from peacetalks.ingest import expand_inputs, read_document
from peacetalks.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import write_documents  # bench/ingest.py, a script beside this one

LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Run:
    """One ingest: its throughput and what it cost this process (the client) per document."""

    rate: float  # documents/s
    client_ms: float  # process CPU (every thread) per document
    store_ms: float  # of which in Store calls (main thread)
    main_ms: float  # of which on the main thread, Store calls included
    by_method: dict[str, float]  # Store calls' ms/document by method


class _TimedStore:
    """A Store whose calls add up the main thread's CPU they take, by method."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.by_method: dict[str, float] = {}

    @property
    def cpu(self) -> float:
        return sum(self.by_method.values())

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.store, name)
        if not callable(attribute):
            return attribute

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return attribute(*args, **kwargs)
            finally:
                spent = time.thread_time() - started
                self.by_method[name] = self.by_method.get(name, 0.0) + spent

        return timed


def ingest_run(folder: Path, db: Path, executor, n: int) -> Run:
    """One ingest of `folder` into a fresh SQLite file."""
    pipeline = build_pipeline()
    store = open_store(f"sqlite:///{db}")
    timed = _TimedStore(store)
    started, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
    try:
        summary = ingest_sources(expand_inputs([str(folder)]), pipeline, timed, executor=executor)
        elapsed = time.perf_counter() - started
        cpu, main = time.process_time() - cpu, time.thread_time() - main
    finally:
        store.close()
    if summary.failures or summary.added != n:
        first = summary.failures[0].error if summary.failures else ""
        sys.exit(
            f"expected {n} added, got {summary.added} and {len(summary.failures)} failed {first}"
        )
    by_method = {name: spent * 1e3 / n for name, spent in timed.by_method.items()}
    return Run(n / elapsed, cpu * 1e3 / n, timed.cpu * 1e3 / n, main * 1e3 / n, by_method)


def dask_runs(folder: Path, work: Path, n: int, args) -> list[tuple[str, int, Run]]:
    """(label, workers, run) for each cluster size, or for the given scheduler."""
    from distributed import Client  # the distributed extra

    from peacetalks.batch.distributed import DaskExecutor

    runs = []
    for writes in args.writes:
        if args.address:
            with Client(args.address, set_as_default=False) as client:
                size = len(client.scheduler_info()["workers"])
            with DaskExecutor(PipelineSpec(), address=args.address, writes=writes) as executor:
                db = work / f"dask-remote-{writes}-{folder.name}.db"
                run = ingest_run(folder, db, executor, n)
            runs.append((f"dask {args.address}, {writes} writes", size, writes, run))
        for size in args.workers:
            # The cluster `peacetalks ingest --engine dask --workers N --writes W` starts.
            started = time.perf_counter()
            with DaskExecutor(PipelineSpec(), workers=size, writes=writes) as executor:
                start_s = time.perf_counter() - started
                db = work / f"dask-{size}-{writes}-{folder.name}.db"
                run = ingest_run(folder, db, executor, n)
            print(f"  (local cluster of {size} started in {start_s:.1f} s)")
            runs.append((f"dask, {size} worker(s), {writes} writes", size, writes, run))
    return runs


def write_rates(work: Path, args) -> None:
    """Store.add_records throughput on SQLite and PostgreSQL, batched and one at a time."""
    pipeline = build_pipeline()
    # The text ingest moved its documents to ingest-text/: "documents" may be left empty, and
    # an empty folder is a source with a problem (nothing to read), not a document.
    found = expand_inputs([str(work / "documents"), str(work / "ingest-text")])
    sources = [source for source in found if not source.problem]
    docs = [read_document(source) for source in sources[: args.write_n]]
    records = [e.record for e in LocalExecutor(pipeline).extract(docs)]
    n_items = sum(
        len(r.actors + r.events + r.positions + r.agreements + r.figures) for r in records
    )
    targets = [("sqlite", lambda tag: f"sqlite:///{work / f'write-{tag}.db'}", None)]
    admin = None
    try:
        admin = create_engine(make_url(args.postgres), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
        targets.append(("postgresql", None, admin))
    except Exception as err:  # no server: report SQLite alone, and say why
        print(f"  (PostgreSQL skipped: {type(err).__name__}: {str(err).splitlines()[0]})")
    for backend, sqlite_url, pg_admin in targets:
        for batch in (WRITE_BATCH, 1):
            if pg_admin is not None:
                name = f"peacetalks_bench_{uuid.uuid4().hex[:8]}"
                with pg_admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                url = make_url(args.postgres).set(database=name).render_as_string(False)
            else:
                url = sqlite_url(batch)
            try:
                rate = _write_all(url, records, pipeline.fingerprint, batch)
            finally:
                if pg_admin is not None:
                    with pg_admin.connect() as connection:
                        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            print(
                f"write {backend:<10} batches of {batch:>2}: {rate:7.1f} documents/s "
                f"= {rate * n_items / len(records):8.0f} items/s ({len(records)} documents)"
            )
    if admin is not None:
        admin.dispose()
    print(f"machine: load average {os.getloadavg()[0]:.1f} at the end")


def _write_all(url: str, records, fingerprint: str, batch: int) -> float:
    store = open_store(url)
    started = time.perf_counter()
    try:
        for start in range(0, len(records), batch):
            outcomes = store.add_records(records[start : start + batch], pipeline=fingerprint)
            if set(outcomes) != {"added"}:
                sys.exit(f"{url}: expected every document added, got {outcomes}")
    finally:
        store.close()
    return len(records) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="documents to ingest (5000; 0: none)")
    parser.add_argument(
        "--workers",
        default="1,2",
        help="local Dask cluster sizes, comma-separated (1,2); 0 for none",
    )
    parser.add_argument("--address", help="also run on this Dask scheduler (tcp://HOST:8786)")
    parser.add_argument(
        "--writes",
        default="workers,client",
        help="who writes the records in the Dask runs, comma-separated (workers,client)",
    )
    parser.add_argument(
        "--formats",
        default="text,html",
        help="input formats to ingest, comma-separated (text,html)",
    )
    parser.add_argument(
        "--postgres",
        default=LOCAL_POSTGRES,
        help="a PostgreSQL server URL where a scratch database may be made and dropped",
    )
    parser.add_argument(
        "--write-n", type=int, default=2000, help="documents for the write test (2000; 0: none)"
    )
    args = parser.parse_args()
    args.workers = [int(w) for w in args.workers.split(",") if int(w) > 0]
    args.formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    args.writes = [w.strip() for w in args.writes.split(",") if w.strip()]
    if set(args.writes) - {"workers", "client"}:
        parser.error("--writes takes workers, client or both")
    if set(args.formats) - {"text", "html"}:
        parser.error("--formats takes text, html or both")

    # Throughput on a shared machine follows its load: print it beside the figures.
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="peacetalks-scale-") as scratch:
        work = Path(scratch)
        folder = work / "documents"
        write_documents(folder, max(args.n if "text" in args.formats else 0, args.write_n))
        if args.n > 0:
            _print_ingest(folder, work, args)
        if args.write_n > 0:
            write_rates(work, args)


def _print_ingest(folder: Path, work: Path, args) -> None:
    for fmt in args.formats:
        only = work / f"ingest-{fmt}"
        if fmt == "text":
            only.mkdir()
            for path in sorted(folder.iterdir())[: args.n]:
                path.rename(only / path.name)
        else:
            write_documents(only, args.n, as_html=True)
        local = ingest_run(only, work / f"local-{fmt}.db", None, args.n).rate
        print(
            f"ingest {fmt} local (this process):      {local:7.1f} documents/s ({args.n} documents)"
        )
        runs = dask_runs(only, work, args.n, args)
        for label, size, writes, run in runs:
            one = next((r.rate for _, s, w, r in runs if s == 1 and w == writes), None)
            line = f"ingest {fmt} {label + ':':<36} {run.rate:7.1f} documents/s"
            line += f", x{run.rate / local:.2f} local"
            if one is not None:
                speedup = run.rate / one
                line += f", x{speedup:.2f} one worker, efficiency {speedup / size:.2f}"
            print(line)
            print(
                f"  client CPU {run.client_ms:.2f} ms/document: Store calls {run.store_ms:.2f}, "
                f"coordination {run.client_ms - run.store_ms:.2f} (main thread "
                f"{run.main_ms - run.store_ms:.2f}, Dask's threads "
                f"{run.client_ms - run.main_ms:.2f})"
            )
            calls = sorted(run.by_method.items(), key=lambda call: -call[1])
            print("  Store calls: " + ", ".join(f"{name} {ms:.2f}" for name, ms in calls))
        print(f"  (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
