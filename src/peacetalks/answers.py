"""Answers shared by the web pages and the JSON API: the position lines of a window,
computed once per data version, and the matrix and comparisons built from them."""

from __future__ import annotations

from starlette.requests import Request

from peacetalks.analysis.positions import (
    Matrix,
    PositionLine,
    Window,
    compare,
    matrix,
    position_lines,
)
from peacetalks.served import cached, store_of


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
