"""Batch files: requests written in the OpenAI Batch API's input format, its output read back.

`prepare` writes one request per document part (`custom_id` = document id and part number,
`method`, `url`, `body`); a batch service, or a model run on another machine, answers them;
`collect` reads the output file (`custom_id` with `response.body` holding a chat completion,
or `error`) into the answer cache under the same keys a live run would use, so that the
offline pipeline grounds them exactly as it grounds live answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from peacetalks.llm.client import LlmSettings, request_body
from peacetalks.llm.prompt import Prompt
from peacetalks.llm.stage import AnswerCache, Part, request_key, split_parts
from peacetalks.model import Document
from peacetalks.store.answers import StoredAnswer

BATCH_URL = "/v1/chat/completions"


def custom_id(doc: Document, part: Part) -> str:
    """The id of one part's request: the document's content id and the part's number."""
    return f"{doc.id}-{part.index}"


def batch_requests(
    docs: Iterable[Document], settings: LlmSettings, prompt: Prompt
) -> Iterator[dict[str, Any]]:
    """One Batch API input line (as an object) per part of each document."""
    for doc in docs:
        for part in split_parts(doc.text, settings.chunk_chars):
            messages = _messages(doc, part, prompt)
            yield {
                "custom_id": custom_id(doc, part),
                "method": "POST",
                "url": BATCH_URL,
                "body": request_body(settings, messages),
            }


def _messages(doc: Document, part: Part, prompt: Prompt) -> list[dict[str, Any]]:
    published = doc.published.isoformat() if doc.published else None
    return prompt.messages(text=part.text, title=doc.title, published=published)


@dataclass(slots=True)
class BatchOutput:
    """Answers of a batch output file by custom_id, and the lines that held none."""

    answers: dict[str, StoredAnswer] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def read_batch_output(lines: Iterable[str], *, name: str = "the output file") -> BatchOutput:
    """The answers of a Batch API output file; an error or a malformed line is a problem."""
    found = BatchOutput()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            entry = json.loads(line)
            key = str(entry["custom_id"])
        except (ValueError, KeyError, TypeError):
            found.problems.append(f"{where}: not a batch output line (JSON with a custom_id)")
            continue
        error = entry.get("error")
        response = entry.get("response") or {}
        if error or response.get("status_code", 200) >= 400:
            message = (error or {}).get("message") if isinstance(error, dict) else error
            status = response.get("status_code")
            found.problems.append(f"{where} ({key}): the request failed ({message or status})")
            continue
        try:
            body = response["body"]
            content = body["choices"][0]["message"]["content"]
            usage = body.get("usage") or {}
        except (KeyError, IndexError, TypeError):
            found.problems.append(f"{where} ({key}): no chat completion in response.body")
            continue
        found.answers[key] = StoredAnswer(
            str(content),
            int(usage.get("prompt_tokens") or 0),
            int(usage.get("completion_tokens") or 0),
        )
    return found


def cache_batch_answers(
    docs: Iterable[Document],
    output: BatchOutput,
    *,
    settings: LlmSettings,
    prompt: Prompt,
    cache: AnswerCache,
) -> tuple[list[Document], int]:
    """Put the output's answers under the keys of the documents' requests.

    Returns the documents (read once, to be extracted next) and how many answers matched.
    """
    kept: list[Document] = []
    matched = 0
    for doc in docs:
        kept.append(doc)
        for part in split_parts(doc.text, settings.chunk_chars):
            answer = output.answers.get(custom_id(doc, part))
            if answer is None:
                continue
            key = request_key(settings, prompt, _messages(doc, part, prompt))
            cache.put(key, answer, model=settings.model, prompt=prompt.version)
            matched += 1
    return kept, matched
