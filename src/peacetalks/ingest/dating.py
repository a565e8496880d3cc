"""A document's publication date from its own address or text, when nothing else gives one.

Read only where a date means publication: a date in the URL's path (/2025/05/16/), a short
header line among the first lines (a byline or date line), a date after "Published",
"Updated" or "Posted", or a dateline ("ISTANBUL, 16 May 2025 -"). A date inside the first
sentence of the story is an event's, not the report's, and is left alone.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_FULL_DATE = re.compile(
    rf"\b{_WEEKDAY}(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_NAMES})\.?,?\s+"
    r"(?P<year>(?:19|20)\d\d)"
    rf"|(?P<month2>{_MONTH_NAMES})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b",
    re.IGNORECASE,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|$)|/((?:19|20)\d\d)(\d\d)(\d\d)/"
)
_STAMPED = re.compile(
    r"\b(?:published|updated|posted|date|first\s+published)\b\s*(?:on|:)?\s*", re.IGNORECASE
)
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'\u2019-]{1,40}(?:\([^)]{1,30}\))?,?\s+$")
HEAD_LINES = 6
HEADER_CHARS = 100
STAMP_REACH = 1500


def published_in(text: str, url: str | None = None) -> dt.date | None:
    """The publication date the document's URL or head states, or None."""
    return _from_url(url) or _from_head(text)


def _from_url(url: str | None) -> dt.date | None:
    if not url:
        return None
    match = _URL_DATE.search(urlparse(url).path)
    if match is None:
        return None
    parts = [g for g in match.groups() if g is not None]
    return _date(int(parts[0]), int(parts[1]), int(parts[2]))


def _from_head(text: str) -> dt.date | None:
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEAD_LINES]
    for line in lines:
        if len(line) <= HEADER_CHARS:
            found = _first_date(line)
            if found is not None:
                return found
    head = text[:STAMP_REACH]
    for stamp in _STAMPED.finditer(head):
        match = _FULL_DATE.match(head, stamp.end())
        if match is not None:
            return _parsed(match)
    for line in lines:
        match = _FULL_DATE.search(line)
        if (
            match is not None
            and _DATELINE.match(line[: match.start()])
            and _dash_after(line, match)
        ):
            return _parsed(match)
    return None


def _dash_after(line: str, match: re.Match[str]) -> bool:
    return line[match.end() :].lstrip()[:1] in ("-", "\u2013", "\u2014", "(", ":")


def _first_date(line: str) -> dt.date | None:
    match = _FULL_DATE.search(line)
    return _parsed(match) if match is not None else None


def _parsed(match: re.Match[str]) -> dt.date | None:
    if match.group("iso"):
        numbers = [int(x) for x in match.group("iso").split("-")]
        return _date(numbers[0], numbers[1], numbers[2])
    month = _MONTHS[(match.group("month") or match.group("month2")).lower()]
    day = int(match.group("day") or match.group("day2"))
    year = int(match.group("year") or match.group("year2"))
    return _date(year, month, day)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
