"""The report's charts as inline SVG, drawn on the server: no script, no font, nothing fetched.

Three charts: the rounds, agreements and exchanges on a time axis; how far each provision with
an agreed quantity was carried out; and each party's positions over time, one row per issue.
Time axes are cut where nothing happened for a long time (a 2022 round among 2025 ones gets
its own short stretch, a break mark, then the 2025 stretch). Labels that would overlap go on
a second or third line above their point; one near an edge is anchored so it is never clipped.
Every text taken from documents is escaped here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from peacetalks.report.content import PartyPositions, PositionEntry, Report

WIDTH, LEFT, RIGHT = 960, 120, 16
GAP = 180  # days without anything after which the axis is cut
BREAK = 24  # pixels between two stretches of axis, where the break mark goes
CHAR = 6.3  # pixels per character of an 11 px label (a sans-serif's average, rounded up)
TIERS = 4  # label lines above a lane at most; a label that still collides is left out
INK, MUTED, RULE = "#1d2330", "#4f5a68", "#e4e7ec"
LANE_COLOURS = {"Rounds": "#6a3fa8", "Agreements": "#9a3a16", "Exchanges": "#1e6b3f"}
STANCE_COLOURS = {"demand": "#b3401a", "reject": "#7a1626", "offer": "#1c7a45", "accept": "#1f5fa8"}


@dataclass(frozen=True, slots=True)
class Stretch:
    """One continuous stretch of a time axis: the days it covers and where it is drawn."""

    first: dt.date
    last: dt.date
    left: float
    right: float

    def x(self, day: dt.date) -> float:
        """Where `day` is drawn."""
        span = max((self.last - self.first).days, 1)
        return self.left + (self.right - self.left) * (day - self.first).days / span


@dataclass(frozen=True, slots=True)
class Point:
    """One dot on a time axis: its day, its label and its tooltip."""

    day: dt.date
    label: str
    note: str
    hollow: bool = False  # a round still to come


def stretches(days: Iterable[dt.date], left: float, right: float) -> list[Stretch]:
    """The axis from `left` to `right` cut at gaps of more than GAP days; each stretch gets
    width in proportion to the days it covers, at least a sixth of the whole."""
    ordered = sorted(set(days))
    groups: list[list[dt.date]] = [[ordered[0]]]
    for day in ordered[1:]:
        if (day - groups[-1][-1]).days > GAP:
            groups.append([day])
        else:
            groups[-1].append(day)
    bounds = [(g[0].replace(day=1), _next_month(g[-1])) for g in groups]
    usable = right - left - BREAK * (len(bounds) - 1)
    spans = [max((b - a).days, 1) for a, b in bounds]
    least = usable / 6 if len(bounds) > 1 else usable
    shares = [max(s / sum(spans) * usable, least) for s in spans]
    scale = usable / sum(shares)
    out, at = [], left
    for (a, b), share in zip(bounds, shares, strict=True):
        out.append(Stretch(a, b, at, at + share * scale))
        at += share * scale + BREAK
    return out


def timeline_chart(report: Report) -> Markup:
    """Rounds (hollow: still to come), deals and exchanges on one time axis, each labelled."""
    lanes = [(name, points) for name, points in _timeline_lanes(report) if points]
    days = [p.day for _, points in lanes for p in points]
    if not days:
        return Markup("")
    axis = stretches(days, LEFT, WIDTH - RIGHT)
    body: list[str] = []
    y = 10.0
    for name, points in lanes:
        placed = _place_labels([(_at(axis, p.day), p.label) for p in points])
        tiers = max((tier for _, tier, _ in placed if tier is not None), default=0) + 1
        line = y + 14 + 13 * tiers
        colour = LANE_COLOURS[name]
        body.append(_text(8, line + 4, name, size=12, fill=MUTED, weight="600"))
        body.extend(_lane_line(s, line) for s in axis)
        for point, (x, tier, anchor) in zip(points, placed, strict=True):
            fill = "#fff" if point.hollow else colour
            body.append(
                f'<circle cx="{x:.1f}" cy="{line:.0f}" r="5.5" fill="{fill}" stroke="{colour}" '
                f'stroke-width="2"><title>{escape(point.note)}</title></circle>'
            )
            if tier is not None:
                label_y = line - 10 - 13 * tier
                if tier:
                    body.append(_leader(x, label_y + 3, line - 6))
                body.append(_text(x, label_y, point.label, anchor=anchor, halo=True))
        y = line + 12
    height = y + 30
    body.extend(_axis(axis, 6, y + 2, height))
    first, last = min(days), max(days)
    counts = ", ".join(f"{len(points)} {name.lower()}" for name, points in lanes)
    title = f"Timeline from {first:%B %Y} to {last:%B %Y}: {counts}"
    return _svg(title, height, body)


def fulfilment_chart(report: Report) -> Markup:
    """One bar per provision with an agreed quantity: how much of it was carried out."""
    rows = [
        (deal, provision)
        for deal in report.deals
        for provision in deal.provisions
        if provision.agreed
    ]
    if not rows:
        return Markup("")
    label_width, bar_left, row = 380, 392, 30
    bar_width = WIDTH - bar_left - 150
    body = []
    for n, (deal, provision) in enumerate(rows):
        y = 12 + n * row
        done = provision.carried_out or 0
        agreed = provision.agreed or 1
        ratio = min(done / agreed, 1.0)
        formula = provision.terms.split(":", 1)[0] if ":" in provision.terms else ""
        when = f", {_day(dt.date.fromisoformat(deal.date))} {deal.date[:4]}" if deal.date else ""
        label = _clip(f"{provision.issue}{' · ' + formula if formula else ''}{when}", label_width)
        text = f"{done:,} of {agreed:,} ({ratio:.0%})"
        body.append(_text(8, y + 14, label, size=12))
        body.append(
            f'<rect x="{bar_left}" y="{y + 3}" width="{bar_width}" height="15" fill="{RULE}" '
            f'rx="2"/><rect x="{bar_left}" y="{y + 3}" width="{bar_width * ratio:.1f}" '
            f'height="15" fill="{LANE_COLOURS["Exchanges"]}" rx="2">'
            f"<title>{escape(label)}: {escape(text)}</title></rect>"
        )
        body.append(_text(bar_left + bar_width + 8, y + 15, text, size=12, fill=INK))
    height = 12 + len(rows) * row + 4
    return _svg(f"Fulfilment of {len(rows)} provisions with an agreed quantity", height, body)


def position_charts(report: Report) -> list[tuple[str, Markup]]:
    """Per party holding dated positions: a chart of its positions over time, by issue."""
    days = [
        dt.date.fromisoformat(d)
        for party in report.held
        for _, entries in party.issues
        for e in entries
        for d in (e.first_seen, e.last_seen)
        if d
    ]
    if not days:
        return []
    axis = stretches(days, 200, WIDTH - RIGHT)
    return [(party.party, _party_chart(party, axis)) for party in report.held if _dated(party)]


def _party_chart(party: PartyPositions, axis: Sequence[Stretch]) -> Markup:
    rows = [(issue, [e for e in entries if e.first_seen]) for issue, entries in party.issues]
    rows = [(issue, entries) for issue, entries in rows if entries]
    row = 30
    body: list[str] = []
    for n, (issue, entries) in enumerate(rows):
        y = 8 + n * row + row / 2
        body.append(_text(8, y + 4, _clip(issue, 185), size=12))
        body.extend(_lane_line(s, y) for s in axis)
        taken: list[tuple[float, float]] = []
        for entry in sorted(entries, key=lambda e: (e.first_seen or "", e.stance)):
            body.extend(_position_dot(entry, axis, y, taken))
    top = 8 + len(rows) * row
    height = top + 30
    body.extend(_axis(axis, 4, top, height))
    title = f"Positions of {party.party} over time on {len(rows)} issues, coloured by stance"
    return _svg(title, height, body)


def _position_dot(
    entry: PositionEntry, axis: Sequence[Stretch], y: float, taken: list[tuple[float, float]]
) -> list[str]:
    """One position: a dot lettered by stance on its first day, a line to its last; a dot
    that would cover one drawn before moves up or down a little (`taken` records them)."""
    start = _at(axis, dt.date.fromisoformat(entry.first_seen or ""))
    end = _at(axis, dt.date.fromisoformat(entry.last_seen or entry.first_seen or ""))
    free = (o for o in (0.0, -9.0, 9.0) if all(abs(start - x) > 11 or o != d for x, d in taken))
    dy = next(free, 0.0)
    taken.append((start, dy))
    colour = STANCE_COLOURS.get(entry.stance, MUTED)
    note = f"{entry.stance}, {entry.first_seen}" + (
        f" to {entry.last_seen}" if entry.last_seen != entry.first_seen else ""
    )
    parts = []
    if end > start + 1:
        parts.append(
            f'<line x1="{start:.1f}" x2="{end:.1f}" y1="{y + dy:.1f}" y2="{y + dy:.1f}" '
            f'stroke="{colour}" stroke-width="2" stroke-opacity="0.55"/>'
        )
    parts.append(
        f"<g><title>{escape(note)}: {escape(entry.summary)}</title>"
        f'<circle cx="{start:.1f}" cy="{y + dy:.1f}" r="6" fill="{colour}"/>'
        f'<text x="{start:.1f}" y="{y + dy + 3:.1f}" font-size="8" fill="#fff" '
        f'text-anchor="middle" font-weight="700">{entry.stance[:1].upper()}</text></g>'
    )
    return parts


def _dated(party: PartyPositions) -> bool:
    return any(e.first_seen for _, entries in party.issues for e in entries)


def _timeline_lanes(report: Report) -> list[tuple[str, list[Point]]]:
    latest = max((r.date for r in (*report.rounds, *report.upcoming) if r.date), default="")
    year = latest[:4]

    def day_label(day: dt.date) -> str:
        return _day(day) + (f" {day.year}" if str(day.year) != year else "")

    rounds = []
    for found, hollow in [(r, False) for r in report.rounds] + [(r, True) for r in report.upcoming]:
        if not found.date:
            continue
        day = dt.date.fromisoformat(found.date)
        note = f"Round of {found.date}" + (f" in {found.where}" if found.where else "")
        label = f"{day_label(day)} {found.place or ''}".strip()
        rounds.append(Point(day, label, note, hollow))
    agreements, exchanges = [], {}
    for deal in report.deals:
        if deal.date:
            day = dt.date.fromisoformat(deal.date)
            issues = ", ".join(dict.fromkeys(p.issue for p in deal.provisions))
            agreements.append(Point(day, day_label(day), f"{deal.date}: agreed on {issues}"))
        for provision in deal.provisions:
            for tranche in provision.tranches:
                day = dt.date.fromisoformat(tranche.date)
                count = f" ({tranche.quantity:,})" if tranche.quantity else ""
                exchanges[day] = Point(
                    day, day_label(day), f"{tranche.date}: {provision.issue} exchanged{count}"
                )
    return [
        ("Rounds", rounds),
        ("Agreements", agreements),
        ("Exchanges", [exchanges[d] for d in sorted(exchanges)]),
    ]


def _place_labels(
    points: Sequence[tuple[float, str]],
) -> list[tuple[float, int | None, str]]:
    """(x, tier or None when there is no room, text-anchor) of each point's label, in order:
    the lowest tier where it overlaps nothing placed before, anchored inside the chart."""
    ends: list[list[tuple[float, float]]] = [[] for _ in range(TIERS)]
    out: list[tuple[float, int | None, str]] = []
    for x, label in points:
        width = len(label) * CHAR
        anchor, left = "middle", x - width / 2
        if left < LEFT - 8:
            anchor, left = "start", x - 4
        elif x + width / 2 > WIDTH - 4:
            anchor, left = "end", x - width + 4
        span = (left - 3, left + width + 3)
        tier = next(
            (t for t in range(TIERS) if all(span[1] < a or span[0] > b for a, b in ends[t])),
            None,
        )
        if tier is not None:
            ends[tier].append(span)
        out.append((x, tier, anchor))
    return out


def _at(axis: Sequence[Stretch], day: dt.date) -> float:
    for stretch in axis:
        if stretch.first <= day <= stretch.last:
            return stretch.x(day)
    return axis[-1].right if day > axis[-1].last else axis[0].left


def _axis(axis: Sequence[Stretch], top: float, bottom: float, height: float) -> list[str]:
    """Month ticks under each stretch and a break mark between stretches."""
    parts = []
    for stretch in axis:
        months = (stretch.last.year - stretch.first.year) * 12 + stretch.last.month
        months -= stretch.first.month
        room = max(1, int((stretch.right - stretch.left) // 64))  # a tick label needs ~60 px
        step = max(1, -(-months // room))
        day, n = stretch.first, 0
        while day < stretch.last or n == 0:
            x = stretch.x(day)
            anchor = "start" if n == 0 else "middle"
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom:.0f}" stroke="#eef1f5"/>'
            )
            parts.append(_text(x, height - 10, f"{day:%b %Y}", anchor=anchor, fill=MUTED))
            for _ in range(step):
                day = _next_month(day)
            n += 1
    for before in axis[:-1]:
        x = before.right + BREAK / 2
        parts.append(
            f'<g stroke="#8a94a3" stroke-width="1.5"><line x1="{x - 5:.1f}" y1="{bottom:.0f}" '
            f'x2="{x - 1:.1f}" y2="{top}"/><line x1="{x + 1:.1f}" y1="{bottom:.0f}" '
            f'x2="{x + 5:.1f}" y2="{top}"/></g>'
        )
        gap = (axis[axis.index(before) + 1].first - before.last).days
        parts.append(
            _text(x, height - 24, f"{gap // 30} months", anchor="middle", size=9, fill=MUTED)
        )
    return parts


def _lane_line(stretch: Stretch, y: float) -> str:
    return (
        f'<line x1="{stretch.left:.1f}" x2="{stretch.right:.1f}" y1="{y:.0f}" y2="{y:.0f}" '
        f'stroke="{RULE}" stroke-width="2"/>'
    )


def _leader(x: float, top: float, bottom: float) -> str:
    return (
        f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top:.0f}" y2="{bottom:.0f}" stroke="#c3c9d2" '
        'stroke-width="1"/>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 11,
    fill: str = INK,
    weight: str = "400",
    halo: bool = False,
) -> str:
    """A label; with `halo`, a white outline keeps it readable across the lines under it."""
    outline = ' stroke="#fff" stroke-width="3" paint-order="stroke"' if halo else ""
    return (
        f'<text x="{x:.1f}" y="{y:.0f}" font-size="{size}" fill="{fill}" '
        f'font-weight="{weight}" text-anchor="{anchor}"{outline}>{escape(text)}</text>'
    )


def _svg(title: str, height: float, body: Sequence[str]) -> Markup:
    """The chart: role img, a title and the same words as its label, sized by its viewBox."""
    return Markup(  # every text in `body` was escaped where it was made
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(title)}" font-family="system-ui, sans-serif">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _clip(text: str, width: float) -> str:
    most = int(width / CHAR)
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
