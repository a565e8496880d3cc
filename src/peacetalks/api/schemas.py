"""The shapes of API responses, for the OpenAPI description (and checked by the fuzz test)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from starlette.requests import Request

from peacetalks.store.documents import Page


class DocumentLineOut(BaseModel):
    """A document in a listing (no text)."""

    id: str
    title: str
    publisher: str | None
    published: str | None
    kind: str | None
    item_count: int
    url: str | None


class ItemOut(BaseModel):
    """One extracted item: where it sits (document, kind, seq) and its peacetalks/1 JSON."""

    ref: str
    document_id: str
    kind: str
    seq: int
    item: dict[str, Any]


class DocumentOut(DocumentLineOut):
    """A document with its clean text and items."""

    text: str
    items: list[ItemOut]


class PageOut(BaseModel):
    """Pagination: `total` entries in all, this page from `offset`; `next` is the next page.
    `more`: there are more entries than `total` (a search counts only the newest matches it
    ranks; `total` is then a lower bound)."""

    total: int
    limit: int
    offset: int
    next: str | None
    more: bool = False


class DocumentPage(PageOut):
    """A page of documents."""

    entries: list[DocumentLineOut]


class ItemPage(PageOut):
    """A page of items."""

    entries: list[ItemOut]


class SearchOut(BaseModel):
    """Documents and items matching a phrase."""

    documents: DocumentPage
    items: ItemPage


class PublisherOut(BaseModel):
    """A publisher and how many documents it has."""

    name: str
    documents: int


class Overview(BaseModel):
    """What the database holds."""

    documents: int
    items: dict[str, int]
    publishers: list[PublisherOut]
    latest: list[DocumentLineOut]


def page_of(request: Request, page: Page[Any], entries: list[dict[str, Any]]) -> dict[str, Any]:
    """A page in its JSON form, with the URL of the next page when there is one."""
    following = page.offset + page.limit
    next_url = None
    if following < page.total or page.more:
        # relative: the Host header a client sent never goes into an answer
        after = request.url.include_query_params(offset=following)
        next_url = f"{after.path}?{after.query}"
    return {
        "entries": entries,
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "next": next_url,
        "more": page.more,
    }
