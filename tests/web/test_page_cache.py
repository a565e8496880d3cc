"""Anonymous readers' pages are kept per data version; personal requests never are."""

from __future__ import annotations

import pytest

from peacetalks.store import open_store
from peacetalks.store.facts import read_facts
from peacetalks.store.reviews import add_review
from peacetalks.web import views as web_views
from tests.web.harness import app_client


@pytest.fixture
def rendered(monkeypatch):
    """How many times a view page was rendered."""
    calls: list[str] = []
    real = web_views.render

    def counting(request, template, *args, **kwargs):
        calls.append(template)
        return real(request, template, *args, **kwargs)

    monkeypatch.setattr(web_views, "render", counting)
    return calls


def test_anonymous_page_is_rendered_once_per_data_version(demo_url, rendered):
    with app_client(demo_url) as client:
        first = client.get("/timeline")
        again = client.get("/timeline")
        assert first.status_code == again.status_code == 200
        assert again.text == first.text
        assert "set-cookie" not in first.headers
        assert again.headers["content-security-policy"]  # headers still added on the way out
        assert rendered == ["timeline.html"]
        # Another query is another page.
        client.get("/timeline", params={"process": "russia-ukraine"})
        assert len(rendered) == 2
        # A review is a data change: the page is made again.
        store = open_store(demo_url)
        try:
            fact = read_facts(store.engine, kind="event", sources=False)[0]
            add_review(store.engine, fact, "confirm", before=None, after=None, reviewer="t")
        finally:
            store.close()
        client.get("/timeline")
        assert len(rendered) == 3


def test_requests_with_a_cookie_or_a_token_are_never_answered_from_the_cache(demo_url, rendered):
    with app_client(demo_url) as client:
        assert client.get("/timeline").status_code == 200
        client.get("/timeline", headers={"Cookie": "peacetalks_session=x"})
        assert len(rendered) == 2
        # An unknown token is refused, not answered with the anonymous page kept.
        refused = client.get("/timeline", headers={"Authorization": "Bearer pt_nothing"})
        assert refused.status_code in (303, 401)  # to sign-in: never the page kept for others


def test_document_pages_are_kept_and_a_re_dated_document_is_shown_with_its_new_date(
    cli, tmp_path, db_url
):
    from peacetalks.store.cache import data_version

    path = tmp_path / "talks.txt"
    path.write_text("Armenia and Azerbaijan held talks on a peace treaty in Washington.\n")
    first = cli("ingest", str(path), "--backend", "rules", "--db", db_url, "--published",
                "2025-08-12")  # fmt: skip
    assert first.exit_code == 0, first.stderr
    store = open_store(db_url)
    try:
        before = data_version(store.engine)
        with app_client(db_url) as client:
            listed = client.get("/api/documents").json()["entries"]
            assert [d["published"] for d in listed] == ["2025-08-12"]
            page = client.get("/documents").text
            assert client.get("/documents").text == page  # kept: the same bytes
            again = cli("ingest", str(path), "--backend", "rules", "--db", db_url,
                        "--published", "2025-09-01")  # fmt: skip
            assert "1 re-dated" in again.stderr
            after = data_version(store.engine)
            # No count moved (same document, same number of facts): the change row did.
            assert after[:3] == before[:3]
            assert after != before
            listed = client.get("/api/documents").json()["entries"]
            assert [d["published"] for d in listed] == ["2025-09-01"]
            assert "2025-09-01" in client.get("/documents").text
    finally:
        store.close()
