"""`peacetalks search`: tables of documents and items with their matches, JSON, filters."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.web.harness import build_demo_database


@pytest.fixture(scope="module")
def demo_db(make_session_db_url):
    """The demo corpus, ingested once for these read-only tests."""
    return build_demo_database(make_session_db_url("search-demo"))


@pytest.fixture
def search_json(cli, demo_db):
    def run(*args: str) -> dict:
        result = cli("search", *args, "--json", "--db", demo_db)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return run


def test_search_command_prints_documents_and_items_with_their_matches(cli, demo_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("search", "prisoner", "exchange", "--limit", "3", "--db", demo_db)
    assert result.exit_code == 0, result.stderr
    assert "Documents: " in result.stdout
    assert "Items: " in result.stdout
    assert "Russia and Ukraine complete" in result.stdout  # a title, wrapped in its cell
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_search_command_shows_names_not_ids(cli, demo_db):
    result = cli("search", "memorandum", "--kind", "positions", "--db", demo_db)
    assert result.exit_code == 0, result.stderr
    assert "Russia" in result.stdout
    assert " russia " not in result.stdout


def test_search_command_json_has_scores_snippets_and_marks(search_json):
    found = search_json("prisoner", "--limit", "2")
    assert found["query"] == "prisoner"
    assert found["documents"]["total"] > 2
    assert len(found["documents"]["entries"]) == 2
    for entry in [*found["documents"]["entries"], *found["items"]["entries"]]:
        marked = [entry["snippet"][a:b].lower() for a, b in entry["marks"]]
        assert marked
        assert all(m.startswith("prisoner") for m in marked)
    scores = [entry["score"] for entry in found["items"]["entries"]]
    assert scores == sorted(scores, reverse=True)


def test_search_command_filters(search_json):
    everything = search_json("prisoners")
    positions = search_json("prisoners", "--kind", "positions")
    assert 0 < positions["items"]["total"] < everything["items"]["total"]
    assert {e["kind"] for e in positions["items"]["entries"]} == {"positions"}
    on_issue = search_json("prisoners", "--issue", "prisoners", "--limit", "500")
    assert {e["item"]["issue"] for e in on_issue["items"]["entries"]} == {"prisoners"}
    outlet = everything["documents"]["entries"][0]["publisher"]
    by_outlet = search_json("prisoners", "--outlet", outlet)
    assert {e["publisher"] for e in by_outlet["documents"]["entries"]} == {outlet}
    later = search_json("prisoners", "--since", "2025-06-01")
    dates = [dt.date.fromisoformat(e["published"]) for e in later["documents"]["entries"]]
    assert dates
    assert min(dates) >= dt.date(2025, 6, 1)
    by_party = search_json("prisoners", "--party", "ukraine", "--stance", "demand")
    assert by_party["items"]["total"] > 0
    for entry in by_party["items"]["entries"]:
        assert entry["item"]["holder"] == "ukraine"
        assert entry["item"]["stance"] == "demand"


def test_search_command_bad_date_exits_2_with_the_form(cli, demo_db):
    result = cli("search", "talks", "--since", "last week", "--db", demo_db)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_search_command_without_a_word_says_so(cli, demo_db):
    result = cli("search", "***", "--db", demo_db)
    assert result.exit_code == 0
    assert "Nothing to search for" in result.stderr


def test_search_command_prints_typed_markup_as_text(cli, demo_db):
    result = cli("search", "[/bold]", "NEAR(", "--db", demo_db)
    assert result.exit_code == 0, result.stderr
    assert "No documents match '[/bold] NEAR('." in result.stdout


def test_search_command_says_when_older_matches_were_left_out(cli, demo_db, monkeypatch):
    monkeypatch.setattr("peacetalks.store.search.SEARCH_WINDOW", 2)
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("search", "Ukraine", "--limit", "1", "--db", demo_db)
    assert result.exit_code == 0, result.stderr
    assert "Documents: 2+ match" in result.stdout
    assert "Ranked among the newest 2 matches" in result.stdout
    found = json.loads(cli("search", "Ukraine", "--limit", "1", "--json", "--db", demo_db).stdout)
    assert (found["documents"]["total"], found["documents"]["more"]) == (2, True)
