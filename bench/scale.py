"""Scale-out: ingest throughput local vs Dask (1 and 2 workers), and store write throughput.

Part 1 ingests N distinct documents (copies of the demo corpus, as bench/ingest.py writes
them) through the real core path, peacetalks.batch.ingest_sources, three ways into fresh
SQLite files: the local executor, then a Dask cluster of 1 and of 2 worker processes (or the
scheduler given by --address). It prints documents/s, the speed-up over the 1-worker cluster
and over the local run, and the scaling efficiency (speed-up / workers). Cluster start-up
is timed apart; the first tasks' pipeline build (spaCy, the registry) is inside the timing.

Part 2 writes the same records (extracted once) with Store.add_records into a fresh SQLite
file and a fresh PostgreSQL database (made on the --postgres server and dropped after), in
batches of 32 documents (as ingest does) and one at a time, and prints documents/s and items/s.

    .venv/bin/python bench/scale.py                       # 5,000 documents, 1 and 2 workers
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
from pathlib import Path

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


def ingest_rate(folder: Path, db: Path, executor, n: int) -> float:
    """Documents/s of one ingest of `folder` into a fresh SQLite file."""
    pipeline = build_pipeline()
    store = open_store(f"sqlite:///{db}")
    started = time.perf_counter()
    try:
        summary = ingest_sources(expand_inputs([str(folder)]), pipeline, store, executor=executor)
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    if summary.failures or summary.added != n:
        sys.exit(f"expected {n} added, got {summary.added} and {len(summary.failures)} failed")
    return n / elapsed


def dask_rates(folder: Path, work: Path, n: int, args) -> list[tuple[str, int, float]]:
    """(label, workers, documents/s) for each cluster size, or for the given scheduler."""
    from distributed import Client, LocalCluster  # the distributed extra

    from peacetalks.batch.distributed import DaskExecutor

    rates = []
    if args.address:
        with Client(args.address, set_as_default=False) as client:
            size = len(client.scheduler_info()["workers"])
        with DaskExecutor(PipelineSpec(), address=args.address) as executor:
            rate = ingest_rate(folder, work / "dask-remote.db", executor, n)
        rates.append((f"dask {args.address}", size, rate))
    for size in args.workers:
        started = time.perf_counter()
        with LocalCluster(
            n_workers=size,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # any free port: 8787 may be taken
        ) as cluster:
            start_s = time.perf_counter() - started
            with DaskExecutor(PipelineSpec(), address=cluster.scheduler_address) as executor:
                rate = ingest_rate(folder, work / f"dask-{size}.db", executor, n)
        print(f"  (local cluster of {size} started in {start_s:.1f} s)")
        rates.append((f"dask, {size} local worker(s)", size, rate))
    return rates


def write_rates(work: Path, args) -> None:
    """Store.add_records throughput on SQLite and PostgreSQL, batched and one at a time."""
    pipeline = build_pipeline()
    sources = list(expand_inputs([str(work / "documents"), str(work / "ingest")]))
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
        "--postgres",
        default=LOCAL_POSTGRES,
        help="a PostgreSQL server URL where a scratch database may be made and dropped",
    )
    parser.add_argument(
        "--write-n", type=int, default=2000, help="documents for the write test (2000)"
    )
    args = parser.parse_args()
    args.workers = [int(w) for w in args.workers.split(",") if int(w) > 0]

    # Throughput on a shared machine follows its load: print it beside the figures.
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="peacetalks-scale-") as scratch:
        work = Path(scratch)
        folder = work / "documents"
        write_documents(folder, max(args.n, args.write_n))
        if args.n > 0:
            _print_ingest(folder, work, args)
        write_rates(work, args)


def _print_ingest(folder: Path, work: Path, args) -> None:
    only = work / "ingest"
    only.mkdir()
    for path in sorted(folder.iterdir())[: args.n]:
        path.rename(only / path.name)
    local = ingest_rate(only, work / "local.db", None, args.n)
    print(f"ingest local (this process):      {local:7.1f} documents/s ({args.n} documents)")
    rates = dask_rates(only, work, args.n, args)
    one = next((rate for _, size, rate in rates if size == 1), None)
    for label, size, rate in rates:
        line = f"ingest {label + ':':<26} {rate:7.1f} documents/s, x{rate / local:.2f} local"
        if one is not None:
            speedup = rate / one
            line += f", x{speedup:.2f} one worker, efficiency {speedup / size:.2f}"
        print(line)


if __name__ == "__main__":
    main()
