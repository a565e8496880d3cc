"""Web latency: the matrix, timeline and document pages over a 10,000-document database.

Builds the database from the demo corpus (extracted once; each copy gets its own content id,
a publication date moved by whole weeks over ~4 years and one of 40 outlets; item dates move
with it), reconciles it, starts `peacetalks serve` in its own process and requests each page
over loopback from this process: warm-up, then --requests timed requests per page (document
pages cycle through --requests different documents). Prints median and p95 in milliseconds,
and the first (cold, uncached) request of each view.

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

OUTLETS = 40
WEEKS = 200


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
        for i in range(n):
            record = copy_of(originals[i % len(originals)], i)
            store.add_record(record, pipeline="bench")
            ids.append(record.document.id)
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
    with urllib.request.urlopen(url, timeout=60) as answer:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents (default 10000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--keep", type=Path, help="build the database in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="peacetalks-web-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        db = work / "web-bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        ids = build(db, args.n)
        with running_server(f"sqlite:///{db}") as base:
            pages = {"matrix": base + "/positions", "timeline": base + "/timeline"}
            for name, url in pages.items():
                print(f"{name:9s} first (cold) request {timed_get(url):.0f} ms")
            for url in pages.values():
                for _ in range(5):
                    timed_get(url)
            for name, url in pages.items():
                report(name, [timed_get(url) for _ in range(args.requests)])
            step = max(1, len(ids) // args.requests)
            docs = [f"{base}/documents/{doc_id}" for doc_id in ids[::step][: args.requests]]
            report("document", [timed_get(url) for url in docs])


if __name__ == "__main__":
    main()
