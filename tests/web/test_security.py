"""Security: sign-in and CSRF on every form, private reading, article text always inert."""

from __future__ import annotations

import pytest

from tests.web.conftest import READER
from tests.web.harness import add_user, app_client, csrf_of, ingest, sign_in

PAYLOAD = (
    "Talks in Geneva <script>alert('pwned')</script> ended early on Monday.\n\n"
    'Russia and Ukraine said <img src=x onerror="alert(1)"> they would meet again, '
    "and the delegations agreed to exchange 100 prisoners each.\n"
)


@pytest.fixture
def reviewer(demo_url):
    add_user(demo_url, *READER)
    return READER


def test_security_sign_in_needs_the_form_csrf_token(client, reviewer):
    name, password = reviewer
    client.get("/signin")
    forged = client.post(
        "/signin", data={"name": name, "password": password, "csrf_token": "forged"}
    )
    assert forged.status_code == 403
    missing = client.post("/signin", data={"name": name, "password": password})
    assert missing.status_code == 403
    assert "user" not in client.cookies.get("peacetalks_session", "")


def test_security_wrong_password_is_refused(client, reviewer):
    token = csrf_of(client.get("/signin").text)
    page = client.post(
        "/signin", data={"name": reviewer[0], "password": "wrong password", "csrf_token": token}
    )
    assert page.status_code == 401
    assert "Wrong name or password" in page.text


def test_security_sign_in_then_out(client, reviewer):
    sign_in(client, *reviewer)
    page = client.get("/").text
    assert f'<span title="signed in">{reviewer[0]}</span>' in page
    token = csrf_of(page)
    assert client.post("/signout", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/signout", data={"csrf_token": token}).status_code == 303
    assert "signed in" not in client.get("/").text


def test_security_sign_in_never_redirects_off_site(client, reviewer):
    token = csrf_of(client.get("/signin").text)
    done = client.post(
        "/signin",
        data={
            "name": reviewer[0],
            "password": reviewer[1],
            "csrf_token": token,
            "next": "//evil.example/",
        },
    )
    assert done.headers["location"] == "/"


def test_security_private_reading_needs_sign_in(demo_url):
    add_user(demo_url, *READER)
    with app_client(demo_url, read_public=False) as client:
        page = client.get("/documents")
        assert page.status_code == 303
        assert page.headers["location"].startswith("/signin?next=/documents")
        api = client.get("/api/documents")
        assert api.status_code == 401
        assert api.json()["type"] == "NotSignedIn"
        sign_in(client, *READER)
        assert client.get("/documents").status_code == 200
        assert client.get("/api/documents").status_code == 200


def test_security_article_markup_renders_inert(demo_url, tmp_path):
    article = tmp_path / "payload.txt"
    article.write_text(PAYLOAD, encoding="utf-8")
    ingest(demo_url, str(article), "--published", "2025-06-02")
    with app_client(demo_url) as client:
        found = client.get("/api/search", params={"q": "pwned"}).json()["documents"]["entries"]
        assert len(found) == 1
        pages = [
            client.get(f"/documents/{found[0]['id']}").text,
            client.get("/search", params={"q": "<script>alert('pwned')</script>"}).text,
            client.get("/search", params={"q": "onerror"}).text,
        ]
    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert 'onerror="alert' not in page
    assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;" in pages[0]
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in pages[0]


def _any_fact_key(client) -> str:
    return client.get("/api/agreements", params={"limit": 1}).json()["entries"][0]["key"]


def test_security_writes_without_sign_in_are_refused(client):
    key = _any_fact_key(client)
    token = csrf_of(client.get("/signin").text)  # a valid token of this (anonymous) session
    form = client.post(f"/facts/{key}/review", data={"csrf_token": token, "action": "reject"})
    assert form.status_code == 401
    api = client.post(f"/api/facts/{key}/review", json={"action": "reject"})
    assert api.status_code == 401
    assert api.json()["type"] == "NotSignedIn"
    forged_token = client.post(
        f"/api/facts/{key}/review",
        json={"action": "reject"},
        headers={"Authorization": "Bearer pt_not-a-real-token"},
    )
    assert forged_token.status_code == 401
    assert client.get("/api/reviews").json()["total"] == 0


def test_security_forged_csrf_on_a_review_is_refused(client, reviewer):
    sign_in(client, *reviewer)
    key = _any_fact_key(client)
    for token in ("forged", ""):
        refused = client.post(
            f"/facts/{key}/review", data={"csrf_token": token, "action": "reject"}
        )
        assert refused.status_code == 403
    assert client.get("/api/reviews").json()["total"] == 0


def test_security_api_write_by_session_needs_the_csrf_header(client, reviewer):
    sign_in(client, *reviewer)
    key = _any_fact_key(client)
    refused = client.post(f"/api/facts/{key}/review", json={"action": "confirm"})
    assert refused.status_code == 403
    assert refused.json()["type"] == "Forbidden"
    token = csrf_of(client.get(f"/facts/{key}").text)
    done = client.post(
        f"/api/facts/{key}/review", json={"action": "confirm"}, headers={"X-CSRF-Token": token}
    )
    assert done.status_code == 201
