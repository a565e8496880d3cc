"""Where the learned backend's held-out positions are lost: misses and false positives by kind.

Trains as training/train-bundled.sh does (same gold, groups, config and not-scored shapes), 5
folds by process (the partition of `peacetalks train --crossval 5`, or another with --seed),
and sorts every gold position of the out-of-fold records of train, dev-multi and dev into found
or one kind of miss, and every position given into true or one kind of false positive
(`peacetalks.learn.losses`). With --low, the same with every threshold lowered (stance and
holder 0.1, issue rank 0.05, holder ratio 0.3, no party cut): what any re-ranking of the
candidates could reach at most. Then positions F1 per stance and per issue.

    .venv/bin/python bench/crossval_losses.py [--eval ../shared/eval] [--seed N] [--low]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from evalfolder import add_eval_argument, bundled_eval_folder

from peacetalks.learn import bundled_sets, prepare_sets, read_settings
from peacetalks.learn.crossval import cross_validate, keys
from peacetalks.learn.losses import FALSE, MISSES, Key, tally
from peacetalks.model.format import record_to_dict

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"
FOLDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_eval_argument(parser)
    parser.add_argument(
        "--seed", type=int, default=None, help="another partition of the processes (1, 2, 3)"
    )
    parser.add_argument(
        "--low", action="store_true", help="every threshold lowered: the candidates' ceiling"
    )
    args = parser.parse_args()
    eval_dir = bundled_eval_folder(args.eval, "bench/crossval_losses.py")

    started = time.perf_counter()
    settings = read_settings(TRAINING / "config.toml")
    if args.low:
        low = replace(
            settings.thresholds, stance=0.1, holder=0.1, issue_rank=0.05, holder_ratio=0.3, party=0
        )
        settings = replace(settings, thresholds=low)
    data = prepare_sets(bundled_sets(eval_dir, TRAINING))
    records = cross_validate(data.prepared, settings, k=FOLDS, scored=data.scored, seed=args.seed)
    documents: list[tuple[set[Key], set[Key], set[str]]] = []
    for item in data.pooled():
        gold = keys(item.example.gold)["positions"]
        given = keys(record_to_dict(records[item.example.name]))["positions"]
        named = {m.party for s in item.reading.sentences for m in s.parties}
        documents.append((gold, given, named))
    misses, false = tally(documents)

    partition = "the bundled partition" if args.seed is None else f"partition of seed {args.seed}"
    thresholds = "lowered thresholds" if args.low else "the bundled thresholds"
    print(
        f"{len(documents)} scored documents, {FOLDS} folds by process ({partition}), "
        f"{thresholds}; positions out of fold"
    )
    gold_total = sum(misses.values())
    print(f"\ngold positions: {gold_total}")
    for kind in ("found", *MISSES):
        print(f"  {kind:28s} {misses[kind]:5d}  {misses[kind] / max(1, gold_total):.3f}")
    given_total = sum(false.values())
    print(f"\npositions given: {given_total}")
    for kind in ("true", *FALSE):
        print(f"  {kind:28s} {false[kind]:5d}  {false[kind] / max(1, given_total):.3f}")
    for index, label in ((2, "stance"), (1, "issue")):
        print(f"\nF1 by {label}:  tp   fp   fn")
        for value, (tp, fp, fn) in _by(documents, index):
            f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
            print(f"  {value:20s} {tp:4d} {fp:4d} {fn:4d}  {f1:.2f}")
    print(f"\n{time.perf_counter() - started:.0f} s")


def _by(
    documents: list[tuple[set[Key], set[Key], set[str]]], index: int
) -> list[tuple[str, tuple[int, int, int]]]:
    """(tp, fp, fn) of positions per value of one part of the key, most errors first."""
    counts: Counter[tuple[str, str]] = Counter()
    for gold, given, _named in documents:
        for key in gold & given:
            counts[(key[index], "tp")] += 1
        for key in given - gold:
            counts[(key[index], "fp")] += 1
        for key in gold - given:
            counts[(key[index], "fn")] += 1
    values = {value for value, _ in counts}
    rows = [(v, (counts[(v, "tp")], counts[(v, "fp")], counts[(v, "fn")])) for v in values]
    return sorted(rows, key=lambda row: (-(row[1][1] + row[1][2]), row[0]))


if __name__ == "__main__":
    main()
