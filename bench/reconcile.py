"""Reconciliation cost: time and memory for 1k, 5k and 10k documents, and the growth curve.

Documents are generated from the demo corpus: its ten records are extracted once, then copied
with a new content id, one of 40 outlets, and a publication date (and every date inside the
record) moved by 0-720 days, so that blocks fill and split as they would over two years of
coverage. For each size it prints:

- pure: `reconcile(items)` in memory (time; peak traced memory in a second, traced pass);
- store: a full `reconcile_store` over a SQLite file holding the documents (time);
- incremental: 1% more documents ingested, then `reconcile_store` (only the touched blocks).

The exponent fitted between the smallest and largest size says how cost grows: 1.0 is linear,
n log n from 1k to 10k reads about 1.13; the issue asks for no worse than n log n.

    .venv/bin/python bench/reconcile.py [--sizes 1000,5000,10000]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import math
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.batch import extract_records
from peacetalks.demo import MANIFEST
from peacetalks.extract import build_pipeline
from peacetalks.ingest import read_manifest
from peacetalks.model import Record
from peacetalks.reconcile import reconcile, sourced_items
from peacetalks.store import open_store

OUTLETS = [f"Generated Outlet {i}" for i in range(40)]


def sample_records() -> list[Record]:
    """The demo corpus, extracted once."""
    pipeline = build_pipeline()
    outcomes = extract_records(read_manifest(MANIFEST).sources, pipeline)
    return [o.record for o in outcomes if o.record is not None]


def _shift(value: object, days: int) -> object:
    return value + dt.timedelta(days=days) if isinstance(value, dt.date) else value


def _moved(item: object, days: int) -> object:
    fields = [f.name for f in dataclasses.fields(item)]  # type: ignore[arg-type]
    changes = {
        name: _shift(getattr(item, name), days)
        for name in ("date", "end_date", "as_of")
        if name in fields
    }
    return dataclasses.replace(item, **changes)  # type: ignore[type-var]


def generate(records: list[Record], n: int, seed: int = 4) -> list[Record]:
    """`n` documents copied from `records`, each with its own id, outlet and dates."""
    rng = random.Random(seed)
    made = []
    for i in range(n):
        base = records[i % len(records)]
        days = rng.randrange(0, 720)
        doc = dataclasses.replace(
            base.document,
            id=hashlib.sha256(f"{base.document.id}:{i}".encode()).hexdigest()[:16],
            publisher=rng.choice(OUTLETS),
            published=_shift(base.document.published or dt.date(2025, 1, 1), days),
        )
        made.append(
            dataclasses.replace(
                base,
                document=doc,
                events=tuple(_moved(e, days) for e in base.events),
                positions=tuple(_moved(p, days) for p in base.positions),
                agreements=tuple(_moved(a, days) for a in base.agreements),
            )
        )
    return made


def measure(records: list[Record], folder: Path) -> dict[str, float]:
    """Seconds and megabytes for one size."""
    items = [s for r in records for s in sourced_items(r)]
    started = time.perf_counter()
    facts = reconcile(items)
    pure = time.perf_counter() - started
    tracemalloc.start()
    reconcile(items)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    extra = max(1, len(records) // 100)
    store = open_store(f"sqlite:///{folder / f'bench-{len(records)}.db'}")
    try:
        store.add_records(records[:-extra], pipeline="bench")
        started = time.perf_counter()
        reconcile_store(store, full=True)
        full = time.perf_counter() - started
        store.add_records(records[-extra:], pipeline="bench")
        started = time.perf_counter()
        report = reconcile_store(store)
        incremental = time.perf_counter() - started
    finally:
        store.close()
    return {
        "n": len(records),
        "items": len(items),
        "facts": len(facts),
        "pure_s": pure,
        "pure_peak_mb": peak / 1e6,
        "store_full_s": full,
        "incremental_s": incremental,
        "incremental_docs": report.documents,
        "incremental_blocks": report.blocks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    base = sample_records()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            row = measure(generate(base, n), Path(folder))
            rows.append(row)
            print(
                f"n={row['n']:>6} items={row['items']:>7} facts={row['facts']:>6}  "
                f"pure {row['pure_s']:6.2f} s, peak {row['pure_peak_mb']:6.1f} MB  "
                f"store full {row['store_full_s']:6.2f} s  "
                f"+{row['incremental_docs']} docs incremental {row['incremental_s']:5.2f} s "
                f"({row['incremental_blocks']} blocks)  "
                f"us/doc pure {1e6 * row['pure_s'] / n:4.0f}, "
                f"store {1e6 * row['store_full_s'] / n:4.0f}"
            )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        ratio = math.log(last["n"] / first["n"])
        nlogn = math.log(last["n"] * math.log(last["n"]) / (first["n"] * math.log(first["n"])))
        for key in ("pure_s", "store_full_s"):
            exponent = math.log(last[key] / first[key]) / ratio
            print(
                f"{key}: growth exponent {exponent:.2f} from n={first['n']} to n={last['n']} "
                f"(linear 1.00, n log n {nlogn / ratio:.2f})"
            )


if __name__ == "__main__":
    main()
