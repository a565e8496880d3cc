"""The command line end to end: extract, ingest, export and demo on real documents."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from peacetalks.demo import CORPUS, MANIFEST
from tests.conftest import SHARED_EVAL, jsonl, needs_shared_eval, validate_record

DEV = SHARED_EVAL / "dev"


def test_cli_help_on_every_command(cli):
    for command in ("extract", "ingest", "export", "demo"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert (
            "Usage: main " + command in result.output
            or f"Usage: peacetalks {command}" in result.output
        )


@needs_shared_eval
def test_cli_extract_dev_set_gives_five_valid_records_scorer_can_read(cli):
    paths = sorted(str(p) for p in (DEV / "docs").glob("*.txt"))
    result = cli("extract", *paths, "--manifest", str(DEV / "manifest.csv"))
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    assert len(records) == 5
    for record in records:
        validate_record(record)
    # document.path is the path as given, so the scorer finds the gold file by its stem
    assert sorted(r["document"]["path"] for r in records) == paths
    published = {
        r["document"]["path"].rsplit("/", 1)[-1]: r["document"]["published"] for r in records
    }
    assert published["delegations-meet-istanbul.txt"] == "2025-05-21"


def test_cli_extract_evidence_points_into_clean_text(cli):
    path = CORPUS / "istanbul-first-round.txt"
    record = jsonl(cli("extract", str(path)).stdout)[0]
    text = path.read_text(encoding="utf-8")
    spans = [
        e
        for kind in ("events", "positions", "agreements", "figures")
        for item in record[kind]
        for e in item["evidence"]
    ]
    assert record["actors"], "the registry should find the parties of a Russia-Ukraine report"
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


def test_cli_extract_reads_stdin(cli):
    text = "Ukraine and Russia met in Istanbul on Monday.\n"
    result = cli("extract", "-", "--published", "2025-06-03", input=text.encode())
    record = jsonl(result.stdout)[0]
    assert record["document"]["path"] == "-"
    assert record["document"]["published"] == "2025-06-03"
    assert {"russia", "ukraine"} <= {a["id"] for a in record["actors"]}


def test_cli_extract_bad_date_exits_2_without_traceback(cli):
    result = cli("extract", "x.txt", "--published", "June 3")
    assert result.exit_code == 2
    assert "Bad --published: 'June 3'" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_ingest_then_export_jsonl_round_trips(cli, db_url, tmp_path):
    result = cli("ingest", "--manifest", str(MANIFEST), "--db", db_url)
    assert result.exit_code == 0, result.stderr
    extracted = {
        r["document"]["id"]: r for r in jsonl(cli("extract", "--manifest", str(MANIFEST)).stdout)
    }
    exported = {r["document"]["id"]: r for r in jsonl(cli("export", "--db", db_url).stdout)}
    assert exported == extracted
    for record in exported.values():
        validate_record(record)


def test_cli_ingest_twice_says_already_ingested(cli, db_url):
    path = str(CORPUS / "gaza-ceasefire-deal.txt")
    assert "1 added" in cli("ingest", path, "--db", db_url).stderr
    again = cli("ingest", path, "--db", db_url)
    assert again.exit_code == 0
    assert "Already ingested" in again.stderr
    assert "0 added, 1 unchanged" in again.stderr
    assert len(jsonl(cli("export", "--db", db_url).stdout)) == 1


def test_cli_ingest_same_content_under_another_name_is_one_document(cli, db_url, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(CORPUS / "gaza-ceasefire-deal.txt", copy)
    cli("ingest", str(CORPUS / "gaza-ceasefire-deal.txt"), str(copy), "--db", db_url)
    assert len(jsonl(cli("export", "--db", db_url).stdout)) == 1


def test_cli_export_csv_tables(cli, db_url, tmp_path):
    cli("ingest", "--manifest", str(MANIFEST), "--db", db_url)
    out = tmp_path / "tables"
    assert cli("export", "--format", "csv", "-o", str(out), "--db", db_url).exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"{t}.csv" for t in ("documents", "actors", "events", "positions", "agreements", "figures")
    )
    with (out / "documents.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(1 for p in CORPUS.iterdir() if p.name != "manifest.csv")
    one = cli("export", "--format", "csv", "--table", "actors", "--db", db_url).stdout
    assert next(csv.reader(io.StringIO(one)))[:3] == ["document_id", "seq", "id"]


def test_cli_export_csv_without_target_is_a_usage_error(cli, db_url):
    result = cli("export", "--format", "csv", "--db", db_url)
    assert result.exit_code == 2
    assert "-o DIR" in result.stderr


def test_cli_demo_no_serve_summarises_sample_corpus(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("demo", "--no-serve")
    assert result.exit_code == 0, result.stderr
    assert "Documents" in result.stdout
    assert "Found in 10 documents" in result.stdout
    assert "Positions by party" in result.stdout
    assert "russia" in result.stdout.split("Positions by party")[1]
    assert (tmp_path / "peacetalks-demo.db").exists()
    again = cli("demo", "--no-serve")  # a fresh database each time: nothing "unchanged"
    assert "10 added, 0 unchanged" in again.stderr


@pytest.mark.parametrize("bad", ["nope://x", "postgresql+nodriver://x/y"])
def test_cli_bad_database_url_is_reported(cli, bad):
    result = cli("export", "--db", bad)
    assert result.exit_code == 2
    assert "Cannot open the database" in result.stderr


def test_cli_json_lines_are_one_object_per_line(cli):
    result = cli("extract", str(CORPUS / "drc-rwanda-washington-agreement.txt"))
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 1
    assert json.loads(lines[0])["format"] == "peacetalks/1"


def test_cli_extract_explain_names_stage_and_rule_of_every_item(cli):
    path = str(CORPUS / "second-round-ciragan.txt")
    plain = jsonl(cli("extract", path).stdout)[0]
    explained = jsonl(cli("extract", "--explain", path).stdout)[0]
    validate_record(explained)
    kinds = ("actors", "events", "positions", "agreements", "figures")
    assert sum(len(explained[k]) for k in kinds) > 5
    for kind in kinds:
        for item in explained[kind]:
            assert item["explain"], f"{kind} item without explanation: {item}"
            for why in item["explain"]:
                assert why["stage"].startswith("peacetalks.")
                assert why["rule"]
        stripped = [{k: v for k, v in item.items() if k != "explain"} for item in explained[kind]]
        assert stripped == plain[kind]
