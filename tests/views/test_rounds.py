"""Who sat at the table: rounds with delegations (heads first), hosts and mediators; a mediator
is never one of the matrix's default sides."""

from __future__ import annotations

import json

import pytest

MEDIATED = (
    "Israeli and Hamas negotiators met in Doha on Monday for talks mediated by Qatar and Egypt."
    "\n\nQatar called for an immediate ceasefire. Qatar also urged the release of all hostages, "
    "and Qatar proposed a new round of talks next week.\n\nIsrael demanded the release of all "
    "hostages. Hamas demanded a permanent ceasefire and rejected any partial truce.\n"
)
ROUND = (
    "Russian and Ukrainian delegations met in Istanbul on Monday for a second round of direct "
    "talks. Russia's delegation was led by presidential aide Vladimir Medinsky; Defence "
    "Minister Rustem Umerov headed the Ukrainian delegation. President Vladimir Putin did not "
    "attend.\n"
)


@pytest.fixture
def ingested(cli, tmp_path, db_url):
    def ingest(text: str, published: str) -> str:
        path = tmp_path / f"r{len(list(tmp_path.iterdir()))}.txt"
        path.write_text(text)
        result = cli("ingest", str(path), "--backend", "rules", "--published", published,
                     "--db", db_url)  # fmt: skip
        assert result.exit_code == 0, result.stderr
        return db_url

    return ingest


def test_mediators_are_listed_but_never_a_default_side(cli, ingested):
    db_url = ingested(MEDIATED, "2025-01-14")
    found = json.loads(cli("rounds", "--json", "--db", db_url).stdout)
    assert [(r["date"], r["place"]) for r in found] == [("2025-01-13", "Doha")]
    assert found[0]["mediators"] == ["egypt", "qatar"]
    assert sorted(found[0]["participants"]) == ["hamas", "israel"]
    matrix = json.loads(cli("positions", "--json", "--db", db_url).stdout)
    assert sorted(matrix["parties"]) == ["hamas", "israel"]  # qatar holds most, but mediates
    asked = json.loads(cli("compare", "qatar", "hamas", "--json", "--db", db_url).stdout)
    assert asked["parties"] == ["qatar", "hamas"]  # asked for by name: shown


def test_delegations_name_their_heads_first(cli, ingested):
    db_url = ingested(ROUND, "2025-06-03")
    found = json.loads(cli("rounds", "--json", "--db", db_url).stdout)
    (istanbul,) = [r for r in found if r["place"] == "Istanbul"]
    assert istanbul["date"] == "2025-06-02"
    heads = {party: people[0] for party, people in istanbul["delegations"].items()}
    assert heads["russia"]["name"] == "Vladimir Medinsky"
    assert heads["russia"]["head"] is True
    assert heads["ukraine"]["name"] == "Rustem Umerov"
    assert heads["ukraine"]["head"] is True
    table = cli("rounds", "--db", db_url).stdout
    assert "*Vladimir Medinsky" in table


def test_rounds_page_and_api(ingested):
    from tests.web.harness import app_client

    db_url = ingested(ROUND, "2025-06-03")
    with app_client(db_url) as client:
        api = client.get("/api/rounds").json()
        page = client.get("/rounds").text
    assert api["total"] == 1
    assert api["entries"][0]["delegations"]["russia"][0]["name"] == "Vladimir Medinsky"
    assert "★" in page
    assert "Vladimir Medinsky" in page
