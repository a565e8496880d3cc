"""Cross-validation by group: a fold never trains on a peace process it is scored on.

Scores use the keys of the project's scorer (`../shared/eval/score.py`): per document, the
sets of (holder, issue, stance), (holder, issue), (issue, formula), (type, date) and
(issue, measure, value), micro-averaged. bench/crossval.py runs score.py itself on the
predictions this module writes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from peacetalks.extract.learned import DECIDED, LearnedModel, decide
from peacetalks.learn.train import Prepared, Settings, fit
from peacetalks.model import ClaimSet, Record
from peacetalks.model.format import record_to_dict
from peacetalks.pipeline import assemble_record

KINDS = ("positions", "holders", "agreements", "events", "figures")


def folds(
    prepared: Sequence[Prepared],
    k: int,
    scored: Sequence[bool] | None = None,
    seed: int | None = None,
) -> Iterator[tuple[list[int], list[int]]]:
    """k folds of whole groups, groups dealt largest first to the emptiest fold. With `scored`
    (one flag per example) only scored examples are counted, so that documents trained on but
    never scored (training/shapes) follow their group without reshuffling the folds. With a
    `seed`, groups are dealt in an order drawn from it instead (still to the emptiest fold):
    another partition of the same processes, to see how much a score owes to one partition."""
    counted = list(scored) if scored is not None else [True] * len(prepared)
    sizes: dict[str, list[int]] = {}
    for i, item in enumerate(prepared):
        sizes.setdefault(item.example.group, []).append(i)
    weight = {g: sum(counted[i] for i in members) for g, members in sizes.items()}
    bins: list[list[int]] = [[] for _ in range(min(k, len(sizes)))]
    loads = [0] * len(bins)
    order = sorted(sizes.items(), key=lambda kv: (-weight[kv[0]], kv[0]))
    if seed is not None:
        random.Random(seed).shuffle(order)
    for group, members in order:
        emptiest = min(range(len(bins)), key=lambda b: (loads[b], b))
        bins[emptiest].extend(members)
        loads[emptiest] += weight[group]
    for held in bins:
        test = sorted(held)
        train = [i for i in range(len(prepared)) if i not in set(test)]
        yield train, test


def predict(model: LearnedModel, item: Prepared, kinds: Sequence[str] = DECIDED) -> Record:
    """The record the model gives for a prepared example: the `kinds` it decides (by default
    what the learned stage decides), every other kind as the rules found it."""
    decided = decide(model, item.reading, item.rules, kinds)
    kept = [c for c in item.rules if c.kind not in kinds]
    return assemble_record(item.example.doc, ClaimSet([*kept, *decided]))


def cross_validate(
    prepared: Sequence[Prepared],
    settings: Settings,
    *,
    k: int = 5,
    kinds: Sequence[str] = DECIDED,
    progress: Callable[[str], None] | None = None,
    scored: Sequence[bool] | None = None,
    seed: int | None = None,
    share: float = 1.0,
) -> dict[str, Record]:
    """Out-of-fold records of every example, by example name (`kinds` as in `predict`;
    `scored` and `seed` as in `folds`). `share` < 1 trains each fold on that share of its
    training processes only (drawn from `seed`, or 0), for a learning curve."""
    records: dict[str, Record] = {}
    draw = random.Random(seed or 0)
    for n, (train, test) in enumerate(folds(prepared, k, scored, seed), 1):
        meta = {"name": "fold", "version": str(n)}
        if share < 1.0:
            train = _share_of_groups(prepared, train, share, draw)
        model = fit([prepared[i] for i in train], settings, meta, kinds=kinds)
        for i in test:
            records[prepared[i].example.name] = predict(model, prepared[i], kinds)
        if progress is not None:
            held = sorted({prepared[i].example.group for i in test})
            progress(f"fold {n}: {len(test)} documents held out ({', '.join(held)})")
    return records


# The partitions a change is judged on: the one `folds` deals by size (None), and three dealt
# in orders drawn from these seeds (bench/crossval_spread.py, tests/quality).
PARTITIONS: tuple[int | None, ...] = (None, 1, 2, 3)


def partition_scores(
    prepared: Sequence[Prepared],
    settings: Settings,
    subsets: Mapping[str, Sequence[Prepared]],
    *,
    scored: Sequence[bool] | None = None,
    seeds: Sequence[int | None] = PARTITIONS,
    share: float = 1.0,
    k: int = 5,
) -> Iterator[tuple[int | None, dict[str, dict[str, dict[str, float]]]]]:
    """Per partition (its seed), the scores of the out-of-fold records of what the learned
    stage decides on each named subset of the examples (`scored` and `share` as in
    `cross_validate`)."""
    for seed in seeds:
        records = cross_validate(
            prepared, settings, k=k, kinds=DECIDED, scored=scored, seed=seed, share=share
        )
        yield seed, {name: score_records(items, records) for name, items in subsets.items()}


def _share_of_groups(
    prepared: Sequence[Prepared], indices: list[int], share: float, draw: random.Random
) -> list[int]:
    """The examples of a drawn `share` of the groups among `indices` (at least one group)."""
    groups = sorted({prepared[i].example.group for i in indices})
    draw.shuffle(groups)
    kept = set(groups[: max(1, round(len(groups) * share))])
    return [i for i in indices if prepared[i].example.group in kept]


def keys(record: dict[str, Any]) -> dict[str, set[tuple[Any, ...]]]:
    """The scorer's keys of one record (ids compared as they are)."""
    positions = record.get("positions", [])
    return {
        "positions": {(p["holder"], p["issue"], p["stance"]) for p in positions},
        "holders": {(p["holder"], p["issue"]) for p in positions},
        "agreements": {
            (a["issue"], _formula((a.get("terms") or {}).get("formula")))
            for a in record.get("agreements", [])
        },
        "events": {(e["type"], e.get("date")) for e in record.get("events", [])},
        "figures": {
            (f["issue"], f["measure"], _number(f.get("value"))) for f in record.get("figures", [])
        },
    }


def score(pairs: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, dict[str, float]]:
    """Micro-averaged precision, recall and F1 per kind over (gold, predicted) record pairs."""
    totals = {kind: [0, 0, 0] for kind in KINDS}
    for gold, predicted in pairs:
        g, p = keys(gold), keys(predicted)
        for kind in KINDS:
            tp = len(g[kind] & p[kind])
            totals[kind][0] += tp
            totals[kind][1] += len(p[kind]) - tp
            totals[kind][2] += len(g[kind]) - tp
    result = {}
    for kind, (tp, fp, fn) in totals.items():
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[kind] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    return result


def score_records(
    prepared: Sequence[Prepared], records: dict[str, Record]
) -> dict[str, dict[str, float]]:
    """Scores of out-of-fold records against the examples' gold."""
    return score(
        [(item.example.gold, record_to_dict(records[item.example.name])) for item in prepared]
    )


def _formula(value: object) -> str | None:
    if not value:
        return None
    return str(value).replace(",", "").replace(" ", "").lower()


def _number(value: object) -> float | None:
    try:
        return round(float(value), 2)  # type: ignore[arg-type]  # the scorer's own coercion
    except (TypeError, ValueError):
        return None
