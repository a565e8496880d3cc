"""HTTP hardening in front of every route: security headers, request size limits, safe links.

Plain ASGI middleware, so that it covers what FastAPI's routes do not see: static files, the
API docs, and errors raised before a route runs.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Pages load nothing but their own stylesheet and scripts (queue.js); inline scripts and
# handlers never run. Inline *styles* are allowed: bar charts set widths in style attributes.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000")
# No legitimate URL here comes near this (filters are short); a long one only costs work.
MAX_QUERY_BYTES = 8192
# Forms and API bodies hold a review at most: fields of 500 characters, a note of 2,000.
MAX_BODY_BYTES = 64 * 1024


def safe_url(url: object) -> str | None:
    """The URL when it is an http(s) link, else None: stored URLs are not trusted as links."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


class SecurityHeaders:
    """Adds the security headers to every HTTP response (a route may set its own CSP)."""

    def __init__(self, app: ASGIApp, *, https_only: bool = False) -> None:
        self.app = app
        self.headers = (*HEADERS, HSTS) if https_only else HEADERS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in self.headers if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLimits:
    """Refuses an over-long query string (414) or request body (413) before any route runs."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_query: int = MAX_QUERY_BYTES,
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        self.app = app
        self.max_query = max_query
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_query:
            too_long = f"The query string is longer than {self.max_query:,} bytes; shorten it."
            await _refuse(scope, send, 414, too_long)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _refuse(scope, send, 413, self._too_big())
            return
        # Read the body here (it is small by now), so that a body sent without a length (chunked)
        # is held to the same limit.
        body = bytearray()
        while True:
            part = await receive()
            if part["type"] == "http.disconnect":
                return
            body += part.get("body", b"")
            if len(body) > self.max_body:
                await _refuse(scope, send, 413, self._too_big())
                return
            if not part.get("more_body", False):
                break
        await self.app(scope, _replay(bytes(body), receive), send)

    def _too_big(self) -> str:
        return f"The request body is larger than {self.max_body:,} bytes."


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # what comes after the body: a disconnect
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """The error as the API's JSON for /api, as plain text elsewhere."""
    path = str(scope.get("path", ""))
    if path.startswith("/api"):
        kinds = {413: "RequestTooLarge", 414: "URITooLong"}
        body = json.dumps({"error": message, "type": kinds[status]}).encode()
        media = b"application/json"
    else:
        body = message.encode()
        media = b"text/plain; charset=utf-8"
    headers = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
