"""Pages over the demo database: each opens, shows its data, and links items to evidence."""

from __future__ import annotations

import html
import re

import pytest


def _first_document(client) -> dict:
    return client.get("/api/documents?limit=1").json()["entries"][0]


@pytest.mark.parametrize("path", ["/", "/documents", "/search?q=Istanbul", "/signin"])
def test_pages_open(client, path):
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<nav>" in page.text


def test_pages_overview_counts_and_latest_documents(client):
    overview = client.get("/api/overview").json()
    page = client.get("/").text
    assert f"<b>{overview['documents']}</b> documents" in page
    for line in overview["latest"]:
        assert f'href="/documents/{line["id"]}"' in page


def _covered(article: str) -> tuple[str, set[int]]:
    """The article's text and the offsets that sit inside a highlight."""
    text, covered = [], set()
    for marked, plain in re.findall(r'<a class="hl[^"]*"[^>]*>(.*?)</a>|([^<]+)', article, re.S):
        piece = html.unescape(marked or plain)
        start = sum(len(t) for t in text)
        if marked:
            covered.update(range(start, start + len(piece)))
        text.append(piece)
    return "".join(text), covered


def test_pages_document_highlights_every_evidence_span(client):
    doc = client.get(f"/api/documents/{_first_document(client)['id']}").json()
    page = client.get(f"/documents/{doc['id']}").text
    article = re.search(r'<article class="text" id="text">(.*?)</article>', page, re.S).group(1)
    text, covered = _covered(article)
    assert text == doc["text"]
    spans = 0
    for entry in doc["items"]:
        if entry["kind"] == "actors":
            continue
        assert f'id="item-{entry["kind"]}-{entry["seq"]}"' in page
        for span in entry["item"]["evidence"]:
            spans += 1
            assert set(range(span["start"], span["end"])) <= covered, span["text"]
    assert spans > 0


def test_pages_documents_filter_by_publisher(client):
    publisher = client.get("/api/overview").json()["publishers"][0]
    page = client.get("/documents", params={"publisher": publisher["name"]}).text
    assert f'<span class="count">{publisher["documents"]}</span>' in page


def test_pages_search_finds_items_and_documents(client):
    page = client.get("/search", params={"q": "prisoners"}).text
    assert "<h2>Documents" in page
    assert "<h2>Items" in page
    assert 'class="tag tag-' in page


def test_pages_unknown_document_is_a_404_page(client):
    page = client.get("/documents/0000000000000000")
    assert page.status_code == 404
    assert "No document with id" in page.text


def test_api_docs_load_nothing_from_the_network(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    linked = re.findall(r"(?:src|href)=[\"']([^\"']+)", page.text)
    linked += re.findall(r"url: *[\"']([^\"']+)", page.text)
    assert linked
    assert all(not url.startswith(("http:", "https:", "//")) for url in linked), linked
    for asset in ("/api/docs-assets/swagger-ui-bundle.js", "/api/docs-assets/swagger-ui.css"):
        assert asset in page.text
        assert client.get(asset).status_code == 200
