"""Accuracy of the learned backend, cross-validated by peace process, next to the rules backend.

Trains as training/train-bundled.sh does (same gold, groups, config and not-scored shapes),
with 5-fold cross-validation over whole processes, into a temporary folder (the bundled model
is left alone), and scores the out-of-fold records of train, dev-multi and dev, each and pooled,
with the project's scorer (score.py in the eval folder). Then extracts the same three sets with
the rules backend and scores those the same way, and prints one table of F1 (P / R).

    .venv/bin/python bench/crossval.py [--eval ../shared/eval]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evalfolder import add_eval_argument

ROOT = Path(__file__).resolve().parent.parent
SETS = ("train", "dev-multi", "dev")
KINDS = ("positions", "holders", "agreements", "events", "figures")
FOLDS = 5
POOLED = "pooled"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_eval_argument(parser, "the eval folder: score.py and train/, dev-multi/, dev/")
    args = parser.parse_args()
    eval_dir = args.eval.resolve()
    if not eval_dir.is_dir():
        print(
            f"bench/crossval.py: no eval folder at {eval_dir}; give its place with --eval DIR.",
            file=sys.stderr,
        )
        sys.exit(2)
    missing = missing_eval_files(eval_dir)
    if missing:
        print(
            f"bench/crossval.py: the eval folder {eval_dir} is incomplete (no "
            f"{', '.join(missing)}); give the right one with --eval DIR.",
            file=sys.stderr,
        )
        sys.exit(2)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="peacetalks-crossval-") as temp:
        tmp = Path(temp)
        gold = {name: eval_dir / name / "gold" for name in SETS}
        gold[POOLED] = pooled_gold(gold, tmp / "gold-pooled")

        step = time.perf_counter()
        learned = tmp / "pred"
        train_crossval(eval_dir, learned, tmp / "model")
        pool_predictions(learned)
        learned_scores = score_all(eval_dir, gold, learned)
        train_s = time.perf_counter() - step

        step = time.perf_counter()
        rules = tmp / "rules"
        rules.mkdir()
        for name in SETS:
            extract_rules(eval_dir / name / "manifest.csv", rules / f"{name}.jsonl")
        pool_predictions(rules)
        rules_scores = score_all(eval_dir, gold, rules)
        rules_s = time.perf_counter() - step

        own = json.loads((tmp / "model" / "scores.json").read_text(encoding="utf-8"))
    counts = {name: len(list(path.glob("*.json"))) for name, path in gold.items() if name in SETS}
    print_table(learned_scores, rules_scores, counts)
    check_against_train(learned_scores[POOLED], own.get("all", {}))
    print(
        f"wall time: {time.perf_counter() - started:.1f} s (training and cross-validation "
        f"{train_s:.1f} s, rules extraction {rules_s:.1f} s, scoring included)"
    )


def missing_eval_files(eval_dir: Path) -> list[str]:
    wanted = [eval_dir / "score.py", eval_dir / "train" / "processes.csv"]
    for name in SETS:
        wanted += [eval_dir / name / "gold", eval_dir / name / "manifest.csv"]
    return [str(path.relative_to(eval_dir)) for path in wanted if not path.exists()]


def run(command: list[str], what: str) -> str:
    """Runs a command from the repository root and returns its output; exits if it fails."""
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        sys.exit(f"bench/crossval.py: {what} failed (exit {done.returncode})")
    return done.stdout


def train_crossval(eval_dir: Path, predictions: Path, model: Path) -> None:
    """`peacetalks train` with training/train-bundled.sh's arguments, into `model`."""
    print(f"training with {FOLDS}-fold cross-validation by process ...", file=sys.stderr)
    command = [sys.executable, "-m", "peacetalks", "train"]
    command += ["--gold", str(eval_dir / "train" / "gold")]
    command += ["--groups", str(eval_dir / "train" / "processes.csv")]
    command += ["--gold", str(eval_dir / "dev-multi" / "gold")]
    command += ["--groups", "training/dev-multi-processes.csv"]
    command += ["--gold", str(eval_dir / "dev" / "gold")]
    command += ["--groups", "training/dev-processes.csv"]
    command += ["--gold", "training/shapes/gold", "--groups", "training/shapes/processes.csv"]
    command += ["--not-scored", "shapes", "--config", "training/config.toml"]
    command += ["--crossval", str(FOLDS), "--predictions", str(predictions), "-o", str(model)]
    run(command, "peacetalks train")


def extract_rules(manifest: Path, output: Path) -> None:
    print(f"extracting {manifest.parent.name} with the rules backend ...", file=sys.stderr)
    command = [sys.executable, "-m", "peacetalks", "extract", "--backend", "rules"]
    records = run([*command, "--manifest", str(manifest)], f"peacetalks extract ({manifest})")
    output.write_text(records, encoding="utf-8")


def pooled_gold(gold: dict[str, Path], folder: Path) -> Path:
    """A folder of links to every set's gold files (score.py matches them by name)."""
    folder.mkdir()
    for name in SETS:
        for path in sorted(gold[name].glob("*.json")):
            link = folder / path.name
            if link.exists():
                sys.exit(f"bench/crossval.py: {path.name} is in two sets; cannot pool them")
            link.symlink_to(path)
    return folder


def pool_predictions(folder: Path) -> None:
    """Writes `pooled.jsonl` in `folder`: the three sets' records one after the other."""
    text = "".join(_with_newline((folder / f"{name}.jsonl").read_text("utf-8")) for name in SETS)
    (folder / f"{POOLED}.jsonl").write_text(text, encoding="utf-8")


def _with_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def score_all(eval_dir: Path, gold: dict[str, Path], predictions: Path) -> dict[str, dict]:
    """score.py --json for each set and the pooled one: {set: {kind: {precision, recall, f1}}}."""
    scores = {}
    for name, gold_dir in gold.items():
        command = [sys.executable, str(eval_dir / "score.py"), str(gold_dir)]
        command += [str(predictions / f"{name}.jsonl"), "--json"]
        scores[name] = json.loads(run(command, f"score.py on {name}"))
    return scores


def print_table(learned: dict[str, dict], rules: dict[str, dict], counts: dict[str, int]) -> None:
    columns = [*SETS, POOLED]
    width = 16
    sizes = ", ".join(f"{name} {counts[name]}" for name in SETS)
    print(f"F1 (P / R) by score.py; documents: {sizes}, pooled {sum(counts.values())}")
    group_width = (width + 1) * len(columns) - 1
    groups = f"{'learned, cross-validated by process':^{group_width}} | {'rules':^{group_width}}"
    print(f"{'':11} {groups}".rstrip())
    header = " ".join(f"{name:>{width}}" for name in columns)
    print(f"{'kind':11} {header} | {header}")
    for kind in KINDS:
        cells = [
            " ".join(_cell(scores[name].get(kind), width) for name in columns)
            for scores in (learned, rules)
        ]
        print(f"{kind:11} {cells[0]} | {cells[1]}")
    print(
        "Rules figures on dev and dev-multi (and so pooled) are not held out: the rules were "
        "written while reading those documents."
    )


def _cell(score: dict | None, width: int) -> str:
    if score is None:
        return f"{'-':>{width}}"
    text = f"{score['f1']:.2f} ({score['precision']:.2f}/{score['recall']:.2f})"
    return f"{text:>{width}}"


def check_against_train(pooled: dict[str, dict], own: dict[str, dict]) -> None:
    """Says whether score.py's pooled learned figures agree with `peacetalks train`'s own."""
    differ = [
        kind
        for kind in KINDS
        if kind in own and abs(pooled[kind]["f1"] - round(own[kind]["f1"], 3)) > 0.0015
    ]
    if differ:
        print(f"note: pooled learned F1 differs from peacetalks train's own: {', '.join(differ)}")
    else:
        print("pooled learned F1 agrees with peacetalks train's own cross-validated score")


if __name__ == "__main__":
    main()
