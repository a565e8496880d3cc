"""HTML pages: overview, documents, search, sign-in; the same core calls as the API, rendered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query
from fastapi.templating import Jinja2Templates
from markupsafe import escape
from pydantic import BeforeValidator
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from peacetalks import __version__
from peacetalks.analysis.names import names_of
from peacetalks.auth import (
    check_csrf,
    check_password,
    csrf_token,
    forget_sign_in_failures,
    record_sign_in_failure,
    request_now,
    request_user,
    require_reader,
    sign_in,
    sign_in_wait,
    sign_out,
)
from peacetalks.model.names import issue_name
from peacetalks.served import cached, store_of
from peacetalks.store import SqlStore
from peacetalks.store.documents import (
    DocumentFilter,
    fact_keys_of,
    get_document,
    list_documents,
    publishers,
)
from peacetalks.web.render import group_items, highlight, item_label
from peacetalks.web.security import safe_url

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
# A form's date field left blank sends "since=": that is no date, not a bad one.
Since = Annotated[dt.date | None, BeforeValidator(lambda v: v or None), Query()]
Until = Annotated[dt.date | None, BeforeValidator(lambda v: v or None), Query()]
templates.env.globals["issue_name"] = issue_name
templates.env.globals["lambda_identity"] = str  # a facet whose values show as they are
templates.env.filters["safe_url"] = safe_url  # stored URLs become links only when http(s)
NAV = (
    ("/", "Overview"),
    ("/positions", "Positions"),
    ("/compare", "Compare"),
    ("/diff", "Diff"),
    ("/timeline", "Timeline"),
    ("/rounds", "Rounds"),
    ("/actors", "Actors"),
    ("/deals", "Deals"),
    ("/agreements", "Agreements"),
    ("/report", "Report"),
    ("/discrepancies", "Discrepancies"),
    ("/documents", "Documents"),
    ("/review-queue", "Review queue"),
    ("/reviews", "Audit log"),
)
PAGE_SIZE = 50

router = APIRouter(include_in_schema=False)
Reader = Annotated[str | None, Depends(require_reader)]


# Pages whose data the JSON API gives under the same filters: their CSV and JSON downloads.
_API_OF = {
    "/": "/api/overview", "/positions": "/api/positions", "/compare": "/api/compare",
    "/diff": "/api/diff", "/timeline": "/api/timeline", "/rounds": "/api/rounds",
    "/deals": "/api/deals", "/agreements": "/api/agreements", "/actors": "/api/actors",
    "/discrepancies": "/api/discrepancies", "/documents": "/api/documents",
    "/search": "/api/search", "/review-queue": "/api/review-queue", "/reviews": "/api/reviews",
}  # fmt: skip


def download_url(request: Request) -> str | None:
    """The API URL of what this page shows, with its filters (not its page offset)."""
    path = request.url.path
    api = _API_OF.get(path) or (f"/api{path}" if path.startswith("/actors/") else None)
    if api is None:
        return None
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset",)]
    return api + "?" + urlencode(kept)


def render(request: Request, template: str, title: str, **context: Any) -> Response:  # noqa: ANN401
    """A page in the common layout: navigation, the signed-in user, the CSRF token for forms."""
    user = request_user(request) if "authorization" not in request.headers else None
    base = {
        "title": title,
        "nav": NAV,
        "active": "/" + request.url.path.strip("/").split("/")[0],
        "user": user,
        "csrf": _LazyToken(request),
        "version": __version__,
        "q": context.pop("q", ""),
        # display names: actors and issues by name, ids and codes stay in the API and exports
        "names": cached(request, ("names",), lambda: names_of(store_of(request))),
        "download": download_url(request),
    }
    status = context.pop("status_code", 200)
    return templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status, headers=_NO_STORE
    )


class _LazyToken:
    """The session's CSRF token, made only when a page prints it (a form): a page without a
    form leaves the session alone, so an anonymous reader gets no cookie and the same bytes
    as every other anonymous reader (web/page_cache.py keeps them)."""

    def __init__(self, request: Request) -> None:
        self.request = request

    def __str__(self) -> str:
        return csrf_token(self.request)

    def __html__(self) -> str:
        return str(escape(str(self)))


# Pages show signed-in state and carry CSRF tokens: never cached by shared caches.
_NO_STORE = {"Cache-Control": "private, no-store"}


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as a page with the same message the API would give."""
    titles = {401: "Sign in needed", 403: "Not allowed", 404: "Not found"}
    return render(
        request,
        "error.html",
        titles.get(status, "Bad request"),
        message=message,
        status_code=status,
    )


def sign_in_redirect(request: Request) -> Response:
    """Send a reader who must sign in to the sign-in page, coming back here afterwards."""
    target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return RedirectResponse(f"/signin?next={target}", status_code=303)


@router.get("/documents")
def documents_page(
    request: Request,
    _reader: Reader,
    publisher: str | None = None,
    since: Since = None,
    until: Until = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Every document, newest first, with publisher and date filters."""
    store = store_of(request)
    rules = DocumentFilter(publisher=publisher or None, since=since, until=until)
    page = list_documents(store.engine, rules, limit=PAGE_SIZE, offset=offset)
    query = {k: v for k, v in (("publisher", publisher), ("since", since), ("until", until)) if v}

    def page_url(at: int) -> str:
        return "/documents?" + urlencode({**query, "offset": at})

    return render(
        request,
        "documents.html",
        "Documents",
        page=page,
        filters=rules,
        publishers=publishers(store.engine),
        page_url=page_url,
    )


@router.get("/documents/{doc_id}")
def document_page(request: Request, doc_id: str, _reader: Reader) -> Response:
    """The clean text with every extracted item's evidence highlighted and linked to its fact."""
    store = store_of(request)
    doc = get_document(store.engine, doc_id)
    keys = fact_keys_for(store, doc_id)
    grouped = [
        (
            kind,
            [
                {
                    "item": item,
                    "label": item_label(kind, item.payload),
                    "fact_key": keys.get((item.kind, item.seq)),
                }
                for item in entries
            ],
        )
        for kind, entries in group_items(doc.items)
    ]
    shown = [item for item in doc.items if item.kind != "actors"]
    return render(
        request,
        "document.html",
        doc.line.title,
        doc=doc,
        grouped=grouped,
        kinds=[kind for kind, _ in grouped if kind != "actors"],
        highlighted=highlight(doc.text, shown),
    )


def fact_keys_for(store: SqlStore, doc_id: str) -> dict[tuple[str, int], str]:
    """Which fact each of a document's items became, by (kind, seq); empty before reconciling."""
    return fact_keys_of(store.engine, doc_id)


@router.get("/signin")
def sign_in_page(request: Request, next: str = "/") -> Response:
    """The sign-in form."""
    return render(request, "signin.html", "Sign in", next_url=_local(next))


@router.post("/signin")
def sign_in_post(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=4096)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password; on success start a session and go back where the user came from.

    Failures are throttled per name and per client address (auth.sign_in_wait): 429 with
    Retry-After while waiting, the password not even checked.
    """
    check_csrf(request, csrf_token)
    engine = store_of(request).engine
    now = request_now(request)
    address = request.client.host if request.client else "unknown"
    wait = sign_in_wait(engine, name, address, now=now)
    if wait:
        message = f"Too many failed sign-ins for this name or from here. Try again in {wait} s."
        page = _sign_in_form(request, message, name=name, next=next, status=429)
        page.headers["Retry-After"] = str(wait)
        return page
    if not check_password(engine, name, password):
        record_sign_in_failure(engine, name, address, now=now)
        return _sign_in_form(request, "Wrong name or password.", name=name, next=next, status=401)
    forget_sign_in_failures(engine, name)
    sign_in(request, name)
    return RedirectResponse(_local(next), status_code=303)


def _sign_in_form(request: Request, message: str, *, name: str, next: str, status: int) -> Response:
    return render(
        request,
        "signin.html",
        "Sign in",
        message=message,
        name=name,
        next_url=_local(next),
        status_code=status,
    )


@router.post("/signout")
def sign_out_post(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    """End the session."""
    check_csrf(request, csrf_token)
    sign_out(request)
    return RedirectResponse("/", status_code=303)


def _local(target: str) -> str:
    """Only paths on this site: an open redirect to another host is refused."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
