"""Figures: counts, durations, percentages, money, days and ages the text states."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from peacetalks.extract.issues import ISSUE_CUES, IssueHit, find_issue_cues, shadowed_hits
from peacetalks.extract.numbers import (
    DIGITS,
    HYPHEN,
    NUMBER,
    QUALIFIER,
    QUALIFIERS,
    Number,
    find_numbers,
    parse_number,
)
from peacetalks.model import (
    Claim,
    ClaimKind,
    ClaimSet,
    Document,
    Figure,
    Issue,
    Provenance,
    Span,
)
from peacetalks.model.record import Measure
from peacetalks.pipeline import stage

STAGE = "peacetalks.figures.v1"
# Numbers inside dates ("16 May"), actor names ("M23") and boilerplate are not figures.
_NOT_FIGURES: tuple[ClaimKind, ...] = ("date", "mention", "boilerplate")

# "1,000-for-1,000", "6000 for 6000": a count per side.
_FORMULA = re.compile(
    rf"(?=\d)(?P<a>{DIGITS})[\"'\u201d\u2019]?\s*{HYPHEN}?\s*for\s*{HYPHEN}?\s*"
    r"[\"'\u201c\u2018]?(?P=a)"
)

# What follows a number says what it measures.
_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|percent\b)", re.I)
_TIME = re.compile(
    rf"(?P<h1>(?:\s+|{HYPHEN})and(?:\s+|{HYPHEN})a(?:\s+|{HYPHEN})half)?\s*{HYPHEN}?\s*"
    r"(?P<unit>minutes?|mins?|hours?|hrs?)\b"
    rf"(?P<h2>\s+and\s+a\s+half)?(?:{HYPHEN}long)?",
    re.I,
)
_DAYS = re.compile(
    rf"(?P<sep>\s*{HYPHEN}\s*|\s+)(?P<unit>days?|weeks?|months?|fortnights?)\b", re.I
)
_YEARS = re.compile(
    rf"\s*{HYPHEN}?\s*years?\b(?P<old>\s*{HYPHEN}?\s*olds?\b|\s+old\b|\s+of\s+age\b)?", re.I
)
_DOLLARS = re.compile(r"(?:\s*(?P<scale>bn|m)\b)?\s+(?:US\s+|U\.S\.\s+)?dollars\b", re.I)
_MONEY_SCALE = re.compile(r"\s*(?P<scale>bn|m)\b", re.I)
_DOLLAR_SIGN = re.compile(r"(?:US\s?\$|\$|\bUSD|\bUS\s+dollars?)\s*$", re.I)
_AGE_LEFT = re.compile(
    r"\b(?:aged|ages|who\s+are|(?:(?P<q2>under|over|below|above)\s+)?the\s+ages?\s+of|age\s+of)\s+"
    r"(?:(?P<q>between|under|over|below|above|from)\s+)?$",
    re.I,
)
_AND_UPPER = re.compile(rf"\s+and\s+(?P<b>{NUMBER})", re.I)
_HOUR_LONG = re.compile(rf"\bhour{HYPHEN}long\b|\bhalf\s+an\s+hour\b", re.I)
_UNIT_MINUTES = {"minute": 1, "min": 1, "hour": 60, "hr": 60}
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30}
_TALK = re.compile(
    r"\b(?:talks?|met|meetings?|negotiat\w*|calls?|conversations?|sessions?|summit|discussions?"
    r"|consultations?|lasted|lasting|last(?:s|ed)?|dialogue|deliberations|conference|spoke|phone)\b",
    re.I,
)
_TIME_AWAY = re.compile(
    r"\s+(?:ago|later|earlier|after|before|away|late|behind|read|drive|flight|walk|ride)\b", re.I
)
# Deadlines and lengths: "within 30 days", "a ceasefire for 40 days", "has ninety days to".
_DAYS_LEAD = re.compile(
    r"\b(?:within|for|by|last(?:s|ed|ing)?|over(?:\s+the\s+(?:next|following))?|during(?:\s+the)?|the\s+next|up\s+to"
    r"|no\s+(?:longer|later)\s+than|less\s+than|(?:truces?|cease-?fires?|pauses?|period|term"
    r"|extension|deadline)\s+of|(?:has|have|had|given|gave|give|giving)(?:\s+\w+){0,2})\s+"
    rf"(?:(?:a\s+)?(?:maximum|minimum)\s+(?:period\s+)?of\s+)?(?:(?:{QUALIFIERS})\s+)?$",
    re.I,
)
_IN_FUTURE = re.compile(
    r"\b(?:will|would|expected|due|set|scheduled|should|shall|start\w*|begin\w*|resum\w*|expir\w*)\b"
    r"[^.;]{0,40}\bin\s+$",
    re.I,
)
_DAYS_AFTER = re.compile(r"\s+to\s+[a-z]+", re.I)
_DAYS_AWAY = re.compile(
    r"\s+(?:ago|into|later|earlier|on(?=\s*[,.;]|$)|since|in\s+which|of\s+(?:the\s+|all-out\s+)?(?:war|conflict"
    r"|fighting|negotiations?|talks|mediation|consultations|bombardment|strikes|attacks))",
    re.I,
)
# "the last five days" looks back; "expected to last five days", "will last" is the verb.
_DAYS_PAST = re.compile(
    r"\b(?:past|(?<!\bto\s)(?<!\bwill\s)(?<!\bwould\s)(?<!\bcould\s)(?<!\bmay\s)last|previous"
    r"|recent|first|latest|final)\s+$",
    re.I,
)
_WAR_LEFT = re.compile(
    r"\b(?:war|conflict|fighting|crisis|invasion|occupation|siege)\s+(?:that|which|has|had|is|was)"
    r"\b[^,.;]{0,25}$",
    re.I,
)
_WAR_NOUN = re.compile(
    r"^(?:\s+[\w-]+){0,2}?\s+(?:war|conflict|fighting|campaign|offensive|invasion|occupation"
    r"|siege|battle|operation|visit|trip|tour|stay|holiday|festival)\b",
    re.I,
)
_NOT_MONEY = re.compile(r"\b(?:damages?|costs?|price|worth|spend\w*|budget|gdp|revenue)\b", re.I)
_NOT_SHARE = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?(?:population|gdp|gross\s+domestic|people\b"
    r"|(?-i:[A-Z][a-z]+(?:ians|ans|is|ese))\b)",
    re.I,
)

# Counted nouns and the issue each counts; None: the issue comes from the words around.
# People in general ("soldiers", "civilians", "Palestinians") count only when the sentence is
# about an exchange, a release or remains, never in casualty or population statistics.
_COUNTED: tuple[tuple[str, Issue | None], ...] = (
    (r"bodies|remains|corpses", "remains"),
    (
        r"prisoners\s+of\s+war|pows|(?:political\s+)?prisoners|captives|detainees|hostages"
        r"|taken\s+(?:hostage|captive|prisoner)",
        "prisoners",
    ),
    (r"children|kids|minors|orphans|boys|girls", "children"),
    (
        r"refugees|evacuees|returnees|internally\s+displaced(?:\s+persons|\s+people)?",
        "humanitarian",
    ),
    (r"(?:aid\s+)?(?:trucks|lorries|convoys)|fuel\s+ships|aid\s+ships|tankers", "humanitarian"),
    (r"(?:border\s+)?crossing\s+points|(?:border\s+)?crossings|corridors", "humanitarian"),
    (r"(?:commercial\s+)?flights", "economic_relations"),
    (r"articles|clauses|rounds|phases|working\s+groups|delegates|negotiators", "process"),
    (r"meetings|sessions", "process"),  # right after the number only (_NEXT_TO_NUMBER)
    (
        r"combatants|(?:heavy\s+)?weapons|firearms|commanders|camps|gathering\s+points",
        "military_limits",
    ),
    (r"senators|representatives|seats|deputies|lawmakers|legislators", "governance"),
    (r"observers|monitors|inspectors", "monitoring"),
    (r"peacekeepers", "security_guarantees"),
    (r"points|conditions|zones|ships|vessels", None),
)
_NEXT_TO_NUMBER = frozenset({"meetings", "sessions"})
_PEOPLE = (
    r"soldiers|servicemen|service\s*members|troops|fighters|defenders|militants|civilians|people"
    r"|persons|individuals|men|women|residents|citizens|nationals|journalists"
    r"|(?-i:[A-Z][a-z]+(?:ians|ans|is))"
)
_PEOPLE_ISSUES: frozenset[Issue] = frozenset(
    {"remains", "prisoners", "humanitarian", "military_limits", "foreign_military"}
)
_COUNTED_RE = tuple((re.compile(rf"(?:{p})$", re.I), issue) for p, issue in _COUNTED)
_PEOPLE_RE = re.compile(rf"(?:{_PEOPLE})$", re.I)
_NOUNS = "|".join([*(p for p, _i in _COUNTED), _PEOPLE])
_STOP = (
    r"of|in|on|at|to|for|from|by|and|or|but|the|an?|were|was|are|is|be|been|have|has|had|will"
    r"|would|who|which|that|with|as|than|per|each|into|over|under|this|these|those|more|less|its"
    r"|their|his|her|after|before|during|since|while|when|where|not|no|all|it|they|he|she|we"
)
_NOUN_AFTER = re.compile(
    rf"(?P<gap>(?:\s+(?!(?:{_STOP})\b)[a-z][\w'\u2019-]*){{0,3}}?)\s+(?P<noun>{_NOUNS})\b", re.I
)
_NEXT_WORD = re.compile(rf"\s+(?!(?:{_STOP})\b)[a-z][\w-]*", re.I)
_UNITS: dict[Issue, str] = {"prisoners": "prisoners", "remains": "bodies", "children": "children"}
_NOUN_ANY = re.compile(rf"\b(?P<noun>{_NOUNS})\b", re.I)
_PER_SIDE = re.compile(
    r"\s+(?:each|apiece|per\s+side|(?:to|from|for|on)\s+(?:each|either|both)\s+sides?)\b", re.I
)
_REMAINS_OF = re.compile(
    r"\b(?:bodies|remains|corpses)\s+of\s+(?:the\s+|another\s+|some\s+)*$", re.I
)
_CLAUSE = re.compile(r"[,;:()\u2014]|\s(?:and|but|while|whereas)\s", re.I)
_KILLED = re.compile(r"\b(?:killed|dead|died|deaths?|wounded|injured|casualties)\b", re.I)
_CASUALTY = re.compile(
    r"\b(?:killed|kill|dead|died|deaths?|wounded|injured|casualties|displaced|missing|hunger"
    r"|starv\w*|population|country|nation|inhabitants|live|living|fled|facing)\b",
    re.I,
)
# A number with no noun after it borrows the last counted noun: "returned 400 children ...
# and would consider returning 10."
_BARE_FOLLOW = re.compile(
    r"\s*(?:[,.;:)\u2014\u2013]|$)|\s+(?:and|or|but|out\s+of|of\s+them|of\s+whom|each|apiece"
    r"|in\s+total|proposed|were|are|was|had|have|would|will|who|from\s+each)\b",
    re.I,
)
_BARE_LEFT = re.compile(
    r"\b(?:return(?:ed|ing|s)?|releas(?:e|ed|es|ing)|free(?:d|ing)?|hand(?:ed|ing|s)?\s+over"
    r"|exchang(?:e|ed|ing)|swap(?:ped|ping)?|receiv(?:e|ed|ing)|repatriat(?:e|ed|ing)"
    r"|transfer(?:red|ring)?|the|only|just|another|other|remaining|last|further|first|final"
    r"|(?:ceiling|cap|total|limit)\s+of"
    r"|side)\s+$",
    re.I,
)
_STATS_FOLLOW = re.compile(
    rf"\s*\(\s*{NUMBER}\s*(?:%|per\s?cent)?\s*\)|\s+or\s+{NUMBER}\s*(?:%|per\s?cent)", re.I
)
# "-point" after a number, then a plan's noun within three words ("28-point U.S. peace plan").
_PLAN_POINTS = re.compile(
    r"[-\u2010\u2011\u2013\s]points?\s+(?:[\w.'\u2019-]+\s+){0,3}?"
    r"(?:plan|proposal|initiative|framework|roadmap|draft|agreement|deal|memorandum|blueprint"
    r"|document|programme|program|formula|charter|declaration|ceasefire|truce|accord)s?\b",
    re.I,
)
# "five days of talks", "two days of round-table discussion".
_OF_TALKS = re.compile(
    r"\s+of\s+(?:[\w-]+\s+){0,2}?(?:talks|negotiations|discussions?|consultations|meetings"
    r"|deliberations)\b",
    re.I,
)
_DELEGATION_OF = re.compile(
    r"\b(?:delegations?|teams?|panels?)\s+(?:(?:consist(?:ed|s|ing)?|compris(?:ed|es|ing)|made\s+up"
    r"|composed)\s+)?of\s+(?:some\s+|about\s+|around\s+)?$",
    re.I,
)
_MEMBERS = re.compile(
    r"\s+(?:[\w-]+\s+)?(?P<noun>members|representatives|officials|people|negotiators|delegates"
    r"|diplomats|experts|envoys)\b",
    re.I,
)
_OUT_OF = re.compile(r"\s+out\s+of\s+", re.I)
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom)\b", re.I)

# Cues beside issues.py's lexicon that matter for figures: a "pause" of strikes is a truce, an
# "oversight body" is not a body, and people "returned" or "freed" are prisoners.
_OWN_CUES: tuple[tuple[Issue, re.Pattern[str]], ...] = (
    ("ceasefire", re.compile(r"\b(?:pause|lull|moratorium|halt)\b", re.I)),
    (
        "process",
        re.compile(
            r"\b(?:met|call|phone|conversation|session|consultations|document|draft)\b", re.I
        ),
    ),
    ("monitoring", re.compile(r"\boversee|\boversight\b", re.I)),
    ("humanitarian", re.compile(r"\bcrossings?\b", re.I)),
    ("territory", re.compile(r"\bwithdraw(?:s|n|al|ing)?\b", re.I)),
    (
        "military_limits",
        re.compile(
            r"\b(?:capped|ceiling|(?:hand|turn|lay|laid)\w*\s+(?:over|down|in)\s+(?:\w+\s+)?"
            r"(?:weapons|arms))\b",
            re.I,
        ),
    ),
)
_RELEASE = re.compile(
    r"\b(?:return(?:ed|ing|s)?|releas(?:e|ed|es|ing)|free(?:d|ing)?|handed\s+over|exchang\w*"
    r"|swap\w*|custody|repatriat\w*|taken\s+hostage)\b",
    re.I,
)
# The lexicon's "body" and "remains" also read "an oversight body" and "it remains central".
_NOT_CUE = re.compile(r"body\b|remains\b(?!\s+of\b)", re.I)
_REMAINS_NOUN = re.compile(
    r"(?:\b(?:the|of|its|their|his|her|whose|human|mortal|exchanged|returned|repatriated|received"
    r"|recovered|identified|over|and)|s['\u2019]|['\u2019]s)\s+$",
    re.I,
)
_ARMY: tuple[Issue, re.Pattern[str]] = (
    "military_limits",
    re.compile(r"\b(?:army|armed\s+forces)\b", re.I),
)
_PEOPLE_CUES: tuple[tuple[Issue, re.Pattern[str]], ...] = (("prisoners", _RELEASE), _ARMY)
_RANK: dict[Issue, int] = {issue: rank for rank, (issue, _cues) in enumerate(ISSUE_CUES)}
_BOUNDARY = re.compile(
    r"[,;:\u2014\u2013]|\s-\s|\b(?:(?:during|in)\s+which|while|whereas|but)\b", re.I
)
_REACH = 150  # characters: a cue farther from the number says nothing about it


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """A figure read in one sentence; `start`/`end` (its words) and `at` (its number) index it."""

    issue: Issue
    measure: Measure
    value: float
    start: int
    end: int
    at: int
    rule: str
    unit: str | None = None
    qualifier: str | None = None


class _Context:
    """A sentence and the one before it; their issue cues are found on first use (most
    sentences hold no number, and the cues are most of the cost)."""

    __slots__ = ("_before", "_hits", "_people", "previous", "text")

    def __init__(self, text: str, previous: str = "") -> None:
        self.text, self.previous = text, previous
        self._hits: tuple[IssueHit, ...] | None = None
        self._people: tuple[IssueHit, ...] | None = None
        self._before: _Context | None = None

    @property
    def hits(self) -> tuple[IssueHit, ...]:
        """Issue cues: the lexicon's, less "an oversight body" and "it remains", plus ours."""
        if self._hits is None:
            self._hits = _cues(self.text)
        return self._hits

    @property
    def people(self) -> tuple[IssueHit, ...]:
        """The cues for counting people: "released" and "returned" speak of prisoners, "army" of
        its size, and "civilians" (a cue of its own) beside a number is only the noun counted."""
        if self._people is None:
            text = self.text
            hits = [h for h in self.hits if not _PEOPLE_RE.match(text[h.start : h.end])]
            for issue, pattern in _PEOPLE_CUES:
                hits.extend(_hits(text, issue, pattern))
            self._people = tuple(hits)
        return self._people

    @property
    def before(self) -> _Context:
        """The sentence before, as a context of its own."""
        if self._before is None:
            self._before = _Context(self.previous)
        return self._before


@dataclass(frozen=True, slots=True)
class _Found:
    """What a reader made of a number: the words that state it, its measure and its issue."""

    issue: Issue
    measure: Measure
    values: tuple[float, ...]
    start: int
    end: int
    unit: str | None = None
    qualifier: str | None = None


_DROP: Final = "drop"  # a reader's answer for "my kind of number, but no figure"
Outcome = _Found | Literal["drop"] | None
Reader = Callable[[Number, _Context, str], Outcome]


@stage(STAGE, requires={"sentence", "mention", "date"}, provides={"figure"})
def find_figures(doc: Document, found: ClaimSet) -> list[Claim]:
    """Numbers about the talks and their humanitarian items, one figure per issue/measure/value."""
    spans = (c.provenance.span for kind in _NOT_FIGURES for c in found.of_kind(kind))
    skip = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in skip]
    boiler = [c.provenance.span for c in found.of_kind("boilerplate")]
    figures: dict[tuple[Issue, Measure, float], Claim] = {}
    previous = ""
    for sentence in found.of_kind("sentence"):
        span = sentence.provenance.span
        # dates and names are short: only those starting just before the sentence can reach it
        near = skip[bisect_left(starts, span.start - 100) : bisect_left(starts, span.end)]
        ignore = [
            (s.start - span.start, s.end - span.start)
            for s in (*near, *boiler)
            if s.start < span.end and span.start < s.end
        ]
        for reading in read_figures(span.text, previous, ignore=ignore):
            evidence = doc.span(span.start + reading.start, span.start + reading.end)
            key = (reading.issue, reading.measure, reading.value)
            if key in figures:
                figures[key] = _with_evidence(figures[key], evidence)
                continue
            figure = Figure(
                issue=reading.issue,
                measure=reading.measure,
                value=reading.value,
                evidence=(evidence,),
                unit=reading.unit,
                qualifier=reading.qualifier,
                about=_about(span.text, reading.start, reading.end),
            )
            provenance = Provenance(doc.id, evidence, STAGE, reading.rule)
            figures[key] = Claim(kind="figure", value=figure, provenance=provenance)
        previous = span.text
    return list(figures.values())


def read_figures(
    text: str, previous: str = "", *, ignore: Sequence[tuple[int, int]] = ()
) -> list[Reading]:
    """The figures one sentence states; `previous` (the sentence before) lends nouns and issues.

    A number that starts inside an `ignore` span (a date, an actor's name) is not a figure.
    """
    context = _Context(text, previous)
    whole = (*_formulas(context), *_hour_long(context))
    readings = [r for r in whole if not any(start <= r.at < end for start, end in ignore)]
    taken = [*ignore, *((r.start, r.end) for r in readings)]
    for number in find_numbers(text):
        if any(start <= number.start < end for start, end in taken):
            continue
        left = text[max(0, number.start - 80) : number.start]
        for reader in _READERS:
            outcome = reader(number, context, left)
            if isinstance(outcome, _Found):
                readings.extend(_readings(outcome, number.start, left, reader.__name__[1:]))
            if outcome is not None:
                break
    return readings


def _readings(found: _Found, at: int, left: str, rule: str) -> list[Reading]:
    """One reading per value, with the qualifier stated before the number; the two ends of a
    range are its lower and upper bound."""
    start, qualifier = found.start, found.qualifier
    stated = QUALIFIER.search(left)
    if stated:
        start = min(start, at - len(stated.group(0)))
        qualifier = qualifier or re.sub(r"\s+", " ", stated.group("q").lower())
    bounds: tuple[str | None, ...] = (qualifier,)
    if len(found.values) == 2:
        bounds = tuple(
            f"{qualifier} ({b})" if qualifier else b for b in ("lower bound", "upper bound")
        )
    return [
        Reading(
            issue=found.issue,
            measure=found.measure,
            value=round(value, 2),
            start=start,
            end=found.end,
            at=at,
            rule=rule,
            unit=found.unit,
            qualifier=bound,
        )
        for value, bound in zip(found.values, bounds, strict=False)
    ]


def _formulas(context: _Context) -> Iterator[Reading]:
    """ "1,000-for-1,000" and "6000 for 6000": a count per side."""
    allowed: frozenset[Issue] = frozenset({"prisoners", "remains", "children"})
    for match in _FORMULA.finditer(context.text):
        value = parse_number(match.group("a")) or 0
        noun = _NOUN_AFTER.match(context.text, match.end())
        fixed = _fixed_issue(noun["noun"]) if noun else None
        near = _nearest(context, match.start(), match.end(), allowed, skip_inside=True)
        issue = fixed or near or "prisoners"
        end = noun.end() if noun and fixed else match.end()
        if value > 1:
            found = _Found(issue, "count", (value,), match.start(), end, _UNITS.get(issue))
            yield from _readings(replace(found, qualifier="per side"), match.start(), "", "formula")


def _hour_long(context: _Context) -> Iterator[Reading]:
    """ "the hour-long talks", "half an hour"."""
    for match in _HOUR_LONG.finditer(context.text):
        if _talk_near(context.text, match.start(), match.end()):
            minutes = 30.0 if match.group(0).lower().startswith("half") else 60.0
            found = _Found("process", "duration_minutes", (minutes,), *match.span(), "minutes")
            yield from _readings(found, match.start(), "", "hour_long")


def _age(number: Number, context: _Context, left: str) -> Outcome:
    """ "aged 18-25", "aged under 25", "between the ages of 18 and 25", "25 years old"."""
    text, end, values = context.text, number.end, number.values
    lead = _AGE_LEFT.search(left)
    years = _YEARS.match(text, end)
    if lead is None and not (years and years.group("old")):
        return None
    qualifier = (lead.group("q") or lead.group("q2")) if lead else None
    if lead and qualifier == "between" and len(values) == 1:
        upper = _AND_UPPER.match(text, end)
        bound = parse_number(upper.group("b")) if upper else None
        if upper is None or bound is None:
            return None
        values, end = (values[0], bound), upper.end()
    who = lead and lead.group(0).lower().startswith("who")
    if (who and len(values) == 1 and not years) or not all(1 <= v <= 120 for v in values):
        return None
    years = _YEARS.match(text, end)
    end = years.end() if years else end
    start = number.start - len(lead.group(0)) if lead else number.start
    issue = _nearest(context, start, end, skip_inside=True, people=True)
    if issue is None:
        return _DROP
    return _Found(issue, "age", values, start, end, "years", qualifier)


def _money(number: Number, context: _Context, left: str) -> Outcome:
    """ "$1.5 billion", "US$ 300 million", "1 billion dollars"."""
    sign = _DOLLAR_SIGN.search(left)
    dollars = _DOLLARS.match(context.text, number.end)
    if sign is None and dollars is None:
        return None
    scaled = dollars or _MONEY_SCALE.match(context.text, number.end)
    scale = {"m": 1e6, "bn": 1e9}.get(((scaled and scaled.group("scale")) or "").lower(), 1)
    start = number.start - len(sign.group(0)) if sign else number.start
    end = scaled.end() if scaled else number.end
    if _NOT_MONEY.search(context.text, max(0, start - 60), end + 40):
        return _DROP
    issue = _nearest(context, start, end)
    values = tuple(v * scale for v in number.values)
    return _Found(issue, "money_usd", values, start, end, "USD") if issue else _DROP


def _percent(number: Number, context: _Context, left: str) -> Outcome:
    """ "40%", "40 per cent", "65.4 percent"."""
    match = _PERCENT.match(context.text, number.end)
    if match is None:
        return None
    issue = _nearest(context, number.start, match.end())
    if issue is None or _NOT_SHARE.match(context.text, match.end()):
        return _DROP
    return _Found(issue, "percent", number.values, number.start, match.end(), "percent")


def _duration(number: Number, context: _Context, left: str) -> Outcome:
    """How long talks lasted, in minutes; a truce of "24 to 48 hours" or a deadline in days."""
    text = context.text
    match = _TIME.match(text, number.end)
    if match is None:
        return None
    if _TIME_AWAY.match(text, match.end()) or _DAYS_PAST.search(left):
        return _DROP
    unit = _UNIT_MINUTES[match.group("unit").lower().rstrip("s")]
    half = 0.5 if match.group("h1") or match.group("h2") else 0.0
    minutes = tuple((v + half) * unit for v in number.values)
    span = (number.start, match.end())
    if _talk_near(text, *span):
        return _Found("process", "duration_minutes", minutes, *span, "minutes")
    issue = _nearest(context, *span)
    deadline = _DAYS_LEAD.search(left) or _DAYS_AFTER.match(text, match.end())
    days = tuple(m / 1440 for m in minutes)
    if issue and (issue == "ceasefire" or deadline) and all(d.is_integer() for d in days):
        return _Found(issue, "days", days, *span, "days")
    if issue == "ceasefire":  # "a 30-hour Easter ceasefire": not a whole number of days
        return _Found(issue, "duration_minutes", minutes, *span, "minutes")
    return _DROP


def _days(number: Number, context: _Context, left: str) -> Outcome:
    """Truce lengths and deadlines: "a 30-day ceasefire", "within 100 days", "for two months"."""
    text = context.text
    match = _DAYS.match(text, number.end)
    if match is None:
        return None
    unit = match.group("unit").lower().rstrip("s")
    singular = not match.group("unit").lower().endswith("s")
    compound = "-" in match.group("sep") or (singular and number.values[0] != 1)
    days = tuple(v * _UNIT_DAYS[unit] for v in number.values)
    talks = _OF_TALKS.match(text, match.end())
    if talks and not compound:  # "five days of talks", "after four days of negotiations"
        return _Found("process", "days", days, number.start, talks.end(), "days")
    if _DAYS_AWAY.match(text, match.end()) or _DAYS_PAST.search(left) or _WAR_LEFT.search(left):
        return _DROP
    if compound and _WAR_NOUN.match(text[match.end() : match.end() + 40]):
        return _DROP
    led = _DAYS_LEAD.search(left) or _IN_FUTURE.search(left) or _DAYS_AFTER.match(text, match.end())
    one_day = unit == "day" and number.values == (1.0,)
    if not compound and (not led or (one_day and re.search(r"\b(?:with)?in\s+$", left))):
        return _DROP
    issue = _nearest(context, number.start, match.end()) or _nearest_previous(context)
    after = _NEXT_WORD.match(text, match.end()) if compound else None  # "30-day ceasefire"
    end = after.end() if after else match.end()
    return _Found(issue, "days", days, number.start, end, "days") if issue else _DROP


def _years(number: Number, context: _Context, left: str) -> Outcome:
    """Spans of years ("three years ago", "a 25-year lease") are never figures here."""
    return _DROP if _YEARS.match(context.text, number.end) else None


def _count(number: Number, context: _Context, left: str) -> Outcome:
    """ "1,000 prisoners of war", "the bodies of 12,000 deceased soldiers"."""
    match = _NOUN_AFTER.match(context.text, number.end)
    if match is None or (match["gap"] and match["noun"].lower() == "remains"):  # "sides remains"
        return None
    if match["gap"] and (
        match["noun"].lower() in _NEXT_TO_NUMBER or any(find_numbers(match["gap"]))
    ):  # "two sides held four sessions": the noun is the second number's
        return None
    return _counted(number, context, match["noun"], match.end())


def _bare(number: Number, context: _Context, left: str) -> Outcome:
    """A number without its noun: "the Russian side handed over 909", "returning only 10"."""
    text, end = context.text, number.end
    if not number.digits or _is_year(number):
        return None
    qualifier = QUALIFIER.search(left)
    led = _BARE_LEFT.search(left[: qualifier.start()] if qualifier else left)
    led = led or _BARE_LEFT.search(left)
    enclosed = left.endswith("(") and text[end : end + 1] == ")"
    partitive = _OUT_OF.match(text, end) or _OF_THEM.match(text, end)
    stats = enclosed or partitive or _STATS_FOLLOW.match(text, end)
    if not (stats or (led and _BARE_FOLLOW.match(text, end))):
        return None
    borrowed = _borrowed(number, context)
    found = borrowed and _counted(number, context, borrowed[0], end, borrowed[1])
    if isinstance(found, _Found) and led and not stats:  # the evidence: "handed over 909"
        found = replace(found, start=number.start - len(left) + led.start())
    return found


def _plan_points(number: Number, context: _Context, left: str) -> Outcome:
    """ "a 28-point peace plan", "the 12-point proposal": how many points a plan has."""
    match = _PLAN_POINTS.match(context.text, number.end)
    if match is None or len(number.values) != 1 or not 2 <= number.values[0] <= 100:
        return None
    return _Found("process", "count", number.values, number.start, match.end(), "points")


def _delegation_size(number: Number, context: _Context, left: str) -> Outcome:
    """ "a delegation of ten members", "the team consisted of three officials"."""
    if not _DELEGATION_OF.search(left) or len(number.values) != 1:
        return None
    match = _MEMBERS.match(context.text, number.end)
    if match is None:
        return None
    unit = re.sub(r"\s+", " ", match.group("noun").lower())
    return _Found("process", "count", number.values, number.start, match.end(), unit)


_READERS: tuple[Reader, ...] = (
    _age,
    _plan_points,
    _delegation_size,
    _money,
    _percent,
    _duration,
    _days,
    _years,
    _count,
    _bare,
)


def _counted(
    number: Number, context: _Context, noun: str, end: int, issue: Issue | None = None
) -> Outcome:
    """A count of `noun`; people in general count only outside casualty and population figures
    ("46,707 killed", "a country of 46 million people")."""
    issue = issue or _noun_issue(context, number.start, end, noun)
    near = _clause(context.text, number.start, end)
    if _PEOPLE_RE.match(noun) and not _fixed_issue(noun) and issue != "remains":
        if _is_year(number) or max(number.values) >= 1e6 or _CASUALTY.search(near):
            return _DROP
    elif issue != "remains" and _KILLED.search(near):
        return _DROP
    values = tuple(v for v in number.values if v >= 2)
    if issue is None or not values:
        return _DROP
    per_side = _PER_SIDE.match(context.text, end)
    end = per_side.end() if per_side else end
    qualifier = "per side" if per_side else None
    unit = _UNITS.get(issue) if issue == "remains" else re.sub(r"\s+", " ", noun.lower())
    return _Found(issue, "count", values, number.start, end, unit, qualifier)


def _fixed_issue(noun: str) -> Issue | None:
    return next((issue for pattern, issue in _COUNTED_RE if pattern.match(noun)), None)


def _is_year(number: Number) -> bool:
    return len(number.values) == 1 and number.digits and 1900 <= number.values[0] <= 2099


def _borrowed(number: Number, context: _Context) -> tuple[str, Issue | None] | None:
    """The noun a bare number counts, and its issue where it stands: after "out of", else the
    last one before the number, in its sentence or the one before."""
    text = context.text
    out_of = _OUT_OF.match(text, number.end)
    ahead = out_of and _NOUN_ANY.search(text, out_of.end(), out_of.end() + 60)
    if ahead:
        return ahead["noun"], _noun_issue(context, ahead.start(), ahead.end(), ahead["noun"])
    before = context.before
    for where, lo, hi in (
        (context, number.start - 300, number.start),
        (before, 0, len(before.text)),
    ):
        nouns = list(_NOUN_ANY.finditer(where.text, max(0, lo), hi))
        if nouns:
            noun = nouns[-1]
            return noun["noun"], _noun_issue(where, noun.start(), noun.end(), noun["noun"])
    return None


def _noun_issue(context: _Context, start: int, end: int, noun: str) -> Issue | None:
    """What a counted noun is about: its own issue, else the nearest cue ("bodies of" first)."""
    if _REMAINS_OF.search(context.text, max(0, start - 40), start):
        return "remains"
    fixed = _fixed_issue(noun)
    if fixed:
        return fixed
    if _PEOPLE_RE.match(noun):
        near = _nearest(context, start, end, _PEOPLE_ISSUES, skip_inside=True, people=True)
        return near or _nearest_previous(context, _PEOPLE_ISSUES)
    return _nearest(context, start, end, skip_inside=True) or _nearest_previous(context)


def _cues(text: str) -> tuple[IssueHit, ...]:
    """Issue cues: the lexicon's, less "an oversight body" and "it remains", plus our own."""
    hits = [
        h
        for h in find_issue_cues(text)
        if not _NOT_CUE.match(text, h.start)
        or (h.end - h.start > 4 and _REMAINS_NOUN.search(text, max(0, h.start - 30), h.start))
    ]
    for issue, pattern in _OWN_CUES:
        hits.extend(_hits(text, issue, pattern))
    # Of two issues named in one run of words the vaguer yields ("a 90-day humanitarian truce"
    # is a truce's length, "foreign military aid" military aid).
    shadowed = shadowed_hits(text, sorted(hits, key=lambda h: (h.start, h.end)))
    return tuple(h for h in hits if h not in shadowed)


def _hits(text: str, issue: Issue, pattern: re.Pattern[str]) -> Iterator[IssueHit]:
    return (IssueHit(issue, m.start(), m.end()) for m in pattern.finditer(text))


def _nearest(
    context: _Context,
    start: int,
    end: int,
    allowed: frozenset[Issue] | None = None,
    *,
    skip_inside: bool = False,
    people: bool = False,
) -> Issue | None:
    """The issue of the cue closest to `start:end`; crossing a comma or a dash adds distance."""
    text = context.text
    best: tuple[int, int, Issue] | None = None
    for hit in context.people if people else context.hits:
        far = hit.end < start - _REACH or hit.start > end + _REACH
        if far or (allowed is not None and hit.issue not in allowed):
            continue
        if hit.end <= start:
            gap = text[hit.end : start]
        elif hit.start >= end:
            gap = text[end : hit.start] + " "  # a tie goes to the cue before the number
        elif skip_inside:
            continue
        else:
            gap = ""
        score = len(gap) + 40 * len(_BOUNDARY.findall(gap))
        if score <= _REACH and (best is None or (score, _RANK[hit.issue]) < best[:2]):
            best = (score, _RANK[hit.issue], hit.issue)
    return best[2] if best else None


def _nearest_previous(context: _Context, allowed: frozenset[Issue] | None = None) -> Issue | None:
    """The most specific issue of the sentence before ("... ports. It is valid for 120 days")."""
    hits = context.before.hits if allowed is None else context.before.people
    issues = [h.issue for h in hits if h.issue != "process" and h.issue in (allowed or _RANK)]
    if not issues:
        return None
    return min(issues, key=_RANK.__getitem__)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around `start:end`: "1,200 were killed and 250 taken hostage" has two."""
    before = [m.end() for m in _CLAUSE.finditer(text, max(0, start - 60), start)]
    after = _CLAUSE.search(text, end, end + 60)
    return text[before[-1] if before else max(0, start - 60) : after.start() if after else end + 60]


def _talk_near(text: str, start: int, end: int) -> bool:
    return _TALK.search(text, max(0, start - 80), end + 60) is not None


def _with_evidence(claim: Claim, evidence: Span) -> Claim:
    """The figure of `claim` with one more evidence span (a repeat elsewhere in the text)."""
    figure = claim.value
    if not isinstance(figure, Figure) or evidence in figure.evidence:
        return claim
    return replace(claim, value=replace(figure, evidence=(*figure.evidence, evidence)))


def _about(text: str, start: int, end: int) -> str:
    """A few words around the figure, within its clause."""
    before = re.split(r"[,;:()\u2014]", text[max(0, start - 80) : start])[-1].split()[-5:]
    after = re.split(r"[,;:()\u2014]", text[end : end + 80])[0].split()[:5]
    return " ".join([*before, text[start:end], *after]).strip()
