"""Export memory: peak RSS and wall time of `peacetalks export` at two database sizes.

For each size builds a SQLite database with bench/web.py's `build` (the demo corpus extracted
once, N copies with their own content ids, dates and outlets, reconciled), then runs each
export in a child process of its own (`python -m peacetalks export ...`) and reads that
child's peak RSS from `os.wait4`. Streaming exports keep the peak about flat as the database
grows; an export that holds every record grows with it. The first row is the floor:
`export --help` (Python and the imports, no database).

This process stays small (it imports no peacetalks; the build runs in a child too): a child's
peak RSS counts the parent's memory it was forked with, so a large parent would hide it.

    .venv/bin/python bench/export.py                  # 2,000 and 8,000 documents
    .venv/bin/python bench/export.py --n 5000 20000   # other sizes (20,000: several minutes)
    .venv/bin/python bench/export.py --keep /tmp/e    # keep the databases; reuse them next time
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# name -> arguments after `peacetalks export` ({out}: a path in the size's scratch folder)
EXPORTS = {
    "jsonl": ["-o", "{out}/records.jsonl"],
    "csv tables": ["--format", "csv", "-o", "{out}/tables"],
    "facts csv": ["--facts", "--format", "csv", "-o", "{out}/facts"],
    "facts jsonl": ["--facts", "-o", "{out}/facts.jsonl"],
}
if importlib.util.find_spec("pyarrow") is not None:
    EXPORTS["facts parquet"] = ["--facts", "--format", "parquet", "-o", "{out}/parquet"]


def run_child(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS in MB of `python -m peacetalks ARGS` (exits on failure)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "peacetalks", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # wait4, not getrusage(RUSAGE_CHILDREN): that is the largest child so far, not this one.
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        sys.exit(f"peacetalks {' '.join(args)} exited with {child.returncode}:\n{errors}")
    kilobytes = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # macOS: bytes
    return seconds, kilobytes / 1024


def size_of(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(n: int, work: Path, *, reuse: bool) -> dict[str, tuple[float, float, int]]:
    """{export: (seconds, peak MB, output bytes)} over an n-document database."""
    folder = work / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "export-bench.db"
    if reuse and db.exists():
        print(f"database: {n} documents, reused from {db}", flush=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        subprocess.run([sys.executable, __file__, "--build", str(n), str(db)], check=True)
    url = f"sqlite:///{db}"
    found = {"floor (--help)": (*run_child(["export", "--help"]), 0)}
    for name, template in EXPORTS.items():
        args = [a.format(out=folder) for a in template]
        seconds, peak = run_child(["export", *args, "--db", url])
        found[name] = (seconds, peak, size_of(Path(args[args.index("-o") + 1])))
    return found


def build_in_this_process(n: int, db: Path) -> None:
    """The n-document database at `db`, reconciled (bench/web.py's build)."""
    sys.path.insert(0, str(BENCH))
    from web import build

    build(db, n)


def main() -> None:
    if sys.argv[1:2] == ["--build"]:  # the child that builds a database
        build_in_this_process(int(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, nargs="+", default=[2000, 8000], help="documents (default 2000 8000)"
    )
    parser.add_argument(
        "--keep", type=Path, help="keep the databases in this folder (and reuse those found there)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="peacetalks-export-bench-") as scratch:
        work = args.keep or Path(scratch)
        results = {n: measure(n, work, reuse=args.keep is not None) for n in args.n}
    sizes = list(results)
    header = f"{'export':16s}" + "".join(f" | n={n:<6d} peak MB  seconds  output MB" for n in sizes)
    print(header)
    for name in results[sizes[0]]:
        cells = "".join(
            f" | {'':8s} {peak:7.0f}  {seconds:7.1f}  {out / 1e6:9.1f}"
            for seconds, peak, out in (results[n][name] for n in sizes)
        )
        print(f"{name:16s}{cells}")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(f"peak MB at n={last} / at n={first} ({last / first:.0f}x the documents):")
        for name in results[first]:
            print(f"  {name:16s} {results[last][name][1] / results[first][name][1]:5.2f}x")


if __name__ == "__main__":
    main()
