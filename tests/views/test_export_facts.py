"""export --facts: the reconciled record with sources, confidence and review state, as JSON
Lines, CSV (optionally with a BOM) and Parquet; a reviewer's rejection and correction show."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import create_engine

from peacetalks.review import review_fact
from tests.conftest import jsonl

REPORT = (
    "Russian and Ukrainian delegations met in Istanbul on Monday and agreed to exchange 1,000 "
    "prisoners of war each. Russia demanded that Ukraine withdraw its troops from four regions. "
    "Ukraine rejected the demand. The talks lasted about an hour.\n"
)


@pytest.fixture
def reviewed_db(cli, tmp_path, db_url):
    path = tmp_path / "report.txt"
    path.write_text(REPORT)
    result = cli("ingest", str(path), "--backend", "rules", "--published", "2025-06-03",
                 "--db", db_url)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    facts = jsonl(cli("export", "--facts", "--db", db_url).stdout)
    positions = [f for f in facts if f["kind"] == "position"]
    engine = create_engine(db_url)
    demand = next(f for f in positions if f["stance"] == "demand")
    reject = next(f for f in positions if f["stance"] == "reject")
    review_fact(
        engine, demand["key"], "correct", reviewer="ana", changes={"summary": "four regions"}
    )
    review_fact(engine, reject["key"], "reject", reviewer="ana")
    engine.dispose()
    return db_url, demand["key"], reject["key"]


def test_jsonl_carries_review_confidence_and_sources(cli, reviewed_db):
    db_url, corrected, rejected = reviewed_db
    facts = {f["key"]: f for f in jsonl(cli("export", "--facts", "--db", db_url).stdout)}
    assert rejected not in facts
    assert facts[corrected]["review"] == "corrected"
    assert facts[corrected]["summary"] == "four regions"
    assert facts[corrected]["confidence"] == 1.0
    assert {f["kind"] for f in facts.values()} >= {"position", "agreement", "event"}
    unreviewed = next(f for f in facts.values() if f["review"] == "unreviewed")
    assert 0 < unreviewed["confidence"] < 1
    assert unreviewed["sources"][0]["quotes"]
    with_rejected = jsonl(cli("export", "--facts", "--rejected", "--db", db_url).stdout)
    assert {f["key"]: f["review"] for f in with_rejected}[rejected] == "rejected"


def test_csv_tables_with_a_bom_for_spreadsheets(cli, reviewed_db, tmp_path):
    db_url, corrected, _ = reviewed_db
    folder = tmp_path / "tables"
    result = cli("export", "--facts", "--format", "csv", "--bom", "-o", str(folder),
                 "--db", db_url)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    raw = (folder / "facts-positions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    row = next(r for r in rows if r["key"] == corrected)
    assert row["review"] == "corrected"
    assert "report.txt" in row["sources"] or "(2025-06-03)" in row["sources"]
    assert {p.name for p in folder.iterdir()} == {
        "facts-positions.csv", "facts-agreements.csv", "facts-deals.csv", "facts-events.csv",
        "facts-figures.csv",
    }  # fmt: skip
    deal_rows = list(csv.DictReader(io.StringIO(
        (folder / "facts-deals.csv").read_bytes().decode("utf-8-sig"))))  # fmt: skip
    agreement_rows = list(csv.DictReader(io.StringIO(
        (folder / "facts-agreements.csv").read_bytes().decode("utf-8-sig"))))  # fmt: skip
    assert deal_rows
    assert agreement_rows
    # every agreement names its deal, and the deal lists it among its provisions
    for agreement in agreement_rows:
        deal = next(d for d in deal_rows if d["key"] == agreement["deal"])
        assert agreement["key"] in deal["provisions"].split("; ")
    one = cli("export", "--facts", "--format", "csv", "--table", "agreements", "--db", db_url)
    assert next(csv.DictReader(io.StringIO(one.stdout)))["issue"] == "prisoners"


def test_parquet_tables_read_back(cli, reviewed_db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    db_url, _, _ = reviewed_db
    folder = tmp_path / "pq"
    result = cli("export", "--facts", "--format", "parquet", "-o", str(folder), "--db", db_url)
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(folder / "facts-positions.parquet")
    csv_rows = jsonl(cli("export", "--facts", "--db", db_url).stdout)
    assert table.num_rows == sum(1 for r in csv_rows if r["kind"] == "position")
    assert "confidence" in table.column_names
    assert json.loads(json.dumps(table.column("review").to_pylist()))


def test_facts_options_are_checked(cli, reviewed_db):
    db_url, _, _ = reviewed_db
    assert cli("export", "--format", "parquet", "--db", db_url).exit_code == 2
    no_dir = cli("export", "--facts", "--format", "parquet", "--db", db_url)
    assert no_dir.exit_code == 2
    assert "-o DIR" in no_dir.stderr


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1-1", "'+1-1"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("-2+3", "'-2+3"),
        ("title \x1b[31mred\x1b[0m", "title [31mred[0m"),
        ("Talks in Doha", "Talks in Doha"),
        (-3, -3),
        (None, None),
    ],
)
def test_csv_cells_never_run_as_formulas_or_control_codes(cell, safe):
    from peacetalks.exports import safe_cell

    assert safe_cell(cell) == safe


def test_csv_export_of_a_hostile_title_is_neutralised(cli, tmp_path, db_url):
    path = tmp_path / "a.txt"
    path.write_text("Envoys of Armenia and Azerbaijan met in Washington on 8 August 2025.\n")
    manifest = tmp_path / "m.csv"
    manifest.write_text('path,title\na.txt,"=HYPERLINK(""http://evil"",""x"")\x1b[2J"\n')
    assert (
        cli("ingest", "--manifest", str(manifest), "--backend", "rules", "--db", db_url).exit_code
        == 0
    )
    out = cli("export", "--format", "csv", "--table", "documents", "--db", db_url).stdout
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["title"] == '\'=HYPERLINK("http://evil","x")[2J'
