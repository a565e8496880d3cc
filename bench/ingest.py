"""Ingest throughput: N distinct copies of the demo corpus into a fresh SQLite file.

Runs the real core path (peacetalks.batch.ingest_sources with the default pipeline and
peacetalks.store.open_store), then the same folder again (every document already stored),
and prints documents per second for both and peak memory.

    .venv/bin/python bench/ingest.py [--n 1000] [--html] [--tracemalloc] [--keep DIR]
"""

from __future__ import annotations

import argparse
import html
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from peacetalks.batch import ingest_sources
from peacetalks.extract import build_pipeline
from peacetalks.ingest import expand_inputs
from peacetalks.store import open_store

CORPUS = Path(__file__).resolve().parent.parent / "src" / "peacetalks" / "demo" / "corpus"


def write_documents(folder: Path, n: int, *, as_html: bool = False) -> None:
    """`n` distinct documents: the demo .txt files in turn, each copy ending in a numbered line.

    With `as_html`, each is a simple news page (.html): the headline as title and <h1>, each
    paragraph a <p>, between a navigation bar and a footer that readers drop.
    """
    originals = sorted(CORPUS.glob("*.txt"))
    if not originals:
        sys.exit(f"No demo documents in {CORPUS}")
    texts = [p.read_text(encoding="utf-8").rstrip("\n") for p in originals]
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("[0-9][0-9][0-9][0-9][0-9]-*.*"):  # an earlier run's (--keep)
        stale.unlink()
    for i in range(n):
        source = originals[i % len(originals)]
        body = f"{texts[i % len(texts)]}\n\nThis is copy number {i} of the benchmark sample.\n"
        if as_html:
            name = f"{i:05d}-{source.stem}.html"
            (folder / name).write_text(html_page(body), encoding="utf-8")
        else:
            (folder / f"{i:05d}-{source.name}").write_text(body, encoding="utf-8")


def html_page(text: str) -> str:
    """A plain news page holding `text`: its first line the headline, then its paragraphs."""
    headline, _, rest = text.partition("\n")
    paragraphs = [p.strip() for p in rest.split("\n\n") if p.strip()]
    title = html.escape(headline.strip())
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '</head>\n<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>\n'
        f"<article><h1>{title}</h1>\n{body}\n</article>\n"
        "<footer>Sample pages for the peacetalks benchmarks.</footer></body></html>\n"
    )


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents to ingest (default 1000)")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also report the Python heap peak (tracemalloc; slows the run)",
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--html", action="store_true", help="the documents as simple HTML pages, not text"
    )
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")

    with tempfile.TemporaryDirectory(prefix="peacetalks-bench-") as scratch:
        work = args.keep or Path(scratch)
        folder = work / "documents"
        write_documents(folder, args.n, as_html=args.html)
        db = work / "bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

        pipeline = build_pipeline()  # stages load their models on first use: inside the timing
        store = open_store(f"sqlite:///{db}")
        if args.tracemalloc:
            tracemalloc.start()
        started = time.perf_counter()
        try:
            summary = ingest_sources(expand_inputs([str(folder)]), pipeline, store)
            elapsed = time.perf_counter() - started
            counts = store.counts()
            started = time.perf_counter()
            again = ingest_sources(expand_inputs([str(folder)]), pipeline, store)
            again_s = time.perf_counter() - started
        finally:
            store.close()
        heap_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None

    if summary.failures or summary.added != args.n:
        sys.exit(
            f"ingest: expected {args.n} added, got {summary.added} added, "
            f"{summary.unchanged} unchanged, {len(summary.failures)} failed"
        )
    items = sum(counts.items.values())
    print(
        f"ingest: {summary.added} documents in {elapsed:.1f} s = "
        f"{summary.added / elapsed:.1f} documents/s ({items} items stored)"
    )
    print(
        f"re-ingest: {again.unchanged} unchanged documents in {again_s:.1f} s = "
        f"{again.unchanged / again_s:.1f} documents/s"
    )
    print(f"memory: peak RSS {peak_rss_mb():.0f} MB")
    if heap_peak is not None:
        print(f"memory: tracemalloc peak {heap_peak / 1e6:.1f} MB (Python heap, both passes)")


if __name__ == "__main__":
    main()
