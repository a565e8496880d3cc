"""Answers of a large language model by request key: the llm backend's cache in the store.

The key is a hash of what decides an answer (the document part, the model, the prompt's
version, the request parameters), so a re-run over the same documents costs no call and a
new prompt or model asks again. The API key is no part of it and is never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Integer, String, Table, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from peacetalks.store.tables import metadata

llm_answers = Table(
    "llm_answers",
    metadata,
    Column("key", String(64), primary_key=True),  # sha256 of the request's deciding parts
    Column("model", Text, nullable=False),
    Column("prompt", String(32), nullable=False),  # the prompt's version
    Column("content", Text, nullable=False),  # the model's message, as it came
    Column("prompt_tokens", Integer, nullable=False),
    Column("completion_tokens", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """A model's answer to one request and what it cost."""

    content: str
    prompt_tokens: int = 0
    completion_tokens: int = 0


class AnswerStore:
    """The answers kept in one database; safe to share between threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, key: str) -> StoredAnswer | None:
        """The answer kept under `key`, if any."""
        query = select(
            llm_answers.c.content, llm_answers.c.prompt_tokens, llm_answers.c.completion_tokens
        ).where(llm_answers.c.key == key)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else StoredAnswer(row[0], int(row[1]), int(row[2]))

    def put(self, key: str, answer: StoredAnswer, *, model: str, prompt: str) -> None:
        """Keep an answer; one already kept under the key (a concurrent run's) stays."""
        row = {
            "key": key,
            "model": model,
            "prompt": prompt,
            "content": answer.content,
            "prompt_tokens": answer.prompt_tokens,
            "completion_tokens": answer.completion_tokens,
            "created_at": dt.datetime.now(dt.UTC),
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(llm_answers.insert(), [row])
        except IntegrityError:
            pass  # the same request answered by another run meanwhile


class MemoryAnswers:
    """Answers kept in memory only (extract without a database, tests)."""

    def __init__(self) -> None:
        self._answers: dict[str, StoredAnswer] = {}

    def get(self, key: str) -> StoredAnswer | None:
        """The answer kept under `key`, if any."""
        return self._answers.get(key)

    def put(self, key: str, answer: StoredAnswer, *, model: str, prompt: str) -> None:
        """Keep an answer."""
        del model, prompt
        self._answers.setdefault(key, answer)
