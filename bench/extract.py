"""Extraction throughput on one core: the sample corpus repeated to N documents.

Reads the bundled sample corpus once (all formats), then runs the default pipeline over N
documents in this process (one core), each a copy of a sample document with its own content,
and prints documents per second, words per second and peak memory.

    .venv/bin/python bench/extract.py [--n 2000]
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import replace

from peacetalks.demo import MANIFEST
from peacetalks.extract import build_pipeline
from peacetalks.ingest import content_id, read_document, read_manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="documents to extract")
    args = parser.parse_args()
    originals = [read_document(source) for source in read_manifest(MANIFEST).sources]
    docs = []
    for i in range(args.n):
        doc = originals[i % len(originals)]
        text = f"{doc.text}\n\nCopy {i} of the benchmark sample."
        docs.append(replace(doc, id=content_id(text), text=text))
    pipeline = build_pipeline()
    pipeline.run(docs[0])  # load the stages' lexicons and models before timing
    words = sum(len(doc.text.split()) for doc in docs)
    started = time.perf_counter()
    items = sum(pipeline.run(doc).item_count for doc in docs)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"extract: {args.n} documents in {elapsed:.1f} s = {args.n / elapsed:.1f} documents/s "
        f"on one core ({words / elapsed:,.0f} words/s; {words // args.n} words per document; "
        f"{items} items)"
    )
    print(f"memory: peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
