"""Start-up (issue 15): `peacetalks --help`, and `peacetalks extract` until its first record.

Each run is a fresh process of the installed `peacetalks` script (the one beside this Python),
as a user would start it: `--help` is timed to its exit, `extract` (default learned backend,
a two-sentence text file) to the moment its first JSON line reaches stdout. Prints the median
of the runs against the targets, with the CPU time the children used (less sensitive than wall
time to other work on the machine) and the load average.

    .venv/bin/python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGET_HELP_S = 0.5
TARGET_FIRST_RECORD_S = 1.5
TEXT = (
    "Russian and Ukrainian delegations met in Istanbul on 29 March 2022. Ukraine demanded a "
    "full ceasefire and the withdrawal of Russian troops.\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    command = peacetalks_command()
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "one.txt"
        text.write_text(TEXT, encoding="utf-8")
        rows = [
            ("peacetalks --help", TARGET_HELP_S, lambda: run_help(command)),
            (
                "peacetalks extract one.txt (first record)",
                TARGET_FIRST_RECORD_S,
                lambda: run_extract(command, text),
            ),
        ]
        results = [(name, target, measure(run, args.runs)) for name, target, run in rows]
    failed = False
    for name, target, (walls, cpus) in results:
        wall = statistics.median(walls)
        verdict = "met" if wall < target else "NOT MET"
        failed = failed or wall >= target
        runs = ", ".join(f"{w:.2f}" for w in walls)
        print(
            f"{name}: median {wall:.2f} s wall (target < {target} s: {verdict}), "
            f"{statistics.median(cpus):.2f} s CPU; runs {runs}"
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load}")
    if failed:
        print("(a target not met on a busy machine may be the machine: compare the CPU times)")


def peacetalks_command() -> list[str]:
    """The `peacetalks` script of this environment, else `python -m peacetalks`."""
    script = Path(sys.executable).parent / "peacetalks"
    return [str(script)] if script.exists() else [sys.executable, "-m", "peacetalks"]


def measure(run: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds of each run, and the CPU seconds (user + system) its process used."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(run())
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def run_help(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*command, "--help"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def run_extract(command: list[str], text: Path) -> float:
    """Seconds from start to the first record on stdout; the process is then let finish."""
    start = time.perf_counter()
    with subprocess.Popen(
        [*command, "extract", str(text)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        seconds = time.perf_counter() - start
        process.stdout.read()
    if process.returncode != 0 or not first.startswith(b'{"format": "peacetalks/1"'):
        sys.exit(f"extract failed (exit {process.returncode}): {first[:200]!r}")
    return seconds


if __name__ == "__main__":
    main()
