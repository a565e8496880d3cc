"""Web latency: every page and API view over a 10,000-document (or --n) database.

Builds the database from the demo corpus (extracted once; each copy gets its own content id,
a publication date moved by whole weeks over ~4 years and one of 40 outlets; item dates move
with it), reconciles it, starts `peacetalks serve` in its own process and, for each route,
makes a data change (a reviewer's confirmation of a fact: every cached view is then stale),
times the first request after it, then --requests warm requests; prints the first request,
median and p95 in milliseconds and the answer's size, then document pages (--requests
different documents). Targets (issue #15): first request after a change < 1 s, warm p95
< 100 ms, /api/positions < 1 MB.

    .venv/bin/python bench/web.py [--n 10000] [--requests 200] [--keep DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.web.browser.running_server

from tests.web.browser import running_server  # noqa: E402

from peacetalks.analysis.reconciliation import reconcile_store  # noqa: E402
from peacetalks.batch import extract_records  # noqa: E402
from peacetalks.demo import MANIFEST  # noqa: E402
from peacetalks.extract import build_pipeline  # noqa: E402
from peacetalks.ingest import read_manifest  # noqa: E402
from peacetalks.model import Record  # noqa: E402
from peacetalks.store import open_store  # noqa: E402
from peacetalks.store.documents import DocumentFilter, list_documents  # noqa: E402
from peacetalks.store.facts import read_facts  # noqa: E402
from peacetalks.store.reviews import add_review  # noqa: E402

OUTLETS = 40
WEEKS = 200
BATCH = 500  # documents stored per transaction, as ingest does


def sample_records() -> list[Record]:
    """The demo corpus extracted once with the default pipeline."""
    pipeline = build_pipeline()
    found = [o.record for o in extract_records(read_manifest(MANIFEST).sources, pipeline)]
    return [r for r in found if r is not None]


def _moved(item: Any, days: int) -> Any:
    changes = {}
    for name in ("date", "end_date", "as_of"):
        value = getattr(item, name, None)
        if isinstance(value, dt.date):
            changes[name] = value + dt.timedelta(days=days)
    return dataclasses.replace(item, **changes) if changes else item


def copy_of(record: Record, i: int) -> Record:
    """Copy `i` of a record: new text (so a new id), moved dates, another outlet."""
    days = 7 * ((i * 37) % WEEKS) - 7 * WEEKS // 2
    doc = record.document
    text = f"{doc.text}\n\nBenchmark copy {i}.\n"
    new_doc = dataclasses.replace(
        doc,
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        text=text,
        published=doc.published + dt.timedelta(days=days) if doc.published else None,
        publisher=f"Bench Outlet {i % OUTLETS:02d}",
        path=f"bench/{i:05d}-{doc.path}",
    )
    return dataclasses.replace(
        record,
        document=new_doc,
        events=tuple(_moved(e, days) for e in record.events),
        positions=tuple(_moved(p, days) for p in record.positions),
        agreements=tuple(_moved(a, days) for a in record.agreements),
    )


def build(db: Path, n: int) -> list[str]:
    """The n-document database, reconciled; returns the document ids."""
    originals = sample_records()
    store = open_store(f"sqlite:///{db}")
    ids = []
    try:
        started = time.perf_counter()
        for at in range(0, n, BATCH):
            batch = [
                copy_of(originals[i % len(originals)], i) for i in range(at, min(n, at + BATCH))
            ]
            store.add_records(batch, pipeline="bench")
            ids += [record.document.id for record in batch]
        stored = time.perf_counter() - started
        report = reconcile_store(store)
        print(
            f"database: {n} documents stored in {stored:.1f} s, reconciled in "
            f"{report.seconds:.1f} s ({report.facts} facts)"
        )
    finally:
        store.close()
    return ids


def timed_get(url: str) -> float:
    """Milliseconds for one GET, body read in full; fails on any status but 200."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as answer:
        answer.read()
        if answer.status != 200:
            sys.exit(f"{url} answered {answer.status}")
    return (time.perf_counter() - started) * 1000


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    print(
        f"{name:9s} median {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   "
        f"max {ordered[-1]:6.1f} ms   ({len(ordered)} requests)"
    )


ROUTES = (
    "/",
    "/positions",
    "/compare",
    "/timeline",
    "/agreements",
    "/deals",
    "/rounds",
    "/actors",
    "/discrepancies",
    "/review-queue",
    "/search?q=ceasefire",
    "/api/positions",
    "/api/compare?a=russia&b=ukraine",
    "/api/timeline",
    "/api/agreements",
    "/api/deals",
    "/api/rounds",
    "/api/actors",
    "/api/discrepancies",
    "/api/search?q=ceasefire",
    "/api/documents",
)


def change_data(url: str, round_: int) -> None:
    """A data change, as a reviewer makes one: a note on a fact (every cached view is stale)."""
    store = open_store(url)
    try:
        fact = read_facts(store.engine, kind="actor", sources=False)[round_ % 10]
        add_review(
            store.engine, fact, "confirm", before=None, after=None, reviewer="bench",
            note=f"bench change {round_}",
        )  # fmt: skip
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--keep", type=Path, help="build the database in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="peacetalks-web-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        db = work / f"web-bench-{args.n}.db"
        url = f"sqlite:///{db}"
        if args.keep and db.exists():
            store = open_store(url)
            ids = [
                d.id for d in list_documents(store.engine, DocumentFilter(), limit=10**7).entries
            ]
            store.close()
            print(f"database: {len(ids)} documents, kept from an earlier run")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            ids = build(db, args.n)
        with running_server(url) as base:
            # Every route once, untimed: the server computes the default views in a thread at
            # start, which would otherwise share the CPU with the first timed requests.
            started = time.perf_counter()
            for route in ROUTES:
                timed_get(base + route)
            print(f"start-up: every route once in {time.perf_counter() - started:.1f} s")
            print(f"{'route':34s} {'after change':>12s} {'median':>8s} {'p95':>8s}  answer")
            slow = []
            for round_, route in enumerate(ROUTES):
                change_data(url, round_)
                first = timed_get(base + route)
                times = [timed_get(base + route) for _ in range(args.requests)]
                ordered = sorted(times)
                p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
                with urllib.request.urlopen(base + route, timeout=60) as answer:
                    size = len(answer.read())
                print(
                    f"{route:34s} {first:10.0f} ms {statistics.median(ordered):6.1f} ms "
                    f"{p95:6.1f} ms  {size / 1e6:6.2f} MB",
                    flush=True,
                )
                if first >= 1000 or p95 >= 100:
                    slow.append(route)
            step = max(1, len(ids) // args.requests)
            docs = [f"{base}/documents/{doc_id}" for doc_id in ids[::step][: args.requests]]
            report("document", [timed_get(url) for url in docs])
            print(
                "targets: first request after a change < 1 s, warm p95 < 100 ms: "
                + ("met" if not slow else f"NOT MET on {', '.join(slow)}")
            )


if __name__ == "__main__":
    main()
