"""Pages of the whole picture: positions matrix, compare, diff, timeline, agreements, discrepancies.

Each page makes the same `analysis/` call as its /api twin (through the app's answer cache)
and renders it; every fact links to its page, every position to its source sentences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query
from starlette.requests import Request
from starlette.responses import Response

from peacetalks.analysis.actors import actor_page, actors
from peacetalks.analysis.changes import diff
from peacetalks.analysis.deals import deals
from peacetalks.analysis.ledger import agreements, discrepancies, timeline
from peacetalks.analysis.positions import Window, matrix, position_lines
from peacetalks.analysis.rounds import rounds
from peacetalks.answers import compare_of, matrix_of, position_lines_of
from peacetalks.auth import require_reader
from peacetalks.model.record import ISSUES, STANCES
from peacetalks.served import cached, store_of
from peacetalks.store import SqlStore
from peacetalks.store.cache import AnswerCache
from peacetalks.store.documents import DocumentFilter, list_documents, publishers
from peacetalks.store.facts import processes
from peacetalks.web.chart import timeline_chart
from peacetalks.web.pages import Since, Until, render

router = APIRouter(include_in_schema=False)
Reader = Annotated[str | None, Depends(require_reader)]
T = TypeVar("T")


def warm_up(answers: AnswerCache, store: SqlStore) -> None:
    """Compute the default views once, so that the first visitors do not wait for them.

    Keys as the pages and the API use them; at 10,000 documents the matrix takes ~10 s cold.
    """
    window = Window()
    answers.get(("processes",), lambda: processes(store.engine))
    lines = answers.get(("lines", window), lambda: position_lines(store, window, headline=True))
    answers.get(("matrix", window, ()), lambda: matrix(store, window, lines=lines))
    entries = answers.get(("timeline", window), lambda: timeline(store, window, headline=True))
    answers.get(("timeline-chart", window), lambda: timeline_chart(entries))
    answers.get(("agreements", window), lambda: agreements(store, window, headline=True))
    answers.get(
        ("discrepancies", window, False), lambda: discrepancies(store, window, headline=True)
    )
    answers.get(("deals", window), lambda: deals(store, window, headline=True))
    answers.get(("rounds", window), lambda: rounds(store, window))


_REVIEWS = ("unreviewed", "confirmed", "corrected", "rejected")


def window_of(
    process: str | None,
    since: dt.date | None,
    until: dt.date | None,
    request: Request | None = None,
) -> Window:
    """The facts a view reads: a process and a date range, and (from the request's query) the
    list filters: party, issue, stance, review state, outlet. A value outside its list is
    ignored, as an empty one is."""
    asked = request.query_params if request is not None else {}

    def one(name: str, allowed: tuple[str, ...] | None = None) -> str | None:
        value = str(asked.get(name) or "").strip()[:200]
        return value if value and (allowed is None or value in allowed) else None

    return Window(
        process=process or None,
        since=since,
        until=until,
        party=one("party"),
        issue=one("issue", ISSUES),
        stance=one("stance", STANCES),
        review=one("review", _REVIEWS),
        outlet=one("outlet"),
    )


def facets(entries: list[Any]) -> dict[str, list[tuple[str, int]]]:
    """Counts of the values the list's entries hold, per filter: issue, party, stance, review
    state, outlet (most frequent first), for the filter form."""
    counts: dict[str, dict[str, int]] = {k: {} for k in ("issue", "party", "stance", "review",
                                                          "outlet")}  # fmt: skip

    def add(name: str, value: object) -> None:
        if value:
            counts[name][str(value)] = counts[name].get(str(value), 0) + 1

    for entry in entries:
        add("issue", getattr(entry, "issue", None))
        add("stance", getattr(entry, "stance", None))
        for party in {getattr(entry, "holder", None), *(getattr(entry, "parties", None) or ()),
                      *(getattr(entry, "participants", None) or ())}:  # fmt: skip
            add("party", party)
        if hasattr(entry, "review"):
            add("review", str(entry.review or "unreviewed").split(" ")[0])
        for outlet in getattr(entry, "outlets", None) or ():
            add("outlet", outlet)
    return {
        name: sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        for name, found in counts.items()
        if found
    }


def _filters(request: Request, window: Window, **extra: Any) -> dict[str, Any]:  # noqa: ANN401
    store = store_of(request)
    return {
        "window": window,
        "processes": cached(request, ("processes",), lambda: processes(store.engine)),
        **extra,
    }


LIST_PAGE = 100


def _query(window: Window, **more: object) -> str:
    """The query string of a window plus more parameters (empty values left out)."""
    pairs = {"process": window.process, "since": window.since, "until": window.until, **more}
    return urlencode({k: v for k, v in pairs.items() if v not in (None, "")})


def _cell_query(window: Window) -> Callable[[Any], str]:
    return lambda cell: _query(window, issue=cell.issue, party=cell.party)


def _paged(request: Request, entries: list[Any], offset: int, window: Window) -> dict[str, Any]:
    """One page of a long list, and the links to its neighbours."""
    extra = {k: v for k, v in request.query_params.items() if k not in ("offset",)}

    def page_url(at: int) -> str:
        return "?" + urlencode({**extra, "offset": at})

    return {
        "shown": entries[offset : offset + LIST_PAGE],
        "total": len(entries),
        "offset": offset,
        "limit": LIST_PAGE,
        "page_url": page_url,
        # Counted once per list and data version, not on every page of it.
        "facets": cached(request, ("facets", request.url.path, window), lambda: facets(entries)),
    }


def holders(request: Request, window: Window) -> list[str]:
    """Every party holding a position in the window, most positions first."""
    lines = position_lines_of(request, window)
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.holder] = counts.get(line.holder, 0) + 1
    return sorted(counts, key=lambda p: (-counts[p], p))


@router.get("/")
def overview_page(request: Request, _reader: Reader) -> Response:
    """Processes, parties, counts, the latest documents and discrepancies."""
    store = store_of(request)
    window = window_of(None, None, None)
    conflicts = cached(
        request,
        ("discrepancies", window, False),
        lambda: discrepancies(store, window, headline=True),
    )
    parties = holders(request, window)
    return render(
        request,
        "overview.html",
        "Overview",
        counts=cached(request, ("counts",), store.counts),
        publishers=cached(request, ("publishers",), lambda: publishers(store.engine))[:12],
        page=cached(
            request, ("newest",), lambda: list_documents(store.engine, DocumentFilter(), limit=10)
        ),
        parties=parties[:12],
        discrepancies=conflicts[:5],
        discrepancy_count=len(conflicts),
        **_filters(request, window),
    )


@router.get("/positions")
def positions_page(
    request: Request,
    _reader: Reader,
    process: str | None = None,
    since: Since = None,
    until: Until = None,
    parties: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """The issue x party matrix coloured by compatibility; each cell opens its facts."""
    window = window_of(process, since, until, request)
    chosen = tuple(p for p in parties or () if p)
    found = matrix_of(request, window, chosen)
    return render(
        request,
        "positions.html",
        "Positions",
        matrix=found,
        parties_known=holders(request, window),
        cell_query=_cell_query(window),
        **_filters(request, window),
    )


@router.get("/positions/cell")
def cell_page(
    request: Request,
    _reader: Reader,
    issue: str,
    party: str,
    process: str | None = None,
    since: Since = None,
    until: Until = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Every position of one party on one issue, with its source sentences."""
    window = window_of(process, since, until, request)
    lines = position_lines_of(request, window)
    mine = [line for line in lines if line.holder == party and line.issue == issue]
    mine.sort(key=lambda p: (-p.sources, p.key))

    def page_query(at: int) -> str:
        return _query(window, issue=issue, party=party, offset=at)

    return render(
        request,
        "cell_page.html",
        f"{party} on {issue}",
        party=party,
        issue=issue,
        positions=mine[offset : offset + LIST_PAGE],
        total=len(mine),
        offset=offset,
        limit=LIST_PAGE,
        page_query=page_query,
        back_query=_query(window),
    )


@router.get("/compare")
def compare_page(
    request: Request,
    _reader: Reader,
    a: str = "",
    b: str = "",
    process: str | None = None,
    since: Since = None,
    until: Until = None,
) -> Response:
    """Two parties side by side, issue by issue, clashes first."""
    window = window_of(process, since, until, request)
    known = holders(request, window)
    a = a or (known[0] if known else "")
    b = b or (known[1] if len(known) > 1 else "")
    found = compare_of(request, a, b, window)
    return render(
        request,
        "compare.html",
        "Compare",
        matrix=found,
        a=a,
        b=b,
        parties_known=known,
        cell_query=_cell_query(window),
        **_filters(request, window),
    )


@router.get("/diff")
def diff_page(
    request: Request,
    _reader: Reader,
    party: str = "",
    since: Since = None,
    until: Until = None,
    process: str | None = None,
) -> Response:
    """What a party added, dropped, hardened or softened between two dates."""
    store = store_of(request)
    window = window_of(process, None, None)
    known = holders(request, window)
    party = party or (known[0] if known else "")
    start = since or dt.date(2022, 1, 1)
    found = cached(
        request,
        ("diff", party, start, until, window.process),
        lambda: diff(store, party, start, until=until, process=window.process),
    )
    return render(
        request,
        "diff.html",
        "Diff",
        found=found,
        party=party,
        since=start,
        until=until,
        parties_known=known,
        **_filters(request, window),
    )


@router.get("/timeline")
def timeline_page(
    request: Request,
    _reader: Reader,
    process: str | None = None,
    since: Since = None,
    until: Until = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Rounds, calls, exchanges and agreement milestones in order, with a chart."""
    store = store_of(request)
    window = window_of(process, since, until, request)
    entries = cached(request, ("timeline", window), lambda: timeline(store, window, headline=True))
    chart = cached(request, ("timeline-chart", window), lambda: timeline_chart(entries))
    return render(
        request,
        "timeline.html",
        "Timeline",
        chart=chart,
        **_paged(request, entries, offset, window),
        **_filters(request, window),
    )


@router.get("/rounds")
def rounds_page(
    request: Request,
    _reader: Reader,
    process: str | None = None,
    since: Since = None,
    until: Until = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Who sat at the table: each round with its delegations, hosts, mediators and venue."""
    store = store_of(request)
    window = window_of(process, since, until, request)
    entries = cached(request, ("rounds", window), lambda: rounds(store, window))
    return render(
        request,
        "rounds.html",
        "Rounds",
        **_paged(request, entries, offset, window),
        **_filters(request, window),
    )


@router.get("/actors")
def actors_page(
    request: Request, _reader: Reader, offset: Annotated[int, Query(ge=0)] = 0
) -> Response:
    """Every actor the record names: states, groups, organisations and people."""
    store = store_of(request)
    found = cached(request, ("actors",), lambda: actors(store))
    window = window_of(None, None, None)
    return render(request, "actors.html", "Actors", **_paged(request, found, offset, window))


@router.get("/actors/{actor_id}")
def actor_page_view(
    request: Request,
    actor_id: str,
    _reader: Reader,
    process: str | None = None,
    since: Since = None,
    until: Until = None,
) -> Response:
    """One actor: roles over time, rounds attended, deals, and what they said."""
    store = store_of(request)
    window = window_of(process, since, until, request)
    page = cached(request, ("actor", actor_id, window), lambda: actor_page(store, actor_id, window))
    return render(request, "actor.html", page.actor.name, page=page, **_filters(request, window))


@router.get("/agreements")
def agreements_page(
    request: Request,
    _reader: Reader,
    process: str | None = None,
    since: Since = None,
    until: Until = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The agreement ledger: terms, status and history, fulfilment, sources."""
    store = store_of(request)
    window = window_of(process, since, until, request)
    lines = cached(
        request, ("agreements", window), lambda: agreements(store, window, headline=True)
    )
    return render(
        request,
        "agreements.html",
        "Agreements",
        **_paged(request, lines, offset, window),
        **_filters(request, window),
    )


@router.get("/deals")
def deals_page(
    request: Request,
    _reader: Reader,
    process: str | None = None,
    since: Since = None,
    until: Until = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Deals: each agreement as signed or announced, with its provisions and their fulfilment."""
    store = store_of(request)
    window = window_of(process, since, until, request)
    found = cached(request, ("deals", window), lambda: deals(store, window, headline=True))
    return render(
        request,
        "deals.html",
        "Deals",
        **_paged(request, found, offset, window),
        **_filters(request, window),
    )


@router.get("/discrepancies")
def discrepancies_page(
    request: Request,
    _reader: Reader,
    process: str | None = None,
    since: Since = None,
    until: Until = None,
    consistent: bool = False,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Quantities the sources disagree on, each value with the sources that gave it."""
    store = store_of(request)
    window = window_of(process, since, until, request)
    lines = cached(
        request,
        ("discrepancies", window, consistent),
        lambda: discrepancies(store, window, include_consistent=consistent, headline=True),
    )
    return render(
        request,
        "discrepancies.html",
        "Discrepancies",
        consistent=consistent,
        **_paged(request, lines, offset, window),
        **_filters(request, window),
    )
