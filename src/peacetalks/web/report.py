"""The report page: a process's briefing in the browser, and the same briefing to download.

/report shows the standalone HTML report (the file `peacetalks report --format html` writes)
under a bar with the site's navigation, the filters and the download links; the bar is never
printed. /report/download returns the file itself as an attachment, byte for byte what the
CLI writes for the same filters on the same day.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from jinja2 import Environment
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from peacetalks.analysis.names import names_of
from peacetalks.errors import BadValue
from peacetalks.report import FORMATS, MEDIA_TYPES, Format, Report, build_report, has_browser
from peacetalks.report import render as render_file
from peacetalks.report.render import render_html
from peacetalks.served import cached, store_of
from peacetalks.store import SqlStore
from peacetalks.store.facts import processes
from peacetalks.views.windows import ALL, view_window
from peacetalks.web.pages import NAV, Since, Until
from peacetalks.web.views import Reader

router = APIRouter(include_in_schema=False)
ProcessParam = Annotated[str | None, Query(max_length=200)]
EXTENSIONS: dict[Format, str] = {"html": "html", "md": "md", "pdf": "pdf"}

_TOOLBAR = Environment(autoescape=True).from_string(
    """<div class="toolbar">
<nav aria-label="Site">{% for href, label in nav %}<a href="{{ href }}"\
{% if href == '/report' %} aria-current="page"{% endif %}>{{ label }}</a>{% endfor %}</nav>
<form method="get" action="/report">
<label>Process <select name="process">{% for slug, name in choices %}<option value="{{ slug }}"\
{% if slug == chosen %} selected{% endif %}>{{ name }}</option>{% endfor %}</select></label>
<label>Since <input type="date" name="since" value="{{ since or '' }}"></label>
<label>Until <input type="date" name="until" value="{{ until or '' }}"></label>
<button type="submit">Show</button>
<span class="downloads">Download: {% for label, format in downloads %}\
<a href="/report/download?{{ query(format) }}" download>{{ label }}</a>{% if not loop.last %} · \
{% endif %}{% endfor %}</span>
</form>
</div>"""
)


@router.get("/report")
def report_page(
    request: Request,
    _reader: Reader,
    process: ProcessParam = None,
    since: Since = None,
    until: Until = None,
) -> Response:
    """The briefing of a process (default: the one with most facts) with its charts."""
    store = store_of(request)
    report = _report(request, store, process, since, until)
    html = render_html(report, toolbar=_toolbar(request, store, report))
    return HTMLResponse(html, headers={"Cache-Control": "private, no-store"})


@router.get("/report/download")
def report_download(
    request: Request,
    _reader: Reader,
    format_: Annotated[str, Query(alias="format", max_length=10)] = "html",
    process: ProcessParam = None,
    since: Since = None,
    until: Until = None,
) -> Response:
    """The briefing as a file: html, md, or pdf (when Chromium is installed here)."""
    if format_ not in FORMATS:
        raise BadValue("format", format_, f"one of: {', '.join(FORMATS)}")
    chosen: Format = format_
    store = store_of(request)
    report = _report(request, store, process, since, until)
    raw = render_file(report, chosen)
    name = f"peacetalks-report-{report.process or ALL}-{report.generated}.{EXTENSIONS[chosen]}"
    return Response(
        raw,
        media_type=MEDIA_TYPES[chosen],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )


def _report(
    request: Request,
    store: SqlStore,
    process: str | None,
    since: dt.date | None,
    until: dt.date | None,
) -> Report:
    """The report the filters ask for, as the CLI builds it (the busiest process by default)."""
    window = view_window(store, process or None, _iso(since), _iso(until))
    today = dt.date.today()
    return cached(
        request, ("report", window, today), lambda: build_report(store, window, today=today)
    )


def _toolbar(request: Request, store: SqlStore, report: Report) -> Markup:
    names = cached(request, ("names",), lambda: names_of(store))
    known = cached(request, ("processes",), lambda: processes(store.engine))
    choices = [(slug, names.process(slug)) for slug, _ in known] + [(ALL, "Every process")]
    kept = {"process": report.process or ALL, "since": report.since, "until": report.until}
    downloads = [("HTML", "html"), ("Markdown", "md")]
    if has_browser():
        downloads.append(("PDF", "pdf"))

    def query(format_: str) -> str:
        return urlencode({"format": format_, **{k: v for k, v in kept.items() if v}})

    return Markup(
        _TOOLBAR.render(
            nav=NAV,
            choices=choices,
            chosen=report.process or ALL,
            since=report.since,
            until=report.until,
            downloads=downloads,
            query=query,
        )
    )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
