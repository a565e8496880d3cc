"""Rendering a briefing: one self-contained HTML file (inline CSS and SVG, nothing fetched) or
Markdown that pastes into a ticket or a wiki; `pdf.py` prints the HTML.

Text from documents is untrusted: the HTML template escapes every value (Jinja's autoescape),
and the Markdown one escapes every value as Markdown (a `finalize` hook), so a `<script>` in
an article, a `|` that would cut a table row or a `[link](...)` shows as the text it is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from peacetalks.report.charts import fulfilment_chart, position_charts, timeline_chart
from peacetalks.report.content import Mark, PositionEntry, Refs, Report
from peacetalks.report.dates import long_date, span
from peacetalks.report.pdf import render_pdf

Format = Literal["html", "md", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "md", "pdf")
TEMPLATES = Path(__file__).parent / "templates"
QUOTE = 320  # characters of a source sentence in a footnote


class MarkdownText(str):
    """Markdown made by this module (footnote marks, links): written as it is."""

    __slots__ = ()


MEDIA_TYPES: dict[Format, str] = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}


def render(report: Report, format_: Format) -> bytes:
    """The report as a file's bytes in one of FORMATS."""
    if format_ == "pdf":
        return render_pdf(render_html(report))
    text = render_markdown(report) if format_ == "md" else render_html(report)
    return text.encode("utf-8")


def render_html(report: Report, *, toolbar: Markup | None = None) -> str:
    """The report as one HTML file; `toolbar` (the web app's navigation and downloads) goes on
    top of the page and never into print."""
    template = _html.get_template("report.html.j2")
    return template.render(
        report=report,
        glance=glance(report),
        timeline=timeline_chart(report),
        fulfilment=fulfilment_chart(report),
        position_charts=position_charts(report),
        toolbar=toolbar,
    )


def render_markdown(report: Report) -> str:
    """The report as Markdown: headings, pipe tables, footnotes [^n] listed at the end."""
    template = _markdown.get_template("report.md.j2")
    text = template.render(report=report, glance=glance(report), charts=chart_notes(report))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def glance(report: Report) -> list[str]:
    """The report's short summary, one sentence each."""
    lines = _glance_rounds(report)
    clashes = [row.issue for row in report.clashes]
    if report.issues and len(report.parties) == 2:
        a, b = report.parties
        lines.append(
            f"{a} and {b} clash on {len(clashes)} of {len(report.issues)} issues"
            + (f": {', '.join(clashes)}." if clashes else ".")
        )
    lines.extend(_glance_deals(report))
    if report.disputes:
        subjects = "; ".join(d.subject for d in report.disputes)
        lines.append(f"Sources disagree on {_plural(len(report.disputes), 'figure')}: {subjects}.")
    lines.append(
        f"{report.cited_facts} facts cited, {report.unreviewed_facts} not yet reviewed; "
        f"{len(report.checks)} marked unconfirmed (low confidence)."
    )
    return lines


def _glance_rounds(report: Report) -> list[str]:
    dated = [r for r in report.rounds if r.date]
    if dated:
        where = f" in {dated[-1].where}" if dated[-1].where else ""
        lines = [
            f"{_plural(len(report.rounds), 'round')} of talks on record; the latest on "
            f"{long_date(dated[-1].date)}{where}."
        ]
    elif report.rounds:
        lines = [f"{_plural(len(report.rounds), 'round')} of talks on record, none dated."]
    else:
        lines = ["No round of talks on record in this period."]
    if report.upcoming:
        nxt = report.upcoming[0]
        where = f" in {nxt.where}" if nxt.where else ""
        lines.append(f"Next round: {long_date(nxt.date)}{where}.")
    else:
        lines.append("No later round is on record yet.")
    return lines


def _glance_deals(report: Report) -> list[str]:
    provisions = [p for d in report.deals for p in d.provisions]
    if not provisions:
        return []
    states = Counter(p.status for p in provisions)
    shown = ", ".join(f"{n} {s}" for s, n in sorted(states.items()))
    lines = [
        f"{_plural(len(report.deals), 'deal')} with {_plural(len(provisions), 'provision')}"
        f" ({shown})."
    ]
    for provision in provisions:
        if provision.agreed and (provision.carried_out or 0) < provision.agreed:
            lines.append(
                f"{provision.issue}: {provision.carried_out or 0:,} of {provision.agreed:,} "
                "carried out so far."
            )
    return lines


def chart_notes(report: Report) -> list[str]:
    """What the charts show, in words, for the formats that leave them out."""
    notes = []
    dated = [r.date for r in report.rounds if r.date]
    if dated:
        notes.append(
            f"Timeline: {_plural(len(dated), 'round')} from {long_date(dated[0])} to "
            f"{long_date(dated[-1])}; {_plural(len(report.deals), 'deal')}."
        )
    for deal in report.deals:
        for p in deal.provisions:
            if p.agreed:
                share = (p.carried_out or 0) / p.agreed
                notes.append(
                    f"Fulfilment: {p.issue} ({long_date(deal.date)}): "
                    f"{p.carried_out or 0:,} of {p.agreed:,} ({share:.0%})."
                )
    for party in report.held:
        seen = sorted(e.first_seen for _, entries in party.issues for e in entries if e.first_seen)
        if seen:
            count = sum(len(entries) for _, entries in party.issues)
            notes.append(
                f"Positions over time: {party.party}, {_plural(count, 'position')} on "
                f"{_plural(len(party.issues), 'issue')}, first reported from "
                f"{long_date(seen[0])} to {long_date(seen[-1])}."
            )
    return notes


def duration(minutes: float | None) -> str:
    """Minutes as "40 min" or "2 h 15 min"; "" when unknown."""
    if minutes is None:
        return ""
    total = round(minutes)
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def quote(text: str) -> str:
    """A source sentence, shortened for a footnote."""
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE else flat[: QUOTE - 1].rsplit(" ", 1)[0] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _html_refs(refs: Refs) -> Markup:
    if not refs:
        return Markup("")
    links = ",".join(f'<a href="#fn-{n}">{n}</a>' for n in refs)
    return Markup(f'<sup class="refs">{links}</sup>')  # numbers only


def _md_refs(refs: Refs) -> MarkdownText:
    return MarkdownText("".join(f"[^{n}]" for n in refs))


def _md_mark(mark: Mark) -> MarkdownText:
    if mark.low:
        return MarkdownText(" (unconfirmed)")
    return MarkdownText(f" ({md_escape(mark.review)})" if mark.review else "")


def _md_entries(entries: Sequence[PositionEntry]) -> MarkdownText:
    """A cell's positions on one line: STANCE summary (targets)[^n], ...; escaped."""
    parts = []
    for entry in entries:
        targets = f" ({md_escape(', '.join(entry.targets))})" if entry.targets else ""
        parts.append(
            f"{entry.stance.upper()} {md_escape(entry.summary)}{targets}"
            f"{_md_refs(entry.refs)}{_md_mark(entry.mark)}"
        )
    return MarkdownText("; ".join(parts))


_MD_ESCAPED = re.compile(r"([\\`*_\[\]|#~])")


def md_escape(value: object) -> str:
    """A value as Markdown text: one line, markup characters escaped, `<` and `>` as entities."""
    if value is None:
        return ""
    if isinstance(value, MarkdownText):
        return value
    flat = " ".join(str(value).split())
    flat = _MD_ESCAPED.sub(r"\\\1", flat)
    return flat.replace("<", "&lt;").replace(">", "&gt;")


def md_link(url: str) -> MarkdownText:
    """A web address as a Markdown autolink (the address is http or https: footnotes.py)."""
    cleaned = re.sub(r"[\s<>]", lambda m: f"%{ord(m.group()):02X}", url)
    return MarkdownText(f"<{cleaned}>")


def _environment(*, markdown: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=not markdown,
        finalize=md_escape if markdown else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=long_date, span=span, duration=duration, quote=quote, plural=_plural
    )
    env.filters["refs"] = _md_refs if markdown else _html_refs
    if markdown:
        env.filters.update(md_link=md_link, mark=_md_mark, entries=_md_entries)
    return env


_html = _environment(markdown=False)
_markdown = _environment(markdown=True)
