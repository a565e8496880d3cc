"""What the served app keeps on `app.state`: the store it serves and its cache of answers.

One home for both, read by the web pages, the JSON API and sign-in alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from starlette.requests import Request

from peacetalks.store import SqlStore
from peacetalks.store.cache import AnswerCache, data_version

T = TypeVar("T")


def store_of(request: Request) -> SqlStore:
    """The store the app serves."""
    store: SqlStore = request.app.state.store
    return store


def cached(request: Request, key: Hashable, compute: Callable[[], T]) -> T:
    """The app's cached answer to `key` (recomputed when the data changed). The data version
    is read once per request, however many answers the request looks up."""
    answers: AnswerCache = request.app.state.answers
    version = getattr(request.state, "data_version", None)
    if version is None:
        version = data_version(answers.engine)
        request.state.data_version = version
    return answers.get(key, compute, version)
