"""Dates as a briefing writes them: "2 June 2025", or a range of two such dates."""

from __future__ import annotations

import datetime as dt


def long_date(value: str | None) -> str:
    """An ISO date as people write it ("2 June 2025"); "undated" for None."""
    if not value:
        return "undated"
    day = dt.date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


def span(start: str | None, end: str | None) -> str:
    """A date or a range of dates."""
    if end and end != start:
        return f"{long_date(start)} \u2013 {long_date(end)}"
    return long_date(start)
