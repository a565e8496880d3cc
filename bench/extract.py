"""Extraction throughput and peak memory on one core, learned and rules backends side by side.

Reads the bundled sample corpus once (all formats), then runs a backend's pipeline over N
documents, each a copy of a sample document with its own text, on one core. Without
--backend it runs itself once per backend, each in its own process (so that each peak RSS is
that backend's own), and prints a table against the targets; with --backend it measures that
backend in this process and prints one JSON line.

    .venv/bin/python bench/extract.py [--n 600]
    .venv/bin/python bench/extract.py --backend learned [--n 600]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import replace

BACKENDS = ("learned", "rules")
# Set for the measured processes, so that numpy/BLAS and friends stay on the one core.
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
# The targets of the learned backend (issue): speed per core, memory, and speed next to rules.
TARGET_DOCS_PER_S = 25.0
TARGET_PEAK_MB = 1024.0  # 1 GB (MB here are MiB, as ru_maxrss / 1024)
TARGET_RATIO = 0.25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="documents to extract per backend")
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        help="measure only this backend, in this process, and print one JSON line",
    )
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    core = pin_to_one_core()
    if args.backend:
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, "1")
        print(json.dumps(measure(args.backend, args.n) | {"core": core}))
        return
    results = [run_child(backend, args.n) for backend in BACKENDS]
    print_table(results, args.n)


def pin_to_one_core() -> int | None:
    """Pins this process (and the children it starts) to its first allowed core."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def measure(backend: str, n: int) -> dict[str, object]:
    # Imported here, after the thread variables are set: numpy reads them when it loads.
    from peacetalks.demo import MANIFEST
    from peacetalks.extract import build_pipeline
    from peacetalks.ingest import content_id, read_document, read_manifest

    originals = [read_document(source) for source in read_manifest(MANIFEST).sources]
    docs = []
    for i in range(n):
        doc = originals[i % len(originals)]
        text = f"{doc.text}\n\nCopy {i} of the benchmark sample."
        docs.append(replace(doc, id=content_id(text), text=text))
    words = sum(len(doc.text.split()) for doc in docs)
    started = time.perf_counter()
    pipeline = build_pipeline(backend=backend)
    # Load the stages' lexicons and models before timing (a copy not among the measured ones).
    pipeline.run(replace(docs[0], id=content_id(docs[0].text + " warm-up")))
    loaded = time.perf_counter()
    items = sum(pipeline.run(doc).item_count for doc in docs)
    elapsed = time.perf_counter() - loaded
    return {
        "backend": backend,
        "documents": n,
        "seconds": round(elapsed, 3),
        "documents_per_s": round(n / elapsed, 2),
        "words": words,
        "words_per_s": round(words / elapsed),
        "items": items,
        "load_s": round(loaded - started, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_child(backend: str, n: int) -> dict[str, object]:
    env = os.environ | dict.fromkeys(THREAD_VARIABLES, "1")
    command = [sys.executable, __file__, "--backend", backend, "--n", str(n)]
    print(f"measuring {backend} ({n} documents) ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        sys.exit(f"bench/extract.py --backend {backend} failed (exit {done.returncode})")
    return json.loads(lines[-1])


def print_table(results: list[dict], n: int) -> None:
    by_backend = {r["backend"]: r for r in results}
    core = results[0].get("core")
    pinned = f"pinned to core {core}" if core is not None else "not pinned (no sched_setaffinity)"
    words = results[0]["words"] // n
    print(f"extract: {n} documents per backend, {words} words per document, one core ({pinned})")
    print(
        f"{'backend':8} {'docs/s/core':>12} {'words/s':>9} {'peak RSS MB':>12} "
        f"{'items':>7} {'seconds':>8} {'load s':>7}"
    )
    for r in results:
        print(
            f"{r['backend']:8} {r['documents_per_s']:12.1f} {r['words_per_s']:9,} "
            f"{r['peak_rss_mb']:12.0f} {r['items']:7} {r['seconds']:8.1f} {r['load_s']:7.1f}"
        )
    learned, rules = by_backend["learned"], by_backend["rules"]
    ratio = learned["documents_per_s"] / rules["documents_per_s"]
    print(f"learned/rules speed: {ratio:.3f}")
    print("targets (learned):")
    checks = [
        (
            f"documents/s/core >= {TARGET_DOCS_PER_S:.0f}",
            f"{learned['documents_per_s']:.1f}",
            learned["documents_per_s"] >= TARGET_DOCS_PER_S,
        ),
        (
            f"peak RSS < {TARGET_PEAK_MB:.0f} MB (1 GB)",
            f"{learned['peak_rss_mb']:.0f} MB",
            learned["peak_rss_mb"] < TARGET_PEAK_MB,
        ),
        (f"speed >= {TARGET_RATIO} x rules", f"{ratio:.3f} x", ratio >= TARGET_RATIO),
    ]
    for label, value, met in checks:
        print(f"  {label:32} {value:>10}   {'met' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()
