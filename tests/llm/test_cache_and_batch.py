"""Answers kept in the store (a re-run costs no call), ingest, and batch files both ways."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from peacetalks.llm.standin import chat_reply, document_of
from tests.conftest import jsonl, validate_record
from tests.llm.conftest import answer_for, model_reply


def _llm_args(server, *extra):
    return ("--backend", "llm", "--llm-url", server.url, "--llm-model", "standin", *extra)


def test_second_run_is_answered_from_the_cache(standin, cli, talks_file, db_url):
    server = standin(model_reply)
    first = cli("extract", str(talks_file), *_llm_args(server), "--db", db_url)
    assert first.exit_code == 0, first.stderr
    assert len(server.requests) == 1
    second = cli("extract", str(talks_file), *_llm_args(server), "--db", db_url)
    assert second.exit_code == 0, second.stderr
    assert len(server.requests) == 1  # no second call
    assert "0 request(s), 1 answered from the cache" in second.stderr
    assert jsonl(first.stdout)[0]["positions"] == jsonl(second.stdout)[0]["positions"]


def test_another_model_or_prompt_is_asked_again_and_the_key_is_never_stored(
    standin, cli, talks_file, db_url, monkeypatch
):
    monkeypatch.setenv("PEACETALKS_LLM_API_KEY", "sk-never-stored")
    server = standin(model_reply)
    cli("extract", str(talks_file), *_llm_args(server), "--db", db_url)
    cli("extract", str(talks_file), "--backend", "llm", "--llm-url", server.url,
        "--llm-model", "other", "--db", db_url)  # fmt: skip
    assert len(server.requests) == 2
    assert server.headers[0]["Authorization"] == "Bearer sk-never-stored"
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM llm_answers")).all()
    engine.dispose()
    assert len(rows) == 2
    assert "sk-never-stored" not in repr(rows)


def test_no_cache_asks_every_time(standin, cli, talks_file, db_url):
    server = standin(model_reply)
    for _ in range(2):
        cli("extract", str(talks_file), *_llm_args(server, "--no-llm-cache"), "--db", db_url)
    assert len(server.requests) == 2


def test_ingest_with_the_llm_backend_stores_grounded_records(standin, cli, talks_file, db_url):
    server = standin(model_reply)
    manifest = talks_file.parent / "manifest.csv"
    result = cli("ingest", "--manifest", str(manifest), *_llm_args(server), "--db", db_url)
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stderr
    assert "Kept: 2 actors, 1 agreements, 1 events, 2 positions." in result.stderr
    exported = jsonl(cli("export", "--db", db_url).stdout)
    assert {(p["holder"], p["stance"]) for p in exported[0]["positions"]} == {
        ("azerbaijan", "demand"),
        ("armenia", "reject"),
    }


def test_llm_kinds_leave_the_rest_to_the_rules(standin, cli, talks_file):
    server = standin(model_reply)
    args = _llm_args(server, "--llm-kinds", "positions", "--no-llm-cache", "--explain")
    result = cli("extract", str(talks_file), *args)
    record = jsonl(result.stdout)[0]
    assert {e["stage"] for p in record["positions"] for e in p["explain"]} == {"peacetalks.llm.v1"}
    assert all(
        e["stage"] != "peacetalks.llm.v1" for a in record["agreements"] for e in a["explain"]
    )
    assert "standin, prompt v1; quote exact" in record["positions"][0]["explain"][0]["rule"]


def test_batch_prepare_then_collect_round_trip(cli, talks_file, tmp_path):
    manifest = talks_file.parent / "manifest.csv"
    requests = tmp_path / "requests.jsonl"
    prepared = cli("llm", "prepare", "--manifest", str(manifest), "--llm-model", "m1",
                   "-o", str(requests))  # fmt: skip
    assert prepared.exit_code == 0, prepared.stderr
    lines = jsonl(requests.read_text())
    assert len(lines) == 1
    line = lines[0]
    assert set(line) == {"custom_id", "method", "url", "body"}
    assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
    assert line["body"]["model"] == "m1"
    assert line["body"]["response_format"]["type"] == "json_schema"
    assert document_of(line["body"])["published"] == "2025-08-09"

    # what a Batch API gives back: one line per request, plus a failed request's line
    answer = chat_reply(json.dumps(answer_for(""))).body
    output = tmp_path / "output.jsonl"
    output.write_text(
        json.dumps({"id": "b1", "custom_id": line["custom_id"],
                    "response": {"status_code": 200, "body": answer}, "error": None}) + "\n"
        + json.dumps({"id": "b2", "custom_id": "ffff-0", "response": None,
                      "error": {"code": "server_error", "message": "boom"}}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    collected = cli("llm", "collect", str(output), "--manifest", str(manifest),
                    "--llm-model", "m1")  # fmt: skip
    assert collected.exit_code == 0, collected.stderr
    assert "ffff-0" in collected.stderr
    assert "boom" in collected.stderr
    assert "1 of 1 answer(s) match the documents." in collected.stderr
    records = jsonl(collected.stdout)
    validate_record(records[0])
    assert len(records[0]["positions"]) == 2


def test_collect_into_a_database_and_a_document_without_an_answer(cli, talks_file, db_url):
    other = talks_file.parent / "other.txt"
    other.write_text("Envoys met again in Geneva on Tuesday.\n", encoding="utf-8")
    requests = talks_file.parent / "requests.jsonl"
    cli("llm", "prepare", str(talks_file), "--llm-model", "m1", "-o", str(requests))
    line = jsonl(requests.read_text())[0]
    answer = chat_reply(json.dumps(answer_for(""))).body
    output = talks_file.parent / "output.jsonl"
    entry = {"custom_id": line["custom_id"], "response": {"status_code": 200, "body": answer}}
    output.write_text(json.dumps(entry) + "\n")
    result = cli("llm", "collect", str(output), str(talks_file), str(other),
                 "--llm-model", "m1", "--db", db_url)  # fmt: skip
    assert result.exit_code == 2  # one document had no answer
    assert "No answer for part 1 of" in result.stderr
    assert "other.txt" in result.stderr
    assert "1 added" in result.stderr
