"""Quality gate: both backends scored against hand-made gold; floors only go up.

Scores come from ../shared/eval/score.py (the scorer the project is judged by) on three sets:
the real-article dev sets (dev, dev-multi) and the bundled sample corpus (tests/data/gold), for
the rules backend (written while reading dev and dev-multi) and the learned default (its
bundled model trained on dev and dev-multi among others: these are not held-out scores; the
held-out ones are pinned by test_crossval.py).
A learned/* floor is tied to the model it was measured with (model_sha256): it guards the
code around that model. A retrained model may move them either way; it is held instead by
the cross-validated pooled floors, which only go up (test_crossval.py).
Re-pin after an improvement with: PEACETALKS_PIN_FLOORS=1 python3 -m pytest tests/quality
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
from pathlib import Path

import pytest

from peacetalks.demo import MANIFEST as SAMPLE_MANIFEST
from peacetalks.extract.learned import BUNDLED
from tests.conftest import DATA, SHARED_EVAL, floors_then_and_now, jsonl, needs_shared_eval

FLOORS = Path(__file__).with_name("floors.json")
SETS = {
    "dev": (SHARED_EVAL / "dev" / "manifest.csv", SHARED_EVAL / "dev" / "gold"),
    "dev-multi": (SHARED_EVAL / "dev-multi" / "manifest.csv", SHARED_EVAL / "dev-multi" / "gold"),
    "sample": (SAMPLE_MANIFEST, DATA / "gold"),
}
BACKENDS = ("rules", "learned")
pytestmark = needs_shared_eval


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED_EVAL / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold_digest(gold: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(gold.glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    from click.testing import CliRunner

    from peacetalks.cli import main

    score = _scorer()
    found = {}
    for backend in BACKENDS:
        for name, (manifest, gold) in SETS.items():
            result = CliRunner().invoke(
                main, ["extract", "--backend", backend, "--manifest", str(manifest)]
            )
            assert result.exit_code == 0, result.output
            records = {score.doc_name(r): r for r in jsonl(result.stdout)}
            found[f"{backend}/{name}"] = {
                "scores": score.score(gold, records),
                "gold_sha256": _gold_digest(gold),
            }
            if backend == "learned":
                found[f"{backend}/{name}"]["model_sha256"] = _model_digest()
    return found


def _model_digest() -> str:
    return hashlib.sha256((BUNDLED / "model.json").read_bytes()).hexdigest()


def _floor(value: float) -> float:
    return math.floor(value * 100) / 100


def test_quality_floors_hold_on_every_set_and_kind(scores):
    if os.environ.get("PEACETALKS_PIN_FLOORS"):
        pinned = {
            name: {
                "gold_sha256": result["gold_sha256"],
                **({"model_sha256": result["model_sha256"]} if "model_sha256" in result else {}),
                "floors": {
                    kind: {"precision": _floor(s["precision"]), "recall": _floor(s["recall"])}
                    for kind, s in result["scores"].items()
                },
            }
            for name, result in scores.items()
        }
        FLOORS.write_text(json.dumps(pinned, indent=2) + "\n", encoding="utf-8")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    below = []
    for name, result in scores.items():
        for kind, floor in floors[name]["floors"].items():
            got = result["scores"][kind]
            for measure in ("precision", "recall"):
                if got[measure] < floor[measure]:
                    below.append(f"{name} {kind} {measure}: {got[measure]:.3f} < {floor[measure]}")
    assert not below, "Extraction quality fell below its floors:\n" + "\n".join(below)


def test_quality_gold_unchanged_since_floors_were_pinned(scores):
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for name, result in scores.items():
        assert result["gold_sha256"] == floors[name]["gold_sha256"], (
            f"The gold of {name} changed: re-pin the floors (PEACETALKS_PIN_FLOORS=1) in the "
            "same commit, after checking the scores."
        )


def test_quality_floors_only_go_up():
    """The floors are at least those of the last committed version that differs from them
    (for the same gold and, for the learned backend, the same model)."""
    previous, now = floors_then_and_now(FLOORS)
    lowered = [
        f"{name} {kind} {measure}"
        for name, pinned in previous.items()
        if pinned["gold_sha256"] == now.get(name, {}).get("gold_sha256")
        and pinned.get("model_sha256") == now[name].get("model_sha256")
        for kind, floor in pinned["floors"].items()
        for measure, value in floor.items()
        if now[name]["floors"][kind][measure] < value
    ]
    assert not lowered, f"Floors were lowered: {lowered}"
