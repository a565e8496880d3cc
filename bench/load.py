"""Load: `peacetalks serve` answering 2,000 requests, 20 at a time, over 5,000 documents.

Builds (or with --keep reuses) a SQLite database of --n documents exactly as bench/web.py does
(copies of the demo corpus, each with its own content id, dates and outlet; reconciled), starts
`peacetalks serve` on it in its own process (tests/web/browser.py's `running_server`) and sends
it a mix of what readers ask for: the web pages (overview, matrix, matrix cells, compare,
timeline, agreements, deals, rounds, actors, discrepancies, document list and pages, search,
fact pages) and the JSON API (matrix, timeline, agreements, documents, facts, search). Cells,
fact keys and document ids are real ones, read from the API before the timed run; document and
fact pages cycle through many different ones.

First a warm-up: each route once, one at a time (the first request after the server starts
computes the cached views; its time is printed as "cold"). Then --requests timed requests in a
fixed, seeded order, --concurrency at a time over keep-alive connections (asyncio + aiohttp, one
connection per concurrent client). Prints per route and overall: count, p50, p95 and max
latency in ms and the answers other than 200; then the throughput and the targets
(>= 200 requests/s, p95 < 250 ms, no answer but 200). Exits 1 when an answer was not 200.

Limits: reads are public by default (`--read public`) and nothing limits how many requests a
client may send: the only throttling in peacetalks is of failed sign-ins (auth.sign_in_wait),
and web/security.py caps request sizes (query 8 KB, body 64 KB), never rates. So the server
runs with its defaults; no option is raised for the benchmark. The client runs on the same
machine as the server and takes CPU from it: on a small machine the figures are a floor (the
server's and the client's CPU seconds during the run are printed). --workers N is passed on to
`peacetalks serve --workers N` (one process by default). Needs aiohttp, the `bench` extra.

    .venv/bin/python bench/load.py [--n 5000] [--requests 2000] [--concurrency 20] [--keep DIR]
        [--skip ROUTE ...] [--seed 14] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

try:
    import aiohttp
except ImportError:  # pragma: no cover - a message, not a failure
    sys.exit("bench/load.py needs aiohttp (the timed client): pip install -e '.[bench]'")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.web.browser.running_server
sys.path.insert(0, str(ROOT / "bench"))  # for bench/web.py's build

from tests.web.browser import running_server  # noqa: E402

from web import build  # noqa: E402

TARGET_RATE = 200.0  # requests/s
TARGET_P95 = 250.0  # ms
SEARCH_WORDS = ("ceasefire", "prisoner exchange", "withdrawal", "referendum", "talks", "truce")


@dataclass
class Sample:
    """What the timed run and the routes need from the database, read over the API."""

    cells: list[tuple[str, str]] = field(default_factory=list)  # (issue, party)
    facts: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def _cell(s: Sample, i: int) -> str:
    issue, party = s.cells[i % len(s.cells)]
    return urlencode({"issue": issue, "party": party})


def _doc(s: Sample, i: int) -> str:
    return s.documents[i % len(s.documents)]


def _fact(s: Sample, i: int) -> str:
    return quote(s.facts[i % len(s.facts)], safe=":")


def _words(_s: Sample, i: int) -> str:
    return urlencode({"q": SEARCH_WORDS[i % len(SEARCH_WORDS)]})


# route name -> (weight, URL maker from the sample and a counter). The weights: a reader mostly
# opens documents, the matrix and its cells, facts and the overview; lists and search less.
Maker = Callable[[Sample, int], str]
ROUTES: dict[str, tuple[int, Maker]] = {
    "/": (8, lambda s, i: "/"),
    "/positions": (8, lambda s, i: "/positions"),
    "/positions/cell": (8, lambda s, i: "/positions/cell?" + _cell(s, i)),
    "/compare": (4, lambda s, i: "/compare"),
    "/timeline": (6, lambda s, i: "/timeline"),
    "/agreements": (4, lambda s, i: "/agreements"),
    "/deals": (3, lambda s, i: "/deals"),
    "/rounds": (3, lambda s, i: "/rounds"),
    "/actors": (3, lambda s, i: "/actors"),
    "/discrepancies": (3, lambda s, i: "/discrepancies"),
    "/documents": (6, lambda s, i: "/documents" + ("" if i % 3 == 0 else f"?offset={i % 7 * 50}")),
    "/documents/ID": (15, lambda s, i: "/documents/" + _doc(s, i)),
    "/search": (6, lambda s, i: "/search?" + _words(s, i)),
    "/facts/KEY": (8, lambda s, i: "/facts/" + _fact(s, i)),
    "/api/positions": (5, lambda s, i: "/api/positions"),
    "/api/timeline": (4, lambda s, i: "/api/timeline"),
    "/api/agreements": (3, lambda s, i: "/api/agreements"),
    "/api/documents": (3, lambda s, i: f"/api/documents?offset={i % 5 * 50}"),
    "/api/documents/ID": (8, lambda s, i: "/api/documents/" + _doc(s, -1 - i)),
    "/api/facts/KEY": (5, lambda s, i: "/api/facts/" + _fact(s, -1 - i)),
    "/api/search": (4, lambda s, i: "/api/search?" + _words(s, i + 3)),
}


def database(work: Path, n: int, keep: bool) -> Path:
    """The n-document database in `work`: built (bench/web.py's `build`), or reused with --keep.

    Built under a temporary name and renamed when complete, so that an interrupted build is
    never reused."""
    db = work / f"load-bench-{n}.db"
    if keep and db.exists():
        print(f"database: reusing {db} (--keep; delete it to rebuild)")
        return db
    partial = work / f"load-bench-{n}.db.partial"
    for path in (db, partial):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    build(partial, n)
    partial.replace(db)
    Path(f"{partial}.reconcile.lock").unlink(missing_ok=True)  # reconcile_store's lock file
    return db


def sample_of(client: httpx.Client, documents: int = 1000) -> Sample:
    """Real matrix cells, fact keys and document ids, read from the running server's API."""
    sample = Sample()
    # each process's matrix (its two parties holding most positions), then the whole record's
    slugs = [p["process"] for p in client.get("/api/processes").raise_for_status().json()]
    for process in [*slugs, None]:
        params = {"limit": 500, **({"process": process} if process else {})}
        matrix = client.get("/api/positions", params=params).raise_for_status().json()
        for row in matrix["rows"]:
            for party, cell in row["cells"].items():
                if cell["positions"]:
                    sample.cells.append((row["issue"], party))
                    sample.facts += [p["key"] for p in cell["positions"]]
    sample.cells = list(dict.fromkeys(sample.cells))
    for route in ("/api/timeline", "/api/agreements"):
        page = client.get(route, params={"limit": 500}).raise_for_status().json()
        for entry in page["entries"]:
            # a timeline's agreement milestone is keyed "<fact key>:<status>" (ledger.py)
            milestone = entry.get("kind", "").startswith("agreement")
            sample.facts.append(entry["key"].rsplit(":", 1)[0] if milestone else entry["key"])
    sample.facts = list(dict.fromkeys(sample.facts))  # once each, in order
    random.Random(1).shuffle(sample.facts)
    offset = 0
    while len(sample.documents) < documents:
        page = client.get("/api/documents", params={"limit": 500, "offset": offset})
        entries = page.raise_for_status().json()["entries"]
        if not entries:
            break
        sample.documents += [e["id"] for e in entries]
        offset += len(entries)
    if not (sample.cells and sample.facts and sample.documents):
        sys.exit(f"the database gave no cells, facts or documents to request: {sample}")
    return sample


def schedule(
    sample: Sample, requests: int, seed: int, skip: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """`requests` (route, URL) pairs drawn by the routes' weights, in a seeded order; the
    routes in `skip` left out."""
    rng = random.Random(seed)
    names = [name for name in ROUTES if name not in skip]
    weights = [ROUTES[name][0] for name in names]
    counters = dict.fromkeys(names, 0)
    planned = []
    for name in rng.choices(names, weights=weights, k=requests):
        planned.append((name, ROUTES[name][1](sample, counters[name])))
        counters[name] += 1
    return planned


@dataclass
class Result:
    route: str
    ms: float
    status: int  # 0: no answer (the error is in `problem`)
    problem: str = ""


async def fire(
    base: str, planned: list[tuple[str, str]], concurrency: int
) -> tuple[list[Result], float]:
    """Every planned request, `concurrency` at a time over keep-alive connections; the results
    and the wall time in seconds. aiohttp's client: it costs about a fifth of httpx's CPU per
    request, CPU the server shares on a small machine."""
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in planned:
        queue.put_nowait(item)
    results: list[Result] = []

    async def worker(session: aiohttp.ClientSession) -> None:
        while True:
            try:
                route, url = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            started = time.perf_counter()
            try:
                async with session.get(url) as answer:
                    body = await answer.read()
                    status, problem = answer.status, ""
                    if status != 200:
                        problem = f"{url}: {status} {body[:200]!r}"
            except (TimeoutError, aiohttp.ClientError) as err:
                status, problem = 0, f"{url}: {type(err).__name__} {err}"
            results.append(Result(route, (time.perf_counter() - started) * 1000, status, problem))

    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        # open the connections first, so that the timed run measures requests, not connects
        async def opened() -> None:
            async with session.get("/api/overview") as answer:
                await answer.read()

        await asyncio.gather(*(opened() for _ in range(concurrency)))
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        return results, time.perf_counter() - started


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def row(name: str, times: list[float], failed: int) -> str:
    ordered = sorted(times)
    return (
        f"{name:20s} {len(ordered):6d} {percentile(ordered, 0.5):8.1f} "
        f"{percentile(ordered, 0.95):8.1f} {ordered[-1]:8.1f} {failed:8d}"
    )


def report(results: list[Result], seconds: float) -> int:
    """Prints the table and the targets; returns the number of answers other than 200."""
    heads = ("count", "p50 ms", "p95 ms", "max ms", "non-200")
    print(f"{'route':20s} {heads[0]:>6s} " + " ".join(f"{h:>8s}" for h in heads[1:]))
    by_route: dict[str, list[Result]] = {}
    for result in results:
        by_route.setdefault(result.route, []).append(result)
    for name in ROUTES:
        if name in by_route:
            mine = by_route[name]
            print(row(name, [r.ms for r in mine], sum(r.status != 200 for r in mine)))
    failed = [r for r in results if r.status != 200]
    print(row("overall", [r.ms for r in results], len(failed)))
    ordered = sorted(r.ms for r in results)
    rate = len(results) / seconds
    p95 = percentile(ordered, 0.95)
    print(
        f"overall: {len(results)} requests in {seconds:.1f} s = {rate:.1f} requests/s; "
        f"p50 {percentile(ordered, 0.5):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms; "
        f"{len(failed)} answers other than 200"
    )
    print("targets:")
    for what, shown, met in (
        (f"throughput >= {TARGET_RATE:.0f} requests/s", f"{rate:.1f}", rate >= TARGET_RATE),
        (f"p95 < {TARGET_P95:.0f} ms", f"{p95:.1f} ms", p95 < TARGET_P95),
        ("answers other than 200 == 0", str(len(failed)), not failed),
    ):
        print(f"  {what:32s} {shown:>12s}   {'met' if met else 'NOT MET'}")
    for result in failed[:10]:
        print(f"  failed: {result.problem}")
    return len(failed)


def cpu_seconds() -> float:
    """CPU seconds used so far by this process's children (the server), from /proc; -inf
    where there is no /proc (the line is then left out)."""
    me = os.getpid()
    try:
        children = Path(f"/proc/{me}/task/{me}/children").read_text().split()
        ticks = 0
        for child in children:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, ValueError, IndexError):
        return -math.inf
    return ticks / os.sysconf("SC_CLK_TCK")


def serve_options(workers: int | None) -> list[str]:
    """Extra `peacetalks serve` options: --workers when asked for and the command has it."""
    if workers is None:
        return []
    from peacetalks.cli import serve

    if not any("--workers" in param.opts for param in serve.params):
        sys.exit("peacetalks serve has no --workers option: run without --workers")
    return ["--workers", str(workers)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="documents (default 5000)")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests (default 2000)")
    parser.add_argument("--concurrency", type=int, default=20, help="requests at a time (20)")
    parser.add_argument(
        "--keep", type=Path, help="keep the database in this folder; reuse it when it is there"
    )
    parser.add_argument("--workers", type=int, help="passed to peacetalks serve, if it has it")
    parser.add_argument("--seed", type=int, default=14, help="seed of the request order")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="ROUTE",
        help="leave a route out of the timed mix, named as in the table (e.g. /search); repeatable",
    )
    args = parser.parse_args()
    unknown = [name for name in args.skip if name not in ROUTES]
    if unknown:
        parser.error(f"--skip: no route {', '.join(unknown)}; routes: {', '.join(ROUTES)}")
    extra = serve_options(args.workers)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory(prefix="peacetalks-load-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        db = database(work, args.n, keep=args.keep is not None)
        with running_server(f"sqlite:///{db}", *extra) as base:
            with httpx.Client(base_url=base, timeout=300) as client:
                sample = sample_of(client)
                print(
                    f"sample: {len(sample.cells)} matrix cells, {len(sample.facts)} fact keys, "
                    f"{len(sample.documents)} document ids"
                )
                planned = schedule(sample, args.requests, args.seed, tuple(args.skip))
                cold = []
                for name, (_, make) in ROUTES.items():
                    started = time.perf_counter()
                    answer = client.get(make(sample, 0))
                    cold.append(f"{name} {(time.perf_counter() - started) * 1000:.0f}")
                    if answer.status_code != 200:
                        sys.exit(f"warm-up: {name} answered {answer.status_code}")
                print("warm-up (cold) ms: " + ", ".join(cold))
            server_cpu, client_cpu = cpu_seconds(), time.process_time()
            results, seconds = asyncio.run(fire(base, planned, args.concurrency))
            server_cpu, client_cpu = cpu_seconds() - server_cpu, time.process_time() - client_cpu
    print(
        f"timed: {args.requests} requests, {args.concurrency} at a time, "
        f"server {' '.join(extra) or 'one uvicorn worker (default)'}"
        + (f"; left out: {', '.join(args.skip)}" if args.skip else "")
    )
    failed = report(results, seconds)
    print(
        f"cpu during the timed run ({seconds:.1f} s): server {server_cpu:.1f} s, "
        f"this client {client_cpu:.1f} s; {os.cpu_count()} cores"
        if server_cpu >= 0
        else f"cpu during the timed run ({seconds:.1f} s): this client {client_cpu:.1f} s"
    )
    print(f"machine: load average {os.getloadavg()[0]:.2f} at the end")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
