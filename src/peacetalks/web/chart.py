"""The timeline chart: one SVG drawn on the server (no JavaScript, no chart library)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from peacetalks.analysis.ledger import TimelineEntry

WIDTH, LANE, LEFT, RIGHT, TOP = 1000, 34, 110, 20, 14
LANES = ("meeting", "call", "exchange", "agreement")
COLOURS = {"meeting": "#7a4fb8", "call": "#1f5fa8", "exchange": "#2c7a4b", "agreement": "#b0461f"}


def lane_of(entry: TimelineEntry) -> str:
    """The chart row of an entry: its event type, or 'agreement' for any milestone."""
    return "agreement" if entry.kind.startswith("agreement") else entry.kind


def timeline_chart(entries: Sequence[TimelineEntry]) -> Markup:
    """Dated entries as dots on a time axis, one lane per kind, each linked to its table row."""
    dated = [(i, e, dt.date.fromisoformat(e.date)) for i, e in enumerate(entries, 1) if e.date]
    if not dated:
        return Markup("")
    first, last = min(d for _, _, d in dated), max(d for _, _, d in dated)
    first, last = first.replace(day=1), _next_month(last)
    span = max((last - first).days, 1)
    height = TOP + LANE * len(LANES) + 30

    def x(day: dt.date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Timeline of {len(dated)} dated events">'
    ]
    for n, lane in enumerate(LANES):
        y = TOP + LANE * n + LANE / 2
        parts.append(
            f'<text x="8" y="{y + 4:.0f}" font-size="12" fill="#5f6b7a">{lane}</text>'
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.0f}" y2="{y:.0f}" stroke="#e4e7ec"/>'
        )
    parts.extend(_ticks(first, last, x, height))
    for index, entry, day in dated:
        lane = lane_of(entry)
        y = TOP + LANE * LANES.index(lane) + LANE / 2 if lane in LANES else TOP
        label = escape(f"{entry.date} {entry.kind}: {entry.title}")
        parts.append(
            f'<a href="#t-{index}"><circle cx="{x(day):.1f}" cy="{y:.0f}" r="6" '
            f'fill="{COLOURS.get(lane, "#5f6b7a")}" fill-opacity="0.75"><title>{label}</title>'
            "</circle></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # labels escaped above; the rest is our own markup


def _ticks(first: dt.date, last: dt.date, x: Callable[[dt.date], float], height: int) -> list[str]:
    months = (last.year - first.year) * 12 + last.month - first.month
    step = max(1, months // 12)  # at most ~12 labels
    ticks, day = [], first
    while day <= last:
        px = x(day)
        ticks.append(
            f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{TOP}" y2="{height - 22}" stroke="#eef1f5"/>'
            f'<text x="{px:.1f}" y="{height - 8}" font-size="11" fill="#5f6b7a" '
            f'text-anchor="middle">{day:%b %Y}</text>'
        )
        for _ in range(step):
            day = _next_month(day)
    return ticks


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
