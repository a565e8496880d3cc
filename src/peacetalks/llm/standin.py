"""A stand-in for an OpenAI-compatible model server, on 127.0.0.1, for tests and benchmarks.

It speaks real HTTP: `POST /v1/chat/completions` gets whatever the `reply` function returns
for the request's JSON body (a status, a JSON or text body, headers). `chat_reply` makes the
usual completion body. The gold model answers each document with its gold record, the way
a model following the prompt would, to measure grounding and plumbing without a model.
"""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from peacetalks.llm.grounding import fold
from peacetalks.llm.prompt import read_document_message

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Reply:
    """What the stand-in sends back: a status, a body (JSON or text) and headers."""

    status: int = 200
    body: JSON | str = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)


def chat_reply(content: str, *, prompt_tokens: int = 100, completion_tokens: int = 50) -> Reply:
    """A successful chat completion whose message is `content`."""
    return Reply(
        200,
        {
            "id": "chatcmpl-standin",
            "object": "chat.completion",
            "model": "standin",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        },
    )


def error_reply(status: int, message: str, **headers: str) -> Reply:
    """An error in the OpenAI shape."""
    return Reply(status, {"error": {"message": message, "type": "standin"}}, headers)


class StandIn:
    """The server, started on a free port of 127.0.0.1; use it as a context manager.

    `requests` holds every request body received, in order (tests count calls with it).
    """

    def __init__(self, reply: Callable[[JSON], Reply]) -> None:
        self.reply = reply
        self.requests: list[JSON] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The OpenAI-style base URL to give --llm-url."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, body: JSON, headers: dict[str, str]) -> Reply:
        """Note the request, then reply as scripted."""
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
        return self.reply(body)


def _handler(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(error_reply(404, f"no route {self.path}"))
                return
            try:
                body = json.loads(raw)
            except ValueError:
                self._send(error_reply(400, "the body is not JSON"))
                return
            self._send(standin.answer(body, dict(self.headers.items())))

        def _send(self, reply: Reply) -> None:
            if isinstance(reply.body, str):
                payload, kind = reply.body.encode(), "text/plain"
            else:
                payload, kind = json.dumps(reply.body).encode(), "application/json"
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: object) -> None:
            del format, args  # quiet: tests read the requests, not a log

    return Handler


def document_of(body: JSON) -> JSON:
    """The document a request asks about (its last user message, as the prompt wrote it)."""
    return read_document_message(body["messages"][-1]["content"])


class GoldModel:
    """Answers a document with its gold record, quotes perturbed, one invented item added.

    `golds` are peacetalks/1 records. A request is answered with the record most of whose
    quotes are in the requested text, keeping the items quoted there. The perturbation is what
    a model does when it copies: whitespace, straight or curly quote marks and letter case
    changed. The invented item quotes a sentence in no document; grounding must drop it.
    """

    def __init__(self, golds: Iterable[JSON], *, seed: int = 7) -> None:
        self.golds = [(gold, _quotes_of(gold)) for gold in golds]
        self.seed = seed

    def __call__(self, body: JSON) -> Reply:
        part = fold(document_of(body)["text"])
        gold, quotes = max(self.golds, key=lambda g: sum(q in part for q in g[1]))
        if not any(q in part for q in quotes):
            return error_reply(400, "stand-in: no gold for this document")
        return chat_reply(json.dumps(self.answer(gold, part)))

    def answer(self, gold: JSON, part: str) -> JSON:
        """The gold record's items quoted in `part` (folded text), as a model would write them."""
        rng = random.Random(f"{self.seed}:{gold.get('document', {}).get('id')}:{len(part)}")
        out: JSON = {"actors": list(gold.get("actors", []))}
        for kind in ("events", "positions", "agreements", "figures"):
            items = []
            for item in gold.get(kind, []):
                quotes = [
                    {"text": perturb(e["text"], rng)}
                    for e in item.get("evidence", [])
                    if fold(e["text"]) in part
                ]
                if quotes:
                    items.append({**item, "evidence": quotes})
            out[kind] = items
        out["positions"] = [*out["positions"], invented_position()]
        return out


def _quotes_of(gold: JSON) -> list[str]:
    return [
        fold(e["text"])
        for kind in ("events", "positions", "agreements", "figures")
        for item in gold.get(kind, [])
        for e in item.get("evidence", [])
        if e.get("text")
    ]


def perturb(quote: str, rng: random.Random) -> str:
    """A copy of a quote with changed whitespace, quote marks and case."""
    text = quote.replace(" ", "  ", 1) if rng.random() < 0.5 else quote.replace(" ", "\n", 1)
    text = text.replace('"', "\u201c").replace("'", "\u2019") if rng.random() < 0.5 else text
    if rng.random() < 0.5 and text:
        text = text[0].swapcase() + text[1:]
    return text


def invented_position() -> JSON:
    """An item whose quote is in no document (a model's invention, or an obeyed injection)."""
    return {
        "holder": "ukraine",
        "issue": "territory",
        "stance": "accept",
        "summary": "all of the other side's demands",
        "targets": [],
        "addressee": None,
        "as_of": None,
        "evidence": [{"text": "Ukraine accepted every one of the demands put to it in full."}],
    }
