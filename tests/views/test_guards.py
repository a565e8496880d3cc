"""Guards: unknown parties named with close matches; no empty database made by a reader; a
database URL peacetalks cannot use explained."""

from __future__ import annotations

from pathlib import Path

import pytest

from peacetalks.errors import StoreUnavailable
from peacetalks.store import open_store
from peacetalks.store.database import _reason


@pytest.fixture
def two_party_db(cli, tmp_path, db_url):
    path = tmp_path / "talks.txt"
    path.write_text(
        "Russian and Ukrainian delegations met in Istanbul on Monday. Russia demanded that "
        "Ukraine withdraw its troops from four regions. Ukraine rejected the demand.\n"
    )
    result = cli("ingest", str(path), "--backend", "rules", "--published", "2025-06-03",
                 "--db", db_url)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return db_url


def test_compare_names_the_unknown_party_and_close_matches(cli, two_party_db):
    result = cli("compare", "russia", "ukrane", "--db", two_party_db)
    assert result.exit_code == 2
    assert "No party 'ukrane' in this database. Did you mean ukraine?" in result.stderr
    ok = cli("compare", "russia", "ukraine", "--db", two_party_db)
    assert ok.exit_code == 0, ok.stderr


def test_diff_names_the_unknown_party(cli, two_party_db):
    result = cli("diff", "narnia", "--since", "2025-01-01", "--db", two_party_db)
    assert result.exit_code == 2
    assert "No party 'narnia'" in result.stderr


def test_api_compare_unknown_party_is_404(two_party_db):
    from tests.web.harness import app_client

    with app_client(two_party_db) as client:
        response = client.get("/api/compare", params={"a": "russia", "b": "narnia"})
    assert response.status_code == 404
    assert response.json()["type"] == "UnknownParty"
    assert "No party 'narnia'" in response.json()["error"]


@pytest.mark.parametrize(
    "command",
    [("positions",), ("timeline",), ("export",), ("user", "add", "ana", "--password-stdin")],
)
def test_readers_refuse_a_database_that_does_not_exist(cli, tmp_path, command):
    missing = tmp_path / "nope.db"
    result = cli(*command, "--db", str(missing), input="secret-password\n")
    assert result.exit_code == 2
    assert "there is no database there yet" in result.stderr
    assert not missing.exists()


def test_store_url_of_an_unsupported_database_says_what_is():
    with pytest.raises(StoreUnavailable, match=r"mysql is not supported.*SQLite.*PostgreSQL"):
        open_store("mysql://user@localhost/peacetalks")


def test_missing_driver_names_its_package():
    assert "pip install 'peacetalks[postgres]'" in _reason(ModuleNotFoundError(name="psycopg"))
    assert "postgresql+psycopg://" in _reason(ModuleNotFoundError(name="psycopg2"))


def test_writers_still_create_a_new_database(cli, tmp_path):
    target = tmp_path / "new.db"
    path = tmp_path / "a.txt"
    path.write_text("Envoys of Armenia and Azerbaijan met in Washington on 8 August 2025.\n")
    result = cli("ingest", str(path), "--backend", "rules", "--db", str(target))
    assert result.exit_code == 0, result.stderr
    assert Path(target).exists()


def test_sources_without_an_outlet_are_named_by_title_site_or_file(cli, two_party_db):
    from tests.web.harness import app_client

    shown = cli("positions", "--evidence", "--db", two_party_db, "--process", "russia-ukraine")
    assert shown.exit_code == 0, shown.stderr
    assert "document " not in shown.stdout  # no "document 0180cd7a"
    with app_client(two_party_db) as client:
        rows = client.get("/api/positions").json()["rows"]
        key = next(p["key"] for r in rows for c in r["cells"].values() for p in c["positions"])
        page = client.get(f"/facts/{key}").text
    assert "unknown outlet" not in page
    assert "talks.txt" in page  # no title line, no URL: the file's name stands for it


def test_document_name_prefers_site_then_title_then_file():
    from peacetalks.model.facts import document_name

    assert document_name("https://www.example.org/a/b", "T", "x.txt") == "example.org"
    assert document_name(None, "Talks resume", "x.txt") == "Talks resume"
    assert document_name(None, None, "/data/reports/x.txt") == "x.txt"
    assert document_name(None, None, "-") is None
