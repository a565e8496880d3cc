"""JSON routes for facts and review: read a fact, confirm/correct/reject it, the audit log."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.requests import Request

from peacetalks.analysis.confidence import confidence, review_queue
from peacetalks.api.errors import ERRORS
from peacetalks.api.schemas import page_of
from peacetalks.auth import check_csrf, is_by_token, require_reader, require_writer
from peacetalks.model.facts import Fact
from peacetalks.review import prior_corrections, review_fact
from peacetalks.served import store_of
from peacetalks.store.documents import Page
from peacetalks.store.reviews import SOURCES_PAGE, list_reviews, read_fact

router = APIRouter(prefix="/api", responses=ERRORS, tags=["review"])
Reader = Annotated[str | None, Depends(require_reader)]
KEY = Path(pattern=r"^[a-z]+:[^/]{1,400}$", description="A fact key, e.g. position:...")
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def api_writer(request: Request) -> str:
    """A reviewer for the API: a valid bearer token, or a session plus an X-CSRF-Token header.

    Only a token that was checked and found valid spares the CSRF check: a bad or blank
    'Authorization' header is a 401 (auth.request_account), never a way around it.
    """
    name = require_writer(request)
    if not is_by_token(request):
        check_csrf(request, request.headers.get("x-csrf-token"))
    return name


Writer = Annotated[str, Depends(api_writer)]


class ReviewIn(BaseModel):
    """A review: the action, the corrected fields (for 'correct'), an optional note."""

    action: Literal["confirm", "correct", "reject"]
    changes: dict[str, Any] = Field(default_factory=dict)
    note: str | None = Field(default=None, max_length=2000)
    new_actors: bool = Field(
        default=False,
        description="Create the actor ids the correction names that are not known yet; they "
        "are stored flagged as new, to be checked. Without it an unknown id is a 400.",
    )


class ReviewOut(BaseModel):
    """One audit-log entry."""

    id: int
    fact_key: str
    kind: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reviewer: str
    created_at: str
    note: str | None


class ReviewPage(BaseModel):
    """A page of the audit log."""

    entries: list[ReviewOut]
    total: int
    limit: int
    offset: int
    next: str | None


MAX_SOURCES = 1000  # sources one answer may list


class FactOut(BaseModel):
    """A fact as readers see it (latest review applied) and as reconciliation made it."""

    key: str
    kind: str
    process: str | None
    date: str | None
    end_date: str | None
    review: str | None
    reviewed_by: str | None
    confidence: float
    independent_sources: int
    payload: dict[str, Any]
    extracted: dict[str, Any]
    sources: list[dict[str, Any]]
    sources_total: int
    limit: int
    offset: int


class QueueLineOut(BaseModel):
    """A fact waiting for review."""

    key: str
    kind: str
    label: str
    confidence: float
    sources: int
    process: str | None
    date: str | None


class QueuePage(BaseModel):
    """A page of the review queue: unreviewed facts, least confident first."""

    entries: list[QueueLineOut]
    total: int
    limit: int
    offset: int
    next: str | None


def fact_to_dict(fact: Fact, window: tuple[int, int | None] = (0, None)) -> dict[str, Any]:
    """A fact's JSON form, corrections applied to `payload`, the original in `extracted`;
    `window` (offset, limit) picks the sources listed (their total is `sources_total`)."""
    offset, limit = window
    shown = fact.sources[offset:] if limit is None else fact.sources[offset : offset + limit]
    return {
        "key": fact.key,
        "kind": fact.kind,
        "process": fact.process,
        "date": fact.date.isoformat() if fact.date else None,
        "end_date": fact.end_date.isoformat() if fact.end_date else None,
        "review": fact.review.action if fact.review else None,
        "reviewed_by": fact.review.reviewer if fact.review else None,
        "confidence": confidence(fact),
        "independent_sources": fact.independent_sources,
        "payload": {**fact.payload, **prior_corrections(fact)},
        "extracted": fact.payload,
        "sources": [
            {
                "document_id": s.document_id,
                "publisher": s.publisher,
                "outlet": s.outlet,
                "copy_of": s.copy_of,
                "published": s.published.isoformat() if s.published else None,
                "item": f"{s.document_id}/{s.item_kind}/{s.item_seq}",
                "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in s.evidence],
            }
            for s in shown
        ],
        "sources_total": len(fact.sources),
        "limit": len(fact.sources) if limit is None else limit,
        "offset": offset,
    }


@router.get("/facts/{key}", response_model=FactOut)
def fact(
    request: Request,
    _reader: Reader,
    key: Annotated[str, KEY],
    limit: Annotated[int, Query(ge=1, le=MAX_SOURCES)] = SOURCES_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """One fact with its review state and a page of its sources (`limit` from `offset`, in
    date order; `sources_total` counts them all), each with its evidence."""
    window = (offset, limit)
    return fact_to_dict(read_fact(store_of(request).engine, key, evidence=window), window)


@router.post("/facts/{key}/review", response_model=ReviewOut, status_code=201)
def review(
    request: Request, reviewer: Writer, key: Annotated[str, KEY], body: ReviewIn
) -> dict[str, Any]:
    """Confirm, correct or reject a fact (needs a token or a signed-in session)."""
    if body.action != "correct" and body.changes:
        raise HTTPException(422, "Only 'correct' takes changes.")
    entry = review_fact(
        store_of(request).engine,
        key,
        body.action,
        reviewer=reviewer,
        changes=body.changes,
        note=body.note,
        new_actors=body.new_actors,
    )
    return entry.to_dict()


@router.get("/review-queue", response_model=QueuePage)
def review_queue_api(
    request: Request,
    _reader: Reader,
    kind: Annotated[Literal["position", "agreement", "event", "figure"] | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Unreviewed facts, least confident first (then the most cited): what to review next."""
    lines, total = review_queue(store_of(request), kind=kind, limit=limit, offset=offset)
    return page_of(request, Page(lines, total, limit, offset), [line.to_dict() for line in lines])


@router.get("/reviews", response_model=ReviewPage)
def reviews(
    request: Request,
    _reader: Reader,
    fact_key: Annotated[str | None, Query(max_length=400)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The audit log, newest first; one fact's with `fact_key`."""
    entries, total = list_reviews(
        store_of(request).engine, fact_key=fact_key, limit=limit, offset=offset
    )
    return page_of(
        request, Page(entries, total, limit, offset), [entry.to_dict() for entry in entries]
    )
