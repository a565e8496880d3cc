"""Dates: date expressions in a sentence, resolved against the publication date."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from peacetalks.model import Claim, ClaimSet, DateMention, Document, Provenance, When
from peacetalks.model.record import Precision
from peacetalks.pipeline import stage

# Resolution is our own arithmetic, not dateparser: these forms need no more, and finding plus
# resolving takes ~25 µs an expression against ~520 µs for DateDataParser's resolving alone.
# Precision: "late June", "the end of May", "last week", "two weeks ago" are the month (the
# whole month, so `start` is its first day); "mid-2022" is the year; never a guessed day.

_MONTH_NAMES = [calendar.month_name[n] for n in range(1, 13)]
_NAMES = "|".join(_MONTH_NAMES)
_FULL = f"{_NAMES}|{_NAMES.upper()}"
_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_ABBR = f"{_SHORT}|{_SHORT.upper()}"
# Month names are capitalised ("Russia may agree", "a march"); after a day number any case goes.
_MONTH = rf"(?:(?:{_FULL})\b|(?:{_ABBR})\b\.?)"
_MONTH_ANY_CASE = rf"(?i:{_MONTH})"
_WEEKDAY_NAMES = [calendar.day_name[n] for n in range(7)]
_WEEKDAY = "|".join(w for name in _WEEKDAY_NAMES for w in (name, name.upper()))
_WEEKDAY_PREFIX = rf"(?:(?:{_WEEKDAY}),?\s+(?:the\s+)?)?"
_NUMERALS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_NUMBER = rf"(?:\d{{1,3}}|an?|{_NUMERALS}|a\s+few|several|a\s+couple\s+of)"


def _day(group: str) -> str:
    return rf"(?<![\d,.])(?P<{group}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|,\d|\.\d)"


def _year(group: str) -> str:
    return rf"(?<![\d,.$€£])(?P<{group}>(?:19|20)\d\d)(?![\d%]|,\d|\.\d)"


# "the day before" counts from a date; "the day before the talks" and "a day after taking
# effect" count from something we cannot date.
_ALONE = r"(?=\s*(?:[^\w\s]|$)|\s+(?:and|but|when|while|in|at|on|with|to|for|as|he|she|they|it)\b)"
_COMMA = r"(?:\s*,)?\s+"  # "May 20 , 2023" happens
_FROM = r"(?:(?P<btw>(?i:between))\s+|(?i:from)\s+)?"
_TO = r"(?(btw)\s+and\s+|\s*(?:[-\u2013\u2014]|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*)"
_PREP = r"(?i:in|since|until|till|by|from|during|before|after|through|throughout|around|as\s+of)"
_PART = r"the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of"
_MONTH_MODS = rf"(?i:last|next|this|early|mid|late|{_PART})"
_YEAR_MODS = rf"(?i:early|mid|late|{_PART})"

_PATTERNS: dict[str, str] = {
    "iso": rf"(?<![\d/.-]){_year('y1')}(?P<sep>[-/])(?P<n1>1[0-2]|0?[1-9])(?P=sep){_day('d1')}",
    "day_month_range": rf"{_FROM}{_day('d1')}(?:\s+(?P<m1>{_MONTH_ANY_CASE})"
    rf"(?:{_COMMA}{_year('y1')})?)?{_TO}{_day('d2')}(?:\s+of)?\s+(?P<m2>{_MONTH_ANY_CASE})"
    rf"(?:{_COMMA}{_year('y2')})?",
    "month_day_range": rf"{_FROM}(?P<m1>{_MONTH})\s+{_day('d1')}(?:{_COMMA}{_year('y1')})?{_TO}"
    rf"(?:(?P<m2>{_MONTH})\s+)?{_day('d2')}(?:{_COMMA}{_year('y2')})?",
    "month_range": rf"{_FROM}(?P<m1>{_FULL})(?:\s+{_year('y1')})?{_TO}(?P<m2>{_FULL})"
    rf"(?:\s+{_year('y2')})?\b",
    "year_range": rf"{_FROM}{_year('y1')}{_TO}{_year('y2')}",
    "day_month": rf"{_WEEKDAY_PREFIX}(?:the\s+)?{_day('d1')}(?:\s+of)?\s+(?P<m1>{_MONTH_ANY_CASE})"
    rf"(?:{_COMMA}{_year('y1')})?",
    "month_day": rf"{_WEEKDAY_PREFIX}(?P<m1>{_MONTH})\s+(?:the\s+)?{_day('d1')}"
    rf"(?:{_COMMA}{_year('y1')})?",
    "month_year": rf"(?:(?P<mod>{_YEAR_MODS})[-\s]+)?(?P<m1>{_MONTH}){_COMMA}{_year('y1')}",
    "month": rf"(?:(?<![\w-]){_PREP}\s+)?(?P<x>(?:(?P<mod>{_MONTH_MODS})[-\s]+)?(?P<m1>{_FULL}))"
    r"(?![\w-]|\s+\d)",
    "year": rf"(?P<x>(?:(?P<mod>{_YEAR_MODS})[-\s]+)?{_year('y1')})(?![-\u2013]\w)",
    "weekday": rf"(?P<x>(?:(?P<rel>(?i:this\s+past|this\s+coming|last|next|this|past|coming))\s+)?"
    rf"(?P<wd>{_WEEKDAY})\b(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?:,?\s+(?:of\s+)?(?P<wk>(?i:last|next|this))\s+week\b)?)",
    "relative_day": r"\b(?P<rel>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
    r"yesterday|today|tonight|tomorrow|last\s+night))\b",
    "relative_period": r"(?<![Tt]he\s)\b(?P<rel>(?i:last|next|this|earlier\s+this|later\s+this|"
    r"early\s+this|late\s+this))\s+(?P<unit>week|month|year)\b",
    "ago": r"\b(?:(?P<hedge>(?i:nearly|almost|about|around|some|roughly|more\s+than|over|"
    rf"less\s+than|just\s+over|just\s+under))\s+)?(?P<n>(?i:{_NUMBER}))\s+"
    r"(?P<unit>day|week|month|year)s?\s+ago\b",
    "anchored": rf"\b(?i:the\s+(?P<dir1>previous|following|next|same)\s+(?P<u1>day|week)\b|"
    rf"the\s+(?P<u2>day|week)\s+(?P<dir2>before|after){_ALONE}|"
    rf"(?P<n>{_NUMBER})\s+(?P<u3>day|week)s?\s+(?P<dir3>later\b|earlier\b|(?:before|after){_ALONE}))",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in _PATTERNS.items()}
_PRIORITY = {name: rank for rank, name in enumerate(_PATTERNS)}

_CANDIDATE = re.compile(
    rf"\d|{_FULL}|{_ABBR}|{_WEEKDAY}|(?i:yesterday|today|tonight|tomorrow|night|week|month|year|day)"
)
_FUTURE = re.compile(
    r"(?i:\b(?:will|shall|won't|(?:is|are)\s+(?:to|due|set|expected|scheduled|planned|going\s+to)|"
    r"(?:plans?|planned|expected|set|due|slated)\s+to|to\s+be\s+\w+|upcoming)\b|'ll\b)"
)
# A past verb a few words before the date wins over a future word earlier in the sentence:
# "talks that were expected to last two days ended on Monday", but "will be held on Monday".
_PAST = re.compile(
    r"(?i:(?:\b(?:since|ago|last)|(?<!be )\b(?:\w+ed|met|began|took|held|had|came|went|broke|"
    r"fought|saw|said|told|made|gave|won|lost|left|spoke|flew|struck|sent)\b(?!\s+to\b)"
    r"(?:\s+\S+){0,4})\s*$)"
)
_QUANTIFIER = re.compile(
    r"(?i:\b(?:about|over|than|nearly|almost|some|around|roughly|approximately|least|up\s+to)\s*$)"
)
_DETERMINER = re.compile(
    r"(?i:\b(?:the|a|an|its|their|his|her|this|that|in|since|of|from|until|by|before|after|"
    r"during|early|mid|late)\s*$)"
)
_PLURAL_NOUN = re.compile(r"\s+[a-z]+s\b")
_WEEKDAY_TITLE_BEFORE = re.compile(
    r"\b(?:Good|Holy|Black|Bloody|Ash|Easter|Palm|Super|Cyber|Maundy|Shrove|Great)\s+$"
)
_WEEKDAY_TITLE_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Mail|Tribune|Observer|Independent|Star|"
    r"Sport|Night\s+Football|Agreement|Accords?)\b"
)
_MONTH_NUMBERS = {name[:3].lower(): n for n, name in enumerate(_MONTH_NAMES, start=1)}
_WORD_NUMBERS = {w: n for n, w in enumerate(_NUMERALS.split("|"), start=1)} | {"a": 1, "an": 1}
_SLACK = dt.timedelta(days=7)  # a year-less date may be a few days after publication
_HORIZON = dt.timedelta(days=183)  # ... and a future one up to six months after


Tense = Literal["past", "future"] | None


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    published: dt.date | None
    # An undated document's year for year-less days and months ("met August 19"): the latest
    # its text states; never for "Monday" or "yesterday", which only a publication date
    # resolves.
    year: int | None = None

    def tense(self, start: int) -> Tense:
        """What the words before `start` say: "met on" is past, "will meet on" future."""
        before = self.text[max(0, start - 150) : start]
        if _PAST.search(before):
            return "past"
        return "future" if _FUTURE.search(before) else None


class _Offset(NamedTuple):
    """A date stated relative to the previous date in the text ("a day later")."""

    days: int
    precision: Precision


class FoundDate(NamedTuple):
    """A date expression: where it is, what it means, and the rule that read it."""

    start: int
    end: int
    when: When
    rule: str


_Candidate = tuple[int, int, str, When | _Offset]  # start, end, rule, date or offset
_Resolver = Callable[[re.Match[str], _Context], "When | _Offset | None"]


def parse_when(text: str, published: dt.date | None) -> When | None:
    """The first date `text` states, resolved against `published`; None when there is none."""
    found = find_dated_expressions(text, published)
    return found[0].when if found else None


def find_dates(text: str, published: dt.date | None) -> list[tuple[int, int, When]]:
    """Each date expression in `text` as (start, end, when), in text order."""
    return [(f.start, f.end, f.when) for f in find_dated_expressions(text, published)]


def find_dated_expressions(
    text: str, published: dt.date | None, *, anchor: When | None = None, year: int | None = None
) -> list[FoundDate]:
    """Date expressions with their rule; "a day later" counts from the date before it.

    `anchor` is the last date of the previous sentence, for an expression that opens a sentence.
    `year`: without a publication date, the year of year-less days and months.
    """
    if not _CANDIDATE.search(text):
        return []
    context = _Context(text, published, year if published is None else None)
    chosen = _choose(list(_candidates(context)), len(text))
    found = []
    for start, end, rule, resolved in chosen:
        when = _from_anchor(resolved, anchor, text[start:end])
        if when is not None:
            found.append(FoundDate(start, end, when, rule))
            anchor = when if when.precision == "day" else anchor
    return found


@stage("peacetalks.dates.v1", requires={"sentence"}, provides={"date"})
def find_date_mentions(doc: Document, found: ClaimSet) -> list[Claim]:
    """Date expressions of each sentence, resolved against the publication date; in a report
    without one, year-less days and months take the latest year its text states."""
    claims = []
    anchor: When | None = None
    sentences = found.of_kind("sentence")
    year = _latest_stated_year(sentences) if doc.published is None else None
    for sentence in sentences:
        offset = sentence.provenance.span.start
        dates = find_dated_expressions(
            sentence.provenance.span.text, doc.published, anchor=anchor, year=year
        )
        # "the day before" looks back to the same or the previous sentence only.
        anchor = next((d.when for d in reversed(dates) if d.when.precision == "day"), None)
        for date in dates:
            span = doc.span(offset + date.start, offset + date.end)
            provenance = Provenance(doc.id, span, find_date_mentions.name, rule=date.rule)
            mention = DateMention(when=date.when, span=span)
            claims.append(Claim(kind="date", value=mention, provenance=provenance))
    return claims


def _latest_stated_year(sentences: Sequence[Claim]) -> int | None:
    """The latest year of the days and months the text states with their year ("on 12
    October 2024", "in March 2025"): an undated report's own year, as far as the text tells.
    Bare years are left out: "the 1974 disengagement agreement" is history, not the news."""
    years = []
    for sentence in sentences:
        for date in find_dated_expressions(sentence.provenance.span.text, None):
            when = date.when
            if when.precision in ("day", "month") and when.start.year == when.end.year:
                years.append(when.start.year)
    return max(years, default=None)


# What a rule needs in the sentence before its pattern is worth running (a cheap scan each;
# most sentences hold no month name or weekday, so most rules are skipped: ~2x faster).
_HINTS = {
    "digit": re.compile(r"\d"),
    "month": re.compile(rf"(?i:{_FULL}|{_ABBR})"),
    "weekday": re.compile(rf"(?i:{_WEEKDAY})"),
    "day": re.compile(r"(?i:day|night|week|tomorrow)"),
    "period": re.compile(r"(?i:week|month|year)"),
    "ago": re.compile(r"(?i:\bago\b)"),
}
_NEEDS: dict[str, tuple[str, ...]] = {
    "iso": ("digit",),
    "day_month_range": ("digit", "month"),
    "month_day_range": ("digit", "month"),
    "month_range": ("month",),
    "year_range": ("digit",),
    "day_month": ("digit", "month"),
    "month_day": ("digit", "month"),
    "month_year": ("digit", "month"),
    "month": ("month",),
    "year": ("digit",),
    "weekday": ("weekday",),
    "relative_day": ("day",),
    "relative_period": ("period",),
    "ago": ("ago",),
    "anchored": ("day",),
}


def _candidates(context: _Context) -> Iterator[_Candidate]:
    """Every match of every rule that resolves, overlaps and all."""
    present = {hint for hint, pattern in _HINTS.items() if pattern.search(context.text)}
    for rule, pattern in _COMPILED.items():
        if not present.issuperset(_NEEDS.get(rule, ())):
            continue
        for match in pattern.finditer(context.text):
            try:
                resolved = _RESOLVERS[rule](match, context)
            except (ValueError, OverflowError):  # "31 February", a year past 9999
                resolved = None
            if resolved is not None:
                start, end = match.span("x") if match.groupdict().get("x") else match.span()
                yield (start, end, rule, resolved)


def _choose(candidates: list[_Candidate], size: int) -> list[_Candidate]:
    """The longest expressions that do not overlap; on a tie, the rule listed first."""
    chosen, taken = [], bytearray(size)
    for c in sorted(candidates, key=lambda c: (c[0] - c[1], _PRIORITY[c[2]], c[0])):
        if not any(taken[c[0] : c[1]]):
            taken[c[0] : c[1]] = b"\x01" * (c[1] - c[0])
            chosen.append(c)
    return sorted(chosen)


def _absolute(match: re.Match[str], context: _Context) -> When | None:
    """Dates built from day, month and year fields, any of which may be missing."""
    g = match.groupdict()
    m1 = _month_number(g.get("m1") or g.get("n1")) or _month_number(g.get("m2"))
    m2 = _month_number(g.get("m2")) or m1
    d1, d2 = _number(g.get("d1")), _number(g.get("d2") or g.get("d1"))
    y1, y2 = _number(g.get("y1") or g.get("y2")), _number(g.get("y2") or g.get("y1"))
    precision: Precision = "day" if d1 else "month" if m1 else "year"
    if y1 is None:
        if m1 is None:
            return None
        if context.published is None:
            if context.year is None:
                return None
            y1 = y2 = context.year
        else:
            y1 = y2 = _infer_year(m1, d1, context.published, context.tense(match.start()))
    start = dt.date(y1, m1 or 1, d1 or 1)
    end = _last_day(y2 or y1, m2 or 12, d2)
    if end < start and not g.get("y1"):
        start = start.replace(year=start.year - 1)
    if end < start:
        return None
    return When(start=start, end=end, precision=precision, text=match.group())


def _month_range(match: re.Match[str], context: _Context) -> When | None:
    if match.group("btw") or match.group("y1") or match.group("y2") or match.group()[:1] in "Ff":
        return _absolute(match, context)
    return None  # "May to June" alone is too loose: "from" or "between" or a year


def _infer_year(month: int, day: int | None, published: dt.date, tense: Tense) -> int:
    """The year of a year-less date: in a sentence about the past the latest not after
    publication, about the future the next one within six months; when no verb says, the
    nearest to publication of those (a month or a year-less month: the latest not after it,
    give or take a few days)."""
    slack = _SLACK if day and tense is None else dt.timedelta(0)
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append((dt.date(year, month, day or 1), _last_day(year, month, day)))
        except ValueError:  # 29 February
            continue
    ahead = [s for s, e in candidates if e >= published - slack and s <= published + _HORIZON]
    if tense == "future" and ahead:
        return ahead[0].year
    if tense is None and ahead and day:
        # No verb says when ("talks in New York on July 16", published on the 7th): the day
        # nearest the publication, ahead within six months or behind within a year.
        near = [*ahead, *(s for s, _ in candidates if s <= published)]
        return min(near, key=lambda s: abs((s - published).days)).year
    past = [s for s, _ in candidates if s <= published + slack]
    return past[-1].year if past else published.year - 1


_EVENT_NOUN_AFTER = re.compile(
    r"\s+(?:meeting|talks|summit|round|session|negotiations|visit|deal|agreement|accord|"
    r"ceasefire|truce|declaration|offensive|attack|exchange|swap|elections?)\b"
)


def _month(match: re.Match[str], context: _Context) -> When | None:
    if (
        match.start("x") == match.start()
        and not match.group("mod")
        and not _EVENT_NOUN_AFTER.match(context.text, match.end())
    ):
        return None  # a bare capitalised month is too often a noun or a name ("an October
        # meeting" names the meeting's month: a month before an event's noun is kept)
    published = context.published
    month = _month_number(match.group("m1"))
    if month is None:
        return None
    mod = (match.group("mod") or "").lower()
    if published is None:
        if context.year is None or mod in ("last", "next"):
            return None
        return _month_when(context.year, month, match.group("x"))
    if mod in ("last", "next"):
        now = published.year * 12 + published.month - 1
        gap = (now - month + 1) % 12 if mod == "last" else (month - 1 - now) % 12
        year = (now - (gap or 12) if mod == "last" else now + (gap or 12)) // 12
    else:
        year = _infer_year(month, None, published, context.tense(match.start()))
    return _month_when(year, month, match.group("x"))


def _year_only(match: re.Match[str], context: _Context) -> When | None:
    before = context.text[max(0, match.start() - 20) : match.start()]
    if _QUANTIFIER.search(before):
        return None  # "some 2000 troops"
    if _PLURAL_NOUN.match(context.text, match.end()) and not _DETERMINER.search(before):
        return None  # "released 2000 prisoners", but "the 2022 talks"
    return _year_when(int(match.group("y1")), match.group("x"))


def _weekday(match: re.Match[str], context: _Context) -> When | None:
    text, published = context.text, context.published
    before = text[max(0, match.start() - 12) : match.start()]
    if _WEEKDAY_TITLE_BEFORE.search(before) or _WEEKDAY_TITLE_AFTER.match(text, match.end("wd")):
        return None  # "Good Friday", "the Sunday Times"
    if published is None:
        return None
    weekday = _WEEKDAY_NAMES.index(match.group("wd").capitalize())
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    rel = " ".join((match.group("rel") or "").lower().split())
    week = (match.group("wk") or "").lower()
    if week:  # "Monday last week": that weekday of the week before the publication's
        monday = published - dt.timedelta(days=published.weekday())
        step = {"last": -7, "next": 7}.get(week, 0)
        day = monday + dt.timedelta(days=step + weekday)
    elif rel in ("last", "past", "this past"):
        day = published - dt.timedelta(days=back or 7)
    elif rel in ("next", "coming", "this coming"):
        day = published + dt.timedelta(days=ahead or 7)
    elif back and context.tense(match.start()) == "future":
        day = published + dt.timedelta(days=ahead)
    else:  # the publication day itself when it is that weekday: wires date same-day news
        day = published - dt.timedelta(days=back)
    return _day_when(day, match.group("x"))


def _relative_day(match: re.Match[str], context: _Context) -> When | None:
    if context.published is None:
        return None
    rel = " ".join(match.group("rel").lower().split())
    days = {"the day before yesterday": -2, "the day after tomorrow": 2, "tomorrow": 1}
    days |= {"yesterday": -1, "last night": -1}
    return _day_when(context.published + dt.timedelta(days=days.get(rel, 0)), match.group())


def _relative_period(match: re.Match[str], context: _Context) -> When | None:
    published = context.published
    if published is None:
        return None
    rel, unit = match.group("rel").lower().split()[0], match.group("unit")
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "year":
        when = _year_when(published.year + step, match.group())
    else:  # a week is stated to the month: that is what the text pins down
        day = published + dt.timedelta(days=7 * step) if unit == "week" else published
        when = _month_when(day.year, day.month + (step if unit == "month" else 0), match.group())
    if rel == "earlier" and when.end > published:  # "earlier this month": not after publication
        return When(start=when.start, end=published, precision=when.precision, text=when.text)
    return when


def _ago(match: re.Match[str], context: _Context) -> When | None:
    published, unit = context.published, match.group("unit")
    n = _count(match.group("n"))
    if published is None or n is None or (n < 0 and unit in ("month", "year")):
        return None  # "several years ago" is not a year
    if unit == "year":
        return _year_when(published.year - abs(n), match.group())
    if unit == "month":
        return _month_when(published.year, published.month - abs(n), match.group())
    day = published - dt.timedelta(days=abs(n) * (7 if unit == "week" else 1))
    if match.group("hedge") or n < 0 or (unit == "week" and n > 1):  # "nearly two weeks ago"
        return _month_when(day.year, day.month, match.group())
    return _day_when(day, match.group())


def _anchored(match: re.Match[str], context: _Context) -> _Offset | None:
    direction = (match.group("dir1") or match.group("dir2") or match.group("dir3")).lower()
    unit = (match.group("u1") or match.group("u2") or match.group("u3")).lower()
    n = _count(match.group("n")) if match.group("n") else 1
    sign = {"previous": -1, "before": -1, "earlier": -1, "same": 0}.get(direction, 1)
    if n is None or n < 0 or (sign == 0 and unit == "week"):
        return None  # "a few days later" points at no day
    days = sign * n * (7 if unit == "week" else 1)
    return _Offset(days, "month" if unit == "week" and n > 1 else "day")


def _from_anchor(offset: When | _Offset, anchor: When | None, text: str) -> When | None:
    """A date counted from the anchor ("a day later"); a date that needs none is returned as is."""
    if isinstance(offset, When):
        return offset
    if anchor is None or anchor.precision != "day":
        return None
    try:
        day = (anchor.start if offset.days <= 0 else anchor.end) + dt.timedelta(days=offset.days)
    except OverflowError:  # a day after 31 December 9999
        return None
    if offset.precision == "month":
        return _month_when(day.year, day.month, text)
    return _day_when(day, text)


def _day_when(day: dt.date, text: str) -> When:
    return When(start=day, end=day, precision="day", text=text)


def _month_when(year: int, month: int, text: str) -> When:
    """Month `month` of `year`; a month outside 1..12 carries into the next or previous year."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    start = dt.date(year, month, 1)
    return When(start=start, end=_last_day(year, month, None), precision="month", text=text)


def _year_when(year: int, text: str) -> When:
    return When(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), precision="year", text=text)


def _last_day(year: int, month: int, day: int | None) -> dt.date:
    return dt.date(year, month, day or calendar.monthrange(year, month)[1])


def _month_number(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else _MONTH_NUMBERS.get(word[:3].lower())


def _number(digits: str | None) -> int | None:
    return int(digits) if digits else None


def _count(word: str) -> int | None:
    """A count in digits or words; a vague count ("a few", "several") is -1."""
    word = " ".join(word.lower().split())
    if word in ("a few", "several", "a couple of"):
        return -1
    return int(word) if word.isdigit() else _WORD_NUMBERS.get(word)


_ABSOLUTE_RULES = ("iso", "day_month_range", "month_day_range", "year_range", "day_month")
_RESOLVERS: dict[str, _Resolver] = dict.fromkeys(
    (*_ABSOLUTE_RULES, "month_day", "month_year"), _absolute
) | {
    "month_range": _month_range,
    "month": _month,
    "year": _year_only,
    "weekday": _weekday,
    "relative_day": _relative_day,
    "relative_period": _relative_period,
    "ago": _ago,
    "anchored": _anchored,
}
