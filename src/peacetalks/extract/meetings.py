"""Events: meetings and rounds, calls, exchanges carried out, and military actions, with dates.

A sentence gives an event when it has a trigger (a cue such as "talks", "spoke by phone",
"handed over ... prisoners", "drone attack") and a date of at least month precision that belongs
to that trigger: each date goes to the nearest trigger of its clause, and the dates of
statements ("said on Monday"), deadlines ("before the end of June"), proposals ("proposed talks
in June") and onsets ("takes effect on Sunday") are left out. Scheduled events with a date count
("are due to meet on Thursday"). Mentions of one event (same type, same date) are merged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from peacetalks.extract.event_details import (
    CARDINALS,
    ORDINAL,
    Draft,
    Side,
    SideFinder,
    Trigger,
    details_of,
    owners_of,
)
from peacetalks.extract.numbers import parse_number
from peacetalks.extract.places import find_places
from peacetalks.model import (
    Claim,
    ClaimSet,
    DateMention,
    Document,
    Provenance,
    Span,
    When,
)
from peacetalks.model.record import EventType
from peacetalks.pipeline import stage

STAGE = "peacetalks.events.v1"

_I = re.IGNORECASE
_Q = "'\u2019"  # straight and curly apostrophes
_W = rf"(?:[\w{_Q},-]+\s+)"  # one word and the space after it
_ACCORDS = re.compile(
    r"\b(?:agreements?|deal|accords?|truce|cease-?fire|declaration|memorandum|statement|treaty|"
    r"document|text|protocol|communiqu\w+|framework|pact|roadmap|annex)\b",
    re.IGNORECASE,
)
# A trigger needs one of these nearby: "exchange" alone is often a row, "released" a report.
_CAPTIVES = re.compile(
    r"\b(?:prisoners?|POWs?|captives?|hostages?|detainees?|bod(?:y|ies)|remains|soldiers|"
    r"servicem[ae]n|defenders|civilians|Ukrainians|Russians|Palestinians|Israelis|fighters|"
    r"captured)\b",
    _I,
)

# (type, rule, anchors, pattern, requirement). A rule's pattern runs only on sentences holding
# one of its anchor words (a set lookup; running all patterns on every sentence cost ~0.4 ms a
# sentence). Requirements: "captives" near the trigger, an agreement noun near it ("accord"),
# two parties in the sentence ("parties"), a named place and no travel ("venue").
_RULES: tuple[tuple[EventType, str, str, str, str | None], ...] = (
    ("call", "phone", "phone phoned telephone telephoned video call hotline",
     r"\bhotline\b|\b(?:(?:tele)?phone|video)[- ](?:call|conversation|talk|conference|link)s?"
     r"\b|\b(?:by|on the|over the) (?:tele)?phone\b|\b(?:tele)?phoned\b|\btelephone\b|"
     rf"\b(?:a|the|his|her|their|\w+[{_Q}]s) (?:phone )?call (?:with|between)\b|"
     r"\b(?:during|in|after|readout of) (?:a|the|their|his|her) (?:phone )?call\b|"
     r"\bcall\s+(?:on\s+(?:[A-Z][a-z]+day|\d)|last\s+week|yesterday)", None),
    ("meeting", "talks", "talks negotiation negotiations summit negotiating conference session",
     r"\b(?:talks|negotiations?|summit|negotiating (?:session|round)|peace conference|"
     r"(?:plenary )?session of (?:the )?(?:talks|negotiations|meeting))\b", None),
    ("meeting", "round", "round",
     rf"\b(?:(?:{ORDINAL}|previous|next|last|latest|new|fresh|another)\s+"
     rf"round|round\s+(?:{'|'.join(CARDINALS)}|\d+))\b", None),
    ("meeting", "meeting", "meeting meetings", r"\bmeetings?\b", None),
    ("meeting", "met", "met meet meets sat",
     r"\b(?:met|meet|meets|sat down)\b(?!\s+(?:the\s+|its\s+|their\s+|all\s+)?"
     r"(?:demands?|conditions?|requirements?|needs?|deadlines?|criteria|obligations?|"
     r"expectations?|targets?|standards?)\b)", None),
    ("meeting", "signed", "signed signing initialed initialled",
     r"\b(?:signed|signing|initial(?:l)?ed)\b", "accord"),
    ("meeting", "signing", "signing",
     rf"\b(?:the|\w+[{_Q}]s)\s+(?:formal\s+)?signing\b", None),
    ("meeting", "agreed", "agreed reached",
     rf"\bagreed\s+(?:to\s+)?(?:an?\s+|the\s+)?{_W}{{0,3}}?(?:cease-?fire|"
     r"truce|deal|(?:peace|framework) (?:agreement|deal|plan)|accord)\b|\bagreed to in\b|"
     rf"\breached\s+(?:an?\s+)?{_W}{{0,2}}?(?:agreement|deal|consensus|accord)\b|"
     r"\b(?:agreement|deal|accord|consensus)\s+(?:was\s+|were\s+|had\s+been\s+)?reached\b|"
     r"\b(?:agreement|deal|accord|truce|cease-?fire)\s+(?:that|which)\s+(?:[\w-]+\s+){0,3}?"
     r"(?:had\s+)?reached\b",
     None),
    # "the deal struck in April 2012", "sealed a truce on Friday"
    ("meeting", "struck", "struck sealed clinched",
     r"\b(?:agreements?|deals?|accords?|truces?|cease-?fires?|pacts?)\s+(?:was\s+|were\s+|"
     rf"had\s+been\s+)?(?:struck|sealed|clinched)\b|\b(?:struck|sealed|clinched)\s+{_W}{{0,3}}?"
     r"(?:agreements?|deals?|accords?|truces?|cease-?fires?|pacts?)\b", None),
    ("meeting", "discussions", "discussion discussions consultations",
     rf"\b(?:held|holding|hold|holds)\s+{_W}{{0,2}}?(?:discussions?|consultations)\b|"
     r"\b(?:discussions?|consultations)\s+(?:with|between)\b", None),
    ("meeting", "received", "hosted received welcomed",
     rf"\b(?:hosted|received|welcomed)\s+{_W}{{0,4}}?(?:delegations?|"
     r"ministers?|leaders?|presidents?|counterparts?|envoys?|negotiators|talks|summit)\b", None),
    ("meeting", "discussed", "discussed talked", r"\b(?:discussed|talked)\b", "parties"),
    ("meeting", "delegation", "delegation delegations negotiators negotiating",
     r"\b(?:delegations?|negotiators|negotiating teams?)\b", "venue"),
    ("meeting", "named-accord", "agreement accord accords declaration memorandum treaty "
     "communique communiqué protocol",
     r"\b(?:Agreement|Accords?|Declaration|Memorandum|Treaty|Communiqu[eé]|Protocol) of\b", None),
    ("exchange", "swap", "exchange exchanges swap swaps release releases handover handovers "
     "repatriation repatriations",
     r"\b(?:prisoner|POW|hostage|captive|detainee|bod(?:y|ies))[- ]"
     r"(?:exchanges?|swaps?|releases?|handovers?|repatriations?)\b", None),
    ("exchange", "handed-over", "exchange exchanged exchanges exchanging swap swaps swapped "
     "swapping hand hands handed handing handover handovers return returns returned release "
     "releases released releasing free frees freed freeing repatriate repatriates repatriated "
     "repatriating received send sent brought transferred",
     r"\b(?:exchang(?:e|ed|es|ing)|swap(?:s|ped|ping)?|"
     r"hand(?:s|ed|ing)? (?:over|back)|handovers?|return(?:s|ed)?|releas(?:e|es|ed|ing)|"
     r"free(?:s|d|ing)?|repatriat(?:e|es|ed|ing)|received|sen[dt] back|brought (?:back|home)|"
     r"transferred)\b", "captives"),
    ("exchange", "stage", "stage phase batch", r"\b(?:stage|phase|batch)\b", "captives-far"),
    ("exchange", "per-side", "each", rf"\b\d[\d,]*\s+{_W}{{0,2}}(?:from|on) each side\b", None),
    ("military_action", "attack", "strike strikes airstrike airstrikes attack attacks assault "
     "assaults bombardment bombardments bombing bombings shelling offensive offensives "
     "counteroffensive counteroffensives raid raids incursion incursions invasion",
     r"\b(?:(?:air|drone|missile|rocket|artillery|military|ground|"
     r"naval|terrorist|cross-border|surprise|retaliatory)[- ])?(?:strikes?|airstrikes?|attacks?|"
     r"assaults?|bombardments?|bombings?|shelling|offensives?|counter-?offensives?|raids?|"
     r"incursions?|invasion)\b(?!\s+(?:a|an)\s+(?:deal|agreement|balance|compromise))", None),
    ("military_action", "operation", "operation operations",
     r"(?<!\bof\s)(?<!\bfor\s)\b(?:military|special|ground|air|(?:counter|anti)-?terror\w*|bold|"
     r"covert|joint|offensive)[\"\u201d\u2019']?\s+operations?\b|\boperations?\s+(?:named|called|dubbed|"
     rf"codenamed)\b|\b(?:launched|conducted|carried out|mounted)\s+{_W}{{0,3}}?operation\b", None),
    ("military_action", "fired", "drones missiles rockets shells",
     rf"\b(?:launched|fired|sent)\s+{_W}{{0,4}}?(?:drones|missiles|"
     r"rockets|shells)\b|\b(?:drones|missiles|rockets)\s+(?:targeted|struck|hit|attacked)\b", None),
    ("military_action", "outbreak", "broke erupted flared began started clashes killing "
     "assassination assassinated bombed bombarded shelled pounded invaded stormed struck "
     "captured seized overran took",
     rf"\b(?:broke out|erupted|flared)\b|\b(?:war|conflict|"
     rf"fighting|hostilities)\s+{_W}{{0,4}}?(?:began|started)\b|\bclashes\b|\bkilling\b|"
     r"\bassassinat\w+|\b(?:bombed|bombarded|shelled|pounded|invaded|stormed)\b|"
     r"(?<!deal )(?<!deals )(?<!agreement )(?<!accord )(?<!truce )(?<!pact )"
     r"\bstruck\b(?!\s+(?:a|an)\s+)|(?<!\d\s)\b(?:captured|seized|overran|took\s+control\s+of)\s+"
     r"(?!(?:\w+\s+)?(?:soldiers|servicemen|prisoners|troops|fighters|civilians|hostages)\b)",
     None),
)  # fmt: skip
_COMPILED = tuple(
    (kind, rule, frozenset(anchors.split()), re.compile(pattern, _I), need)
    for kind, rule, anchors, pattern, need in _RULES
)
_WORD = re.compile(r"[a-zé]+")

_SPEECH = (
    r"(?:said|says|say|told|tells|announced|announces|stated|declared|added|noted|wrote|"
    r"tweeted|posted|reported|claimed|warned|confirmed|insisted|stressed|emphasi[sz]ed|urged|"
    r"pledged|vowed|explained|acknowledged|revealed|speaking|statement|quoted)"
)
_SUBORDINATE = (
    r"(?:and|who|which|that|after|before|when|as|because|since|following|until|while|if)\b"
)
_SAID_IN = re.compile(rf"\b{_SPEECH}\b", _I)
_SAID_BEFORE = re.compile(rf"\b{_SPEECH}(?:\s+[\w']+)?(?:\s+on)?\s*,?\s*$", _I)
_SAID_AFTER = re.compile(rf"^\s*,?\s*(?:(?!{_SUBORDINATE})[\w{_Q}.-]+\s+){{0,8}}?{_SPEECH}\b", _I)
# A date that bounds or starts something else, not the day an event happened.
_NOT_EVENT_DAY = re.compile(
    r"\b(?:before|by|until|till|ahead\s+of|no\s+later\s+than|prior\s+to|after|as\s+of|"
    r"starting(?:\s+from|\s+on)?|effective(?:\s+from|\s+on)?|(?:force|effect)(?:\s+on|\s+from)?|"
    r"dated|within|deadline(?:\s+of)?)\s+(?:on\s+|the\s+)?$",
    _I,
)
_UNREAL = re.compile(
    r"\b(?:propos\w*|suggest\w*|calls?\s+for|called\s+for|urg\w+|invit\w+|offer\w*\s+to|"
    r"ready\s+to|willing\s+to|open\s+to|hop(?:e|es|ed|ing)|wants?|wanted|seek\w*|may|might|"
    r"could|possib\w*|potential\w*|would\s+like|push\w*\s+for|if|unless|whether|originally|"
    r"initially|no\s+date|refused)\b",
    _I,
)
# "did not meet", "never signed"; but "Putin did not attend the talks on Thursday" had talks.
_NEGATED = re.compile(r"(?:\b(?:not|never|no)|n[\u2019']t)\s+(?:[\w-]+\s+){0,1}$", _I)
_HALTED = re.compile(
    r"\b(?:pause|halt|stop|end|cessation|cease-?fire|truce|moratorium|ban|refrain\w*|suspen\w+|"
    r"prevent\w*|deter\w*|without|against|protect\w*)\s+(?:[\w-]+\s+){0,4}$",
    _I,
)
_CLAUSE_START = re.compile(
    r"(?<!#),|[;:()\u2013\u2014]|\s-\s|\b(?:which|who|that|and|but|while|when|where)\b", _I
)
_AGREED = re.compile(
    r"\b(?:agree[ds]?|agreeing|promised?|pledged?|plans?|planned|decided|committed)\b", _I
)
_DATELINE = re.compile(r"\s*(?:[\u2013\u2014|]|-\s)")
_PAST_VERB = re.compile(r"\b(?:\w+ed|fired|struck|hit|sent|shot)\b")
_TRAVEL = re.compile(r"\b(?:arriv\w+|flew|fly|travel\w*|left|depart\w*|land(?:ed|s)|head\w*)\b", _I)
# A sentence that calls a meeting off does not give the meeting.
_CALLED_OFF = re.compile(
    r"\b(?:called\s+off|cancel(?:l)?ed|scrapped|postponed|shelved|put\s+on\s+hold"
    r"|suspend(?:ed|s|ing)\s+(?:the\s+|all\s+|peace\s+)*(?:talks|negotiations|dialogue))\b",
    _I,
)
_HARD_STOP = re.compile(r"[;:?!]")
_PARENTHESIS = re.compile(r"\([^()]*\)")
_LATER = re.compile(r"\b(?:after|since|during|in\s+which|over\s+the\s+past)\b", _I)
_COMMA = re.compile(r",|\s[-\u2013\u2014]\s|[\u2013\u2014(]")
_SCENE = re.compile(r"^(?:(?:on|in|earlier\s+on|later\s+on|and|but)\s+)?$", _I)
_BEGAN = re.compile(r"\b(?:began|begun|started|opened|kicked\s+off|from)\b", _I)
_ENDED = re.compile(r"\b(?:concluded|ended|closed|finished|wrapped\s+up|until|through|to)\b", _I)
_SAME_DAY = re.compile(
    r"\b(?:on\s+the\s+(?:same\s+)?day\s+of|on\s+the\s+sidelines\s+of|(?:just|immediately|"
    r"shortly|hours)\s+(?:before|after)\s+the\s+(?:start\s+of\s+the\s+)?)\s*(?:the\s+)?[\w-]*\s*"
    r"(?:talks|negotiations|meeting|summit|round)\b",
    _I,
)
_AND = re.compile(r"\s*(?:,|and|or|,\s*and)\s+(?:(?:in|at)\s+[A-Z][\w-]+\s+)?(?:on\s+)?", _I)
_MAX_DISTANCE = 160
_INTO_THE_DAY = re.compile(
    r"\b(?:ran|went|lasted|continued|stretched|dragged|carried)\s+(?:on\s+)?"
    r"(?:all\s+night\s+|overnight\s+|through\s+the\s+night\s+|late\s+)?into\s+(?:the\s+)?$",
    _I,
)
# "signed on Friday after five days of talks": the date ends the talks
_DAYS_OF_TALKS = re.compile(
    rf"\W{{0,3}}(?:after|following|at\s+the\s+end\s+of|concluding|capping)\s+"
    rf"(?P<n>\d{{1,2}}|{'|'.join(CARDINALS)})\s+days\s+of\s+(?:[\w-]+\s+)?"
    r"(?:talks|negotiations|meetings|discussions|consultations)\b",
    _I,
)
_POSSESSIVE = re.compile(
    rf"[{_Q}]s\s+(?:(?:first|second|third|last|final|latest|high-level|"
    r"peace|marathon|closed-door|emergency)\s+)?"
)


@dataclass(frozen=True, slots=True)
class Dated:
    """A date of one sentence, at `start:end` of the sentence text."""

    mention: DateMention
    start: int
    end: int
    statement: bool


@stage(STAGE, requires={"sentence", "mention", "date"}, provides={"event"})
def find_events(doc: Document, found: ClaimSet) -> list[Claim]:
    """Meetings, calls, exchanges and military actions stated with a date, merged per day."""
    drafts: dict[tuple[EventType, dt.date], Draft] = {}
    undated: list[tuple[Span, list[Side]]] = []
    sides_of = SideFinder(found)
    for span, dates in _sentences(found):
        dated = any(d.mention.when.precision != "year" for d in dates)
        if not dated and not _about_a_meeting(span.text):
            continue  # most sentences: nothing to date and nothing about the main meeting
        sides = sides_of(span)
        events: list[tuple[Trigger, DateMention]] = []
        if dated:
            triggers = find_triggers(span.text, parties=len({p for _, _, p in sides}))
            events = sentence_events(span.text, dates, triggers)
            near = owners_of(span, triggers, events)
        for trigger, mention in events:
            date = _from_first_day(span, trigger, mention)
            key = (trigger.type, date.when.start)
            draft = drafts.get(key) or drafts.setdefault(key, Draft.new(trigger, date.when))
            draft.add(span, details_of(span.text, sides, trigger, near))
        if not events:
            undated.append((span, sides))
    _attach_undated(drafts, undated, doc.published)
    return [_claim(doc, draft) for draft in drafts.values()]


def _from_first_day(sentence: Span, trigger: Trigger, date: DateMention) -> DateMention:
    """A meeting dated by its last day ("after five days of talks", "ran overnight into
    Thursday") spans from its first day (RECORD.md: a span gives its first day in `date`)."""
    when = date.when
    if trigger.type != "meeting" or when.precision != "day" or when.end != when.start:
        return date
    before = sentence.text[
        max(0, date.span.start - sentence.start - 60) : date.span.start - sentence.start
    ]
    days = _DAYS_OF_TALKS.match(sentence.text, date.span.end - sentence.start)
    if _INTO_THE_DAY.search(before):
        count = 2  # "talks that ran all night into Thursday" began the day before
    elif days is None:
        return date
    else:
        count = int(parse_number(days.group("n")) or 0)
    if not 2 <= count <= 31:
        return date
    first = when.start - dt.timedelta(days=count - 1)
    return DateMention(when=dataclasses.replace(when, start=first), span=date.span)


def _about_a_meeting(text: str) -> bool:
    lower = text.lower()  # substring tests first: ~50x cheaper than the patterns
    if not any(word in lower for word in ("talks", "meeting", "session", "round", "negotiat")):
        return False
    return any(p.search(text) for p in (_SAME_DAY, _DEFINITE, _UNDER_WAY))


def sentence_events(
    text: str, dates: list[Dated], triggers: list[Trigger]
) -> list[tuple[Trigger, DateMention]]:
    """The (trigger, date) pairs of one sentence: each date to its nearest trigger."""
    if not triggers or not dates:
        return []
    masked = _mask(text, dates)
    claimed: dict[Trigger, list[tuple[float, Dated]]] = {}
    for date in dates:
        if not _event_day(text, date):
            continue
        scored = [(s, t) for t in triggers if (s := _score(masked, t, date)) is not None]
        if scored:
            score, best = min(scored, key=lambda item: item[0])
            claimed.setdefault(best, []).append((score, date))
    pairs: list[tuple[Trigger, DateMention]] = []
    for trigger, candidates in claimed.items():
        pairs.extend((trigger, when) for when in _dates_of(text, candidates))
    return pairs


def _event_day(text: str, date: Dated) -> bool:
    """False for a year, a deadline ("by Friday"), an onset ("takes effect on Sunday") and the
    dateline of a piece ("Thursday, November 23, 2023 - Qatar announced ...")."""
    if date.mention.when.precision == "year":
        return False
    possessive = _POSSESSIVE.match(text, date.end)  # "after Tuesday's talks": the talks' day
    if not possessive and _NOT_EVENT_DAY.search(text[max(0, date.start - 40) : date.start]):
        return False
    return not (date.start <= 40 and _DATELINE.match(text, date.end))


def find_triggers(text: str, *, parties: int = 0) -> list[Trigger]:
    """Event cues of one sentence that meet their rule's requirement; calls win over talks.

    `parties` is how many parties the sentence names ("discussed" needs two).
    """
    found = []
    words = set(_WORD.findall(text.lower()))
    called_off = bool(_CALLED_OFF.search(text))
    for kind, rule, anchors, pattern, need in _COMPILED:
        if words.isdisjoint(anchors) or (need == "parties" and parties < 2):
            continue
        if called_off and kind in ("meeting", "call"):
            continue
        for match in pattern.finditer(text):
            if _meets(need, text, match) and not _halted(kind, text, match.start()):
                found.append(Trigger(kind, rule, match.start(), match.end()))
    calls = [t for t in found if t.type == "call"]
    return [
        t
        for t in found
        if t.type != "meeting" or not any(abs(c.start - t.start) < 25 for c in calls)
    ]


def _meets(need: str | None, text: str, match: re.Match[str]) -> bool:
    if need in ("captives", "captives-far"):
        after = 60 if need == "captives" else 100
        return bool(_CAPTIVES.search(text, max(0, match.start() - 40), match.end() + after))
    if need == "accord":
        return bool(_ACCORDS.search(text[max(0, match.start() - 90) : match.end() + 60]))
    if need == "venue":  # "the delegation handed over its memorandum in Istanbul on Monday"
        return not _TRAVEL.search(text) and any(h.place.kind != "region" for h in find_places(text))
    return True


def _halted(kind: EventType, text: str, start: int) -> bool:
    """ "a pause of strikes", "cessation of offensive operations": not an action."""
    return kind == "military_action" and bool(_HALTED.search(text[max(0, start - 60) : start]))


def _score(text: str, trigger: Trigger, date: Dated) -> float | None:
    """How far `date` is from `trigger` in characters and clauses; None where it cannot be."""
    before = date.end <= trigger.start
    if before:
        gap = text[date.end : trigger.start]
    else:
        gap = text[trigger.end : date.start] if date.start >= trigger.end else ""
    if _unrelated(text, trigger, date, gap):
        return None
    gap = _PARENTHESIS.sub(" ", gap)
    if before and _SCENE.match(text[: date.start]):
        score = len(gap) * 0.3  # "On 9 November, A, B and C signed ...": the main verb's day
    else:
        score = len(gap) + 50 * len(_COMMA.findall(gap))
    return score if score <= _MAX_DISTANCE else None


def _unrelated(text: str, trigger: Trigger, date: Dated, gap: str) -> bool:
    """True where `date` cannot be the day of `trigger`'s event."""
    if _POSSESSIVE.fullmatch(gap) and date.end <= trigger.start:
        return False  # "after Tuesday's meeting": the day names the event itself
    if date.statement:  # "said on Sunday it had received the bodies": only a reported past act
        reported = trigger.start > date.start and trigger.type not in ("meeting", "call")
        past = _PAST_VERB.search(text, trigger.start, trigger.end)
        if not (reported and past) or _LATER.search(gap):
            return True  # "speaking after four days in which Ukraine launched drones"
    elif _SAID_IN.search(gap):
        return True  # "on May 19, after which Trump said talks would start": another clause
    if date.end <= trigger.start and _AGREED.search(_clause_before(text, trigger.start)):
        return True  # "on Monday they agreed to swap prisoners": the day of the agreeing
    context = _clause_before(text, min(trigger.start, date.start)) + gap
    return bool(
        _HARD_STOP.search(_PARENTHESIS.sub(" ", gap))
        or _UNREAL.search(context)
        or _NEGATED.search(text[max(0, trigger.start - 30) : trigger.start])
    )


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - 80) : start]
    cuts = list(_CLAUSE_START.finditer(window))
    return window[cuts[-1].end() :] if cuts else window


def _dates_of(text: str, candidates: list[tuple[float, Dated]]) -> list[DateMention]:
    """The dates of one trigger: its nearest one, or a list joined by "and", or a span
    ("began on May 2 and concluded on June 8")."""
    ordered = sorted((d for _, d in candidates), key=lambda d: d.start)
    best = min(candidates, key=lambda item: item[0])[1]
    groups: list[list[Dated]] = [[ordered[0]]]
    for a, b in itertools.pairwise(ordered):
        between = text[a.end : b.start]
        when, until = a.mention.when, b.mention.when
        if (
            _ENDED.search(between)
            and _BEGAN.search(text[max(0, a.start - 30) : a.end])
            and until.end >= when.start  # dates resolved backwards make no span
        ):
            span = When(start=when.start, end=until.end, precision=when.precision, text=when.text)
            return [DateMention(when=span, span=a.mention.span)]
        if _AND.fullmatch(between):
            groups[-1].append(b)
        else:
            groups.append([b])
    return next([d.mention for d in g] for g in groups if best in g)


def _mask(text: str, dates: list[Dated]) -> str:
    """The sentence with its dates blanked out ("4 may" is no modal verb; the comma of
    "yesterday, August 21, to meet" does not end a clause)."""
    chars = list(text)
    for date in dates:
        chars[date.start : date.end] = "#" * (date.end - date.start)
    return "".join(chars)


# -- the document: sentences and their dates ----------------------------------------------


def _sentences(found: ClaimSet) -> Iterator[tuple[Span, list[Dated]]]:
    """Each sentence outside boilerplate with its dates."""
    skipped = [c.provenance.span for c in found.of_kind("boilerplate")]
    dates = [cast(DateMention, c.value) for c in found.of_kind("date")]
    dates = sorted(
        (d for d in dates if not any(_within(d.span, s) for s in skipped)),
        key=lambda d: d.span.start,
    )
    starts = [d.span.start for d in dates]
    for claim in found.of_kind("sentence"):
        span = claim.provenance.span
        covered = sum(max(0, min(span.end, s.end) - max(span.start, s.start)) for s in skipped)
        if covered * 2 > span.end - span.start:  # a caption, a related-articles teaser
            continue
        inside = dates[bisect_left(starts, span.start) : bisect_left(starts, span.end)]
        yield span, [_dated(span, d) for d in inside if d.span.end <= span.end]


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _dated(sentence: Span, mention: DateMention) -> Dated:
    start, end = mention.span.start - sentence.start, mention.span.end - sentence.start
    text = sentence.text
    after = _SAID_AFTER.match(text[end : end + 120])
    # "On Sunday, the army said ..." is the day of saying; "... on Sunday, officials said." is
    # an attribution of the whole sentence, whose date is the event's.
    if after and after.group().lstrip().startswith(",") and not _SCENE.match(text[:start]):
        after = None
    said = _SAID_BEFORE.search(text[max(0, start - 40) : start])
    return Dated(mention, start, end, bool(said or after))


# -- merging mentions of one event ---------------------------------------------------------

_UNDER_WAY = re.compile(
    r"\b(?:talks|negotiations)\b(?:\s+[\w-]+){0,6}?\s+(?:currently|now)\s+(?:under\s?way|"
    r"in\s+progress|taking\s+place|being\s+held)\b",
    _I,
)
_DEFINITE = re.compile(
    r"\b(?:the|this|that|yesterday's|today's|\w+day's)\s+(?:[\w-]+\s+)?"
    r"(?:talks|meeting|session|round|negotiations|summit)\b",
    _I,
)


def _attach_undated(
    drafts: dict[tuple[EventType, dt.date], Draft],
    undated: list[tuple[Span, list[Side]]],
    published: dt.date | None,
) -> None:
    """Sentences without a date that speak of the main meeting: "on the day of the talks, the
    sides exchanged bodies" is that day; "the talks lasted an hour" is a detail of it. Talks
    "currently under way" are talks of the month of publication."""
    main = next((d for d in drafts.values() if d.type == "meeting" and d.precision == "day"), None)
    for span, sides in undated:
        text = span.text
        under_way = _UNDER_WAY.search(text) if published else None
        if under_way and published:
            trigger = Trigger("meeting", "under-way", under_way.start(), under_way.end())
            month = _month_of(published)
            draft = drafts.get(("meeting", month.start))
            draft = draft or drafts.setdefault(("meeting", month.start), Draft.new(trigger, month))
            draft.add(span, details_of(text, sides, trigger, {trigger: trigger}))
            continue
        if main is None:
            continue
        same_day = _SAME_DAY.search(text)
        if same_day:
            parties = len({p for _, _, p in sides})
            for trigger in find_triggers(text, parties=parties):
                if trigger.type in ("meeting", "exchange") and not (
                    same_day.start() <= trigger.start < same_day.end()
                ):
                    key = (trigger.type, main.date)
                    when = When(start=main.date, end=main.date, precision="day", text="")
                    draft = drafts.get(key) or drafts.setdefault(key, Draft.new(trigger, when))
                    draft.add(span, details_of(text, sides, trigger, {trigger: trigger}))
            continue
        definite = _DEFINITE.search(text)
        if definite:
            trigger = Trigger("meeting", "main", definite.start(), definite.end())
            details = details_of(text, sides, trigger, {trigger: trigger})
            if details.duration or details.venue or details.hosts or details.mediators:
                main.add(span, dataclasses.replace(details, participants=()))


def _month_of(day: dt.date) -> When:
    start = day.replace(day=1)
    end = (start + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    return When(start=start, end=end, precision="month", text="")


def _claim(doc: Document, draft: Draft) -> Claim:
    provenance = Provenance(doc.id, draft.evidence[0], STAGE, rule=draft.rule)
    return Claim(kind="event", value=draft.event(), provenance=provenance)
