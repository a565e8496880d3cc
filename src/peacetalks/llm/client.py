"""The client of an OpenAI-compatible chat server: structured output, fallbacks, retries.

Requests go to `POST {url}/chat/completions`. The answer is asked for under the JSON schema
(`response_format: json_schema`); a server that refuses that is asked in JSON mode, then with
no response format, and the answer is checked by the caller either way. 429 and 5xx answers,
timeouts and dropped connections are retried with exponential backoff (a `Retry-After` header
wins); 401/403 and 404 stop the run with the fix. The API key goes in a header and nowhere
else: it is never logged, cached or stored.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from peacetalks.errors import PeacetalksError
from peacetalks.llm.prompt import DEFAULT_PROMPT, SCHEMA_NAME, answer_schema

try:
    import httpx
except ImportError:  # pragma: no cover - the llm extra is missing; LlmClient explains
    httpx = None  # type: ignore[assignment]

log = logging.getLogger("peacetalks.llm")
Mode = Literal["json_schema", "json_object", "none"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "none")
RETRIED = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
REFUSED_FORMAT = frozenset({400, 415, 422, 501})


class LlmUnavailable(PeacetalksError):
    """The model server cannot serve this run at all (bad key, URL or model; unreachable)."""


class LlmAnswerFailed(PeacetalksError):
    """No usable answer for one document after the retries: that document is skipped."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LlmSettings:
    """How to reach the model and how to ask it (--llm-* options)."""

    url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    prompt: str = DEFAULT_PROMPT
    temperature: float = 0.0
    max_tokens: int = 8192
    timeout: float = 180.0  # seconds per request; a long answer on a CPU server is slow
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubled each time (capped at 60)
    concurrency: int = 4
    chunk_chars: int = 12_000  # a part of a long document: ~3,000 tokens of English
    price_in: float | None = None  # per million prompt tokens
    price_out: float | None = None  # per million completion tokens

    def params(self) -> dict[str, Any]:
        """The request parameters that change an answer (they are part of the cache key)."""
        return {"temperature": self.temperature, "max_tokens": self.max_tokens}

    @property
    def endpoint(self) -> str:
        """Where chat completions are posted."""
        return self.url.rstrip("/") + "/chat/completions"


@dataclass(frozen=True, slots=True)
class Completion:
    """One answer: the message content, the tokens it cost, the output mode that worked."""

    content: str
    prompt_tokens: int
    completion_tokens: int
    mode: Mode


class ChatClient:
    """Posts chat requests to one server; safe to share between threads."""

    def __init__(self, settings: LlmSettings, *, transport: Any = None) -> None:  # noqa: ANN401
        if httpx is None:
            raise LlmUnavailable(
                "The llm backend needs httpx and rapidfuzz: "
                "python3 -m pip install 'peacetalks[llm]'"
            )
        self.settings = settings
        headers = {"Content-Type": "application/json"}
        if settings.api_key:
            headers["Authorization"] = f"Bearer {settings.api_key}"
        self._http = httpx.Client(
            headers=headers, timeout=settings.timeout, transport=transport, trust_env=False
        )
        self._mode_index = 0  # the first output mode the server has not refused
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def complete(self, messages: list[dict[str, Any]]) -> Completion:
        """The model's answer to `messages`, in the most structured mode the server accepts."""
        while True:
            with self._lock:
                mode = MODES[self._mode_index]
            response = self._post(request_body(self.settings, messages, mode))
            if response.status_code in REFUSED_FORMAT and mode != "none":
                self._step_down(mode, response)
                continue
            _raise_for_status(response, self.settings)
            return _completion(response, mode, self.settings)

    def _step_down(self, mode: Mode, response: Any) -> None:  # noqa: ANN401
        with self._lock:
            if MODES[self._mode_index] == mode:
                self._mode_index += 1
                log.info(
                    "The server refused response_format %s (HTTP %s); asking in %s mode",
                    mode,
                    response.status_code,
                    MODES[self._mode_index],
                )

    def _post(self, body: dict[str, Any]) -> Any:  # noqa: ANN401 (an httpx.Response)
        """POST with retries on 429, 5xx, timeouts and dropped connections."""
        settings = self.settings
        attempt = 0
        while True:
            response: Any = None
            try:
                response = self._http.post(settings.endpoint, json=body)
            except httpx.TimeoutException as err:
                problem = f"no answer within {settings.timeout:g} s ({type(err).__name__})"
            except httpx.TransportError as err:
                problem = f"cannot reach {settings.endpoint} ({type(err).__name__}: {err})"
                if attempt >= settings.retries and isinstance(err, httpx.ConnectError):
                    raise LlmUnavailable(
                        f"Cannot reach the model server: {problem}.\n  Start the server, or "
                        "fix --llm-url (the OpenAI-style base, e.g. http://127.0.0.1:8080/v1)."
                    ) from err
            else:
                if response.status_code not in RETRIED:
                    return response
                problem = f"HTTP {response.status_code}"
            if attempt >= settings.retries:
                hint = " Lower --llm-concurrency." if "429" in problem else ""
                raise LlmAnswerFailed(
                    f"The model server failed {attempt + 1} times: {problem}.{hint}"
                )
            delay = _retry_delay(response, settings.backoff, attempt)
            log.info("Retrying in %.1f s after %s", delay, problem)
            time.sleep(delay)
            attempt += 1


def request_body(
    settings: LlmSettings, messages: list[dict[str, Any]], mode: Mode = "json_schema"
) -> dict[str, Any]:
    """The body of a chat completion request asking for the answer in `mode`."""
    body: dict[str, Any] = {"model": settings.model, "messages": messages, **settings.params()}
    if mode == "json_schema":
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": answer_schema()},
        }
    elif mode == "json_object":
        body["response_format"] = {"type": "json_object"}
    return body


def _retry_delay(response: Any, backoff: float, attempt: int) -> float:  # noqa: ANN401
    if response is not None:
        after = response.headers.get("retry-after")
        if after is not None:
            try:
                delay: float = min(float(str(after)), 120.0)
                return delay
            except ValueError:
                pass  # an HTTP date: fall back to our own backoff
    return min(backoff * 2.0**attempt, 60.0) * (1 + random.random() / 4)


def _raise_for_status(response: Any, settings: LlmSettings) -> None:  # noqa: ANN401
    status = response.status_code
    if status < 400:
        return
    said = _error_message(response)
    if status in (401, 403):
        raise LlmUnavailable(
            f"The model server refused the request (HTTP {status}: {said}).\n  Set "
            "PEACETALKS_LLM_API_KEY to a key the server accepts (local servers need none)."
        )
    if status == 404:
        raise LlmUnavailable(
            f"Not found at {settings.endpoint} (HTTP 404: {said}).\n  --llm-url must be the "
            "OpenAI-style base that /chat/completions is appended to (e.g. "
            f"http://127.0.0.1:8080/v1), and --llm-model ({settings.model!r}) a model the "
            "server serves."
        )
    raise LlmAnswerFailed(f"The model server answered HTTP {status}: {said}")


def _error_message(response: Any) -> str:  # noqa: ANN401
    try:
        found = response.json()
    except ValueError:
        return response.text[:200] or "no message"
    error = found.get("error") if isinstance(found, dict) else None
    if isinstance(error, dict):
        return str(error.get("message", error))[:200]
    return str(error or found)[:200]


def _completion(response: Any, mode: Mode, settings: LlmSettings) -> Completion:  # noqa: ANN401
    try:
        body = response.json()
        content = body["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as err:
        raise LlmAnswerFailed(
            f"The answer from {settings.endpoint} is not a chat completion ({err!r})"
        ) from err
    if not isinstance(content, str):
        raise LlmAnswerFailed("The chat completion holds no message content")
    usage = body.get("usage") or {}
    return Completion(
        content=content,
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
        mode=mode,
    )


def parse_answer(content: str) -> dict[str, Any]:
    """The JSON object of an answer; models in free mode sometimes wrap it in a code fence."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    found = json.loads(text)
    if not isinstance(found, dict):
        raise ValueError(f"a JSON {type(found).__name__}, not an object")
    return found
