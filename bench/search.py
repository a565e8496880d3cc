"""Search latency: full-text search (peacetalks.store.search) against the ilike scans it replaced.

Writes N distinct generated documents (default 5,000; ~250 words each from a 4,000-word
vocabulary plus peace-talks words, two positions each quoting a sentence) into a fresh SQLite
file (or a fresh PostgreSQL database on the --postgres server, dropped after) with
Store.add_records, then runs 20 queries (single words common and rare, phrases, OR, a
prefix, a filter) five times each and prints the median latency of one search: both lists'
first page of 20, their totals; with facets; and the old ilike scans of documents and items
(the same phrase as a substring, as search worked before revision 0008).

    .venv/bin/python bench/search.py                  # 5,000 documents, SQLite
    .venv/bin/python bench/search.py --n 20000
    .venv/bin/python bench/search.py --postgres postgresql+psycopg://postgres@127.0.0.1/postgres
    .venv/bin/python bench/search.py --db /tmp/web/web-bench-100000.db   # a database as it is
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import String, cast, create_engine, func, or_, select, text
from sqlalchemy.engine import Engine, make_url

from peacetalks.ingest import content_id
from peacetalks.model import Document, Position, Record
from peacetalks.store import open_store
from peacetalks.store.search import SEARCH_WINDOW, search
from peacetalks.store.search_filters import SearchFilter
from peacetalks.store.tables import documents, items

DOMAIN = [
    "ceasefire",
    "truce",
    "prisoners",
    "exchange",
    "delegation",
    "negotiations",
    "memorandum",
    "territory",
    "sanctions",
    "guarantees",
    "withdrawal",
    "monitoring",
    "humanitarian",
    "corridor",
    "mediator",
    "summit",
    "Istanbul",
    "Geneva",
    "Doha",
    "Riyadh",
    "agreement",
    "violation",
    "shelling",
    "hostages",
    "release",
    "framework",
    "referendum",
]
ISSUES = ("ceasefire", "territory", "prisoners", "sanctions", "humanitarian", "process")
STANCES = ("demand", "offer", "reject", "accept")
HOLDERS = ("russia", "ukraine", "israel", "hamas", "drc", "rwanda")
QUERIES = [
    "ceasefire",
    "prisoners exchange",
    '"prisoners exchange"',
    "memorandum",
    "Istanbul",
    "negotiations",
    "negot*",
    "truce OR ceasefire",
    "zorvat",  # a rare generated word
    "sanctions relief",
    '"humanitarian corridor"',
    "hostages release",
    "Doha",
    "withdrawal",
    "monitoring mission",
    "referendum",
    "guarantees",
    "shelling",
    "framework agreement",
    "summit",
]


def vocabulary(rng: random.Random) -> list[str]:
    syllables = ["ka", "ro", "vat", "zor", "mi", "len", "tu", "sha", "pe", "dri", "no", "gal"]
    words = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(6000)}
    return sorted(words)[:4000]


def make_records(n: int, seed: int = 7) -> list[Record]:
    """N distinct documents, each with two positions quoting its first two sentences."""
    rng = random.Random(seed)
    words = vocabulary(rng) + DOMAIN * 20
    records = []
    for number in range(n):
        sentences = [
            " ".join(rng.choices(words, k=rng.randint(12, 25))).capitalize() + "."
            for _ in range(12)
        ]
        body = " ".join(sentences) + f" Report {number}."
        doc = Document(
            id=content_id(body),
            text=body,
            title=" ".join(rng.choices(words, k=6)).capitalize(),
            publisher=f"Outlet {number % 25}",
            published=dt.date(2022, 1, 1) + dt.timedelta(days=number % 1200),
            kind="news",
        )
        positions = tuple(
            Position(
                holder=rng.choice(HOLDERS),
                issue=rng.choice(ISSUES),  # type: ignore[arg-type]
                stance=rng.choice(STANCES),  # type: ignore[arg-type]
                summary=sentence[:80],
                evidence=(doc.span(body.index(sentence), body.index(sentence) + len(sentence)),),
            )
            for sentence in sentences[:2]
        )
        records.append(Record(document=doc, positions=positions))
    return records


def ilike_search(engine: Engine, phrase: str, limit: int = 20) -> tuple[int, int]:
    """The search before revision 0008: a substring scan of documents and items' JSON."""
    pattern = f"%{phrase}%"
    where_docs = or_(
        documents.c.title.ilike(pattern),
        documents.c.publisher.ilike(pattern),
        documents.c.text.ilike(pattern),
    )
    where_items = cast(items.c.payload, String).ilike(pattern) & (items.c.kind != "actors")
    with engine.connect() as connection:
        n_docs = connection.execute(select(func.count()).where(where_docs)).scalar_one()
        connection.execute(
            select(documents.c.id)
            .where(where_docs)
            .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
            .limit(limit)
        ).all()
        n_items = connection.execute(
            select(func.count()).select_from(items).where(where_items)
        ).scalar_one()
        connection.execute(
            select(items.c.payload)
            .where(where_items)
            .order_by(items.c.document_id, items.c.kind, items.c.seq)
            .limit(limit)
        ).all()
    return int(n_docs), int(n_items)


def median_ms(run, repeats: int, queries: list[str]) -> float:
    """Median milliseconds of one call over the queries, each run `repeats` times."""
    times = []
    for query in queries:
        for _ in range(repeats):
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def p95_ms(run, queries: list[str]) -> tuple[float, float]:
    """Median and p95 milliseconds of one call over every run of every query."""
    times = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def bench(url: str, n: int, repeats: int, *, existing: bool = False) -> None:
    store = open_store(url)
    try:
        if existing:
            with store.engine.connect() as connection:
                n = int(
                    connection.execute(select(func.count()).select_from(documents)).scalar_one()
                )
            print(f"an existing database of {n} documents")
        else:
            records = make_records(n)
            started = time.perf_counter()
            for start in range(0, n, 500):
                store.add_records(records[start : start + 500], pipeline="bench")
            took = time.perf_counter() - started
            print(f"write: {n} documents, {2 * n} positions in {took:.1f} s")
        engine = store.engine
        found = {q: search(engine, q) for q in QUERIES}
        matches = sorted(f.documents.total for f in found.values())
        capped = sum(f.documents.more for f in found.values())
        print(f"matches per query (documents): median {statistics.median(matches):.0f}, "
              f"max {matches[-1]}; {capped} of {len(found)} queries match more documents "
              f"than the {SEARCH_WINDOW} searched (store.search.SEARCH_WINDOW)")  # fmt: skip
        rules = SearchFilter(issue="prisoners")
        timings = [
            ("search", lambda q: search(engine, q)),
            ("search + facets", lambda q: search(engine, q, with_facets=True)),
            ("search, issue filter", lambda q: search(engine, q, rules)),
            ("old ilike scans", lambda q: ilike_search(engine, q.strip('"').rstrip("*"))),
        ]
        # Selective: found in under a tenth of the documents (and within the window); broad:
        # the rest.
        selective = [
            q for q, f in found.items() if f.documents.total < n / 10 and not f.documents.more
        ]
        broad = [q for q in QUERIES if q not in selective]
        print(f"median latency of one search (ms) over {len(QUERIES)} queries x {repeats} "
              f"({len(selective)} selective, {len(broad)} broad):")  # fmt: skip
        print(f"  {'':<22} {'all':>8} {'selective':>10} {'broad':>8}")
        for name, run in timings:
            figures = [median_ms(run, repeats, group) if group else float("nan")
                       for group in (QUERIES, selective, broad)]  # fmt: skip
            print(f"  {name:<22} {figures[0]:8.1f} {figures[1]:10.1f} {figures[2]:8.1f}")
        every = [q for q in QUERIES for _ in range(repeats)]
        for name, run in timings[:2]:
            median, p95 = p95_ms(run, every)
            print(f"  {name}: median {median:.1f} ms, p95 {p95:.1f} ms over {len(every)} runs")
        print("slowest queries (median ms of search, of search + facets; documents matched):")
        per_query = [
            (median_ms(timings[0][1], repeats, [q]), median_ms(timings[1][1], repeats, [q]), q)
            for q in QUERIES
        ]
        for plain, faceted, query in sorted(per_query, key=lambda t: -t[1])[:6]:
            print(f"  {query!r:<24} {plain:7.1f} {faceted:7.1f}  {found[query].documents.total}")
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="documents (default 5,000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each query")
    parser.add_argument("--postgres", help="a PostgreSQL server URL: bench there instead")
    parser.add_argument(
        "--db", help="an existing database (path or URL, e.g. one bench/web.py --keep built)"
    )
    args = parser.parse_args()
    if args.db:
        bench(args.db, 0, args.repeats, existing=True)
        return
    if args.postgres:
        server = make_url(args.postgres)
        name = f"peacetalks_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = server.set(database=name).render_as_string(hide_password=False)
            print(f"backend: PostgreSQL ({name}, dropped after)")
            bench(url, args.n, args.repeats)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        return
    with tempfile.TemporaryDirectory() as folder:
        print(f"backend: SQLite ({Path(folder) / 'search.db'})")
        bench(f"sqlite:///{Path(folder) / 'search.db'}", args.n, args.repeats)


if __name__ == "__main__":
    main()
