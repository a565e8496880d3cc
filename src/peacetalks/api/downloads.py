"""Downloads: any GET of the JSON API as a file, CSV or JSON, with the same filters.

`?format=csv` turns the answer into a CSV table; `?download=1` sends the JSON as a file. A paged
answer (`entries`, `next`) is followed to its last page, so a download holds every entry the
filters select, not one page. The conversion sits in front of the app as ASGI middleware: the
view code is the API's own, so a download always equals the API's answer for the same query.

Tables: a page of entries gives one row per entry; the matrix (`/api/positions`,
`/api/compare`) one row per issue and party; a diff one row per change. Nested members are
flattened: a list of plain values joined with "; ", anything else written as JSON. Cells are
made safe for spreadsheets (exports.safe_cell: no formulas, no control characters).
"""

from __future__ import annotations

import io
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from peacetalks.exports import write_rows_csv

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]

MAX_PAGES = 2_000  # at 500 entries a page: a million rows, then the download stops


class Downloads:
    """ASGI middleware: `format=csv` or `download=1` on a GET of /api/... (see module doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        asked = dict(query)
        fmt = asked.get("format")
        if fmt != "csv" and asked.get("download") not in ("1", "true"):
            await self.app(scope, receive, send)
            return
        rest = [(k, v) for k, v in query if k not in ("format", "download")]
        if fmt == "csv" or asked.get("download"):
            rest = [(k, v) for k, v in rest if k != "limit"] + [("limit", "500")]
        status, headers, body = await self._get(scope, rest)
        if status != 200:
            await _send(send, status, headers, body)
            return
        answer = json.loads(body)
        pages = 1
        while isinstance(answer, dict) and answer.get("next") and pages < MAX_PAGES:
            following = parse_qsl(urlsplit(str(answer["next"])).query, keep_blank_values=True)
            status, headers, body = await self._get(scope, following)
            if status != 200:
                await _send(send, status, headers, body)
                return
            more = json.loads(body)
            answer["entries"] = [*answer["entries"], *more.get("entries", [])]
            answer["next"] = more.get("next")
            pages += 1
        if isinstance(answer, dict) and "entries" in answer:
            answer["offset"], answer["limit"] = 0, len(answer["entries"])
        name = scope["path"].removeprefix("/api/").replace("/", "-") or "answer"
        if fmt == "csv":
            out = io.StringIO()
            write_rows_csv(rows_of(answer), out)
            data, kind, suffix = out.getvalue().encode("utf-8"), "text/csv; charset=utf-8", "csv"
        else:
            data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            kind, suffix = "application/json", "json"
        extra = [
            (b"content-type", kind.encode()),
            (b"content-disposition", f'attachment; filename="{_safe(name)}.{suffix}"'.encode()),
        ]
        await _send(send, 200, extra, data)

    async def _get(self, scope: Scope, query: list[tuple[str, str]]) -> tuple[int, Headers, bytes]:
        inner = dict(scope)
        inner["query_string"] = urlencode(query).encode("latin-1")
        status: int = 500
        headers: Headers = []
        chunks: list[bytes] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(inner, receive, capture)
        return status, headers, b"".join(chunks)


def rows_of(answer: Any) -> list[dict[str, Any]]:  # noqa: ANN401 (any JSON answer)
    """The table of an API answer (see the module docstring)."""
    if isinstance(answer, list):
        return [flat(a) if isinstance(a, dict) else {"value": a} for a in answer]
    if not isinstance(answer, dict):
        return [{"value": answer}]
    if "entries" in answer:
        return [flat(e) for e in answer["entries"]]
    if "rows" in answer and "parties" in answer:  # the matrix
        return [
            flat({"issue": row["issue"], "compatibility": row["compatibility"], "party": party,
                  **{k: v for k, v in cell.items() if k not in ("party", "issue")}})
            for row in answer["rows"]
            for party, cell in row["cells"].items()
        ]  # fmt: skip
    if "changes" in answer:  # a diff
        return [flat({"party": answer.get("party"), **c}) for c in answer["changes"]]
    return [flat(answer)]


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """Lists of plain values joined with '; ', other nested values as JSON."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
            out[name] = "; ".join(str(v) for v in value)
        elif isinstance(value, dict | list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:80]


async def _send(send: Send, status: int, headers: Headers, body: bytes) -> None:
    kept = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    kept.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": kept})
    await send({"type": "http.response.body", "body": body})
