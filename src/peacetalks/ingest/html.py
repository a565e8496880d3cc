"""HTML: the main text with boilerplate removed, and title, date and publisher from metadata."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import trafilatura

from peacetalks.errors import UnreadableDocument

# Comment sections slip through trafilatura's own filters (STACK.md); prune them first.
_PRUNE = [
    "//*[contains(@class,'comment')]",
    "//*[contains(@id,'comment')]",
    "//*[contains(@class,'related')]",
    "//*[contains(@class,'newsletter')]",
]


@dataclass(frozen=True, slots=True)
class HtmlText:
    """What an HTML page yields: clean text and the metadata the page declares."""

    text: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    url: str | None


# A news page has a few thousand tags; parsing a million takes a minute and over a gigabyte.
MAX_TAGS = 200_000


def read_html(markup: str, path: str) -> HtmlText:
    """The page's article text (paragraphs apart by blank lines) and its metadata."""
    tags = markup.count("<")
    if tags > MAX_TAGS:
        raise UnreadableDocument(
            path,
            f"it has {tags:,} tags, over the limit of {MAX_TAGS:,} for one HTML page",
            "Save the article's own text as .txt and ingest that.",
        )
    extracted = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        prune_xpath=_PRUNE,
        # "© 2025" in a footer would otherwise become 2025-01-01.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    if not body:
        raise UnreadableDocument(
            path,
            "no article text was found in the HTML (the page may be empty or built by script)",
            "Save the page's text as .txt, or ingest the article's own URL.",
        )
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    title = _clean(getattr(extracted, "title", None))
    if title and paragraphs and paragraphs[0] != title:
        paragraphs.insert(0, title)
    return HtmlText(
        text="\n\n".join(paragraphs),
        title=title,
        publisher=_clean(getattr(extracted, "sitename", None)),
        published=_date(getattr(extracted, "date", None)),
        url=_clean(getattr(extracted, "url", None)),
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
