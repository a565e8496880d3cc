"""Event details: who took part, hosted or mediated; where; which round; how long."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

from peacetalks.extract.places import find_places
from peacetalks.model import Actor, ClaimSet, DateMention, Event, Mention, Span, When
from peacetalks.model.record import EventType, Precision

_I = re.IGNORECASE
_Q = "'\u2019"  # straight and curly apostrophes
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
CARDINALS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
ORDINAL = "|".join(ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th)"  # a pattern: "second", "2nd"

Side = tuple[int, int, str]  # where a party is named in a sentence, and its actor id

_NUMBERS: dict[str, float] = {w: n for n, w in enumerate(CARDINALS, start=1)}
_NUMBERS |= {"eleven": 11, "twelve": 12}
_NUMBERS |= {"a": 1, "an": 1, "a couple of": 2, "half an": 0.5, "half a": 0.5}
_DURATION = re.compile(
    r"(?P<n>\b\d+(?:\.\d+)?|\b(?:an?|a couple of|half an?|"
    + "|".join(_NUMBERS)
    + r"))(?P<hyphen>[- ])(?P<u>hours?|minutes?|hrs?|mins?)\b(?P<half>\s+and\s+a\s+half)?"
    r"|\b(?P<long>hour)-long\b",
    _I,
)
_LASTED = re.compile(
    r"\b(?:last(?:ed|ing|s)?|for|after|took|spent|runs?|ran|in)\s+(?:(?:barely|just|only|"
    r"over|under|a little|more|less|than|almost|nearly|about|around|roughly|some|merely)\s+)*$",
    _I,
)
_ROUND = re.compile(
    rf"\b(?:(?P<o>{ORDINAL})\s+(?:round|session)|round\s+(?P<c>{'|'.join(CARDINALS)}|\d+)|"
    rf"for\s+(?:a|the)\s+(?P<t>{ORDINAL[len('first|') :]})\s+time)\b",
    _I,
)
# "in Istanbul", "at the Ciragan Palace in", "in the Swiss city of Geneva", "in Havana, Cuba"
_LOCATIVE = re.compile(
    r"\b(?i:in|at|to)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:(?:city|capital|town|resort)\s+of\s+)?"
    r"(?:[A-Z][\w-]+,\s+)?$"
)
_HOSTED_BY = re.compile(r"\bhosted\s+by\b", _I)
_HOSTING = re.compile(r"\b(?:hosted|hosting|hosts|welcoming|welcomed)\b(?!\s+by\b)", _I)
_MEDIATED_BY = re.compile(r"\b(?:mediated|brokered|facilitated|sponsored|convened)\s+by\b", _I)
_X_MEDIATED = re.compile(r"-(?:brokered|mediated)\b", _I)
_AUSPICES = re.compile(
    rf"\b(?:with|under|following|through)\s+(?:the\s+)?(?:[\w.{_Q}-]+\s+){{1,3}}?(?:mediation|auspices)\b",
    _I,
)

_SINCE = re.compile(r"\bsince\s+(?:the\s+)?$", _I)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A cue of an event in one sentence, at `start:end` of the sentence text."""

    type: EventType
    rule: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Details:
    """What one sentence says about an event besides its type and date."""

    participants: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    place: str | None = None
    venue: str | None = None
    round: int | None = None
    duration: float | None = None


def details_of(
    text: str, sides: list[Side], trigger: Trigger, near: dict[Trigger, Trigger | None]
) -> Details:
    """The details of `trigger`'s event; a phrase ("second round") goes to the event of the
    nearest meeting or call trigger (`near` maps each to the trigger of its event, if any)."""
    if trigger.type == "military_action":
        return Details(participants=_actor_of(trigger, sides))
    hosts, mediators = _hosts(text, sides), _mediators(text, sides)
    near = near or {trigger: trigger}
    named = _unique(p for s, _, p in sides if not _LOCATIVE.search(text[max(0, s - 40) : s]))
    participants = tuple(p for p in named if p not in hosts and p not in mediators) or named
    if trigger.type == "exchange":
        return Details(participants=participants, mediators=mediators)

    def mine(position: int) -> bool:
        return near[min(near, key=lambda t: abs(t.start - position))] == trigger

    duration = _duration(text, mine)
    if trigger.type == "call":
        return Details(participants=participants, duration=duration)
    places = [
        h
        for h in find_places(text)
        if h.place.kind != "region"
        and mine(h.start)
        and _LOCATIVE.search(text[max(0, h.start - 60) : h.start])
    ]
    round_ = next((_round(m) for m in _ROUND.finditer(text) if mine(m.start())), None)
    return Details(
        participants=participants,
        hosts=hosts,
        mediators=mediators,
        place=next((text[h.start : h.end] for h in places if h.place.kind == "city"), None),
        venue=next((text[h.start : h.end] for h in places if h.place.kind == "venue"), None),
        round=round_,
        duration=duration,
    )


def owners_of(
    sentence: Span, triggers: list[Trigger], events: list[tuple[Trigger, DateMention]]
) -> dict[Trigger, Trigger | None]:
    """Each meeting or call trigger and the dated trigger of its event: itself, or the nearest
    of its type ("held a second round of talks on Monday": the round is the talks), unless
    that one is a past reference ("the talks ... marked the first negotiation since 2022")."""
    dated = {t for t, _ in events}
    current = [
        t
        for t, d in events
        if not _SINCE.search(sentence.text[: d.span.start - sentence.start][-20:])
    ]
    owners: dict[Trigger, Trigger | None] = {}
    for trigger in triggers:
        if trigger.type not in ("meeting", "call"):
            continue
        same = [d for d in current if d.type == trigger.type]
        nearest = min(same, key=lambda d: abs(d.start - trigger.start), default=None)
        owners[trigger] = trigger if trigger in dated else nearest
    return owners


def _duration(text: str, mine: Callable[[int], bool]) -> float | None:
    """ "lasted barely an hour" is 60, "a two-hour call" 120, "almost two hours" 120."""
    for m in _DURATION.finditer(text):
        hyphen = m.group("hyphen") == "-" or m.group("long")
        if not (hyphen or _LASTED.search(text[max(0, m.start() - 50) : m.start()])) or not mine(
            m.start()
        ):
            continue
        if m.group("long"):
            return 60.0
        word = " ".join(m.group("n").lower().split())
        number = float(word) if word[0].isdigit() else float(_NUMBERS[word])
        number += 0.5 if m.group("half") else 0
        return number * (1 if m.group("u").lower().startswith("m") else 60)
    return None


def _round(match: re.Match[str]) -> int | None:
    word = (match.group("o") or match.group("c") or match.group("t")).lower()
    if word in ORDINALS:
        return ORDINALS.index(word) + 1
    digits = re.match(r"\d+", word)
    return int(digits.group()) if digits else int(_NUMBERS[word])


def _hosts(text: str, sides: list[Side]) -> tuple[str, ...]:
    found = []
    for m in _HOSTED_BY.finditer(text):
        found += [p for s, _, p in sides if m.end() <= s <= m.end() + 30][:1]
    for m in _HOSTING.finditer(text):
        before = [(e, p) for _, e, p in sides if m.start() - 40 <= e <= m.start()]
        found += [max(before)[1]] if before else []
    return _unique(found)


def _mediators(text: str, sides: list[Side]) -> tuple[str, ...]:
    found = []
    for m in _MEDIATED_BY.finditer(text):
        found += [p for s, _, p in sides if m.end() <= s <= m.end() + 60]
    for m in _X_MEDIATED.finditer(text):
        found += [p for _, e, p in sides if m.start() - 25 <= e <= m.start()]
    for m in _AUSPICES.finditer(text):
        found += [p for s, _, p in sides if m.start() <= s < m.end()]
    return _unique(found)


def _actor_of(trigger: Trigger, sides: list[Side]) -> tuple[str, ...]:
    before = [(e, p) for _, e, p in sides if trigger.start - 60 <= e <= trigger.start]
    return (max(before)[1],) if before else _unique(p for _, _, p in sides)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _parties(found: ClaimSet) -> dict[str, str | None]:
    """The party each actor stands for: itself, or a person's state or group."""
    parties: dict[str, str | None] = {}
    for claim in found.of_kind("actor"):
        actor = cast(Actor, claim.value)
        parties[actor.id] = actor.acting_party
    return parties


class SideFinder:
    """The parties a sentence names, where it names them (mentions looked up by offset)."""

    def __init__(self, found: ClaimSet) -> None:
        mentions = [cast(Mention, c.value) for c in found.of_kind("mention")]
        self.mentions = sorted(mentions, key=lambda m: m.span.start)
        self.starts = [m.span.start for m in self.mentions]
        self.parties = _parties(found)

    def __call__(self, sentence: Span) -> list[Side]:
        first = bisect_left(self.starts, sentence.start)
        last = bisect_left(self.starts, sentence.end)
        sides = []
        for m in self.mentions[first:last]:
            party = self.parties.get(m.actor_id, m.actor_id)
            if party:
                sides.append((m.span.start - sentence.start, m.span.end - sentence.start, party))
        return sides


# -- merging mentions of one event ---------------------------------------------------------


@dataclass(slots=True)
class Draft:
    """An event being merged from its mentions in one document."""

    type: EventType
    date: dt.date
    end_date: dt.date | None
    precision: Precision
    rule: str
    evidence: list[Span] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    place: str | None = None
    venue: str | None = None
    round: int | None = None
    duration: float | None = None

    @classmethod
    def new(cls, trigger: Trigger, when: When) -> Draft:
        """A draft dated by `when`; a single month or day has no end date."""
        spans = (when.end.year, when.end.month) != (when.start.year, when.start.month)
        longer = when.end != when.start and (when.precision == "day" or spans)
        return cls(
            trigger.type, when.start, when.end if longer else None, when.precision, trigger.rule
        )

    def add(self, span: Span, details: Details) -> None:
        """One more mention: its evidence, and the details not known yet."""
        if span not in self.evidence:
            self.evidence.append(span)
        for mine, theirs in (
            (self.participants, details.participants),
            (self.hosts, details.hosts),
            (self.mediators, details.mediators),
        ):
            mine.extend(x for x in theirs if x not in mine)
        self.place = self.place or details.place
        self.venue = self.venue or details.venue
        self.round = self.round or details.round
        self.duration = self.duration or details.duration

    def event(self) -> Event:
        """The event as merged so far."""
        return Event(
            type=self.type,
            date=self.date,
            end_date=self.end_date,
            date_precision=self.precision,
            place=self.place,
            venue=self.venue,
            round=self.round,
            participants=tuple(self.participants),
            hosts=tuple(self.hosts),
            mediators=tuple(self.mediators),
            duration_minutes=self.duration,
            evidence=tuple(self.evidence),
        )
