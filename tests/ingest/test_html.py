"""HTML pages -> the article's text without boilerplate, and metadata from the page's head."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from peacetalks.errors import UnreadableDocument
from peacetalks.ingest import Source, read_document

PARAGRAPHS = (
    "Negotiators from the two delegations met for a third day at the harbour conference centre",
    "The mediator said the exchange would be supervised by a neutral monitoring team",
    "A fourth round of talks is planned for April",
)


@pytest.fixture
def page(article_html):
    return read_document(Source(name=str(article_html), location=article_html))


def test_html_keeps_the_article_paragraphs_apart_by_blank_lines(page):
    paragraphs = page.text.split("\n\n")
    assert paragraphs[0] == "Harbour talks end with a prisoner deal"
    assert [p[: len(start)] for p, start in zip(paragraphs[1:], PARAGRAPHS, strict=True)] == list(
        PARAGRAPHS
    )


@pytest.mark.parametrize(
    "boilerplate",
    [
        "World desk",  # nav
        "Sport pages",  # nav
        "cookies",  # cookie banner
        "All rights reserved",  # footer
        "©",  # footer
        "HIDDEN-COMMENT-TEXT",  # HTML comment
        "COMMENT-SECTION-TEXT",  # reader comments
        "Reader42",
        "Related articles",
        "Fishing fleets return to port",  # a related article's headline
        "what the harbour deal means",
    ],
)
def test_html_removes_boilerplate(page, boilerplate):
    assert boilerplate not in page.text


def test_html_never_lets_a_script_reach_the_text(page):
    for code in ("SCRIPT-SHOULD-NOT-APPEAR", "INLINE-SCRIPT-IN-BODY", "document.write", "console"):
        assert code not in page.text


def test_html_reads_title_publisher_and_date_from_metadata(page):
    assert page.title == "Harbour talks end with a prisoner deal"
    assert page.publisher == "Coastline Courier"
    assert page.published == dt.date(2024, 3, 14)


def test_html_does_not_take_a_footer_copyright_year_as_the_date(tmp_path, article_html):
    markup = article_html.read_text(encoding="utf-8")
    markup = re.sub(r'<meta property="article:published_time"[^>]*>', "", markup)
    path = tmp_path / "undated.html"
    path.write_text(markup, encoding="utf-8")
    doc = read_document(Source(name=str(path), location=path))
    assert "© 2025" in markup
    assert doc.published is None


def test_html_metadata_from_outside_wins_over_the_page(article_html):
    source = Source(
        name=str(article_html),
        location=article_html,
        title="Our own title",
        publisher="Our desk",
        published=dt.date(2024, 3, 15),
    )
    doc = read_document(source)
    assert (doc.title, doc.publisher, doc.published) == (
        "Our own title",
        "Our desk",
        dt.date(2024, 3, 15),
    )


def test_html_is_recognised_by_content_without_a_suffix(tmp_path, article_html):
    path = tmp_path / "saved-page"
    path.write_bytes(article_html.read_bytes())
    doc = read_document(Source(name=str(path), location=path))
    assert doc.publisher == "Coastline Courier"
    assert "<p>" not in doc.text


def test_html_page_built_by_script_is_refused(tmp_path):
    path = tmp_path / "app.html"
    path.write_text(
        "<!doctype html><html><head><title>App</title></head>"
        '<body><div id="root"></div><script>render()</script></body></html>'
    )
    with pytest.raises(UnreadableDocument) as caught:
        read_document(Source(name=str(path), location=path))
    assert str(path) in str(caught.value)
    assert "no article text" in str(caught.value)
    assert "Save the page's text as .txt" in str(caught.value)
