"""The view commands (positions, compare, diff, agreements, discrepancies, timeline, reconcile).

Each parses its options, makes one analysis call and prints a table or JSON; cli.py attaches
them to the `peacetalks` group (VIEW_COMMANDS), so they share its error handling.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console, RenderableType

from peacetalks.analysis import actors, changes, deals, ledger, positions
from peacetalks.analysis.names import names_of
from peacetalks.analysis.reconciliation import ReconcileReport, reconcile_store
from peacetalks.analysis.rounds import rounds as round_list
from peacetalks.store import DEFAULT_DB, SqlStore
from peacetalks.views import tables
from peacetalks.views.report_command import report_command
from peacetalks.views.search_command import search_command
from peacetalks.views.windows import ALL, opened_store, parse_day, view_window


def _view_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table."),
        click.option("--evidence", is_flag=True, help="List the source sentences under the table."),
        click.option(
            "--process",
            help="Only this process (e.g. russia-ukraine: its two main parties, sorted); "
            "'all' for every process. Default: the process with most facts.",
        ),
        click.option("--since", help="Only facts dated on or after YYYY-MM-DD."),
        click.option("--until", help="Only facts dated on or before YYYY-MM-DD."),
        click.option(
            "--db",
            envvar="PEACETALKS_DB",
            default=DEFAULT_DB,
            show_default=True,
            help="Database URL or SQLite file (also PEACETALKS_DB).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _emit(as_json: bool, payload: Any, view: RenderableType) -> None:  # noqa: ANN401 (JSON)
    if as_json:
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        Console().print(view)


@click.command()
@_view_options
def positions_command(
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
) -> None:
    """Issue x party matrix: each party's stances and a summary, compatibility per issue."""
    with opened_store(db) as store:
        table = positions.matrix(store, view_window(store, process, since, until))
        names = names_of(store)
    _emit(as_json, table.to_dict(), tables.positions_view(table, evidence=evidence, names=names))


@click.command()
@click.argument("party_a")
@click.argument("party_b")
@_view_options
def compare_command(
    party_a: str,
    party_b: str,
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
) -> None:
    """Two parties side by side, issue by issue, clashes first."""
    with opened_store(db) as store:
        table = positions.compare(
            store, party_a, party_b, view_window(store, process, since, until)
        )
        names = names_of(store)
    _emit(as_json, table.to_dict(), tables.compare_view(table, evidence=evidence, names=names))


@click.command()
@click.argument("party")
@_view_options
def diff_command(
    party: str,
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
) -> None:
    """What PARTY added, dropped, hardened or softened since --since (required)."""
    start = parse_day(since, "--since")
    if start is None:
        raise click.UsageError("diff needs --since YYYY-MM-DD: the date to compare against.")
    with opened_store(db) as store:
        window = view_window(store, process, None, None)
        found = changes.diff(
            store, party, start, until=parse_day(until, "--until"), process=window.process
        )
        names = names_of(store)
    _emit(as_json, found.to_dict(), tables.diff_view(found, evidence=evidence, names=names))


@click.command()
@_view_options
def agreements_command(
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
) -> None:
    """The agreement ledger: terms, status and history, fulfilment, sources."""
    with opened_store(db) as store:
        lines = ledger.agreements(store, view_window(store, process, since, until))
        names = names_of(store)
    view = tables.agreements_view(lines, evidence=evidence, names=names)
    _emit(as_json, [a.to_dict() for a in lines], view)


@click.command()
@click.argument("actor_id", required=False)
@_view_options
def actor_command(
    actor_id: str | None,
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
) -> None:
    """One actor's page (roles over time, rounds, deals, what they said); without ACTOR_ID,
    the list of actors. Every process unless --process is given."""
    with opened_store(db) as store:
        window = view_window(store, process or ALL, since, until)
        names = names_of(store)
        if actor_id is None:
            found = actors.actors(store)
            _emit(as_json, [a.to_dict() for a in found], tables.actors_view(found, names=names))
            return
        page = actors.actor_page(store, actor_id, window)
    _emit(as_json, page.to_dict(), tables.actor_view(page, evidence=evidence, names=names))


@click.command()
@_view_options
def deals_command(
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
) -> None:
    """Deals: each agreement as signed or announced, its provisions and how far each went."""
    with opened_store(db) as store:
        found = deals.deals(store, view_window(store, process, since, until))
        names = names_of(store)
    view = tables.deals_view(found, evidence=evidence, names=names)
    _emit(as_json, [d.to_dict() for d in found], view)


@click.command()
@_view_options
@click.option(
    "--all",
    "include_consistent",
    is_flag=True,
    help="Also list figures that agree once normalised, with the reading that reconciles them.",
)
def discrepancies_command(
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
    include_consistent: bool,
) -> None:
    """Figures and durations the sources disagree on, with each value and who gave it."""
    with opened_store(db) as store:
        window = view_window(store, process, since, until)
        lines = ledger.discrepancies(store, window, include_consistent=include_consistent)
    view = tables.discrepancies_view(lines, evidence=evidence)
    _emit(as_json, [d.to_dict() for d in lines], view)


@click.command()
@_view_options
def timeline_command(
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
) -> None:
    """Meetings, calls, exchanges and agreement milestones in date order, with sources."""
    with opened_store(db) as store:
        entries = ledger.timeline(store, view_window(store, process, since, until))
    _emit(as_json, [e.to_dict() for e in entries], tables.timeline_view(entries, evidence=evidence))


@click.command()
@_view_options
def rounds_command(
    as_json: bool,
    evidence: bool,
    process: str | None,
    since: str | None,
    until: str | None,
    db: str,
) -> None:
    """Who sat at the table: each round's venue, sides, hosts, mediators and delegations."""
    del evidence  # the people of a round are their evidence; --evidence adds nothing here
    with opened_store(db) as store:
        found = round_list(store, view_window(store, process, since, until))
        names = names_of(store)
    _emit(as_json, [r.to_dict() for r in found], tables.rounds_view(found, names=names))


@click.command()
@click.option("--full", is_flag=True, help="Rebuild every fact, not only the new documents'.")
@click.option(
    "--db",
    envvar="PEACETALKS_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="Database URL or SQLite file (also PEACETALKS_DB).",
)
def reconcile_command(full: bool, db: str) -> None:
    """Reconcile stored documents into facts (ingest does this after every run)."""
    with opened_store(db) as store:
        report = reconcile_store(store, full=full)
    click.echo(describe(report), err=True)


def describe(report: ReconcileReport) -> str:
    """One line on what a reconciliation run did."""
    how = "in full" if report.full else "incrementally"
    return (
        f"Reconciled {report.documents} document(s) {how}: {report.blocks} block(s), "
        f"{report.facts} fact(s) written in {report.seconds:.2f} s."
    )


def reconcile_after_ingest(store: SqlStore, *, full: bool = False) -> ReconcileReport:
    """Ingest's last step: the new documents' facts (incremental; all after a re-dating)."""
    return reconcile_store(store, full=full)


def print_picture(db: str, *, width: int | None = None) -> None:
    """The demo's short picture: discrepancies, agreements and the positions matrix."""
    console = Console(width=width)
    with opened_store(db) as store:
        window = view_window(store, None, None, None)
        names = names_of(store)
        console.print(tables.discrepancies_view(ledger.discrepancies(store, window)))
        console.print(tables.agreements_view(ledger.agreements(store, window), names=names))
        console.print(tables.positions_view(positions.matrix(store, window), names=names))


VIEW_COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ("positions", positions_command),
    ("rounds", rounds_command),
    ("compare", compare_command),
    ("diff", diff_command),
    ("agreements", agreements_command),
    ("deals", deals_command),
    ("actor", actor_command),
    ("discrepancies", discrepancies_command),
    ("timeline", timeline_command),
    ("reconcile", reconcile_command),
    ("report", report_command),
    ("search", search_command),
)
