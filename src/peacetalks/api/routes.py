"""JSON routes under /api: parse the request, make one core call, serialize (STYLE.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel
from starlette.requests import Request

from peacetalks.api.errors import ERRORS
from peacetalks.api.schemas import (
    DocumentLineOut,
    DocumentOut,
    DocumentPage,
    ItemOut,
    Overview,
    PageOut,
    page_of,
)
from peacetalks.auth import require_reader
from peacetalks.model.record import Issue, Stance
from peacetalks.served import cached, store_of
from peacetalks.store.documents import (
    DocumentFilter,
    get_document,
    list_documents,
    publishers,
)
from peacetalks.store.search import search as find_matches
from peacetalks.store.search_filters import ReviewState, SearchFilter, SearchKind

router = APIRouter(prefix="/api", responses=ERRORS)
Reader = Annotated[str | None, Depends(require_reader)]
Limit = Annotated[int, Query(ge=1, le=500, description="Entries per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Entries to skip.")]
DOC_ID = r"^[0-9a-f]{1,64}$"


@router.get("/overview", response_model=Overview, tags=["documents"])
def overview(request: Request, _reader: Reader) -> dict[str, Any]:
    """Counts per kind, publishers, and the latest documents."""
    store = store_of(request)
    counts = store.counts()
    latest = list_documents(store.engine, DocumentFilter(), limit=10)
    return {
        "documents": counts.documents,
        "items": counts.items,
        "publishers": [{"name": name, "documents": n} for name, n in publishers(store.engine)],
        "latest": [line.to_dict() for line in latest.entries],
    }


@router.get("/documents", response_model=DocumentPage, tags=["documents"])
def documents(
    request: Request,
    _reader: Reader,
    publisher: Annotated[str | None, Query(max_length=500)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Documents newest first; filters as in the CLI (publisher, kind, --since, --until)."""
    rules = DocumentFilter(publisher=publisher, kind=kind, since=since, until=until)
    page = list_documents(store_of(request).engine, rules, limit=limit, offset=offset)
    return page_of(request, page, [line.to_dict() for line in page.entries])


@router.get("/documents/{doc_id}", response_model=DocumentOut, tags=["documents"])
def document(
    request: Request,
    _reader: Reader,
    doc_id: Annotated[str, Path(pattern=DOC_ID)],
) -> dict[str, Any]:
    """One document: metadata, clean text and every extracted item with its evidence."""
    return get_document(store_of(request).engine, doc_id).to_dict()


class FoundOut(BaseModel):
    """How well a hit matches (higher is better; comparable within one list of one search)
    and a snippet of the matching text; `marks` are the [start, end) offsets of the matches
    in the snippet."""

    score: float
    snippet: str
    marks: list[list[int]]


class DocumentHitOut(DocumentLineOut, FoundOut):
    """A matching document."""


class HitDocumentOut(BaseModel):
    """The document an item comes from."""

    id: str
    title: str
    publisher: str | None
    published: str | None
    kind: str | None
    url: str | None


class ItemHitOut(ItemOut, FoundOut):
    """A matching item, the review state of the fact it became, and its document."""

    review: ReviewState
    document: HitDocumentOut


class DocumentHitPage(PageOut):
    """A page of matching documents."""

    entries: list[DocumentHitOut]


class ItemHitPage(PageOut):
    """A page of matching items."""

    entries: list[ItemHitOut]


class FacetOut(BaseModel):
    """A filter value and how many matches have it."""

    value: str
    count: int


class SearchResultsOut(BaseModel):
    """Matching documents and items, most relevant first, then newest; with `facets=true`,
    each filter's values among the ranked matches (documents counted for process, outlet and
    document kinds, items for the rest); `message` when the text held nothing to search."""

    documents: DocumentHitPage
    items: ItemHitPage
    facets: dict[str, list[FacetOut]]
    message: str | None


_WORDS = (
    "Words to find, all of them, in any form (negotiations finds negotiating); "
    '"words in quotes" as a phrase; OR between two words for either; a last word ending '
    "in * for any word starting so. Other operators are read as words, never as syntax."
)


@router.get("/search", response_model=SearchResultsOut, tags=["documents"])
def search(
    request: Request,
    _reader: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200, description=_WORDS)],
    process: Annotated[
        str | None, Query(max_length=64, description="Only this process (slug), as --process.")
    ] = None,
    kind: Annotated[
        SearchKind | None,
        Query(
            description="A document kind (documents of that kind, and their items) or an "
            "item kind (those items, and the documents holding one)."
        ),
    ] = None,
    party: Annotated[
        str | None,
        Query(
            max_length=64,
            description="Only items naming this actor id as holder, party "
            "or participant (and documents holding one).",
        ),
    ] = None,
    issue: Annotated[Issue | None, Query(description="Only items on this issue.")] = None,
    stance: Annotated[Stance | None, Query(description="Only positions of this stance.")] = None,
    review: Annotated[
        ReviewState | None,
        Query(description="Only items whose fact is in this review state."),
    ] = None,
    since: Annotated[
        dt.date | None, Query(description="Documents published on or after this date.")
    ] = None,
    until: Annotated[
        dt.date | None, Query(description="Documents published on or before this date.")
    ] = None,
    outlet: Annotated[
        str | None, Query(max_length=500, description="Only documents of this publisher.")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
    facets: Annotated[
        bool, Query(description="Also count each filter's values among the matches.")
    ] = False,
) -> dict[str, Any]:
    """Documents and extracted items matching words, by relevance then date, filtered."""
    rules = SearchFilter(
        process=process, kind=kind, party=party, issue=issue, stance=stance, review=review,
        since=since, until=until, outlet=outlet,
    )  # fmt: skip
    engine = store_of(request).engine
    found = cached(
        request,
        ("search", q, rules, limit, offset, facets),
        lambda: find_matches(engine, q, rules, limit=limit, offset=offset, with_facets=facets),
    )
    return {
        "documents": page_of(
            request, found.documents, [h.to_dict() for h in found.documents.entries]
        ),
        "items": page_of(request, found.items, [h.to_dict() for h in found.items.entries]),
        "facets": {
            name: [{"value": value, "count": n} for value, n in values]
            for name, values in found.facets.items()
        },
        "message": found.message,
    }
