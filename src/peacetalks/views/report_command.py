"""The report command: a briefing on one process as HTML, Markdown or PDF (docs/report.md)."""

from __future__ import annotations

from pathlib import Path

import click

from peacetalks.errors import BadValue
from peacetalks.report import FORMATS, BrowserMissing, Format, build_report, has_browser, render
from peacetalks.store import DEFAULT_DB
from peacetalks.views.windows import opened_store, view_window

SUFFIXES: dict[str, Format] = {".html": "html", ".htm": "html", ".md": "md", ".pdf": "pdf"}


@click.command()
@click.option(
    "--process",
    help="Only this process (e.g. russia-ukraine); 'all' for every process. "
    "Default: the process with most facts.",
)
@click.option("--since", help="Report from YYYY-MM-DD on, and flag what changed since then.")
@click.option("--until", help="Report up to YYYY-MM-DD: the date the briefing is as of.")
@click.option(
    "--format",
    "format_",
    type=click.Choice(FORMATS),
    help="html (one self-contained file), md (Markdown for a ticket or wiki) or pdf (printed "
    "by Chromium). Default: from the suffix of -o, else html.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The file to write; '-' for standard output (html and md).",
)
@click.option(
    "--db",
    envvar="PEACETALKS_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="Database URL or SQLite file (also PEACETALKS_DB).",
)
def report_command(
    process: str | None,
    since: str | None,
    until: str | None,
    format_: Format | None,
    output: str,
    db: str,
) -> None:
    """A briefing to send before a round of talks: the rounds so far and what is next, each
    party's positions (clashes first, changes since --since), the deals and how far they were
    carried out, disputes between sources and facts still to check, every statement
    footnoted to its sources, with charts (HTML and PDF)."""
    chosen = format_ or SUFFIXES.get(Path(output).suffix.lower(), "html")
    if chosen == "pdf" and output == "-":
        raise click.UsageError("A PDF cannot go to standard output: give -o FILE.pdf.")
    if chosen == "pdf" and not has_browser():
        raise BrowserMissing  # before the work of building the report
    with opened_store(db) as store:
        report = build_report(store, view_window(store, process, since, until))
    raw = render(report, chosen)
    if output == "-":
        click.echo(raw.decode("utf-8"), nl=False)
        return
    try:
        Path(output).write_bytes(raw)
    except OSError as err:
        raise BadValue("-o", output, f"a file that can be written ({err.strerror})") from err
    click.echo(
        f"Wrote {output} ({chosen}, {len(raw) / 1024:,.0f} KB): {report.process_name}, "
        f"{len(report.rounds)} round(s), {len(report.issues)} issue(s), "
        f"{len(report.deals)} deal(s), {len(report.footnotes)} source sentence(s).",
        err=True,
    )
