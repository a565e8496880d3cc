"""How much the learned backend's cross-validated score owes to one partition of the processes,
and how it grows with the annotated processes it trains on (a learning curve).

Trains as training/train-bundled.sh does (same gold, groups, config and not-scored shapes).
For each of `--repeats` partitions of the processes into 5 folds (the first is the one
`peacetalks train --crossval 5` uses, the others dealt in orders drawn from seeds 1, 2, ...),
and for each share of the training processes in `--shares`, it trains each fold on that share
of its training processes (drawn from the partition's seed) and scores the out-of-fold records
with the keys of the project's scorer (score.py's, as `peacetalks train` scores itself;
bench/crossval.py checks that they agree). Prints positions and holders F1, pooled over train,
dev-multi and dev and on train alone: per partition, and their mean, lowest and highest.

    .venv/bin/python bench/crossval_spread.py [--eval ../shared/eval] [--repeats 4]
        [--shares 0.25,0.5,0.75,1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from evalfolder import add_eval_argument, bundled_eval_folder

from peacetalks.learn import bundled_sets, prepare_sets, read_settings
from peacetalks.learn.crossval import partition_scores

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"
FOLDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_eval_argument(parser)
    parser.add_argument("--repeats", type=int, default=4, help="partitions (default: 4)")
    parser.add_argument(
        "--shares",
        default="0.25,0.5,0.75,1",
        help="shares of each fold's training processes to train on (default: %(default)s)",
    )
    args = parser.parse_args()
    eval_dir = bundled_eval_folder(args.eval, "bench/crossval_spread.py")
    try:
        shares = [float(share) for share in args.shares.split(",")]
    except ValueError:
        sys.exit(f"bench/crossval_spread.py: --shares {args.shares!r} is not a list of numbers")
    if args.repeats < 1 or not all(0 < share <= 1 for share in shares):
        sys.exit("bench/crossval_spread.py: --repeats >= 1 and shares in (0, 1], please")

    started = time.perf_counter()
    settings = read_settings(TRAINING / "config.toml")
    data = prepare_sets(bundled_sets(eval_dir, TRAINING))
    prepared, flags = data.prepared, data.scored
    pooled, train_only = data.pooled(), data.of("train")
    processes = len({p.example.group for p in pooled})
    print(
        f"{len(pooled)} scored documents of {processes} processes ({len(prepared)} with the "
        f"written shapes); {FOLDS} folds by process; F1 by the scorer's keys"
    )
    print(
        f"{'share':>6} {'partition':>10} {'pooled positions':>17} {'pooled holders':>15} "
        f"{'train positions':>16} {'train holders':>14}"
    )
    subsets = {"pooled": pooled, "train": train_only}
    seeds = (None, *range(1, args.repeats))  # the first four are PARTITIONS
    for share in shares:
        rows = []
        for seed, scores in partition_scores(
            prepared, settings, subsets, scored=flags, seeds=seeds, share=share
        ):
            row = (
                scores["pooled"]["positions"]["f1"],
                scores["pooled"]["holders"]["f1"],
                scores["train"]["positions"]["f1"],
                scores["train"]["holders"]["f1"],
            )
            rows.append(row)
            name = "bundled" if seed is None else f"seed {seed}"
            print(f"{share:>6.2f} {name:>10} " + _cells(row), flush=True)
        if len(rows) > 1:
            columns = list(zip(*rows, strict=True))
            for label, pick in (("mean", statistics.fmean), ("lowest", min), ("highest", max)):
                print(f"{share:>6.2f} {label:>10} " + _cells(tuple(pick(c) for c in columns)))
    print(f"wall time: {time.perf_counter() - started:.1f} s")


def _cells(row: tuple[float, ...]) -> str:
    widths = (17, 15, 16, 14)
    return " ".join(f"{value:>{width}.3f}" for value, width in zip(row, widths, strict=True))


if __name__ == "__main__":
    main()
