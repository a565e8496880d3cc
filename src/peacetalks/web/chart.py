"""The timeline chart: one SVG drawn on the server (no JavaScript, no chart library).

The axis (built as the report's charts build it, report/charts.py) is cut where nothing
happened for a long time: a 2022 round among 2025 ones gets its
own short stretch of axis, a break mark, then the 2025 stretch, instead of squeezing every
2025 dot into the last few pixels. Meetings are labelled with their day; labels that would
overlap are left out (the dot's tooltip and the table row still say everything), and a label
near the right edge is anchored at its end so that it is never clipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup, escape

from peacetalks.analysis.ledger import TimelineEntry
from peacetalks.report.charts import BREAK, Stretch, stretches

WIDTH, LANE, LEFT, RIGHT, TOP = 1000, 34, 110, 24, 22
LANES = ("meeting", "call", "exchange", "agreement")
COLOURS = {"meeting": "#6a3fa8", "call": "#1f5fa8", "exchange": "#1e6b3f", "agreement": "#9a3a16"}
LABEL = 46  # pixels a day label needs


def lane_of(entry: TimelineEntry) -> str:
    """The chart row of an entry: its event type, or 'agreement' for any milestone."""
    return "agreement" if entry.kind.startswith("agreement") else entry.kind


def timeline_chart(entries: Sequence[TimelineEntry]) -> Markup:
    """Dated entries as dots on a time axis, one lane per kind, each linked to its table row."""
    dated = [(i, e, dt.date.fromisoformat(e.date)) for i, e in enumerate(entries, 1) if e.date]
    if not dated:
        return Markup("")
    axis = stretches([d for _, _, d in dated], LEFT, WIDTH - RIGHT)
    height = TOP + LANE * len(LANES) + 30
    first, last = dated[0][2], dated[-1][2]
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="group" '
        f'aria-label="Timeline of {len(dated)} dated events, {first:%B %Y} to {last:%B %Y}">'
        f"<title>Timeline of {len(dated)} dated events</title>"
    ]
    for n, lane in enumerate(LANES):
        y = TOP + LANE * n + LANE / 2
        parts.append(f'<text x="8" y="{y + 4:.0f}" font-size="12" fill="#4f5a68">{lane}</text>')
        for stretch in axis:
            parts.append(
                f'<line x1="{stretch.left:.1f}" x2="{stretch.right:.1f}" y1="{y:.0f}" '
                f'y2="{y:.0f}" stroke="#e4e7ec"/>'
            )
    for stretch in axis:
        parts.extend(_ticks(stretch, height))
    for before in axis[:-1]:
        parts.append(_break_mark(before.right + BREAK / 2, height))
    placed: list[tuple[float, float]] = []  # (x, y) of the labels drawn so far
    for index, entry, day in dated:
        lane = lane_of(entry)
        y = TOP + LANE * LANES.index(lane) + LANE / 2 if lane in LANES else TOP
        px = _at(axis, day)
        label = escape(f"{entry.date} {entry.kind}: {entry.title}")
        parts.append(
            f'<a href="#t-{index}" aria-label="{label}"><circle cx="{px:.1f}" cy="{y:.0f}" r="6" '
            f'fill="{COLOURS.get(lane, "#5f6b7a")}" fill-opacity="0.8"><title>{label}</title>'
            "</circle></a>"
        )
        if lane == "meeting" and all(abs(px - x) > LABEL or y != ly for x, ly in placed):
            placed.append((px, y))
            anchor = "end" if px > WIDTH - RIGHT - LABEL / 2 else "middle"
            parts.append(
                f'<text x="{px:.1f}" y="{y - 10:.0f}" font-size="11" fill="#1d2330" '
                f'text-anchor="{anchor}">{day.day} {day:%b}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # labels escaped above; the rest is our own markup


def _at(axis: Sequence[Stretch], day: dt.date) -> float:
    for stretch in axis:
        if stretch.first <= day <= stretch.last:
            return stretch.x(day)
    return axis[-1].right


def _ticks(stretch: Stretch, height: int) -> list[str]:
    months = (stretch.last.year - stretch.first.year) * 12 + stretch.last.month
    months -= stretch.first.month
    room = max(1, int((stretch.right - stretch.left) // 60))  # a tick label needs ~60 px
    step = max(1, -(-months // room))
    ticks, day, n = [], stretch.first, 0
    while day < stretch.last or (day == stretch.last and n == 0):
        px = stretch.x(day)
        anchor = "start" if n == 0 else "middle"
        ticks.append(
            f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{TOP}" y2="{height - 22}" stroke="#eef1f5"/>'
            f'<text x="{px:.1f}" y="{height - 8}" font-size="11" fill="#4f5a68" '
            f'text-anchor="{anchor}">{day:%b %Y}</text>'
        )
        for _ in range(step):
            day = _next_month(day)
        n += 1
    return ticks


def _break_mark(x: float, height: int) -> str:
    """Two slanted strokes across the axis: time left out here."""
    y0, y1 = TOP - 4, height - 24
    return (
        f'<g stroke="#8a94a3" stroke-width="1.5"><line x1="{x - 5:.1f}" y1="{y1}" '
        f'x2="{x - 1:.1f}" y2="{y0}"/><line x1="{x + 1:.1f}" y1="{y1}" x2="{x + 5:.1f}" '
        f'y2="{y0}"/></g>'
    )


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
