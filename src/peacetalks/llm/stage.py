"""The llm stage: each part of a document asked of the model (or found in the cache), grounded.

A long document is split at paragraphs into parts of about `chunk_chars`, each part starting
with the last paragraph of the one before, so an item across a break is seen whole once; the
parts' items are merged. Answers come from the cache when the same request was answered
before; a new answer is kept only when it is a JSON object.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from peacetalks.llm.answer import ActorNames, AnswerContext, Tally, merge_claims, read_answer
from peacetalks.llm.client import ChatClient, LlmAnswerFailed, LlmSettings, parse_answer
from peacetalks.llm.grounding import FoldedText
from peacetalks.llm.prompt import Prompt
from peacetalks.model import Claim, ClaimSet, Document
from peacetalks.store.answers import StoredAnswer

STAGE = "peacetalks.llm.v1"
KINDS = ("events", "positions", "agreements", "figures")
ANSWER_TRIES = 2  # a model that wrote broken JSON once is asked once more
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class AnswerCache(Protocol):
    """Where answers are kept between runs (store.AnswerStore, store.MemoryAnswers)."""

    def get(self, key: str) -> StoredAnswer | None: ...
    def put(self, key: str, answer: StoredAnswer, *, model: str, prompt: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Part:
    """A stretch of a document sent as one request."""

    index: int
    start: int
    text: str


@dataclass(slots=True)
class Usage:
    """Requests and tokens over a run, shared by threads."""

    requests: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, answer: StoredAnswer, *, cached: bool) -> None:
        """Count one answer, asked or found in the cache."""
        with self._lock:
            if cached:
                self.cached += 1
                return
            self.requests += 1
            self.prompt_tokens += answer.prompt_tokens
            self.completion_tokens += answer.completion_tokens


def split_parts(text: str, size: int) -> list[Part]:
    """Parts of at most about `size` characters, cut between paragraphs, overlapping by one."""
    if len(text) <= size:
        return [Part(0, 0, text)]
    pieces = list(_pieces(text, size))
    parts: list[Part] = []
    first = 0
    while first < len(pieces):
        last = first
        while last + 1 < len(pieces) and pieces[last + 1][1] - pieces[first][0] <= size:
            last += 1
        start, end = pieces[first][0], pieces[last][1]
        parts.append(Part(len(parts), start, text[start:end]))
        if last + 1 >= len(pieces):
            break
        first = last if last > first else last + 1  # the last paragraph opens the next part
    return parts


def _pieces(text: str, size: int) -> Iterator[tuple[int, int]]:
    """Paragraphs as (start, end); one longer than `size` is cut between sentences."""
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match is not None else len(text)
        if end > start:
            yield from _cut(text, start, end, size)
        if match is not None:
            start = match.end()


def _cut(text: str, start: int, end: int, size: int) -> Iterator[tuple[int, int]]:
    while end - start > size:
        breaks = [m.start() for m in _SENTENCE_END.finditer(text, start, start + size)]
        cut = breaks[-1] if breaks and breaks[-1] > start else start + size
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def request_key(settings: LlmSettings, prompt: Prompt, messages: list[dict[str, Any]]) -> str:
    """The cache key: the document part's message, the model, prompt version, parameters."""
    content = hashlib.sha256(messages[-1]["content"].encode("utf-8")).hexdigest()
    deciding = {
        "content": content,
        "model": settings.model,
        "prompt": prompt.version,
        "params": settings.params(),
    }
    return hashlib.sha256(json.dumps(deciding, sort_keys=True).encode()).hexdigest()


@dataclass(slots=True)
class LlmStage:
    """The pipeline stage of the llm backend (one per run: it holds the client and tallies)."""

    settings: LlmSettings
    prompt: Prompt
    names: ActorNames
    cache: AnswerCache
    client: ChatClient | None  # None: answers only from the cache (llm collect)
    kinds: frozenset[str] = frozenset(KINDS)
    tally: Tally = field(default_factory=Tally)
    usage: Usage = field(default_factory=Usage)
    name: str = STAGE
    requires: frozenset[str] = frozenset()

    @property
    def provides(self) -> frozenset[str]:
        """The kinds the model decides, and the actors it names."""
        return frozenset({"actor", *(k[:-1] for k in self.kinds)})

    def __call__(self, doc: Document, found: ClaimSet) -> list[Claim]:
        del found  # the model reads the text itself
        folded = FoldedText(doc.text)
        claims: list[Claim] = []
        rule = f"{self.settings.model}, prompt v{self.prompt.version}"
        for part in split_parts(doc.text, self.settings.chunk_chars):
            answer = self.answer(doc, part)
            context = AnswerContext(
                doc=doc,
                folded=folded,
                names=self.names,
                kinds=self.kinds,
                stage=self.name,
                rule=rule,
                near=part.start,
            )
            part_claims, tally = read_answer(answer, context)
            claims.extend(part_claims)
            self.tally.add(tally)
        return merge_claims(claims)

    def messages(self, doc: Document, part: Part) -> list[dict[str, Any]]:
        """The request for one part of a document."""
        published = doc.published.isoformat() if doc.published else None
        return self.prompt.messages(text=part.text, title=doc.title, published=published)

    def answer(self, doc: Document, part: Part) -> dict[str, Any]:
        """The model's answer for one part: from the cache, else asked (and then kept)."""
        messages = self.messages(doc, part)
        key = request_key(self.settings, self.prompt, messages)
        kept = self.cache.get(key)
        if kept is not None:
            try:
                answer = parse_answer(kept.content)
            except ValueError:
                pass  # kept by an older version that checked less: ask again
            else:
                self.usage.add(kept, cached=True)
                return answer
        if self.client is None:
            raise LlmAnswerFailed(
                f"No answer for part {part.index + 1} of {doc.path or doc.id} in the batch "
                "output: run 'peacetalks llm prepare' on the same documents and send its requests"
            )
        problem = ""
        for _ in range(ANSWER_TRIES):
            completion = self.client.complete(messages)
            got = StoredAnswer(
                completion.content, completion.prompt_tokens, completion.completion_tokens
            )
            self.usage.add(got, cached=False)
            try:
                answer = parse_answer(completion.content)
            except ValueError as err:
                problem = f"{err}; it began {completion.content[:60]!r}"
                continue
            self.cache.put(key, got, model=self.settings.model, prompt=self.prompt.version)
            return answer
        raise LlmAnswerFailed(
            f"The model's answer for {doc.path or doc.id} is not a JSON object ({problem})"
        )
