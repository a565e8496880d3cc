"""The HTTP server: the web pages and the JSON API on one FastAPI app, and `serve` to run it.

Only wires parts together (STYLE.md: the app object must not collect features): the routes
live in `web/` and `api/`, access rules in `auth.py`, data in `store/` and `analysis/`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from peacetalks import __version__
from peacetalks.api import errors as api_errors
from peacetalks.api.downloads import Downloads
from peacetalks.api.facts import router as api_facts_router
from peacetalks.api.routes import router as api_router
from peacetalks.api.views import router as api_views_router
from peacetalks.auth import SESSION_LIFETIME, utc_now
from peacetalks.errors import PeacetalksError
from peacetalks.store import SqlStore, open_store
from peacetalks.store.accounts import session_key
from peacetalks.store.cache import AnswerCache, data_version
from peacetalks.web import facts as web_facts
from peacetalks.web import pages
from peacetalks.web import report as web_report
from peacetalks.web import search as web_search
from peacetalks.web import views as web_views
from peacetalks.web.page_cache import AnonymousPageCache
from peacetalks.web.pages import STATIC
from peacetalks.web.pages import router as web_router
from peacetalks.web.security import RequestLimits, SecurityHeaders


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """What `peacetalks serve` needs: the database, where to listen, who may read."""

    db: str
    host: str = "127.0.0.1"
    port: int = 8000
    read_public: bool = True
    secure_cookies: bool = False  # set when served over HTTPS (behind a proxy)
    warm_up: bool = True  # compute the default views in the background at start
    trusted_hosts: tuple[str, ...] = ()  # Host headers to answer (empty: any, never reflected)
    forwarded_allow_ips: str | None = None  # proxies whose X-Forwarded-For is believed
    workers: int = 1  # server processes (uvicorn workers); sessions and throttling live in the db


class _App(FastAPI):
    """FastAPI with the security middleware outermost, so that 500 pages carry it too."""

    https_only = False

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        answers: AnswerCache | None = getattr(self.state, "answers", None)
        if answers is not None:  # anonymous readers' pages, kept per data version
            engine = answers.engine
            stack = AnonymousPageCache(stack, lambda: data_version(engine))
        inner = RequestLimits(stack)
        return SecurityHeaders(inner, https_only=self.https_only)


def create_app(
    settings: ServeSettings,
    *,
    store: SqlStore | None = None,
    clock: Callable[[], dt.datetime] = utc_now,
) -> FastAPI:
    """The app over the database in `settings` (or over `store`, which it then does not close).

    `clock` tells the time to sessions and sign-in throttling (tests pass their own).
    """
    opened = store or open_store(settings.db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        warming = threading.Thread(
            target=web_views.warm_up, args=(answers, opened), daemon=True, name="warm-up"
        )
        if settings.warm_up:
            # In a thread: the server answers at once; pages asked for meanwhile compute too.
            warming.start()
        yield
        if warming.is_alive():
            warming.join(timeout=120)  # never close the store under it
        if store is None:
            opened.close()

    app = _App(
        title="peacetalks",
        version=__version__,
        description="The peacetalks record as JSON: documents, facts, views and review.",
        lifespan=lifespan,
        docs_url=None,  # served below from installed assets: FastAPI's own loads a CDN
        redoc_url=None,
    )
    _offline_docs(app)
    app.state.store = opened
    app.state.read_public = settings.read_public
    app.state.clock = clock
    app.https_only = settings.secure_cookies
    answers = app.state.answers = AnswerCache(opened.engine)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_key(opened.engine),
        session_cookie="peacetalks_session",
        max_age=int(SESSION_LIFETIME.total_seconds()),
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(Downloads)  # ?format=csv / ?download=1 on any GET of /api/...
    if settings.trusted_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.trusted_hosts))
    app.include_router(api_router)
    app.include_router(api_facts_router)
    app.include_router(api_views_router)
    app.include_router(web_router)
    app.include_router(web_facts.router)
    app.include_router(web_views.router)
    app.include_router(web_report.router)
    app.include_router(web_search.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(PeacetalksError, _on_peacetalks_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_bad_request)
    return app


def _offline_docs(app: FastAPI) -> None:
    """/api/docs: Swagger UI from the fastapi-offline package's files, nothing fetched."""
    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/api/docs-assets", StaticFiles(directory=assets), name="docs-assets")
    page = bytes(
        get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="peacetalks API",
            swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-assets/swagger-ui.css",
            swagger_favicon_url="/api/docs-assets/favicon.png",
        ).body
    )
    # the page's language, for screen readers (FastAPI's template leaves it out)
    page = page.replace(b"<html>", b'<html lang="en">', 1)
    # Its inline start-up script is served as a file: the CSP runs no inline script.
    inline = re.search(rb"<script>(.*?)</script>", page, flags=re.DOTALL)
    init = inline.group(1) if inline else b""
    if inline:
        page = page.replace(inline.group(0), b'<script src="/api/docs-init.js"></script>', 1)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> Response:
        return Response(page, media_type="text/html")

    @app.get("/api/docs-init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(init, media_type="text/javascript")


SETTINGS_VARIABLE = "PEACETALKS_SERVE_SETTINGS"


def serve(settings: ServeSettings) -> None:
    """Run the app with uvicorn until interrupted: in this process, or with `workers` > 1 in
    that many processes, each building the app from the settings passed in the environment
    (uvicorn's workers import their app). Sessions, tokens and sign-in throttling are kept in
    the database, so any worker may answer any request; each keeps its own cache of views."""
    import uvicorn

    common = {
        "host": settings.host,
        "port": settings.port,
        "log_level": "info",
        "access_log": False,
        "proxy_headers": True,  # believed only from forwarded_allow_ips (uvicorn: 127.0.0.1)
        "forwarded_allow_ips": settings.forwarded_allow_ips,
    }
    if settings.workers <= 1:
        uvicorn.run(create_app(settings), **common)  # type: ignore[arg-type]
        return
    os.environ[SETTINGS_VARIABLE] = json.dumps(dataclasses.asdict(settings))
    uvicorn.run(
        "peacetalks.server:app_from_environment",
        factory=True,
        workers=settings.workers,
        **common,  # type: ignore[arg-type]
    )


def app_from_environment() -> FastAPI:
    """The app of one worker process, from the settings `serve` put in the environment."""
    raw = json.loads(os.environ[SETTINGS_VARIABLE])
    raw["trusted_hosts"] = tuple(raw.get("trusted_hosts") or ())
    return create_app(ServeSettings(**raw))


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


async def _on_peacetalks_error(request: Request, err: Exception) -> Response:
    assert isinstance(err, PeacetalksError)  # registered for this class only
    status = api_errors.status_of(err)
    if _is_api(request):
        return api_errors.error_response(status, str(err), type(err).__name__)
    return pages.error_page(request, status, str(err))


async def _on_http_error(request: Request, err: Exception) -> Response:
    assert isinstance(err, HTTPException)  # registered for this class only
    if _is_api(request):
        kind = api_errors.HTTP_TYPES.get(err.status_code, "HTTPError")
        return api_errors.error_response(err.status_code, str(err.detail), kind, err.headers)
    if err.status_code == 401 and request.method == "GET":
        return pages.sign_in_redirect(request)
    return pages.error_page(request, err.status_code, str(err.detail))


async def _on_bad_request(request: Request, err: Exception) -> Response:
    assert isinstance(err, RequestValidationError)  # registered for this class only
    message = api_errors.validation_message(err)
    if _is_api(request):
        return api_errors.error_response(422, message, "BadRequest")
    return pages.error_page(request, 422, message)
