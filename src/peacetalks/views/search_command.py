"""The search command: stored documents and items matching words, most relevant first."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from peacetalks.analysis.names import Names, names_of
from peacetalks.model.record import ISSUES, STANCES
from peacetalks.store import DEFAULT_DB
from peacetalks.store.documents import Page
from peacetalks.store.search import SearchResults, Snippet, search
from peacetalks.store.search_filters import KINDS, REVIEWS, SearchFilter
from peacetalks.views.windows import opened_store, parse_day


@click.command()
@click.argument("words", nargs=-1, required=True)
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    help="A document kind (its documents and their items) or an item kind (those items, and "
    "the documents holding one).",
)
@click.option("--process", help="Only this process (e.g. russia-ukraine).")
@click.option("--party", help="Only items naming this actor id as holder, party or participant.")
@click.option("--issue", type=click.Choice(ISSUES), help="Only items on this issue.")
@click.option("--stance", type=click.Choice(STANCES), help="Only positions of this stance.")
@click.option(
    "--review", type=click.Choice(REVIEWS), help="Only items whose fact is in this review state."
)
@click.option("--since", help="Only documents published on or after YYYY-MM-DD.")
@click.option("--until", help="Only documents published on or before YYYY-MM-DD.")
@click.option("--outlet", help="Only documents of this publisher.")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True,
              help="Documents and items to show, each.")  # fmt: skip
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many of each.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option(
    "--db",
    envvar="PEACETALKS_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="Database URL or SQLite file (also PEACETALKS_DB).",
)
def search_command(
    words: tuple[str, ...],
    kind: str | None,
    process: str | None,
    party: str | None,
    issue: str | None,
    stance: str | None,
    review: str | None,
    since: str | None,
    until: str | None,
    outlet: str | None,
    limit: int,
    offset: int,
    as_json: bool,
    db: str,
) -> None:
    """Search stored documents and items for WORDS: all must appear (in any form:
    "negotiations" finds "negotiating"); "words in quotes" make a phrase; OR between two
    words finds either; a last word ending in * finds any word starting so. Most relevant
    first, then newest; snippets show the matches."""
    rules = SearchFilter(
        process=process, kind=kind, party=party, issue=issue, stance=stance, review=review,
        since=parse_day(since, "--since"), until=parse_day(until, "--until"), outlet=outlet,
    )  # fmt: skip
    typed = " ".join(words)
    with opened_store(db) as store:
        found = search(store.engine, typed, rules, limit=limit, offset=offset)
        names = names_of(store) if not as_json else Names({})
    if as_json:
        click.echo(json.dumps(results_json(found), indent=2, ensure_ascii=False))
    elif found.message:
        click.echo(found.message, err=True)
    else:
        Console().print(search_view(found, names=names))


def results_json(found: SearchResults) -> dict[str, object]:
    """The API's answer, without its page links."""
    return {
        "query": found.typed,
        "message": found.message,
        "documents": {
            "total": found.documents.total,
            "more": found.documents.more,
            "entries": [hit.to_dict() for hit in found.documents.entries],
        },
        "items": {
            "total": found.items.total,
            "more": found.items.more,
            "entries": [hit.to_dict() for hit in found.items.entries],
        },
    }


def search_view(found: SearchResults, *, names: Names) -> RenderableType:
    """Two tables: the documents, then the items, each with its snippet."""
    docs = _table(f"Documents: {_total(found.documents)} match {escape(repr(found.typed))}")
    docs.add_column("published", no_wrap=True, width=10)
    docs.add_column("document", overflow="fold", ratio=2)
    docs.add_column("match", overflow="fold", ratio=3)
    for hit in found.documents.entries:
        line = hit.line
        where = Text.assemble(
            (line.title, "bold"), "\n", (line.publisher or "unknown outlet", "dim")
        )
        docs.add_row(_day(line.published), where, snippet_text(hit.snippet))
    found_items = _table(f"Items: {_total(found.items)} match {escape(repr(found.typed))}")
    found_items.add_column("kind", no_wrap=True, width=10)
    found_items.add_column("match", overflow="fold", ratio=3)
    found_items.add_column("document", overflow="fold", ratio=2)
    for item_hit in found.items.entries:
        doc = item_hit.document
        where = Text.assemble(
            doc.title, "\n", (f"{doc.publisher or 'unknown outlet'}, {_day(doc.published)}", "dim")
        )
        item = item_hit.item
        what = Text.assemble(_about(item.kind, item.payload, names), "\n")
        what.append_text(snippet_text(item_hit.snippet))
        found_items.add_row(escape(item.kind), what, where)
    shown: list[RenderableType] = []
    for listed, page, noun in (
        (docs, found.documents, "documents"),
        (found_items, found.items, "items"),
    ):
        if page.entries:
            shown.append(listed)
        else:
            after = f" from number {page.offset + 1} on ({page.total} in all)" if page.total else ""
            shown.append(Text(f"No {noun} match {found.typed!r}{after}.", style="dim"))
    if found.window:
        shown.append(
            Text(
                f"Ranked among the newest {found.window} matches of each list; a filter or a "
                "phrase reaches older ones, and so does --offset.",
                style="dim",
            )
        )
    return Group(*shown)


def _total(page: Page[Any]) -> str:
    return f"{page.total}+" if page.more else str(page.total)


def snippet_text(snippet: Snippet) -> Text:
    """The snippet with its matches in bold; document text is never read as markup."""
    return Text.assemble(*((piece, "bold yellow" if hit else "") for piece, hit in snippet.parts()))


def _about(kind: str, payload: dict[str, object], names: Names) -> tuple[str, str]:
    issue = names.issue(str(payload["issue"])) if payload.get("issue") else ""
    if kind == "positions":
        holder = names.actor(str(payload.get("holder") or ""))
        return f"{holder} {payload.get('stance')}s on {issue}", "italic"
    if kind == "agreements":
        parties = payload.get("parties")
        who = names.actor_list([str(p) for p in parties] if isinstance(parties, list) else [])
        return f"{who}: {issue}, {payload.get('status')}", "italic"
    if kind == "events":
        return f"{payload.get('type')} {payload.get('date') or 'undated'}", "italic"
    return issue, "italic"


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", expand=False, show_lines=True)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "undated"
