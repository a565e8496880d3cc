"""The search page and /api/search over the demo corpus: relevance, marks, facets whose counts
hold, pages, filters, names not slugs, article markup kept inert, typed syntax never an error."""

from __future__ import annotations

import re
from html import unescape

import pytest

from peacetalks.model.record import DOCUMENT_KINDS
from peacetalks.store.search import Snippet
from peacetalks.web.search import marked
from tests.store.test_search import HOSTILE
from tests.web.harness import app_client, ingest

_COUNT = re.compile(r'<h2>(Documents|Items) <span class="count">(\d+)</span>')
_FACET = re.compile(r'<a href="([^"]+)" data-facet="(\w+)" data-count="(\d+)">')


def totals(html: str) -> dict[str, int]:
    return {name: int(n) for name, n in _COUNT.findall(html)}


def test_search_page_lists_documents_and_items_with_the_matches_marked(client):
    page = client.get("/search", params={"q": "prisoners"})
    assert page.status_code == 200
    found = totals(page.text)
    assert found["Documents"] > 0
    assert found["Items"] > 0
    assert re.search(r"<mark>prisoners?</mark>", page.text, flags=re.IGNORECASE)
    assert 'class="tag tag-' in page.text


def test_search_page_facet_counts_equal_the_results_under_each_filter(client):
    page = client.get("/search", params={"q": "prisoners OR ceasefire"}).text
    facets = _FACET.findall(page)
    assert {name for _, name, _ in facets} >= {"process", "kind", "party", "issue", "outlet"}
    for href, name, count in facets:
        narrowed = client.get(unescape(href))
        assert narrowed.status_code == 200, href
        value = dict(re.findall(r"[?&](\w+)=([^&]*)", unescape(href)))[name]
        listed = (
            "Documents" if name in ("process", "outlet") or value in DOCUMENT_KINDS else "Items"
        )
        assert totals(narrowed.text)[listed] == int(count), (name, value)


def test_search_page_filters_narrow_and_can_be_removed(client):
    everything = totals(client.get("/search", params={"q": "prisoners"}).text)
    narrowed = client.get("/search", params={"q": "prisoners", "kind": "agreements"}).text
    assert 0 < totals(narrowed)["Items"] < everything["Items"]
    assert 'tag-figures"' not in narrowed
    assert 'aria-label="Remove the kind filter"' in narrowed
    later = totals(client.get("/search", params={"q": "prisoners", "since": "2025-06-01"}).text)
    assert later["Documents"] < everything["Documents"]


def test_search_page_shows_names_not_slugs(client):
    page = client.get("/search", params={"q": "prisoners"}).text
    visible = re.sub(r"<[^>]+>", " ", page)  # the text a reader sees, not the links
    assert "Russia \u2013 Ukraine" in visible
    assert "russia-ukraine" not in visible
    assert "Prisoners" in visible


def test_search_page_pages_through_results(client):
    first = client.get("/search", params={"q": "Russia OR Ukraine"}).text
    assert "next →" in first
    second = client.get("/search", params={"q": "Russia OR Ukraine", "offset": 20}).text
    assert "← previous" in second
    assert '<ol class="hits" start="21">' in second


@pytest.mark.parametrize("typed", HOSTILE)
def test_search_page_and_api_take_any_typed_text(client, typed):
    assert client.get("/search", params={"q": typed}).status_code == 200
    answer = client.get("/api/search", params={"q": typed[:200]})
    assert answer.status_code == 200, answer.text


def test_search_page_without_a_word_says_so(client):
    page = client.get("/search", params={"q": "*** ---"}).text
    assert "Nothing to search for" in page
    answer = client.get("/api/search", params={"q": "!!!"}).json()
    assert answer["documents"]["total"] == 0
    assert "word" in answer["message"]


def test_search_page_form_with_blank_dates_searches(client):
    # The form's date fields send since= and until= when left blank.
    page = client.get("/search", params={"q": "prisoners", "since": "", "until": ""})
    assert page.status_code == 200
    assert totals(page.text)["Documents"] > 0
    bad = client.get("/search", params={"q": "prisoners", "since": "last week"})
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.text


def test_search_page_refuses_an_unknown_kind_with_the_choices(client):
    page = client.get("/search", params={"q": "talks", "kind": "rumour"})
    assert page.status_code == 400
    assert "news, analysis" in page.text


def test_search_shows_article_markup_escaped(demo_url, tmp_path):
    article = tmp_path / "payload.txt"
    article.write_text(
        "Zanzibar talks <script>alert(1)</script> resume\n\nThe draft said "
        "<script>alert(1)</script> twice, and the Zanzibar delegates laughed about it.\n",
        encoding="utf-8",
    )
    ingest(demo_url, str(article), "--published", "2025-06-02")
    with app_client(demo_url) as client:
        page = client.get("/search", params={"q": "zanzibar draft"}).text
        answer = client.get("/api/search", params={"q": "zanzibar draft"}).json()
    assert totals(page)["Documents"] == 1
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title, at least
    assert "<mark>Zanzibar</mark>" in page
    [hit] = answer["documents"]["entries"]
    assert [hit["snippet"][a:b] for a, b in hit["marks"]][:1] in (["Zanzibar"], ["draft"])


def test_search_snippet_html_escapes_the_text_around_and_inside_marks():
    snippet = Snippet("<script>alert(1)</script> <b>", ((8, 13), (26, 29)))
    assert str(marked(snippet)) == (
        "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; <mark>&lt;b&gt;</mark>"
    )


def test_api_search_keeps_its_shape_and_adds_score_and_snippet(client):
    found = client.get("/api/search", params={"q": "Istanbul", "limit": 5}).json()
    assert set(found) >= {"documents", "items"}
    for page in (found["documents"], found["items"]):
        assert set(page) >= {"entries", "total", "limit", "offset", "next"}
        scores = [entry["score"] for entry in page["entries"]]
        assert scores == sorted(scores, reverse=True)
    doc = found["documents"]["entries"][0]
    assert set(doc) >= {"id", "title", "publisher", "published", "kind", "item_count", "url"}
    assert {"score", "snippet", "marks"} <= set(doc)
    item = found["items"]["entries"][0]
    assert set(item) >= {"ref", "document_id", "kind", "seq", "item", "review", "document"}
    assert found["documents"]["next"]


def test_api_search_filters_and_facets(client):
    everything = client.get("/api/search", params={"q": "prisoners", "facets": "true"}).json()
    for value, count in [(f["value"], f["count"]) for f in everything["facets"]["issue"]]:
        narrowed = client.get("/api/search", params={"q": "prisoners", "issue": value}).json()
        assert narrowed["items"]["total"] == count
        assert {e["item"].get("issue") for e in narrowed["items"]["entries"]} == {value}
    outlet = everything["facets"]["outlet"][0]
    narrowed = client.get("/api/search", params={"q": "prisoners", "outlet": outlet["value"]})
    assert narrowed.json()["documents"]["total"] == outlet["count"]
    assert client.get("/api/search", params={"q": "x", "review": "pending"}).status_code == 422


def test_api_search_filters_are_documented(client):
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    for name in ("q", "process", "kind", "party", "issue", "stance", "review", "since", "until",
                 "outlet", "limit", "offset", "facets"):  # fmt: skip
        assert params[name].get("description"), name


def test_search_page_and_api_say_when_older_matches_were_left_out(client, monkeypatch):
    monkeypatch.setattr("peacetalks.store.search.SEARCH_WINDOW", 3)
    monkeypatch.setattr("peacetalks.web.search.PAGE_SIZE", 2)
    query = {"q": "Ukraine OR talks OR delegation"}  # asked nowhere else: nothing cached
    page = client.get("/search", params=query).text
    assert re.search(r'<h2>Documents <span class="count">3\+</span>', page)
    assert "Ranked and counted among the newest 3 matches" in page
    assert "of 3+" in page
    assert "next →" in page
    answer = client.get("/api/search", params={**query, "limit": 3}).json()
    assert answer["documents"]["total"] == 3
    assert answer["documents"]["more"] is True
    assert answer["documents"]["next"]  # the next page widens the window
    after = client.get("/api/search", params={**query, "limit": 3, "offset": 3}).json()
    assert after["documents"]["entries"]
    ids = {e["id"] for e in answer["documents"]["entries"]}
    assert ids.isdisjoint(e["id"] for e in after["documents"]["entries"])
