"""Answers to read-only questions kept until the data changes (new documents, facts, reviews).

Views over 10,000 documents take longer to compute than a page may take to serve; the data
version costs four small aggregate queries, so a repeated question is answered from memory.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from sqlalchemy.engine import Connection, Engine

from peacetalks.store.tables import (
    data_changes,
    documents,
    facts,
    reconciled_documents,
    reviews,
)

T = TypeVar("T")
ENTRIES = 256


def data_version(engine: Engine) -> tuple[Any, ...]:
    """Changes whenever documents are added, re-dated, reconciled or reviewed.

    Counts, not timestamps: max(ingested_at) scans every document row (17 ms at 10,000
    documents), the counts read small indexes. A re-dated document changes no count once
    reconciled again, so its write adds a row to `data_changes`, counted too. A count, not a
    maximum id: PostgreSQL hands out ids before commit, so a later id can land first. A full
    re-reconciliation that gives the same number of facts is assumed to give the same facts
    (reconciliation is deterministic). One statement, sent as it is: read on every request,
    where five compiled ones cost ~0.5 ms.
    """
    with engine.connect() as connection:
        return tuple(connection.exec_driver_sql(_VERSION).one())


_VERSION = "SELECT " + ", ".join(
    [
        f"(SELECT count(*) FROM {t.name})"
        for t in (documents, reconciled_documents, facts, data_changes)
    ]
    + [f"(SELECT max(id) FROM {reviews.name})"]
)


def note_change(connection: Connection, what: str) -> None:
    """Count a write the data version's other counts cannot see (`what`: e.g. "redate"), in
    the writer's transaction, so readers see the row and the data together."""
    at = dt.datetime.now(dt.UTC)
    connection.execute(data_changes.insert().values(what=what, at=at))


class AnswerCache:
    """A small LRU of answers, each valid for one data version of one engine."""

    def __init__(self, engine: Engine, entries: int = ENTRIES) -> None:
        self.engine = engine
        self.entries = entries
        self._answers: OrderedDict[Hashable, tuple[tuple[Any, ...], Any]] = OrderedDict()
        self._lock = threading.Lock()
        # One lock per (key, version) being computed: twenty requests for the same stale view
        # wait for one computation instead of making twenty (what a data change brought on).
        self._computing: dict[tuple[Hashable, tuple[Any, ...]], threading.Lock] = {}

    def get(
        self, key: Hashable, compute: Callable[[], T], version: tuple[Any, ...] | None = None
    ) -> T:
        """The cached answer for `key` at the current data version (`version` when the caller
        read it already, e.g. once per request), computed when missing."""
        if version is None:
            version = data_version(self.engine)
        found = self._cached(key, version)
        if found is not None:
            return cast(T, found[0])
        with self._lock:
            flight = self._computing.setdefault((key, version), threading.Lock())
        try:
            with flight:
                found = self._cached(key, version)  # another request computed it meanwhile
                if found is not None:
                    return cast(T, found[0])
                answer = compute()
                with self._lock:
                    self._answers[key] = (version, answer)
                    self._answers.move_to_end(key)
                    while len(self._answers) > self.entries:
                        self._answers.popitem(last=False)
                return answer
        finally:
            with self._lock:
                self._computing.pop((key, version), None)

    def _cached(self, key: Hashable, version: tuple[Any, ...]) -> tuple[Any] | None:
        """(answer,) when `key` is held at `version`, else None."""
        with self._lock:
            found = self._answers.get(key)
            if found is not None and found[0] == version:
                self._answers.move_to_end(key)
                return (found[1],)
        return None
