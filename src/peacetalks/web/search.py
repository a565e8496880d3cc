"""The search page: documents and items ranked by relevance, snippets with the matches
marked, a count for each filter value among the matches (a link adding that filter), pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response

from peacetalks.analysis.names import Names
from peacetalks.errors import BadValue
from peacetalks.served import cached, store_of
from peacetalks.store.documents import StoredItem
from peacetalks.store.search import Snippet, search
from peacetalks.store.search_filters import SearchFilter
from peacetalks.web.pages import Reader, render

PAGE_SIZE = 20  # per list: documents and items page together
router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/search")
def search_page(
    request: Request,
    _reader: Reader,
    q: Annotated[str, Query(max_length=500)] = "",
    process: Text = None,
    kind: Text = None,
    party: Text = None,
    issue: Text = None,
    stance: Text = None,
    review: Text = None,
    since: Text = None,
    until: Text = None,
    outlet: Text = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Documents and items matching the words typed, most relevant first, then newest."""
    rules = SearchFilter(
        process=process or None,
        kind=kind or None,
        party=party or None,
        issue=issue or None,
        stance=stance or None,
        review=review or None,
        since=_date(since, "since"),
        until=_date(until, "until"),
        outlet=outlet or None,
    )
    typed = q.strip()
    engine = store_of(request).engine
    # Kept per data version: the facets count the whole window, which costs the most.
    found = (
        cached(request, ("search", typed, rules, PAGE_SIZE, offset, True),
               lambda: search(engine, typed, rules, limit=PAGE_SIZE, offset=offset,
                              with_facets=True))
        if typed
        else None
    )  # fmt: skip
    active = rules.params()

    def link(**changed: str | None) -> str:
        kept = {"q": typed, **active, **changed}
        return "/search?" + urlencode({k: v for k, v in kept.items() if v})

    total = max(found.documents.total, found.items.total) if found else 0
    more = bool(found and (found.documents.more or found.items.more))
    return render(
        request,
        "search.html",
        f"Search: {typed}" if typed else "Search",
        q=typed,
        found=found,
        active=active,
        rules=rules,
        with_filter=lambda name, value: link(**{name: value}),
        without=lambda name: link(**{name: None}),
        page_url=lambda at: link(offset=str(at) if at else None),
        total=total,
        more=more,
        limit=PAGE_SIZE,
        offset=offset,
        marked=marked,
        label=item_title,
    )


def _date(value: str | None, name: str) -> dt.date | None:
    """A date from the form: its date fields send an empty value when left blank."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise BadValue(name, value, "a date YYYY-MM-DD, e.g. 2025-06-02") from err


def marked(snippet: Snippet) -> Markup:
    """The snippet as HTML: every piece escaped (article text is data), matches in <mark>."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(piece) if is_match else escape(piece)
        for piece, is_match in snippet.parts()
    )


def item_title(item: StoredItem, names: Names) -> str:
    """One line saying what an item states, actors and issues by name."""
    payload: Mapping[str, Any] = item.payload
    issue = names.issue(payload.get("issue"))
    if item.kind == "positions":
        summary = f": {payload['summary']}" if payload.get("summary") else ""
        return f"{names.actor(payload.get('holder'))} {payload.get('stance')}s on {issue}{summary}"
    if item.kind == "agreements":
        terms = payload.get("terms") or {}
        formula = f" ({terms['formula']})" if terms.get("formula") else ""
        parties = names.actor_list(payload.get("parties"))
        return f"{parties} — {issue}{formula}, {payload.get('status')}"
    if item.kind == "figures":
        unit = f" {payload['unit']}" if payload.get("unit") else ""
        return f"{_number(payload.get('value'))}{unit} — {issue}"
    if item.kind == "events":
        place = f" in {payload['place']}" if payload.get("place") else ""
        who = names.actor_list(payload.get("participants"))
        when = payload.get("date") or "undated"
        return f"{payload.get('type')} {when}{place}: {who}".rstrip(": ")
    return item.kind


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int | float) else str(value)
