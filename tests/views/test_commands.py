"""The view commands end to end: ingest reconciles, every view prints a table or JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from peacetalks.analysis.ledger import timeline
from peacetalks.analysis.positions import matrix
from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.demo import MANIFEST
from peacetalks.model import ISSUES, Document, Event, Position, Record, Span
from peacetalks.store import open_store
from peacetalks.views import positions_view, timeline_view
from tests.conftest import SHARED_EVAL, needs_shared_eval

VIEWS = ("positions", "deals", "agreements", "discrepancies", "timeline")


@pytest.fixture
def demo_db(cli, db_url, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    db = db_url
    result = cli("ingest", "--manifest", str(MANIFEST), "--db", db)
    assert result.exit_code == 0, result.stderr
    return db


def _widths(text):
    return max(len(line) for line in text.splitlines())


@pytest.mark.parametrize("view", VIEWS)
def test_views_fit_80_columns_and_name_their_sources(cli, demo_db, view):
    result = cli(view, "--db", demo_db, "--evidence")
    assert result.exit_code == 0, result.stderr
    assert _widths(result.stdout) <= 80
    assert "Sources" in result.stdout or "No discrepancies" in result.stdout


@pytest.mark.parametrize("view", VIEWS)
def test_views_json_is_machine_readable(cli, demo_db, view):
    extra = ("--all",) if view == "discrepancies" else ()
    result = cli(view, "--db", demo_db, "--json", "--process", "all", *extra)
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found


def test_cli_actor_page_and_list(cli, demo_db):
    result = cli("actor", "vladimir-medinsky", "--db", demo_db, "--evidence")
    assert result.exit_code == 0, result.stderr
    assert "Roles over time" in result.stdout
    assert "head of delegation" in result.stdout
    assert _widths(result.stdout) <= 80
    listed = json.loads(cli("actor", "--db", demo_db, "--json").stdout)
    assert {"russia", "ukraine", "vladimir-medinsky"} <= {a["id"] for a in listed}
    unknown = cli("actor", "vladimir-medinski", "--db", demo_db)
    assert unknown.exit_code == 2
    assert "vladimir-medinsky" in unknown.stderr


def test_cli_ingest_reconciles_and_reconcile_by_hand_is_a_no_op(cli, demo_db):
    again = cli("reconcile", "--db", demo_db)
    assert again.exit_code == 0
    assert "Reconciled 0 document(s)" in again.stderr
    full = cli("reconcile", "--db", demo_db, "--full")
    assert "Reconciled 10 document(s) in full" in full.stderr


def test_cli_compare_and_diff(cli, demo_db):
    result = cli("compare", "russia", "ukraine", "--db", demo_db, "--json")
    table = json.loads(result.stdout)
    assert table["parties"] == ["russia", "ukraine"]
    order = [row["compatibility"] for row in table["rows"]]
    assert order.index("clash") == 0
    result = cli("diff", "russia", "--since", "2022-01-01", "--db", demo_db)
    assert result.exit_code == 0, result.stderr
    assert "zaporizhzhia" in result.stdout
    assert "added" in result.stdout


def test_cli_views_refuse_bad_options_with_the_fix(cli, demo_db):
    result = cli("positions", "--db", demo_db, "--process", "russia-ukriane")
    assert result.exit_code == 2
    assert "russia-ukraine" in result.stderr  # the known processes are listed
    result = cli("timeline", "--db", demo_db, "--since", "2 June")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
    result = cli("diff", "russia", "--db", demo_db)
    assert result.exit_code == 2
    assert "--since" in result.stderr


@needs_shared_eval
def test_cli_discrepancies_on_the_demo_corpus_and_dev_set(cli, demo_db):
    dev = SHARED_EVAL / "dev" / "manifest.csv"
    assert cli("ingest", "--manifest", str(dev), "--db", demo_db).exit_code == 0
    result = cli("discrepancies", "--db", demo_db, "--evidence")
    assert "more than 300" in result.stdout
    assert "120 min" in result.stdout
    assert "a couple of hours" in result.stdout
    assert "12,000" not in result.stdout  # consistent once normalised: only with --all
    shown = cli("discrepancies", "--db", demo_db, "--all")
    assert "12,000" in shown.stdout
    readings = [
        d["reading"]
        for d in json.loads(cli("discrepancies", "--db", demo_db, "--all", "--json").stdout)
    ]
    assert any(r and "12,000 read as the total of both sides" in r for r in readings)


def _many(n: int) -> list[Record]:
    records = []
    for i in range(n):
        text = f"Russia and Ukraine met in Town{i} and Russia demanded item {i}."
        span = (Span(0, len(text), text),)
        day = dt.date(2025, 1, 1) + dt.timedelta(days=i)
        records.append(
            Record(
                document=Document(
                    id=f"{i:016x}", text=text, publisher=f"Outlet {i % 7}", published=day
                ),
                events=(
                    Event(
                        type="meeting",
                        date=day,
                        place=f"Town{i}",
                        participants=("russia", "ukraine"),
                        evidence=span,
                    ),
                ),
                positions=(
                    Position(
                        holder="russia" if i % 2 else "ukraine",
                        issue=ISSUES[i % len(ISSUES)],
                        stance="demand",
                        summary=f"item {i} " + "and more words " * 6,
                        evidence=span,
                        as_of=day,
                    ),
                ),
            )
        )
    return records


def test_views_stay_usable_at_200_facts(db_url):
    from rich.console import Console

    store = open_store(db_url)
    for record in _many(200):
        store.add_record(record, pipeline="test")
    reconcile_store(store)
    entries = timeline(store)
    table = matrix(store)
    store.close()
    assert len(entries) == 200
    # restatements of one stance on one issue are one fact; every source is kept
    assert (
        sum(p.sources for row in table.rows for c in row.cells.values() for p in c.positions) == 200
    )
    console = Console(width=80, record=True)
    console.print(timeline_view(entries, evidence=True))
    console.print(positions_view(table))
    text = console.export_text()
    assert _widths(text) <= 80
    assert len(table.rows) == len(ISSUES)  # one row per issue, however many positions
