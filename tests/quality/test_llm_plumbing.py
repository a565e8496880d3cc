"""The llm backend's grounding and plumbing, measured with a stand-in that answers with gold.

Over ../shared/eval/dev-multi, a stand-in model answers each request with that document's
gold record, quotes perturbed in whitespace, quote marks and case, plus one invented item.
What comes out must score >= 0.97 F1 for every kind with ../shared/eval/score.py, and every
invented item must be dropped and counted. This measures our side (prompt plumbing, HTTP,
grounding, id mapping, checks, merging), not a model: real models are measured apart.
"""

from __future__ import annotations

import json

import pytest

from peacetalks.llm.standin import GoldModel, StandIn
from tests.conftest import SHARED_EVAL, jsonl, needs_shared_eval
from tests.quality.test_quality import _scorer

DEV_MULTI = SHARED_EVAL / "dev-multi"
pytestmark = needs_shared_eval


@pytest.fixture(scope="module")
def gold_run():
    from click.testing import CliRunner

    from peacetalks.cli import main

    golds = [json.loads(p.read_text()) for p in sorted((DEV_MULTI / "gold").glob("*.json"))]
    with StandIn(GoldModel(golds)) as server:
        result = CliRunner().invoke(
            main,
            ["extract", "--backend", "llm", "--llm-url", server.url, "--llm-model", "gold",
             "--no-llm-cache", "--llm-concurrency", "8",
             "--manifest", str(DEV_MULTI / "manifest.csv")],
        )  # fmt: skip
        requests = len(server.requests)
    assert result.exit_code == 0, result.stderr
    score = _scorer()
    records = {score.doc_name(r): r for r in jsonl(result.stdout)}
    return score.score(DEV_MULTI / "gold", records), result.stderr, requests, len(golds)


@pytest.mark.parametrize("kind", ["positions", "holders", "agreements", "events", "figures"])
def test_gold_answers_survive_grounding(gold_run, kind):
    scores, _, _, _ = gold_run
    assert scores[kind]["f1"] >= 0.97, scores[kind]


def test_every_invented_item_is_dropped_and_counted(gold_run):
    _, stderr, requests, documents = gold_run
    assert requests == documents  # one request per excerpt: none is long enough to split
    assert f"{documents} item(s) dropped: {documents} quote not in the text." in stderr
