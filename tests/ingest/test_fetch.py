"""URLs: fetched over HTTP (a real server on 127.0.0.1 serving canned pages), then extracted."""

from __future__ import annotations

import datetime as dt
import socket

import pytest

from peacetalks.batch import extract_records
from peacetalks.errors import UnreadableDocument
from peacetalks.ingest import Source, expand_inputs, read_document


def test_fetch_reads_and_extracts_an_html_page(http_base_url):
    url = f"{http_base_url}/harbour-talks.html"
    [source] = expand_inputs([url])
    doc = read_document(source)
    assert doc.url == url
    assert doc.path == url
    assert doc.title == "Harbour talks end with a prisoner deal"
    assert doc.publisher == "Coastline Courier"
    assert doc.published == dt.date(2024, 3, 14)
    assert "two hundred detained fishermen" in doc.text
    assert "cookies" not in doc.text
    assert "SCRIPT-SHOULD-NOT-APPEAR" not in doc.text


def test_fetch_gives_the_same_document_as_the_saved_file(http_base_url, article_html):
    fetched = read_document(Source(name="u", url=f"{http_base_url}/harbour-talks.html"))
    saved = read_document(Source(name=str(article_html), location=article_html))
    assert (fetched.id, fetched.text) == (saved.id, saved.text)


def test_fetch_not_found_is_reported_as_a_failed_fetch(http_base_url):
    url = f"{http_base_url}/no-such-page.html"
    with pytest.raises(UnreadableDocument) as caught:
        read_document(Source(name=url, url=url))
    assert str(caught.value).startswith(
        f"Cannot read {url}: it could not be fetched (HTTP 404 File not found)."
    )
    assert "save the page and ingest the file" in caught.value.fix


def test_fetch_refused_connection_is_reported_as_a_failed_fetch(http_base_url):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/closed"
    with pytest.raises(UnreadableDocument) as caught:
        read_document(Source(name=url, url=url))
    assert str(caught.value).startswith(f"Cannot read {url}: it could not be fetched (")
    assert "Check the address and the network" in caught.value.fix


def test_fetch_over_the_size_limit_is_refused(http_base_url):
    url = f"{http_base_url}/harbour-talks.html"
    with pytest.raises(UnreadableDocument) as caught:
        read_document(Source(name=url, url=url), max_bytes=500)
    assert caught.value.reason == "it is larger than the limit of 500 bytes"


def test_fetch_failure_does_not_stop_the_batch(http_base_url, pipeline):
    urls = [f"{http_base_url}/{name}" for name in ("harbour-talks.html", "gone.html")]
    outcomes = list(extract_records(expand_inputs(urls), pipeline))
    assert [o.status for o in outcomes] == ["extracted", "failed"]
    assert outcomes[0].record.document.url == urls[0]
    assert outcomes[1].error.startswith(f"Cannot read {urls[1]}: it could not be fetched")
