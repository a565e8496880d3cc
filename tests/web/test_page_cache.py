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
