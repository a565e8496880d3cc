"""JSON twins of the picture pages: matrix, compare, diff, timeline, agreements, discrepancies.

Filters match the CLI's (`--process`, `--since`, `--until`); lists are paginated.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from starlette.requests import Request

from peacetalks.analysis.actors import actor_page, actors
from peacetalks.analysis.changes import diff
from peacetalks.analysis.deals import deals
from peacetalks.analysis.ledger import agreements, discrepancies, timeline
from peacetalks.analysis.positions import Matrix, Window
from peacetalks.analysis.rounds import rounds
from peacetalks.answers import compare_of, matrix_of
from peacetalks.api.errors import ERRORS
from peacetalks.api.schemas import page_of
from peacetalks.auth import require_reader
from peacetalks.model.record import Issue, Stance
from peacetalks.served import cached, store_of
from peacetalks.store.documents import Page
from peacetalks.store.facts import processes

router = APIRouter(prefix="/api", responses=ERRORS, tags=["views"])
Reader = Annotated[str | None, Depends(require_reader)]
Process = Annotated[str | None, Query(max_length=64, description="Process slug, as --process.")]
Since = Annotated[dt.date | None, Query(description="From this date (YYYY-MM-DD), as --since.")]
Until = Annotated[dt.date | None, Query(description="Up to this date, as --until.")]
Party = Annotated[str, Query(min_length=1, max_length=64, description="An actor id.")]
PartyFilter = Annotated[
    str | None, Query(max_length=64, description="Only facts naming this actor id as a party.")
]
IssueFilter = Annotated[Issue | None, Query(description="Only facts on this issue.")]
StanceFilter = Annotated[Stance | None, Query(description="Only positions of this stance.")]
ReviewFilter = Annotated[
    Literal["unreviewed", "confirmed", "corrected", "rejected"] | None,
    Query(description="Only facts in this review state."),
]
OutletFilter = Annotated[
    str | None, Query(max_length=200, description="Only facts with a source from this outlet.")
]
Limit = Annotated[int, Query(ge=1, le=500)]


def list_window(
    process: Process = None,
    since: Since = None,
    until: Until = None,
    party: PartyFilter = None,
    issue: IssueFilter = None,
    stance: StanceFilter = None,
    review: ReviewFilter = None,
    outlet: OutletFilter = None,
) -> Window:
    """The facts a list reads: process, dates and the list filters, as query parameters."""
    return Window(
        process=process, since=since, until=until, party=party, issue=issue, stance=stance,
        review=review, outlet=outlet,
    )  # fmt: skip


ListWindow = Annotated[Window, Depends(list_window)]

Offset = Annotated[int, Query(ge=0, le=10_000_000)]
T = TypeVar("T")


class EntryPage(BaseModel):
    """A page of view entries (each entry's members as in the CLI's --json)."""

    entries: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    next: str | None


class MatrixOut(BaseModel):
    """The issue x party matrix: parties, and per issue each party's cell and compatibility."""

    process: str | None
    parties: list[str]
    rows: list[dict[str, Any]]
    limit: int | None = None
    offset: int | None = None


CellLimit = Annotated[
    int,
    Query(
        ge=1,
        le=500,
        description="Positions shown per cell (each cell says how many it holds in "
        "positions_total); page with offset, narrow with issue or parties.",
    ),
]


def _cells_paged(table: Matrix, limit: int, offset: int) -> dict[str, Any]:
    """The matrix as JSON with each cell's positions cut to one page: an answer stays small
    however many positions a cell gathers."""
    answer = table.to_dict()
    for row in answer["rows"]:
        for cell in row["cells"].values():
            cell["positions_total"] = len(cell["positions"])
            cell["positions"] = cell["positions"][offset : offset + limit]
    return {**answer, "limit": limit, "offset": offset}


class DiffOut(BaseModel):
    """What a party added, dropped, hardened or softened."""

    party: str
    since: str
    until: str | None
    changes: list[dict[str, Any]]


class ProcessOut(BaseModel):
    """A process and how many facts it has."""

    process: str
    facts: int


def _page(request: Request, entries: list[Any], limit: int, offset: int) -> dict[str, Any]:
    shown = entries[offset : offset + limit]
    page = Page(shown, len(entries), limit, offset)
    return page_of(request, page, [entry.to_dict() for entry in shown])


@router.get("/processes", response_model=list[ProcessOut])
def process_list(request: Request, _reader: Reader) -> list[dict[str, Any]]:
    """Every process slug with its number of facts."""
    found = cached(request, ("processes",), lambda: processes(store_of(request).engine))
    return [{"process": slug, "facts": n} for slug, n in found]


@router.get("/positions", response_model=MatrixOut)
def positions(
    request: Request,
    _reader: Reader,
    process: Process = None,
    since: Since = None,
    until: Until = None,
    issue: IssueFilter = None,
    stance: StanceFilter = None,
    review: ReviewFilter = None,
    outlet: OutletFilter = None,
    parties: Annotated[list[str] | None, Query(max_length=20)] = None,
    limit: CellLimit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The issue x party matrix (parties default to the two holding most positions); each
    cell holds one page of its positions, most confident first."""
    window = Window(
        process=process,
        since=since,
        until=until,
        issue=issue,
        stance=stance,
        review=review,
        outlet=outlet,
    )
    return _cells_paged(matrix_of(request, window, tuple(parties or ())), limit, offset)


@router.get("/compare", response_model=MatrixOut)
def compare_parties(
    request: Request,
    _reader: Reader,
    a: Party,
    b: Party,
    process: Process = None,
    since: Since = None,
    until: Until = None,
    limit: CellLimit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Two parties side by side by issue, clashes first; cells paged as in /positions."""
    window = Window(process=process, since=since, until=until)
    return _cells_paged(compare_of(request, a, b, window), limit, offset)


@router.get("/diff", response_model=DiffOut)
def party_diff(
    request: Request,
    _reader: Reader,
    party: Party,
    since: Annotated[dt.date, Query(description="Changes after this date, as --since.")],
    until: Until = None,
    process: Process = None,
) -> dict[str, Any]:
    """What the party added, dropped, hardened or softened after `since`."""
    found = cached(
        request,
        ("diff", party, since, until, process),
        lambda: diff(store_of(request), party, since, until=until, process=process),
    )
    return found.to_dict()


@router.get("/timeline", response_model=EntryPage)
def timeline_entries(
    request: Request,
    _reader: Reader,
    window: ListWindow,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events and agreement milestones in date order."""
    found = cached(
        request, ("timeline", window), lambda: timeline(store_of(request), window, headline=True)
    )
    return _page(request, found, limit, offset)


@router.get("/agreements", response_model=EntryPage)
def agreement_ledger(
    request: Request,
    _reader: Reader,
    window: ListWindow,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The agreement ledger: terms, status, history, fulfilment, sources."""
    found = cached(
        request,
        ("agreements", window),
        lambda: agreements(store_of(request), window, headline=True),
    )
    return _page(request, found, limit, offset)


@router.get("/actors", response_model=EntryPage)
def actor_list(
    request: Request, _reader: Reader, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    """Every actor the record names (id, name, type, party, roles, documents), most named first."""
    found = cached(request, ("actors",), lambda: actors(store_of(request)))
    return _page(request, found, limit, offset)


@router.get("/actors/{actor_id}")
def actor_detail(
    request: Request,
    actor_id: str,
    _reader: Reader,
    process: Process = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """One actor: roles over time with when the sources gave them, rounds attended and as
    what, deals made, signed, mediated or guaranteed, and what they said (positions held, or
    for a person, positions in sentences naming them). 404 with close matches if unknown."""
    window = Window(process=process, since=since, until=until)
    page = cached(
        request,
        ("actor", actor_id, window),
        lambda: actor_page(store_of(request), actor_id, window),
    )
    return page.to_dict()


@router.get("/deals", response_model=EntryPage)
def deal_list(
    request: Request,
    _reader: Reader,
    window: ListWindow,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Deals: name, date, stage, signatories, mediators, guarantors, and each provision with
    its status, history, fulfilment and the exchanges carried out under it."""
    found = cached(
        request, ("deals", window), lambda: deals(store_of(request), window, headline=True)
    )
    return _page(request, found, limit, offset)


@router.get("/discrepancies", response_model=EntryPage)
def discrepancy_list(
    request: Request,
    _reader: Reader,
    window: ListWindow,
    consistent: Annotated[
        bool, Query(description="Also figures consistent once normalised.")
    ] = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Quantities the sources disagree on, each value with who gave it."""
    found = cached(
        request,
        ("discrepancies", window, consistent),
        lambda: discrepancies(
            store_of(request), window, include_consistent=consistent, headline=True
        ),
    )
    return _page(request, found, limit, offset)


@router.get("/rounds", response_model=EntryPage)
def round_list(
    request: Request,
    _reader: Reader,
    window: ListWindow,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Rounds of talks in date order: venue, participants, hosts, mediators, delegations."""
    found = cached(request, ("rounds", window), lambda: rounds(store_of(request), window))
    return _page(request, found, limit, offset)
