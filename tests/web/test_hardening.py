"""Hardening (issue 14): server-side sessions, roles and tokens, sign-in throttling, CSRF with
bearer headers, links from stored data, security headers, and 4xx for every oversized input."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from alembic import command
from alembic.config import Config
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from peacetalks.auth import THROTTLE_CAP, THROTTLE_WINDOW
from peacetalks.cli import main
from peacetalks.server import ServeSettings, create_app
from peacetalks.store import migrations, open_store
from peacetalks.store.accounts import list_users
from peacetalks.web.security import CONTENT_SECURITY_POLICY, safe_url
from tests.web.browser import CHROMIUM, chromium, running_server
from tests.web.conftest import READER
from tests.web.harness import add_user, csrf_of, ingest, sign_in

NAME, PASSWORD = READER


class Clock:
    """The time the app sees; tests move it on."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@contextmanager
def clocked_client(url: str, clock: Clock, *, address: str = "203.0.113.7", **settings):
    app = create_app(ServeSettings(db=url, warm_up=False, **settings), clock=clock)
    with TestClient(app, follow_redirects=False, client=(address, 50000)) as client:
        yield client


def cli(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def token_for(url: str, name: str, *extra: str) -> str:
    result = cli("user", "token", name, "--db", url, *extra)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def any_fact_key(client) -> str:
    return client.get("/api/agreements", params={"limit": 1}).json()["entries"][0]["key"]


def review_with_form(client, key: str, **form):
    token = csrf_of(client.get(f"/facts/{key}").text)
    return client.post(
        f"/facts/{key}/review", data={"csrf_token": token, "action": "confirm", **form}
    )


def reviews_total(client) -> int:
    return client.get("/api/reviews").json()["total"]


def is_signed_in(client) -> bool:
    return 'title="signed in"' in client.get("/").text


def failed_sign_in(client, name: str, password: str = "wrong password"):
    token = csrf_of(client.get("/signin").text)
    return client.post("/signin", data={"name": name, "password": password, "csrf_token": token})


# ---- sessions --------------------------------------------------------------------------------


def test_hardening_cookie_carries_only_a_session_id(client, demo_url):
    add_user(demo_url, NAME, PASSWORD)
    sign_in(client, NAME, PASSWORD)
    cookie = client.cookies["peacetalks_session"]
    content = json.loads(base64.b64decode(cookie.split(".")[0] + "=="))
    assert set(content) == {"sid", "csrf"}
    assert NAME not in json.dumps(content)


def test_hardening_cookie_captured_before_sign_out_stops_working(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as client:
        sign_in(client, NAME, PASSWORD)
        key = any_fact_key(client)
        page = client.get(f"/facts/{key}").text
        captured = dict(client.cookies)
        assert client.post("/signout", data={"csrf_token": csrf_of(page)}).status_code == 303
        client.cookies.clear()
        client.cookies.update(captured)  # the thief's copy, still signed and unexpired
        assert not is_signed_in(client)
        replay = client.post(
            f"/facts/{key}/review", data={"csrf_token": csrf_of(page), "action": "reject"}
        )
        assert replay.status_code == 401
        assert reviews_total(client) == 0


def test_hardening_sign_out_ends_every_session_of_the_user(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as laptop, clocked_client(demo_url, clock) as phone:
        sign_in(laptop, NAME, PASSWORD)
        sign_in(phone, NAME, PASSWORD)
        token = csrf_of(laptop.get("/").text)
        laptop.post("/signout", data={"csrf_token": token})
        assert not is_signed_in(phone)


def test_hardening_removed_user_cannot_write_with_a_live_session(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as client:
        sign_in(client, NAME, PASSWORD)
        key = any_fact_key(client)
        token = csrf_of(client.get(f"/facts/{key}").text)
        assert cli("user", "remove", NAME, "--db", demo_url).exit_code == 0
        refused = client.post(
            f"/facts/{key}/review", data={"csrf_token": token, "action": "reject"}
        )
        assert refused.status_code == 401
        assert not is_signed_in(client)
        assert reviews_total(client) == 0


def test_hardening_password_change_ends_sessions(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as client:
        sign_in(client, NAME, PASSWORD)
        changed = cli(
            "user", "password", NAME, "--db", demo_url, "--password-stdin", input="new password 2\n"
        )
        assert changed.exit_code == 0, changed.output
        assert "ended 1 session" in changed.output
        assert not is_signed_in(client)
        assert failed_sign_in(client, NAME, PASSWORD).status_code == 401
        sign_in(client, NAME, "new password 2")
        assert is_signed_in(client)


def test_hardening_session_ends_when_idle(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as client:
        sign_in(client, NAME, PASSWORD)
        clock.advance(hours=11)
        assert is_signed_in(client)  # used: idle time counts from here
        clock.advance(hours=11)
        assert is_signed_in(client)
        clock.advance(hours=12, seconds=1)
        assert not is_signed_in(client)


def test_hardening_session_ends_after_its_lifetime_even_in_use(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as client:
        sign_in(client, NAME, PASSWORD)
        for _ in range(13):
            clock.advance(hours=11, minutes=59)
            assert is_signed_in(client)
        clock.advance(days=1)  # within the idle limit, past the 14 days
        assert not is_signed_in(client)


# ---- roles and tokens ------------------------------------------------------------------------


def test_hardening_reader_reads_but_may_not_review(demo_url, clock):
    add_user(demo_url, "rita", "reader password")
    promoted = cli("user", "role", "rita", "reader", "--db", demo_url)
    assert promoted.exit_code == 0, promoted.output
    token = token_for(demo_url, "rita")
    with clocked_client(demo_url, clock, read_public=False) as client:
        sign_in(client, "rita", "reader password")
        assert client.get("/documents").status_code == 200
        key = any_fact_key(client)
        fact_page = client.get(f"/facts/{key}").text
        assert 'name="action"' not in fact_page  # no review forms for a reader
        form = client.post(
            f"/facts/{key}/review", data={"csrf_token": csrf_of(fact_page), "action": "reject"}
        )
        assert form.status_code == 403
        assert "may read but not review" in form.text
        api = client.post(
            f"/api/facts/{key}/review",
            json={"action": "reject"},
            headers={"X-CSRF-Token": csrf_of(fact_page)},
        )
        assert api.status_code == 403
        by_token = client.post(
            f"/api/facts/{key}/review",
            json={"action": "reject"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert by_token.status_code == 403
        assert by_token.json()["type"] == "Forbidden"
        assert reviews_total(client) == 0


def test_hardening_user_add_takes_a_role_and_list_shows_it(db_url):
    open_store(db_url).close()  # an empty database
    for name, role in (("ana", "reviewer"), ("rita", "reader"), ("ada", "admin")):
        made = cli(
            "user", "add", name, "--role", role, "--db", db_url, "--password-stdin",
            input="long enough\n",
        )  # fmt: skip
        assert made.exit_code == 0, made.output
    bad = cli("user", "add", "x", "--role", "owner", "--db", db_url, "--password-stdin", input="")
    assert bad.exit_code == 2
    listed = cli("user", "list", "--db", db_url)
    assert listed.exit_code == 0, listed.output
    lines = [line.split() for line in listed.stdout.splitlines()]
    found = {
        cells[1]: cells[3]
        for cells in lines
        if len(cells) > 3 and cells[1] in ("ana", "rita", "ada")
    }
    assert found == {"ana": "reviewer", "rita": "reader", "ada": "admin"}


def test_hardening_tokens_list_expire_and_revoke(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    short = token_for(demo_url, NAME, "--days", "1")
    other = token_for(demo_url, NAME)
    listed = cli("user", "tokens", NAME, "--db", demo_url)
    assert listed.exit_code == 0, listed.output
    assert short not in listed.stdout
    assert other not in listed.stdout
    assert listed.stdout.count("never") == 2  # neither used yet
    headers = {"Authorization": f"Bearer {short}"}
    body = {"action": "confirm"}
    now = dt.datetime.now(dt.UTC)
    clock.now = now
    with clocked_client(demo_url, clock) as client:
        key = any_fact_key(client)
        assert (
            client.post(f"/api/facts/{key}/review", json=body, headers=headers).status_code == 201
        )
        clock.now = now + dt.timedelta(days=1, minutes=1)
        expired = client.post(f"/api/facts/{key}/review", json=body, headers=headers)
        assert expired.status_code == 401
        assert "expired" in expired.json()["error"]
        listed = cli("user", "tokens", NAME, "--db", demo_url).stdout
        assert "UTC" in listed
        token_ids = [line.split()[1] for line in listed.splitlines() if line.split()[1:2] != []]
        token_ids = [cell for cell in token_ids if cell.isdigit()]
        assert len(token_ids) == 2
        revoked = cli("user", "revoke", token_ids[1], "--db", demo_url)
        assert revoked.exit_code == 0, revoked.output
        gone = {"Authorization": f"Bearer {other}"}
        assert client.post(f"/api/facts/{key}/review", json=body, headers=gone).status_code == 401
    unknown = cli("user", "revoke", "999999", "--db", demo_url)
    assert unknown.exit_code == 2
    assert "peacetalks user tokens NAME" in unknown.output
    assert cli("user", "token", NAME, "--days", "0", "--db", demo_url).exit_code == 2


def test_hardening_users_from_before_roles_stay_reviewers(make_db_url):
    url = make_db_url()
    engine = create_engine(url)
    try:
        config = Config()
        config.set_main_option("script_location", str(migrations.HERE))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO users (name, password_hash, created_at) VALUES ('old', 'x', :t)"),
                {"t": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)},
            )
    finally:
        engine.dispose()
    store = open_store(url)
    try:
        found = list_users(store.engine, now=dt.datetime.now(dt.UTC))
    finally:
        store.close()
    assert [(line.name, line.role) for line in found] == [("old", "reviewer")]


# ---- throttling sign-in ----------------------------------------------------------------------


def test_hardening_sign_in_throttled_after_five_failures(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as client:
        for _ in range(5):
            assert failed_sign_in(client, NAME).status_code == 401
        throttled = failed_sign_in(client, NAME, PASSWORD)  # the right password, refused
        assert throttled.status_code == 429
        assert int(throttled.headers["Retry-After"]) >= 1
        assert "Too many failed sign-ins" in throttled.text
        assert not is_signed_in(client)
        clock.advance(seconds=int(throttled.headers["Retry-After"]))
        assert failed_sign_in(client, NAME).status_code == 401  # the sixth failure
        again = failed_sign_in(client, NAME, PASSWORD)
        assert again.status_code == 429
        assert int(again.headers["Retry-After"]) == 2  # 1 s, then 2 s: doubling
        clock.advance(minutes=15, seconds=1)  # the window has passed
        sign_in(client, NAME, PASSWORD)
        assert is_signed_in(client)


def test_hardening_back_off_is_capped_at_a_few_minutes(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as client:
        waits = []
        for _ in range(14):
            answer = failed_sign_in(client, NAME)
            if answer.status_code == 429:
                waits.append(int(answer.headers["Retry-After"]))
                clock.advance(seconds=waits[-1])
                assert failed_sign_in(client, NAME).status_code == 401
        assert max(waits) <= THROTTLE_CAP.total_seconds()
        assert waits == sorted(waits)
        assert THROTTLE_CAP <= dt.timedelta(minutes=5) < THROTTLE_WINDOW


def test_hardening_throttle_follows_the_name_across_addresses(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    for number in range(5):
        with clocked_client(demo_url, clock, address=f"198.51.100.{number}") as client:
            assert failed_sign_in(client, NAME).status_code == 401
    with clocked_client(demo_url, clock, address="192.0.2.1") as client:
        assert failed_sign_in(client, NAME, PASSWORD).status_code == 429
        assert failed_sign_in(client, "someone-else", "a password").status_code == 401


def test_hardening_throttle_follows_the_address_across_names(demo_url, clock):
    with clocked_client(demo_url, clock) as client:
        for number in range(20):
            assert failed_sign_in(client, f"guess{number}").status_code == 401
        assert failed_sign_in(client, "guess-next").status_code == 429


def test_hardening_unknown_names_answer_as_wrong_passwords(demo_url, clock):
    add_user(demo_url, NAME, PASSWORD)
    with clocked_client(demo_url, clock) as client:
        known = failed_sign_in(client, NAME)
        unknown = failed_sign_in(client, "nobody")
        assert (known.status_code, unknown.status_code) == (401, 401)
        assert known.text.replace(NAME, "X") == unknown.text.replace("nobody", "X")
        for _ in range(4):
            failed_sign_in(client, "nobody")
        assert failed_sign_in(client, "nobody").status_code == 429  # throttled alike


def test_hardening_issue_15_dummy_hash_is_made_on_first_use():
    probe = (
        "import peacetalks.cli, peacetalks.server, peacetalks.auth as auth;"
        "print(auth._dummy_hash.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"


def test_hardening_unknown_name_still_costs_a_password_check(db_url):
    from peacetalks.auth import _dummy_hash, check_password

    store = open_store(db_url)
    try:
        assert check_password(store.engine, "nobody", "any password") is False
    finally:
        store.close()
    assert _dummy_hash.cache_info().currsize == 1


# ---- CSRF and bearer headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["Bearer ", "Bearer    ", "Bearer garbage", "bearer pt_forged", "Bearer"]
)
def test_hardening_bad_bearer_with_a_session_is_401_not_a_csrf_bypass(client, demo_url, header):
    add_user(demo_url, NAME, PASSWORD)
    sign_in(client, NAME, PASSWORD)
    key = any_fact_key(client)
    refused = client.post(
        f"/api/facts/{key}/review", json={"action": "reject"}, headers={"Authorization": header}
    )
    assert refused.status_code == 401
    assert refused.json()["type"] == "NotSignedIn"
    assert reviews_total(client) == 0


def test_hardening_other_authorization_schemes_never_skip_csrf(client, demo_url):
    add_user(demo_url, NAME, PASSWORD)
    sign_in(client, NAME, PASSWORD)
    key = any_fact_key(client)
    basic = {"Authorization": "Basic YW5hOnBhc3N3b3Jk"}  # e.g. from a proxy in front
    refused = client.post(f"/api/facts/{key}/review", json={"action": "reject"}, headers=basic)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]
    assert reviews_total(client) == 0


def test_hardening_valid_token_writes_without_csrf(client, demo_url):
    add_user(demo_url, NAME, PASSWORD)
    token = token_for(demo_url, NAME)
    key = any_fact_key(client)
    done = client.post(
        f"/api/facts/{key}/review",
        json={"action": "confirm"},
        headers={"Authorization": f"Bearer  {token} "},
    )
    assert done.status_code == 201, done.text


# ---- links from stored data ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=c", "https://example.org/a?b=c"),
        ("http://example.org", "http://example.org"),
        ("  HTTPS://example.org/x ", "HTTPS://example.org/x"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", None),
        ("vbscript:msgbox", None),
        ("//evil.example/x", None),
        ("/documents/abc", None),
        ("http:///nohost", None),
        ("https://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_hardening_safe_url_allows_only_http_links(url, expected):
    assert safe_url(url) == expected


def test_hardening_stored_script_urls_are_not_links(demo_url, tmp_path):
    for name in ("js", "data"):
        (tmp_path / f"{name}.txt").write_text(
            f"Russia and Ukraine met in Geneva ({name}) and agreed to exchange 10 prisoners.\n",
            encoding="utf-8",
        )
    (tmp_path / "ok.txt").write_text(
        "Russia and Ukraine met in Doha and agreed to exchange 20 prisoners.\n", encoding="utf-8"
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,url,published,publisher,title,kind\n"
        "js.txt,javascript:alert(document.cookie),2025-06-02,Evil,JS link,news\n"
        'data.txt,"data:text/html;base64,PHNjcmlwdD4=",2025-06-02,Evil,Data link,news\n'
        "ok.txt,https://example.org/report,2025-06-02,Good,Good link,news\n",
        encoding="utf-8",
    )
    ingest(demo_url, "--manifest", str(manifest))
    with TestClient(create_app(ServeSettings(db=demo_url, warm_up=False))) as client:
        listed = client.get("/api/documents", params={"limit": 500}).json()["entries"]
        ids = {line["title"]: line["id"] for line in listed}
        for title in ("JS link", "Data link"):
            page = client.get(f"/documents/{ids[title]}").text
            assert 'href="javascript:' not in page.lower()
            assert 'href="data:' not in page.lower()
            assert "source: <code>" in page  # shown as text
        good = client.get(f"/documents/{ids['Good link']}").text
        assert (
            '<a href="https://example.org/report" rel="noopener noreferrer nofollow">source</a>'
            in good
        )


# ---- headers ---------------------------------------------------------------------------------

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


def test_hardening_headers_on_every_kind_of_response(demo_url):
    app = create_app(ServeSettings(db=demo_url, warm_up=False))

    @app.get("/boom-for-test")
    def boom() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        answers = {
            "page": client.get("/"),
            "api": client.get("/api/documents"),
            "static": client.get("/static/style.css"),
            "script": client.get("/static/queue.js"),
            "404 page": client.get("/documents/nope"),
            "404 api": client.get("/api/facts/position:nope"),
            "422": client.get("/documents?offset=-1"),
            "redirect": client.post("/signin", data={}),
            "docs": client.get("/api/docs"),
            "openapi": client.get("/openapi.json"),
            "500": client.get("/boom-for-test"),
            "414": client.get("/documents?q=" + "x" * 9000),
        }
    assert answers["500"].status_code == 500
    for what, response in answers.items():
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (what, name)
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY.split("script-src")[1].split(";")[0]
    assert "strict-transport-security" not in answers["page"].headers


def test_hardening_api_docs_run_no_inline_script(client):
    page = client.get("/api/docs").text
    assert "<script>" not in page
    assert '<script src="/api/docs-init.js"></script>' in page
    init = client.get("/api/docs-init.js")
    assert init.headers["content-type"].startswith("text/javascript")
    assert "SwaggerUIBundle(" in init.text
    assert "/openapi.json" in init.text


def test_hardening_pages_never_reflect_the_host_header(client):
    for path in ("/", "/documents", "/signin", "/api/docs"):
        page = client.get(path, headers={"Host": "evil.example"})
        assert "evil.example" not in page.text, path
    assert '<link rel="stylesheet" href="/static/style.css">' in client.get("/").text


def test_hardening_trusted_hosts_refuse_other_hosts(demo_url):
    settings = ServeSettings(db=demo_url, warm_up=False, trusted_hosts=("talks.example.org",))
    with TestClient(create_app(settings), base_url="http://talks.example.org") as client:
        assert client.get("/").status_code == 200
        refused = client.get("/", headers={"Host": "evil.example"})
        assert refused.status_code == 400
        assert refused.headers["x-frame-options"] == "DENY"


def test_hardening_https_only_marks_cookies_secure(demo_url):
    settings = ServeSettings(db=demo_url, warm_up=False, secure_cookies=True)
    with TestClient(create_app(settings), base_url="https://talks.example.org") as client:
        page = client.get("/signin")
        assert "secure" in page.headers["set-cookie"].lower()
        assert page.headers["strict-transport-security"].startswith("max-age=")


def test_hardening_serve_has_the_proxy_and_host_options():
    shown = cli("serve", "--help").output
    for option in ("--trusted-hosts", "--https-only", "--forwarded-allow-ips"):
        assert option in shown


# ---- input limits ----------------------------------------------------------------------------

HUGE = ("9223372036854775808", str(10**30), "10000001")


@pytest.mark.parametrize(
    "path",
    [
        "/documents",
        "/reviews",
        "/review-queue",
        "/api/documents",
        "/api/reviews",
        "/api/review-queue",
    ],
)
def test_hardening_huge_offsets_are_4xx(client, path):
    for offset in HUGE:
        answer = client.get(path, params={"offset": offset})
        assert answer.status_code == 422, (path, offset, answer.status_code)
    assert client.get(path, params={"offset": "10000000"}).status_code == 200


@pytest.mark.parametrize("path", ["/search", "/api/search"])
def test_hardening_search_huge_offsets_are_4xx(client, path):
    for offset in HUGE:
        answer = client.get(path, params={"q": "talks", "offset": offset})
        assert 400 <= answer.status_code < 500, (path, offset, answer.status_code)


@pytest.mark.parametrize("path", ["/search", "/api/search"])
def test_hardening_long_search_text_is_4xx_and_quick(client, path):
    for length in (50_000, 5_000):
        started = time.monotonic()
        answer = client.get(path, params={"q": "peace " * (length // 6)})
        assert 400 <= answer.status_code < 500, (path, length, answer.status_code)
        assert time.monotonic() - started < 2


def test_hardening_long_query_strings_are_414(client):
    answer = client.get("/timeline", params={"process": "x" * 9000})
    assert answer.status_code == 414
    api = client.get("/api/timeline", params={"process": "x" * 9000})
    assert api.status_code == 414
    assert api.json()["type"] == "URITooLong"


def test_hardening_web_review_note_is_capped(client, demo_url):
    add_user(demo_url, NAME, PASSWORD)
    sign_in(client, NAME, PASSWORD)
    key = any_fact_key(client)
    huge = review_with_form(client, key, note="n" * 1_000_000)
    assert huge.status_code == 413
    long = review_with_form(client, key, note="n" * 2001)
    assert long.status_code == 303
    assert "at most" in client.get(long.headers["location"]).text
    assert reviews_total(client) == 0
    assert review_with_form(client, key, note="n" * 2000).status_code == 303
    assert reviews_total(client) == 1


def test_hardening_bodies_without_a_length_are_capped_too(client, demo_url):
    add_user(demo_url, NAME, PASSWORD)
    token = token_for(demo_url, NAME)
    key = any_fact_key(client)

    def chunks():
        yield b'{"action": "confirm", "note": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}'

    answer = client.post(
        f"/api/facts/{key}/review",
        content=chunks(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["type"] == "RequestTooLarge"


# ---- in a real browser -----------------------------------------------------------------------

CSP_PAGES = ("/", "/positions", "/timeline", "/agreements", "/deals", "/documents", "/review-queue",
             "/search?q=prisoners", "/signin", "/api/docs")  # fmt: skip


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
def test_hardening_browser_sees_no_csp_violation(demo_url):
    add_user(demo_url, NAME, PASSWORD)
    with running_server(demo_url, "--trusted-hosts", "127.0.0.1") as base, chromium() as browser:
        page = browser.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda err: problems.append(str(err)))
        page.on(  # chromium reports what the CSP blocked on the console, naming the policy
            "console",
            lambda note: (
                problems.append(note.text) if "Content Security Policy" in note.text else None
            ),
        )
        page.goto(base + "/signin")
        page.fill("input[name=name]", NAME)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.narrow button[type=submit]")
        for path in CSP_PAGES:
            page.goto(base + path)
        page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
        page.goto(base + "/review-queue")
        page.keyboard.press("j")  # queue.js runs: it is a file, allowed by script-src 'self'
        assert "selected" in (page.locator("#queue tbody tr").nth(1).get_attribute("class") or "")
        page.close()
    assert problems == []
