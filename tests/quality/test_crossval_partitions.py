"""The learned backend's held-out F1, averaged over four partitions of the processes into 5
folds (the one `peacetalks train --crossval 5` deals, and three dealt in orders drawn from
seeds 1-3, as bench/crossval_spread.py does): one partition can be lucky by 0.01, so a change
is judged here by the mean of four as well. Floors (to 0.005) only go up.
Re-pin after an improvement with: PEACETALKS_PIN_FLOORS=1 python3 -m pytest tests/quality
"""

from __future__ import annotations

import json
import math
import os
import statistics
from itertools import product
from pathlib import Path

import pytest

from peacetalks.learn import bundled_sets, prepare_sets, read_settings
from peacetalks.learn.crossval import PARTITIONS, partition_scores
from tests.conftest import ROOT, SHARED_EVAL, floors_then_and_now, needs_shared_eval

FLOORS = Path(__file__).with_name("crossval-partitions-floors.json")
TRAINING = ROOT / "training"
pytestmark = needs_shared_eval


@pytest.fixture(scope="module")
def means() -> dict[str, float]:
    """Mean F1 over the partitions: positions and holders, pooled and on train alone."""
    data = prepare_sets(bundled_sets(SHARED_EVAL, TRAINING))
    settings = read_settings(TRAINING / "config.toml")
    subsets = {"pooled": data.pooled(), "train": data.of("train")}
    found: dict[str, list[float]] = {}
    for _seed, scores in partition_scores(data.prepared, settings, subsets, scored=data.scored):
        for name, kind in product(subsets, ("positions", "holders")):
            found.setdefault(f"{name} {kind}", []).append(scores[name][kind]["f1"])
    return {key: statistics.fmean(values) for key, values in found.items()}


def _floor(value: float) -> float:
    return math.floor(value * 200) / 200


def test_crossval_mean_over_partitions_holds_its_floors(means):
    assert len(PARTITIONS) == 4  # the "four partitions" the floors were pinned on
    if os.environ.get("PEACETALKS_PIN_FLOORS"):
        pinned = {key: _floor(value) for key, value in sorted(means.items())}
        FLOORS.write_text(json.dumps(pinned, indent=2) + "\n", encoding="utf-8")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert set(floors) == set(means)
    below = [
        f"{key}: {means[key]:.4f} < {floor}" for key, floor in floors.items() if means[key] < floor
    ]
    assert not below, "The mean held-out F1 over four partitions fell:\n" + "\n".join(below)


def test_crossval_mean_over_partitions_floors_only_go_up():
    previous, now = floors_then_and_now(FLOORS)
    lowered = [
        f"{key}: {now.get(key)} < {value}"
        for key, value in previous.items()
        if now.get(key, 0) < value
    ]
    assert not lowered, f"Floors of the mean over partitions were lowered: {lowered}"
