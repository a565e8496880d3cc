"""What the served app keeps on `app.state`: the store it serves and its cache of answers.

One home for both, read by the web pages, the JSON API and sign-in alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from starlette.requests import Request

from peacetalks.analysis.positions import (
    Matrix,
    PositionLine,
    Window,
    compare,
    matrix,
    position_lines,
)
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


def position_lines_of(request: Request, window: Window) -> list[PositionLine]:
    """The window's position lines as pages and the API show them (from the facts' digests),
    computed once per data version and shared by every view that needs them."""
    store = store_of(request)
    return cached(request, ("lines", window), lambda: position_lines(store, window, headline=True))


def matrix_of(request: Request, window: Window, parties: tuple[str, ...] = ()) -> Matrix:
    """The issue x party matrix of the window, from the shared position lines."""
    store = store_of(request)
    return cached(
        request,
        ("matrix", window, parties),
        lambda: matrix(store, window, parties=parties, lines=position_lines_of(request, window)),
    )


def compare_of(request: Request, a: str, b: str, window: Window) -> Matrix:
    """Two parties compared over the window, from the shared position lines."""
    store = store_of(request)
    return cached(
        request,
        ("compare", a, b, window),
        lambda: compare(store, a, b, window, lines=position_lines_of(request, window)),
    )
