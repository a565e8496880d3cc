"""The JSON API for documents and search: pagination, filters, JSON errors."""

from __future__ import annotations

import pytest


def test_api_documents_pages_through_every_document(client):
    first = client.get("/api/documents", params={"limit": 4}).json()
    assert first["total"] == 10
    assert len(first["entries"]) == 4
    seen, url = [], "/api/documents?limit=4"
    while url:
        page = client.get(url).json()
        seen += [line["id"] for line in page["entries"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 10


def test_api_documents_filters_by_date_and_publisher(client):
    every = client.get("/api/documents", params={"limit": 100}).json()["entries"]
    since = client.get("/api/documents", params={"since": "2025-06-01", "limit": 100}).json()
    expected = [d for d in every if d["published"] and d["published"] >= "2025-06-01"]
    assert [d["id"] for d in since["entries"]] == [d["id"] for d in expected]
    publisher = every[0]["publisher"]
    by_publisher = client.get("/api/documents", params={"publisher": publisher}).json()
    assert {d["publisher"] for d in by_publisher["entries"]} == {publisher}


def test_api_document_has_text_and_items_with_evidence(client):
    doc_id = client.get("/api/documents?limit=1").json()["entries"][0]["id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["id"] == doc_id
    for entry in doc["items"]:
        for span in entry["item"].get("evidence", []):
            assert doc["text"][span["start"] : span["end"]] == span["text"]


def test_api_search_matches_items_and_documents(client):
    found = client.get("/api/search", params={"q": "Istanbul"}).json()
    assert found["documents"]["total"] > 0
    assert found["items"]["total"] > 0
    for entry in found["items"]["entries"]:
        assert "istanbul" in str(entry["item"]).lower()


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/api/documents/0000000000000000", 404, "UnknownDocument"),
        ("/api/documents?limit=0", 422, "BadRequest"),
        ("/api/documents?since=yesterday", 422, "BadRequest"),
        ("/api/search", 422, "BadRequest"),
        ("/api/no-such-thing", 404, "NotFound"),
    ],
)
def test_api_errors_are_json_with_a_message(client, path, status, kind):
    answer = client.get(path)
    assert answer.status_code == status
    body = answer.json()
    assert body["type"] == kind
    assert body["error"]
