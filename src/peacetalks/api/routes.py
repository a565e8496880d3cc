"""JSON routes under /api: parse the request, make one core call, serialize (STYLE.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.requests import Request

from peacetalks.api.errors import ERRORS
from peacetalks.api.schemas import (
    DocumentOut,
    DocumentPage,
    Overview,
    SearchOut,
    page_of,
)
from peacetalks.auth import require_reader
from peacetalks.served import store_of
from peacetalks.store.documents import (
    DocumentFilter,
    get_document,
    list_documents,
    publishers,
    search_documents,
    search_items,
)

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


@router.get("/search", response_model=SearchOut, tags=["documents"])
def search(
    request: Request,
    _reader: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Phrase, any case.")],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Documents and extracted items containing a phrase."""
    engine = store_of(request).engine
    docs = search_documents(engine, q, limit=limit, offset=offset)
    found = search_items(engine, q, limit=limit, offset=offset)
    return {
        "documents": page_of(request, docs, [line.to_dict() for line in docs.entries]),
        "items": page_of(request, found, [item.to_dict() for item in found.entries]),
    }
