"""Reconciliation at scale: peak memory of a full run, the cost of adding 1%, and store growth.

For each size, N documents generated from the demo corpus (as bench/reconcile.py makes them:
its records copied with a new id, one of 40 outlets and dates moved by up to two years) are
stored in a fresh SQLite file with `Store.add_records` in batches of 500 (timed: the growth
exponent of storing says whether a bigger store makes each document dearer); then
`peacetalks reconcile --full` runs in its own process, which reports its own peak resident
memory (VmHWM from /proc/self/status as it exits: the child's ru_maxrss would count the
parent's image it was forked from, which holds the generated corpus); then 1% more
documents are stored and an incremental `peacetalks reconcile` runs the same way. Prints
one line per size and the fitted exponents; the targets are issue #15's.

The generated corpus is a hard case for incremental runs: every document is a copy of one of
ten articles about three processes, so 1% more documents touch nearly every block.

    .venv/bin/python bench/reconcile_memory.py [--sizes 5000,20000,50000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peacetalks.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reconcile import generate, sample_records

BATCH = 500
MEMORY_TARGET_MB = 1024

# Runs the command line and, however it ends, prints the process's own peak resident memory.
CHILD = """
import atexit, sys
from pathlib import Path

def peak():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            print("peak-kb", line.split()[1], file=sys.stderr)

atexit.register(peak)
sys.argv = ["peacetalks", *sys.argv[1:]]
from peacetalks.cli import main
main()
"""


def store_records(url: str, records: list) -> float:
    """Seconds to store the records in batches."""
    store = open_store(url)
    try:
        started = time.perf_counter()
        for at in range(0, len(records), BATCH):
            store.add_records(records[at : at + BATCH], pipeline="bench")
        return time.perf_counter() - started
    finally:
        store.close()


def reconcile_in_child(url: str, *extra: str) -> tuple[float, float, float]:
    """Seconds of `peacetalks reconcile` in its own process (wall, and the run itself as it
    reports it: what an ingest, which reconciles in its own process, pays) and its peak MB."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "reconcile", "--db", url, *extra],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    reported = re.search(r"written in ([\d.]+) s", done.stderr + done.stdout)
    peak = re.search(r"peak-kb (\d+)", done.stderr)
    if peak is None:
        raise SystemExit(f"the reconcile process did not report its peak memory: {done.stderr}")
    return seconds, float(reported.group(1)) if reported else seconds, int(peak.group(1)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000,50000")
    parser.add_argument("--keep", type=Path, help="write the databases here and keep them")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    base = sample_records()
    rows = []
    with tempfile.TemporaryDirectory(prefix="peacetalks-reconcile-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            extra = max(1, n // 100)
            records = generate(base, n + extra, seed=n)
            db = folder / f"reconcile-{n}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            url = f"sqlite:///{db}"
            stored = store_records(url, records[:n])
            full_s, full_run, full_mb = reconcile_in_child(url, "--full")
            store_records(url, records[n:])
            incremental_s, incremental_run, _ = reconcile_in_child(url)
            rows.append((n, stored, full_s, full_mb, incremental_run / full_run))
            print(
                f"n={n:>7,}  store {stored:7.1f} s ({1000 * stored / n:5.2f} ms/doc)  "
                f"full reconcile {full_run:7.1f} s ({full_s:.1f} s with the process's start), "
                f"peak {full_mb:6.0f} MB  +{extra} docs incremental {incremental_run:6.2f} s "
                f"({100 * incremental_run / full_run:4.1f}% of full; with the process's start "
                f"{incremental_s:.1f} s, {100 * incremental_s / full_s:4.1f}%)",
                flush=True,
            )
    if len(rows) >= 2:
        (n0, s0, f0, m0, _), (n1, s1, f1, m1, _) = rows[0], rows[-1]
        ratio = math.log(n1 / n0)
        print(f"store growth exponent {math.log(s1 / s0) / ratio:.2f} (target <= 1.05)")
        print(f"full reconcile growth exponent {math.log(f1 / f0) / ratio:.2f}")
        print(
            f"peak memory {m0:.0f} MB at {n0:,} -> {m1:.0f} MB at {n1:,} "
            f"(target < {MEMORY_TARGET_MB} MB, flat)"
        )
    worst = max(r[4] for r in rows)
    print(
        f"incremental +1%: at most {100 * worst:.1f}% of a full run, each as the run reports "
        "it (target <= 10%)"
    )


if __name__ == "__main__":
    main()
