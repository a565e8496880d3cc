"""Review: confirm, correct, reject; the audit log; reviews survive re-ingest and reconciling."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.cli import main
from peacetalks.store import open_store
from tests.web.conftest import READER
from tests.web.harness import add_user, csrf_of, ingest, sign_in


@pytest.fixture
def reviewer(demo_url):
    add_user(demo_url, *READER)
    return READER


def _position(client) -> dict:
    """A position fact of the matrix, as the API gives it."""
    rows = client.get("/api/positions").json()["rows"]
    for row in rows:
        for cell in row["cells"].values():
            for position in cell["positions"]:
                if position["stance"] != "offer":
                    return position
    raise AssertionError("the demo matrix has no position")


def _review(client, key: str, **form) -> object:
    token = csrf_of(client.get(f"/facts/{key}").text)
    return client.post(f"/facts/{key}/review", data={"csrf_token": token, **form})


def test_review_correct_shows_value_and_audit_entry(client, reviewer):
    sign_in(client, *reviewer)
    key = _position(client)["key"]
    done = _review(client, key, action="correct", field_stance="offer", note="misread cue")
    assert done.status_code == 303
    page = client.get(f"/facts/{key}").text
    assert '<td class="value-stance">offer</td>' in page
    assert "misread cue" in page
    log = client.get("/api/reviews", params={"fact_key": key}).json()
    assert log["total"] == 1
    entry = log["entries"][0]
    assert entry["reviewer"] == reviewer[0]
    assert entry["action"] == "correct"
    assert entry["after"] == {"stance": "offer"}
    assert entry["before"]["stance"] != "offer"
    assert key in client.get("/reviews").text


def test_review_correction_survives_reingest_and_full_reconcile(client, reviewer, demo_url):
    sign_in(client, *reviewer)
    key = _position(client)["key"]
    assert _review(client, key, action="correct", field_summary="corrected by hand").status_code
    ingest(demo_url, "--manifest", str(__import__("peacetalks.demo").demo.MANIFEST))
    store = open_store(demo_url)
    try:
        report = reconcile_store(store, full=True)
    finally:
        store.close()
    assert report.facts > 0
    fact = client.get(f"/api/facts/{key}").json()
    assert fact["payload"]["summary"] == "corrected by hand"
    assert fact["review"] == "correct"
    assert fact["extracted"]["summary"] != "corrected by hand"


def test_review_reject_hides_the_fact_from_the_matrix(client, reviewer):
    sign_in(client, *reviewer)
    key = _position(client)["key"]
    assert _review(client, key, action="reject").status_code == 303
    assert key not in client.get("/api/positions").text
    assert client.get(f"/api/facts/{key}").json()["review"] == "reject"


def test_review_confirm_of_a_corrected_fact_keeps_the_correction(client, reviewer):
    sign_in(client, *reviewer)
    key = _position(client)["key"]
    _review(client, key, action="correct", field_stance="accept")
    assert _review(client, key, action="confirm").status_code == 303
    fact = client.get(f"/api/facts/{key}").json()
    assert fact["review"] == "confirm"
    assert fact["payload"]["stance"] == "accept"
    assert client.get("/api/reviews", params={"fact_key": key}).json()["total"] == 2


def test_review_bad_correction_names_the_value(client, reviewer):
    sign_in(client, *reviewer)
    key = _position(client)["key"]
    refused = _review(client, key, action="correct", field_stance="maybe")
    page = client.get(refused.headers["location"]).text
    assert "Bad position stance: &#39;maybe&#39;" in page


def test_review_api_with_token(client, reviewer, demo_url):
    token = CliRunner().invoke(main, ["user", "token", reviewer[0], "--db", demo_url]).stdout
    key = _position(client)["key"]
    headers = {"Authorization": f"Bearer {token.strip()}"}
    body = {"action": "correct", "changes": {"issue": "process"}, "note": "via API"}
    done = client.post(f"/api/facts/{key}/review", json=body, headers=headers)
    assert done.status_code == 201, done.text
    assert done.json()["after"] == {"issue": "process"}
    bad = client.post(f"/api/facts/{key}/review", json={"action": "explode"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["type"] == "BadRequest"
    wrong_field = {"action": "correct", "changes": {"colour": "red"}}
    refused = client.post(f"/api/facts/{key}/review", json=wrong_field, headers=headers)
    assert refused.status_code == 400
    assert "colour" in refused.json()["error"]


def test_review_refuses_a_holder_that_is_no_known_actor(client, reviewer, demo_url):
    token = CliRunner().invoke(main, ["user", "token", reviewer[0], "--db", demo_url]).stdout
    key = _position(client)["key"]
    headers = {"Authorization": f"Bearer {token.strip()}"}
    body = {"action": "correct", "changes": {"holder": "rusia"}}
    refused = client.post(f"/api/facts/{key}/review", json=body, headers=headers)
    assert refused.status_code == 400
    assert "'rusia' is not a known actor. Did you mean russia?" in refused.json()["error"]
    sign_in(client, *reviewer)
    form = _review(client, key, action="correct", field_holder="narnia")
    page = client.get(form.headers["location"]).text
    assert "&#39;narnia&#39; is not a known actor" in page
    body = {"action": "correct", "changes": {"holder": "ukraine"}}
    assert client.post(f"/api/facts/{key}/review", json=body, headers=headers).status_code == 201


def test_review_creates_a_new_actor_only_when_asked_and_flags_it(client, reviewer, demo_url):
    token = CliRunner().invoke(main, ["user", "token", reviewer[0], "--db", demo_url]).stdout
    headers = {"Authorization": f"Bearer {token.strip()}"}
    key = _position(client)["key"]
    body = {"action": "correct", "changes": {"holder": "wagner-group"}, "new_actors": True}
    made = client.post(f"/api/facts/{key}/review", json=body, headers=headers)
    assert made.status_code == 201, made.text
    assert "new actor(s), to be checked: wagner-group" in made.json()["note"]
    assert client.get(f"/api/facts/{key}").json()["payload"]["holder"] == "wagner-group"
    listed = client.get("/api/actors", params={"limit": 500}).json()["entries"]
    flagged = next(a for a in listed if a["id"] == "wagner-group")
    assert flagged["new"] == reviewer[0]
    page = client.get("/actors/wagner-group").text
    assert "new actor" in page
    assert client.get("/api/actors/wagner-group").json()["said"][0]["key"] == key
    assert "to be checked" in client.get("/actors").text
    # from the web form: the box must be ticked, else the id is refused
    sign_in(client, *reviewer)
    other = next(
        p["key"]
        for row in client.get("/api/positions").json()["rows"]
        for cell in row["cells"].values()
        for p in cell["positions"]
        if p["key"] != key
    )
    refused = _review(client, other, action="correct", field_holder="free-syrian-army")
    assert "is not a known actor" in client.get(refused.headers["location"]).text
    done = _review(client, other, action="correct", field_holder="free-syrian-army", new_actors="1")
    assert done.status_code == 303
    assert client.get(f"/api/facts/{other}").json()["payload"]["holder"] == "free-syrian-army"


def test_review_queue_page_confirms_and_returns_to_the_queue(client, reviewer):
    page = client.get("/review-queue")
    assert page.status_code == 200
    assert "Review queue" in page.text
    sign_in(client, *reviewer)
    page = client.get("/review-queue?kind=position")
    key = client.get("/api/review-queue", params={"kind": "position"}).json()["entries"][0]["key"]
    token = csrf_of(page.text)
    back = "/review-queue?kind=position&offset=0"
    done = client.post(
        f"/facts/{key}/review",
        data={"csrf_token": token, "action": "confirm", "return_to": back},
    )
    assert done.status_code == 303
    assert done.headers["location"] == back
    elsewhere = client.post(
        f"/facts/{key}/review",
        data={"csrf_token": token, "action": "confirm", "return_to": "https://evil.example/"},
    )
    assert elsewhere.headers["location"].startswith("/facts/")  # never off the site
