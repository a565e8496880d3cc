"""The loop that teaches the fast default: llm records, reviewed, exported as gold, trained on."""

from __future__ import annotations

import json

from sqlalchemy import create_engine

from peacetalks.review import review_fact
from peacetalks.store.documents import fact_keys_of
from tests.conftest import jsonl, validate_record
from tests.llm.conftest import model_reply


def test_reviewed_llm_records_export_as_gold_and_train_the_fast_model(
    standin, cli, talks_file, db_url, tmp_path
):
    server = standin(model_reply)
    manifest = talks_file.parent / "manifest.csv"
    ingested = cli("ingest", "--manifest", str(manifest), "--backend", "llm",
                   "--llm-url", server.url, "--llm-model", "standin", "--db", db_url)  # fmt: skip
    assert ingested.exit_code == 0, ingested.stderr
    record = jsonl(cli("export", "--db", db_url).stdout)[0]
    stances = [p["stance"] for p in record["positions"]]
    engine = create_engine(db_url)
    keys = fact_keys_of(engine, record["document"]["id"])
    demand_key = keys[("positions", stances.index("demand"))]
    reject_key = keys[("positions", stances.index("reject"))]
    review_fact(engine, demand_key, "correct", reviewer="ana", changes={"issue": "territory"})
    review_fact(engine, reject_key, "reject", reviewer="ana")
    engine.dispose()

    gold = tmp_path / "gold"
    exported = cli("export", "--db", db_url, "--format", "gold", "-o", str(gold))
    assert exported.exit_code == 0, exported.stderr
    written = json.loads((gold / "talks.json").read_text())  # named after the document's file
    validate_record(written)
    assert [(p["holder"], p["issue"], p["stance"]) for p in written["positions"]] == [
        ("azerbaijan", "territory", "demand")
    ]
    assert written["agreements"] == record["agreements"]  # unreviewed items stay as they were

    model = tmp_path / "model"
    trained = cli("train", "--gold", str(gold), "--docs", str(talks_file.parent),
                  "--manifest", str(manifest), "-o", str(model))  # fmt: skip
    assert trained.exit_code == 0, trained.stderr
    assert (model / "model.json").is_file()
    extracted = cli("extract", str(talks_file), "--model", str(model))
    assert extracted.exit_code == 0, extracted.stderr
    validate_record(jsonl(extracted.stdout)[0])


def test_gold_export_needs_a_folder(cli, db_url):
    result = cli("export", "--db", db_url, "--format", "gold")
    assert result.exit_code == 2
    assert "-o DIR" in result.output
