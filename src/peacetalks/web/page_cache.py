"""Whole answers to anonymous readers, kept until the data changes.

Pages and API answers are the same for every anonymous reader of one URL at one data version
(no session, no token: nothing personal in them), and rendering them costs most of a request
once the views are cached. So an anonymous GET that got a 200 without setting a cookie is kept
(body and headers) under its host, path and query; the next anonymous reader of that URL at
the same data version gets the bytes. A request with a cookie or an Authorization header is
never answered from here, nor stored: a signed-in reader's page names them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ENTRIES = 512
MAX_BODY = 2_000_000  # bytes: a larger answer (a long download) is not kept
_PERSONAL = (b"cookie", b"authorization")
# Static files are served as they are; the sign-in form sets a cookie.
_NOT_KEPT = ("/static", "/signin")


class AnonymousPageCache:
    """ASGI middleware: see the module docstring. `version` tells the data version."""

    def __init__(
        self, app: ASGIApp, version: Callable[[], tuple[Any, ...]], entries: int = ENTRIES
    ) -> None:
        self.app = app
        self.version = version
        self.entries = entries
        self._kept: OrderedDict[tuple[bytes, ...], tuple[tuple[Any, ...], Message, bytes]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or any(name in headers for name in _PERSONAL)
            or scope["path"].startswith(_NOT_KEPT)
        ):
            await self.app(scope, receive, send)
            return
        key = (
            headers.get(b"host", b""),
            scope["path"].encode("utf-8", "surrogateescape"),
            scope.get("query_string", b""),
        )
        version = self.version()
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] == version:
                self._kept.move_to_end(key)
        if found is not None and found[0] == version:
            _, start, body = found
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        start_message: Message | None = None
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start_message, keep
            if message["type"] == "http.response.start":
                start_message = message
                names = {name.lower() for name, _ in message.get("headers", [])}
                keep = message["status"] == 200 and b"set-cookie" not in names
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                keep = sum(len(c) for c in chunks) <= MAX_BODY
            await send(message)

        await self.app(scope, receive, capture)
        if keep and start_message is not None:
            with self._lock:
                self._kept[key] = (version, start_message, b"".join(chunks))
                self._kept.move_to_end(key)
                while len(self._kept) > self.entries:
                    self._kept.popitem(last=False)
