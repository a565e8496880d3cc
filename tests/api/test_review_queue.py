"""The review queue over the API: unreviewed facts, least confident first; a review takes a
fact out and sets its confidence to 1."""

from __future__ import annotations

from click.testing import CliRunner

from peacetalks.cli import main
from tests.api.conftest import READER
from tests.web.harness import add_user


def test_queue_api_lists_least_confident_first_and_a_review_takes_it_out(client, demo_url):
    add_user(demo_url, *READER)
    reviewer_token = (
        CliRunner().invoke(main, ["user", "token", READER[0], "--db", demo_url]).stdout.strip()
    )
    first = client.get("/api/review-queue", params={"limit": 500}).json()
    scores = [e["confidence"] for e in first["entries"]]
    assert scores == sorted(scores)
    assert first["total"] >= len(scores) > 1
    key = first["entries"][0]["key"]
    fact = client.get(f"/api/facts/{key}").json()
    assert fact["confidence"] == first["entries"][0]["confidence"]
    headers = {"Authorization": f"Bearer {reviewer_token}"}
    done = client.post(f"/api/facts/{key}/review", json={"action": "confirm"}, headers=headers)
    assert done.status_code == 201
    after = client.get("/api/review-queue", params={"limit": 500}).json()
    assert after["total"] == first["total"] - 1
    assert key not in {e["key"] for e in after["entries"]}
    assert client.get(f"/api/facts/{key}").json()["confidence"] == 1.0
    positions = client.get("/api/review-queue", params={"kind": "position"}).json()
    assert {e["kind"] for e in positions["entries"]} == {"position"}
