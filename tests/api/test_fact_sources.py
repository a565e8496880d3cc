"""A fact's sources come a page at a time (a much-copied story has thousands of them); its
counts and confidence still take every source into account."""

from __future__ import annotations

import re

from tests.web.harness import app_client


def _fact_with_sources(client, at_least: int) -> str:
    queue = client.get("/api/review-queue", params={"limit": 500}).json()["entries"]
    keys = [e["key"] for e in queue if e["sources"] >= at_least]
    if not keys:  # independent sources: a fact may have more sources than that
        keys = [e["key"] for e in queue]
    for key in keys:
        fact = client.get(f"/api/facts/{key}", params={"limit": 1000}).json()
        if fact["sources_total"] >= at_least:
            return key
    raise AssertionError(f"the demo database has no fact with {at_least} sources")


def test_api_fact_pages_its_sources_and_counts_them_all(client):
    key = _fact_with_sources(client, 3)
    everything = client.get(f"/api/facts/{key}", params={"limit": 1000}).json()
    total = everything["sources_total"]
    assert len(everything["sources"]) == total >= 3
    assert all(s["evidence"] for s in everything["sources"])
    page = client.get(f"/api/facts/{key}", params={"limit": 1, "offset": 1}).json()
    assert (page["limit"], page["offset"], page["sources_total"]) == (1, 1, total)
    assert page["sources"] == everything["sources"][1:2]  # the same source, evidence and all
    assert page["confidence"] == everything["confidence"]  # from every source, not the page
    assert page["independent_sources"] == everything["independent_sources"]
    past = client.get(f"/api/facts/{key}", params={"limit": 5, "offset": total}).json()
    assert past["sources"] == []
    assert past["sources_total"] == total
    default = client.get(f"/api/facts/{key}").json()
    assert default["limit"] == 50
    assert len(default["sources"]) == min(total, 50)


def test_api_fact_refuses_a_window_out_of_range(client):
    key = _fact_with_sources(client, 1)
    for params in ({"limit": 0}, {"limit": 1001}, {"offset": -1}, {"offset": 10**30}):
        assert client.get(f"/api/facts/{key}", params=params).status_code == 422, params


def test_web_fact_page_lists_a_window_of_sources_with_links_to_the_others(demo_url, monkeypatch):
    monkeypatch.setattr("peacetalks.web.facts.SOURCES_PAGE", 2)
    with app_client(demo_url) as client:
        key = _fact_with_sources(client, 3)
        total = client.get(f"/api/facts/{key}", params={"limit": 1000}).json()["sources_total"]
        first = client.get(f"/facts/{key}").text
        assert _listed(first) == 2
        assert f"Sources 1\u20132 of {total}" in first  # an en dash
        assert "later sources" in first
        assert "earlier sources" not in first
        last = client.get(f"/facts/{key}", params={"offset": total - 1}).text
        assert _listed(last) == 1
        assert "earlier sources" in last
        assert "later sources" not in last
        assert client.get(f"/facts/{key}", params={"offset": -1}).status_code == 422


def _listed(page: str) -> int:
    """How many sources the page's list of sources shows."""
    listed = re.search(r'<ul class="sources">(.*?)</ul>', page, re.S)
    assert listed is not None
    return listed.group(1).count("<li>")


def test_fact_confidence_counts_each_source_score_when_its_value_is_not_read(demo_url):
    from sqlalchemy import select, update

    from peacetalks.analysis.confidence import confidence
    from peacetalks.store import open_store
    from peacetalks.store.reviews import read_fact
    from peacetalks.store.tables import fact_sources

    with app_client(demo_url) as client:
        key = _fact_with_sources(client, 2)
    store = open_store(demo_url)
    try:
        with store.engine.begin() as connection:
            rows = connection.execute(
                select(fact_sources.c.id, fact_sources.c.value).where(
                    fact_sources.c.fact_key == key
                )
            ).all()
            for n, (source_id, value) in enumerate(rows):
                scored = {**(value or {}), "confidence": 0.2 + 0.1 * n}
                connection.execute(
                    update(fact_sources).where(fact_sources.c.id == source_id).values(value=scored)
                )
        full = read_fact(store.engine, key)
        light = read_fact(store.engine, key, evidence=(0, 0))
        assert all(s.evidence for s in full.sources)
        assert not any(s.evidence for s in light.sources)
        assert [s.value["confidence"] for s in light.sources] == [
            s.value["confidence"] for s in full.sources
        ]
        assert confidence(light) == confidence(full) > 0.2
    finally:
        store.close()
