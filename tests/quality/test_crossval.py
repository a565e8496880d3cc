"""Held-out quality of the learned backend: 5-fold cross-validation by peace process over
train, dev-multi and dev (a fold never trains on a process it scores), scored by
../shared/eval/score.py; floors only go up.

The run is the one training/train-bundled.sh makes (same gold, groups and settings), so the
bundled model's scores.json must agree with it: a change to the features or the training that
is not followed by retraining the bundled model fails here.
Re-pin after an improvement with: PEACETALKS_PIN_FLOORS=1 python3 -m pytest tests/quality
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from peacetalks.extract.learned import BUNDLED
from peacetalks.learn import GoldSet, bundled_sets, read_settings, train, write_predictions
from peacetalks.model.format import record_to_dict
from tests.conftest import ROOT, SHARED_EVAL, floors_then_and_now, needs_shared_eval
from tests.quality.test_quality import _scorer

FLOORS = Path(__file__).with_name("crossval-floors.json")
TRAINING = ROOT / "training"
SCORED = ("train", "dev-multi", "dev")
pytestmark = needs_shared_eval


def _sets() -> list[GoldSet]:
    """The collections of training/train-bundled.sh, in its order."""
    return bundled_sets(SHARED_EVAL, TRAINING)


@pytest.fixture(scope="module")
def crossval(tmp_path_factory):
    trained = train(_sets(), read_settings(TRAINING / "config.toml"), crossval=5)
    folder = tmp_path_factory.mktemp("predictions")
    write_predictions(trained, folder)
    score = _scorer()
    found: dict[str, dict[str, dict[str, float]]] = {}
    pooled: dict[str, list[int]] = {}
    for name in SCORED:
        predictions = score.load_predictions(folder / f"{name}.jsonl")
        result = score.score(SHARED_EVAL / name / "gold", predictions)
        found[name] = result
        for kind, counts in result.items():
            total = pooled.setdefault(kind, [0, 0, 0])
            for i, key in enumerate(("tp", "fp", "fn")):
                total[i] += counts[key]
    found["pooled"] = {kind: _measures(*counts) for kind, counts in pooled.items()}
    return trained, found


def _measures(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _floor(value: float) -> float:
    return math.floor(value * 100) / 100


def test_crossval_floors_hold_for_every_set_and_kind(crossval):
    _, found = crossval
    if os.environ.get("PEACETALKS_PIN_FLOORS"):
        pinned = {
            name: {
                kind: {"precision": _floor(s["precision"]), "recall": _floor(s["recall"])}
                for kind, s in result.items()
            }
            for name, result in found.items()
        }
        FLOORS.write_text(json.dumps(pinned, indent=2) + "\n", encoding="utf-8")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    below = [
        f"{name} {kind} {measure}: {found[name][kind][measure]:.3f} < {floor[measure]}"
        for name, kinds in floors.items()
        for kind, floor in kinds.items()
        for measure in ("precision", "recall")
        if found[name][kind][measure] < floor[measure]
    ]
    assert not below, "Cross-validated quality fell below its floors:\n" + "\n".join(below)


def test_crossval_pooled_floors_only_go_up():
    """Pooled over every scored collection, the held-out floors are at least those of the last
    committed version that differs: a retrained model may trade precision for recall on one
    collection, never lose either over all of them."""
    previous, now = floors_then_and_now(FLOORS)
    lowered = [
        f"pooled {kind} {measure}: {now['pooled'][kind][measure]} < {value}"
        for kind, floor in previous["pooled"].items()
        for measure, value in floor.items()
        if now["pooled"][kind][measure] < value
    ]
    assert not lowered, f"Pooled cross-validated floors were lowered: {lowered}"


def test_crossval_agrees_with_the_bundled_models_scores(crossval):
    trained, found = crossval
    shipped = json.loads((BUNDLED / "scores.json").read_text(encoding="utf-8"))
    for kind, measures in found["pooled"].items():
        assert shipped["all"][kind]["f1"] == pytest.approx(measures["f1"], abs=0.002), (
            f"{kind}: the bundled model's scores.json is stale; run sh training/train-bundled.sh"
        )
    assert (
        trained.model.to_json()["thresholds"]
        == json.loads((BUNDLED / "model.json").read_text(encoding="utf-8"))["thresholds"]
    )


def test_crossval_predictions_are_the_default_pipelines_kinds(crossval):
    """Out of fold, positions are the model's and the other kinds the rules': what the
    default pipeline gives (figures the same as the rules' own)."""
    trained, _ = crossval
    for records in trained.predictions.values():
        for record in records:
            data = record_to_dict(record)
            assert data["format"] == "peacetalks/1"
    assert trained.scores is not None
    assert set(trained.scores["learned-agreements-events"]) == {"agreements", "events"}
