"""Fact pages and review: a fact with its sources, the review forms, and the audit log."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from peacetalks.analysis.confidence import confidence, is_low, review_queue
from peacetalks.auth import can_review, check_csrf, require_reader, require_writer
from peacetalks.errors import BadValue, UnknownActor
from peacetalks.review import EDITABLE, Field, prior_corrections, review_fact
from peacetalks.served import store_of
from peacetalks.store.reviews import SOURCES_PAGE, list_reviews, read_fact
from peacetalks.web.pages import PAGE_SIZE, render

router = APIRouter(include_in_schema=False)
Reader = Annotated[str | None, Depends(require_reader)]
Writer = Annotated[str, Depends(require_writer)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
MAX_NOTE = 2000  # as the API's ReviewIn.note


def fact_url(key: str) -> str:
    """Where a fact's page is."""
    return "/facts/" + quote(key, safe=":")


@router.get("/facts/{key}")
def fact_page(
    request: Request,
    key: str,
    _reader: Reader,
    message: str = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """One fact: its values (corrections marked), its sources' sentences (a page of
    SOURCES_PAGE from `offset`), review, audit log."""
    engine = store_of(request).engine
    fact = read_fact(engine, key, evidence=(offset, SOURCES_PAGE))
    corrected = prior_corrections(fact)
    current = {**fact.payload, **corrected}
    entries, _total = list_reviews(engine, fact_key=key, limit=100)
    fields = [
        {
            "field": field,
            "value": current.get(field.name),
            "shown": _shown(current.get(field.name)),
            "original": _shown(fact.payload.get(field.name)) if field.name in corrected else None,
        }
        for field in EDITABLE.get(fact.kind, ())
    ]
    return render(
        request,
        "fact.html",
        f"{fact.kind.title()} fact",
        fact=fact,
        fields=fields,
        state=fact.review.action if fact.review else None,
        corrected=bool(corrected),
        entries=entries,
        can_review=can_review(request),
        message=message,
        action_url=fact_url(key) + "/review",
        confidence=confidence(fact),
        low=is_low(fact),
        shown=fact.sources[offset : offset + SOURCES_PAGE],
        offset=offset,
        limit=SOURCES_PAGE,
        sources_url=lambda at: f"{fact_url(key)}?offset={at}#sources",
    )


@router.post("/facts/{key}/review")
async def review_post(request: Request, key: str, reviewer: Writer) -> Response:
    """Confirm, correct or reject from the fact page's forms (CSRF token required)."""
    form = await request.form()
    check_csrf(request, _str(form.get("csrf_token")))
    action = _str(form.get("action"))
    engine = store_of(request).engine
    fact = read_fact(engine, key, evidence=(0, 0))  # the values, not the sentences
    note = _str(form.get("note"))
    if len(note) > MAX_NOTE:
        message = f"The note has {len(note):,} characters; a note may have {MAX_NOTE:,} at most."
        return RedirectResponse(f"{fact_url(key)}?message={quote(message)}#review", 303)
    changes: dict[str, Any] = {}
    if action == "correct":
        current = {**fact.payload, **prior_corrections(fact)}
        for field in EDITABLE.get(fact.kind, ()):
            if f"field_{field.name}" not in form:
                continue  # a field the form did not send is left as it is
            submitted = _str(form.get(f"field_{field.name}")).strip()
            if submitted or current.get(field.name):
                changes[field.name] = _parsed(field, submitted)
    try:
        review_fact(
            engine,
            key,
            action,
            reviewer=reviewer,
            changes=changes,
            note=note,
            new_actors=_str(form.get("new_actors")) == "1",
        )
    except (BadValue, UnknownActor) as err:
        target = f"{fact_url(key)}?message={quote(str(err))}#review"
        return RedirectResponse(target, status_code=303)
    back = _str(form.get("return_to"))
    if back.startswith("/review-queue") and "//" not in back:  # only back to the queue
        return RedirectResponse(back, status_code=303)
    return RedirectResponse(f"{fact_url(key)}#audit", status_code=303)


@router.get("/review-queue")
def queue_page(
    request: Request,
    _reader: Reader,
    kind: Annotated[str | None, Query(pattern="^(position|agreement|event|figure)$")] = None,
    offset: Offset = 0,
) -> Response:
    """Unreviewed facts, least confident first; keys: j/k move, c confirm, r reject, e open."""
    lines, total = review_queue(store_of(request), kind=kind, limit=PAGE_SIZE, offset=offset)
    here = "/review-queue" + (f"?kind={kind}&offset={offset}" if kind else f"?offset={offset}")
    return render(
        request,
        "queue.html",
        "Review queue",
        lines=lines,
        total=total,
        kind=kind,
        offset=offset,
        limit=PAGE_SIZE,
        can_review=can_review(request),
        return_to=here,
        fact_url=fact_url,
    )


@router.get("/reviews")
def audit_page(request: Request, _reader: Reader, offset: Offset = 0) -> Response:
    """The audit log: every review, newest first."""
    entries, total = list_reviews(store_of(request).engine, limit=PAGE_SIZE, offset=offset)
    return render(
        request,
        "reviews.html",
        "Audit log",
        entries=entries,
        total=total,
        offset=offset,
        limit=PAGE_SIZE,
    )


def _parsed(field: Field, submitted: str) -> object:
    if field.is_list:
        return [part.strip() for part in submitted.split(",") if part.strip()]
    return submitted


def _shown(value: object) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
