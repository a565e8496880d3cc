"""Positions: what each party demands, offers, rejects or accepts, one issue at a time."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from peacetalks.extract.issues import classify_issue
from peacetalks.extract.places import find_places
from peacetalks.extract.registry import Registry, load_registry
from peacetalks.extract.stances import Cue, find_cues
from peacetalks.extract.summaries import readable_summary
from peacetalks.model import (
    Claim,
    ClaimSet,
    DateMention,
    Document,
    Issue,
    Mention,
    Position,
    Provenance,
    Span,
    Stance,
)
from peacetalks.pipeline import stage

STAGE = "peacetalks.positions.v1"

_PREPOSITION = re.compile(
    r"\b(?:in|to|from|with|against|on|over|about|between|into|towards?|at|of|across|inside|"
    r"through|via|for|by|under|among)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# "in conversations with British Foreign Secretary David Lammy, Rubio ...": a titled name
# after a preposition is its object too (capitalised words only: titles and names).
_PREPOSITION_TITLED = re.compile(
    r"\b(?:[Ww]ith|[Tt]o|[Ff]rom|[Aa]gainst|[Bb]etween|[Aa]mong|[Ff]or)\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'\u2019-]*\s+){1,4}$"
)
# "a proposal by (President) Putin": the agent of a proposal noun, titles between
_BY_OR_FROM = re.compile(r"\s+(?:by|from)\s+(?:the\s+)?(?:[A-Z][\w.'\u2019-]*\s+){0,3}")
_JOINT = re.compile(r"-|\s+and\s+|/")  # joint owners: "US-Egypt", "Qatari and Egyptian"
# two objects of one preposition ("by Qatar and Egypt"; not a comma: "For its part, the MNDAA")
_AND_OR = re.compile(r"\s+(?:and|or)\s+(?:the\s+)?", re.IGNORECASE)
_RELATIVE_PREPOSITION = re.compile(r"\b(?:which|whom|whose)\s+$", re.I)  # "talks in which Kyiv"
# "delegates from the Syrian opposition left": the people stand for the party they come from.
_MEMBERS_OF = re.compile(
    r"^\W*(?:\w+\s+)?(?:delegates?|delegations?|representatives?|members?|officials?|envoys?|"
    r"negotiators?|leaders?)\s+(?:from|of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
# Nouns for what one party puts to another.
_PROPOSAL_WORDS = (
    r"(?:demands?|proposals?|terms|conditions|memorand(?:um|a)|plan|offer|ultimatum|"
    r"requirements|position|draft|initiative|package|documents?|invitation)"
)
_PROPOSAL_NOUN = re.compile(rf"\b{_PROPOSAL_WORDS}\b", re.IGNORECASE)
# A possessive whose phrase is headed by a proposal noun ("Russia's memorandum", "Trump's
# 20-point plan"), not one whose head takes the proposal as its object ("Israel's acceptance
# of the plan", "Hamas's response to the proposal": the plan is another party's).
_OWNED_PROPOSAL = re.compile(
    r"^(?:'s|\u2019s|')(?:\s+(?!(?:of|to|for|on|with|about|against|over|in|into|at|and|or|but|"
    r"the|a|an|its|their|his|her|which|that)\b)[\w\"\u201c\u201d'\u2019-]+){0,4}?\s+[\"\u201c]?"
    rf"{_PROPOSAL_WORDS}\b",
    re.IGNORECASE,
)
# "However, he ...": a sentence may open with a connective before its pronoun subject.
_OPENING_CONNECTIVE = r"^\W*(?:(?:but|and|however|instead|still|meanwhile|later),?\s+)?"
# A sentence whose subject is a pronoun or a description ("the cabinet", "officials") speaks
# for the party the previous sentences were about.
_PRONOUN_START = re.compile(
    _OPENING_CONNECTIVE + r"(?:it|its|they|their|he|she|we|this|these|those|officials|the\s+\w+)\b",
    re.IGNORECASE,
)
# What may stand between two coordinated subjects: commas and "and", an apposition naming the
# first one's office ("Zelensky, Ukraine's president, and Donald Trump") and the second one's
# title ("and US President Donald Trump").
_COORDINATION = re.compile(
    r"^(?:['\u2019]s\s+(?:[a-z-]+\s+){0,2}[a-z-]+)?"
    r"(?:\s*(?:,|and|as well as|&|along with|together with)\s*)+(?:the\s+)?"
    r"(?:(?:[A-Z][\w.-]*|president|prime|minister|leader|foreign|defen[cs]e|secretary|envoy)\s+){0,3}$"
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022\u2013\u2014]|\d{1,2}[.)]|\(?[a-z][.)])\s+")
_CONDITION = re.compile(
    r"\b(?:(?:pre)?conditions?(?! that)|options|in exchange|in return|only if|provided)\b", re.I
)
_LEAD = re.compile(r"^[\s,;:'\"\u2018\u201c]*(?:(?:also|to|that|for|on|the|a|an)\s+)*", re.I)
# A subject that is a party's document or team ("the memorandum called for", "negotiators said").
_DESCRIBED = re.compile(
    r"\b(?:memorand(?:um|a)|document|draft|plan|proposal|delegation|negotiators|officials|"
    r"team|side|government|cabinet|administration|ministry|spokesman|spokeswoman|spokesperson)"
    r"\b[^,;]{0,25}$",
    re.I,
)
_AGREEMENT_SUBJECT = re.compile(
    r"\b(?:agreement|deal|declaration|accord|pact|communiqu[e\u00e9]|treaty|truce|arrangement)"
    r"\b[^,;:]{0,20}$",
    re.I,
)
# "any agreement must include ...": the deal a party wants, so its demand, not what was agreed.
_WANTED_DEAL_WORDS = (
    r"\b(?:any|a future|an eventual|a final|a lasting|a comprehensive)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:agreement|deal|accord)\b"
)
_WANTED_DEAL = re.compile(_WANTED_DEAL_WORDS + r"[^,;:]{0,20}$", re.I)
_WANTED_DEAL_ANYWHERE = re.compile(_WANTED_DEAL_WORDS, re.I)
_ATTRIBUTION_TAIL = re.compile(r"[\"\u201d]\s*,?[^\"\u201d]*$")  # '...," Nono told Reuters.'
_BOTH_SIDES = re.compile(
    r"\b(?:both (?:sides|parties|delegations|countries)|the two (?:sides|parties|delegations)|"
    r"the (?:warring )?(?:parties|sides))\b",
    re.I,
)
_GOVERNMENT = re.compile(
    r"\b(?:the|national|central) government\b[^,;]{0,25}$|\bgovernment (?:forces|troops)\b", re.I
)
# A sentence whose subject is a deal ("The declaration committed the sides to ... and called
# for ...") states what the deal says, whatever its verbs.
_DEAL_START = re.compile(
    r"^\W*(?:the|this|that|a|an)\s+(?:[\w'-]+\s+){0,3}?(?:agreement|deal|declaration|accord|pact|"
    r"truce|communiqu[e\u00e9]|treaty|arrangement)\b(?!\s+(?:with|between)\b)",
    re.I,
)
_VP_COORDINATION = re.compile(
    r",?\s+(?:and|but)\s+(?:(?:has|had|have|also|then|later|would|will|is|was)\s+)*$", re.I
)
_PARTICIPLE = re.compile(r"^\w+ing\b", re.I)  # ", backing an amnesty instead": same subject
_FOR = re.compile(r"^\s+for\b", re.I)
_REPORTING_VERB = re.compile(r"\b(?:said|says|stated|announced|told|added|noted)\b", re.I)
# What one party puts to the others; its author holds the stances of its terms.
_PLAN = r"draft|plan|proposal|initiative|framework|roadmap|blueprint"
# A sentence that opens by saying it reports a plan's terms ("Under the plan, Ukraine would
# ...", "According to a draft seen by AP, ..."): what follows is the plan author's demand.
_PLAN_TERMS = re.compile(
    r"^\W*(?:according to|under|in|as part of)\s+(?:the|this|that|a|an|its|their|his|her)\s+"
    rf"(?:[\w'\u2019.-]+\s+){{0,4}}?(?:{_PLAN}|memorandum|document|text)\b[^,;]{{0,60}},",
    re.I,
)
# An opening that carries on a plan's terms: "In exchange, Hamas would release ...".
_TRADE_OPENING = re.compile(
    r"^\W*(?:in (?:exchange|return)|then|after that|afterwards|next|"
    r"in (?:the|a) (?:first|second|third|final|next) (?:phase|stage))\s*,",
    re.I,
)
_WOULD = re.compile(r"\bwould\b", re.I)
# A plan, proposal or draft as the subject before a cue ("The plan also proposes ..."): its
# author's terms, whoever the sentences between were about.
_PLAN_SUBJECT = re.compile(rf"\b(?:memorand(?:um|a)|document|{_PLAN})\b[^,;]{{0,25}}$", re.I)
# Who authored a plan: the subject of "presented/unveiled/put forward ... a plan", or the agent
# of "a proposal drafted/crafted by ...".
_AUTHORS_A_PLAN = re.compile(
    r"^\W{0,3}(?:(?:has|have|had|was|is|on \w+|\w+ly)\s+){0,2}(?:presented|unveiled|"
    r"proposed|put forward|submitted|drafted|tabled|circulated|outlined|sent|handed over|"
    r"delivered|crafted|floated|released|announced|introduced)\s+"
    # the plan is the verb's object, not a preposition's ("sent its response to the plan")
    r"(?:(?!(?:of|to|for|on|with|about|against|regarding|in|into|over)\b)[\w'\u2019-]+\s+){0,5}?"
    rf"(?:{_PLAN}|memorandum|resolution)\b",
    re.I,
)
_PLAN_BY = re.compile(
    rf"\b(?:{_PLAN}|memorandum|resolution),?"
    r"\s+(?:[\w-]+\s+){0,2}?(?:drafted|crafted|authored|put forward|proposed|presented|"
    r"written|prepared|brokered|sponsored|submitted|unveiled|tabled)\s+by\s+(?:the\s+)?$",
    re.I,
)
_PLAN_CONTENT = ("plan-content", "plan-it-content")  # what a plan says: its author's terms
_IT_START = re.compile(r"^\W*(?:it|the (?:text|document))\b", re.I)
# "fulfil obligations if they want to join the bloc": what they want is no part of the demand.
_IF_WANTED = re.compile(
    r"\b(?:if|unless)\s+(?:they|it|he|she|we|you)\s+(?:want|wish|hope)s?\b[^,;]*", re.I
)
_TERMS_NOUN = re.compile(r"(?:demands|conditions?|preconditions|terms|requirements)", re.I)
_PAST_VERB = re.compile(r"ed\b", re.I)
_TERMS_FOR = re.compile(
    r"\b(?:conditions?|preconditions|demands|terms|requirements) for (?:a |an |the )?"
    r"(?:[\w-]+ ){0,2}?(?:ceasefire|cease-fire|truce|settlement|deal|agreement)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|i)\b[^,;]{0,40}$", re.I)
_PRONOUN_SAYS = re.compile(
    _OPENING_CONNECTIVE + r"(?:he|she|they|it)\s+(?:\w+\s+)?"
    r"(?:said|says|repeated|reiterated|insisted|stressed|added|argued|warned|noted)\s+that\b",
    re.I,
)
_PLACE_HISTORY = re.compile(
    r"\b(?:annexed|seized|captured|occupied|taken|lost|liberated|invaded|controlled)\s+"
    r"(?:\w+\s+)?(?:in|on|since)\s+$",
    re.I,
)
_FIRST_PERSON_WORD = re.compile(r"\b(?:we|our|us|i)\b", re.I)
_QUOTE_MARK = re.compile('["\u201d]')  # double quotes: a single one is also an apostrophe
_ATTRIBUTION = re.compile(
    r"[\"\u201d]\s*,?\s*(?:[\w.'-]+\s+){0,5}?(?:said|says|added|emphasi[sz]ed|stressed|told|"
    r"noted|warned|insisted|declared|stated)\b",
    re.I,
)
# A sentence that opens by saying it reports a deal's terms ("As part of the first phase, ...",
# "Under the agreement, ...", "Under it, ..."): the agreements stage reads what follows.
_DEAL_TERMS_START = re.compile(
    r"^\W*(?:(?:as (?:a )?part of|under)\s+(?:the|this|that|its|their|a)\s+"
    r"(?:[\w'\u2019-]+\s+){0,3}?(?:agreement|deal|accord|truce|ceasefire|cease-fire|arrangement|"
    r"pact|phase|stage)\b[^,;]{0,40}|under it),",
    re.I,
)
_CONDITIONAL_START = re.compile(r"^\W*(?:should|if|were|unless|whether)\b", re.I)
_THEY = re.compile(r"\b(?:they|both|the two)\b[^,;]{0,25}$", re.I)
# Phrases naming when or where, not what: "put forward during the ceasefire negotiations".
_SETTING = re.compile(
    r"\b(?:during|at|in|throughout|ahead of|before|after|since)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:talks|negotiations|round|meeting|summit|conference)\b",
    re.I,
)
_TALKS_MODIFIER = re.compile(
    r"\b(?:ceasefire|cease-fire|truce|peace)\s+(talks|negotiations)\b", re.I
)
_PLEDGES = ("pledge", "commitment")
# A deal already made, as a pledge's object: "committed to the agreement", "to this truce".
_EXISTING_DEAL = re.compile(
    r"^\W*(?:(?:fully|firmly|still)\s+)?(?:the|this|that|its|their)\s+(?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:agreement|deal|accord|declaration|treaty|ceasefire|cease-fire|truce|roadmap|"
    r"peace process)\b",
    re.I,
)
_WILLING = ("ready-to", "readiness")  # a willingness both sides share is no agreement yet
_HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|unless|neither|nor|should|would (?:it|they|he|she))\b[^,;:]*$", re.I
)
# Someone else's view of what a party will do, not the party's stance: "Analysts predict that
# Russia will demand ...", "observers expect Kyiv to accept ...".
_FORECAST = re.compile(
    r"\b(?:analysts?|experts?|observers?|commentators?|pundits?|forecasters?|scholars?)\b"
    r"[^.;:]{0,40}?\b(?:predict|expect|forecast|anticipate|speculate|believe|think|suspect|"
    r"doubt|project)(?:s|ed|ing)?\b[^.;:]*$",
    re.I,
)
# A party pressed or urged to do what the cue says does not take that stance: "Ukraine is under
# heavy pressure to accept ...", "Washington urged Hamas to accept ...".
_PRESSED_TO = re.compile(
    r"\b(?:pressure|pressured|pressing|pressed|urged|urging|urges|asked|asking|called on|"
    r"calling on|calls on|pushed|pushing|pushes)\b[^.;:]{0,60}?\bto\s+$",
    re.I,
)
_RELATIVE = re.compile(r",\s+(?:which|who)(?:\s+(?:has|had|have|is|was|also))*\s+$", re.I)
_BY_AGENT = re.compile(r"^\s+by\b", re.I)
_SAYS = re.compile(
    r"^(?:'s\s+\w+|\u2019s\s+\w+)?[^.;:]{0,30}?\b(?:said|says|states|stated|insists|insisted|"
    r"argues|argued|believes|added|maintains|maintained|warned|told)\b(?:\s+\w+){0,3}?\s+that\b",
    re.I,
)
_ANAPHORIC = re.compile(
    r"\b(?:these|those|both|such|the)\s+(?:terms|options|conditions|demands|proposals|points|"
    r"requirements|ideas)\b|^\s*(?:them|it|this|these|those)\b|"
    r"\b(?:this|that)\s+(?:initiative|proposal|plan|offer|idea)\b|"
    r"\b(?:called|calls|deemed|considered|branded|described)\s+(?:it|them|this|these)\b",
    re.I,
)
_PRONOUN_OBJECT = re.compile(r"^\s*(?:it|them|this|these|that)\b", re.I)
_CONJUNCTS = re.compile(r";|,\s+(?:and\s+|as well as\s+)?|\s+(?:and|as well as|or|plus)\s+", re.I)
_LIST_NOUN = re.compile(
    r"\b(?:demands?|proposals?|conditions|terms|objectives|aims|goals|priorities|requirements|"
    r"points|provisions|elements|memorand(?:um|a)|plan)\b",
    re.I,
)
_ONE_PROPOSAL = re.compile(r"\b(?:proposal|offer|initiative|idea|draft)\b", re.I)
_PACKAGE = re.compile(r"\b(?:terms|conditions|demands|proposals|points|package)\b", re.I)
_AGREED = re.compile(r"\bagree(?:d|s)?\b|\bdeal\b|\bagreement\b", re.I)


@dataclass(frozen=True, slots=True)
class PartyMention:
    """A mention in a sentence of an actor that can hold a position (persons via their party)."""

    party: str
    start: int  # offsets within the sentence
    end: int
    party_type: str = "state"  # the registry type of the party: state, armed_group, organization
    opposes: str | None = None  # for an armed group, the state whose government it fights


@dataclass(slots=True)
class Discourse:
    """What earlier sentences established: the last holder and an open list's lead-in."""

    holder: str | None = None
    terms_holder: str | None = None
    plan_author: str | None = None  # the author of the plan last named: "the plan" is theirs
    plan_authors: list[str] = field(default_factory=list)  # it and its co-authors, set with it
    earlier_holder: str | None = None  # the holder before this sentence named a plan's owner
    group: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    opposed: dict[str, int] = field(default_factory=dict)  # states armed groups named here fight
    named: dict[str, int] = field(default_factory=dict)  # every party named so far, first first
    fights: dict[str, str] = field(default_factory=dict)  # armed group -> the state it fights
    last_issues: list[Issue] = field(default_factory=list)
    list_holder: str | None = None
    list_stance: Stance | None = None
    deal_subject: bool = False  # the last sentence was about a deal: "It also called for ..."
    # what each demand or offer so far put forward: its holders and the issues it was about
    proposals: list[tuple[list[str], list[Issue]]] = field(default_factory=list)

    def proposal_issue(self, holders: list[str]) -> list[Issue]:
        """The issue of the last proposal another party put forward, when it named one issue
        alone (a refusal of a package of several is one refusal of the talks: ANNOTATING.md)."""
        for authors, issues in reversed(self.proposals):
            if not set(authors) & set(holders):
                return issues if len(issues) == 1 else []
        return []

    def count(self, text: str, parties: list[PartyMention]) -> None:
        """Tally the parties named as subjects so far: the two most named are "both sides"."""
        for party in parties:
            self.named.setdefault(party.party, len(self.named))
            if _is_subject(text, party):
                self.counts[party.party] = self.counts.get(party.party, 0) + 1
                self.types[party.party] = party.party_type
            if party.opposes:
                self.opposed[party.opposes] = self.opposed.get(party.opposes, 0) + 1
                self.fights[party.party] = party.opposes

    def government(self) -> str | None:
        """Who "the government" is where a state faces an armed group: the most named state."""
        if self.opposed:
            # The registry says whom the groups named here fight (M23: the DRC), which beats
            # counting: a mediator is often the most named state.
            return max(self.opposed, key=lambda p: self.opposed[p])
        if "armed_group" not in self.types.values():
            return None
        states = sorted(
            (p for p, kind in self.types.items() if kind == "state"), key=lambda p: -self.counts[p]
        )
        return states[0] if states else None

    def main_parties(self) -> list[str]:
        """The two parties named most often so far (ties: first named); where an armed group and
        the state it fights are both named, those two (a mediator is often named more)."""
        for group, opposed in self.fights.items():
            if opposed in self.named:
                return sorted((group, opposed), key=lambda p: self.named[p])
        ranked = sorted(self.counts, key=lambda p: -self.counts[p])
        return ranked[:2] if len(ranked) >= 2 else []


@stage(STAGE, requires={"sentence", "mention", "date"}, provides={"position"})
def find_positions(doc: Document, found: ClaimSet) -> list[Claim]:
    """Positions of the parties named in each sentence, with list items inheriting their lead-in."""
    return find_positions_with(doc, found, load_registry())


def find_positions_with(doc: Document, found: ClaimSet, registry: Registry) -> list[Claim]:
    """Positions found with a given actor registry."""
    # A state named as a venue ("talks in Doha") is a place here, not a party taking a stance.
    mentions = sorted(
        (cast(Mention, c.value) for c in found.of_kind("mention") if c.provenance.rule != "venue"),
        key=lambda m: m.span.start,
    )
    starts = [m.span.start for m in mentions]
    dates = [cast(DateMention, c.value) for c in found.of_kind("date")]
    discourse = Discourse()
    claims: list[Claim] = []
    for sentence in (c.provenance.span for c in found.of_kind("sentence")):
        # Only the mentions starting inside the sentence (bisected: a long text has many).
        inside = mentions[bisect_left(starts, sentence.start) : bisect_right(starts, sentence.end)]
        parties = _parties_in(sentence, inside, registry)
        for position, rule in _sentence_positions(doc, sentence, parties, dates, discourse):
            claims.append(
                Claim(
                    kind="position",
                    value=position,
                    provenance=Provenance(doc.id, sentence, STAGE, rule=rule),
                )
            )
    return claims


def _parties_in(sentence: Span, mentions: list[Mention], registry: Registry) -> list[PartyMention]:
    parties = []
    for mention in mentions:
        if not (sentence.start <= mention.span.start and mention.span.end <= sentence.end):
            continue
        entry = registry.get(mention.actor_id)
        if entry is None:
            continue
        party = entry.acting_party
        if party:
            start = mention.span.start - sentence.start
            party_entry = registry.get(party)
            kind = party_entry.type if party_entry is not None else "state"
            opposes = party_entry.opposes if party_entry is not None else None
            parties.append(
                PartyMention(party, start, start + len(mention.span.text), kind, opposes)
            )
    return parties


def _sentence_positions(
    doc: Document,
    sentence: Span,
    parties: list[PartyMention],
    dates: list[DateMention],
    discourse: Discourse,
) -> Iterator[tuple[Position, str]]:
    text = sentence.text
    authors = _proposal_owners(text, parties)
    discourse.earlier_holder = discourse.holder
    if authors:
        discourse.holder = discourse.terms_holder = discourse.plan_author = authors[0]
        discourse.plan_authors = authors
    discourse.count(text, parties)
    cues = _merge_close([c for c in find_cues(text) if not _inside_name(c, parties)])
    starting: list[str] = []
    if parties and parties[0].start < 40:
        starting = _group(text, parties, first=True)
        if len(starting) > 1:
            discourse.group = starting
    is_item = bool(_LIST_ITEM.match(text))
    if not is_item:
        discourse.list_holder = discourse.list_stance = None
    if not cues and is_item and discourse.list_holder and discourse.list_stance:
        for issue in _object_issues(text, text):
            yield (
                _position(
                    doc, sentence, discourse.list_holder, issue, discourse.list_stance, text, dates
                ),
                "list-item",
            )
        return
    lead = _list_lead(text, cues, parties, discourse)
    if lead is not None:
        holders, stance, items = lead
        lead_issues: list[Issue] = []
        for item in items:
            item_issues = _object_issues(item, item)
            lead_issues.extend(i for i in item_issues if i not in lead_issues)
            for holder in holders:
                for issue in item_issues:
                    yield (
                        _position(doc, sentence, holder, issue, stance, item, dates),
                        "inline-list",
                    )
        if text.rstrip().endswith(":"):
            discourse.list_holder, discourse.list_stance = holders[-1], stance
        if stance == "demand":
            discourse.terms_holder = holders[-1]
        if items:
            discourse.last_issues = lead_issues
            return
    subject = _sentence_subject(text, parties)
    sentence_issues: list[Issue] = []
    deal_clause = discourse.deal_subject and bool(_IT_START.match(text))
    deal_start = _DEAL_START.match(text)
    discourse.deal_subject = deal_clause or bool(
        deal_start and not _REPORTING_VERB.search(deal_start.group())
    )
    previous_holders: list[str] = []
    plan_clause: list[str] = []
    for index, cue in enumerate(cues):
        following = _object_end(text, cues, index)
        if (
            (
                _AGREEMENT_SUBJECT.search(text[: cue.start])
                and not _WANTED_DEAL.search(text[: cue.start])
            )
            or (cue.form != "passive" and _DEAL_START.match(text[: cue.start]))
            or _DEAL_TERMS_START.match(text[: cue.start])
            or (
                deal_clause
                and not _party_between(
                    [p for p in parties if _is_subject(text, p)], cues[index - 1].end, cue.start
                )
            )
        ):
            # "the deal calls for ... and also requires ...": the agreements stage reads deals
            deal_clause = True
            continue
        if cue.stance in ("offer", "accept", "reject") and (
            _HYPOTHETICAL.search(text[: cue.start])
            or _CONDITIONAL_START.match(text)
            or (cue.rule.startswith("agree") and _THEY.search(text[: cue.start]))
        ):
            continue  # "if Russia agrees to ...", "neither side agreed to ..."
        if _FORECAST.search(text[: cue.start]) or (
            cue.stance in ("offer", "accept") and _PRESSED_TO.search(text[: cue.start])
        ):
            continue  # an analyst's forecast; a party pressed to accept: no one's stance here
        holders = _holders(text, cue, parties, discourse)
        stance = cue.stance
        authors = _plan_terms_authors(text, cue, parties, discourse) or plan_clause
        if authors:
            holders, stance = authors, "demand"
        if cue.rule in _PLAN_CONTENT and holders:
            plan_clause = holders  # "The plan stipulates that Russia would withdraw ..."
        if _VP_COORDINATION.search(text[: cue.start]) or (
            previous_holders
            and text[: cue.start].rstrip().endswith(",")
            and _PARTICIPLE.match(text[cue.start : cue.end])
        ):
            # "Russia had offered X, and had proposed Y", "Kinshasa resisted X, backing Y
            # instead": the verbs share their subject.
            # the sentence's coordinated subject, all of it ("Congo and the rebels signed ...
            # and committed to ...")
            shared = starting if len(starting) > 1 else ([subject] if subject else holders)
            holders = previous_holders or shared
        if _TERMS_NOUN.fullmatch(text[cue.start : cue.end]) and _FOR.match(text[cue.end :]):
            continue  # "conditions for a ceasefire": the conditions are the demands, not the truce
        if (
            cue.stance in ("offer", "accept")
            and cue.rule not in _WILLING
            and len(holders) > 1
            and not (cue.rule in _PLEDGES and _EXISTING_DEAL.match(text[cue.end :]))
        ):
            # two parties agreeing or committing together make an agreement; standing by one
            # already made is each party's own offer ("both sides said they were committed
            # to the declaration")
            continue
        if not holders:
            continue
        obj = text[cue.end : following]
        attribution = _ATTRIBUTION.search(obj)
        if attribution:
            obj = obj[: attribution.start()]  # '... to Ukraine," the statement said, adding ...'
        issues = _object_issues(obj, text) if cue.form not in ("passive", "judgement") else []
        named = list(issues)  # what the object itself names
        if not issues:
            issues = _unnamed_issues(text, cue, obj, holders, discourse)
        for holder in holders:
            for issue in issues:
                yield _position(doc, sentence, holder, issue, stance, obj, dates), cue.rule
        if stance in ("demand", "offer"):
            discourse.proposals.append((list(holders), [i for i in issues if i != "process"]))
        if cue.stance in ("accept", "reject", "offer") and named:
            # "Kyiv accepted a US proposal for a 30-day ceasefire", "the army is reviewing a US
            # proposal for a truce": the plan's owner asks for it
            for owner in _owners_of_object(text, cue, parties):
                if owner not in holders:
                    for issue in named:
                        yield (
                            _position(doc, sentence, owner, issue, "demand", obj, dates),
                            "proposal-owner",
                        )
        sentence_issues.extend(issues)
        previous_holders = holders
        if cue.form in ("active", "noun", "passive"):
            discourse.holder = holders[-1]
            discourse.group = holders
            if cue.stance == "demand":
                discourse.terms_holder = holders[-1]
        if text.rstrip().endswith(":"):
            discourse.list_holder, discourse.list_stance = holders[-1], cue.stance
    if subject and not cues:
        discourse.holder = subject
    if len(starting) > 1:
        discourse.group = starting  # "They" next is the sentence's subjects, not a cue's holder
    discourse.last_issues = sentence_issues


def _list_lead(
    text: str, cues: list[Cue], parties: list[PartyMention], discourse: Discourse
) -> tuple[list[str], Stance, list[str]] | None:
    """A lead-in ending in a colon ("the memorandum called for the following:", "Zelensky set four
    objectives: a; b; and c"): its holder and stance, and the items given inline after it."""
    colon = text.find(":")
    if colon < 0:
        return None
    after = text[colon + 1 :]
    items = [i for i in re.split(r";\s*(?:and\s+)?", after) if i.strip()]
    if len(items) < 2:
        # "our key demands: an end to X, the withdrawal of Y, and the return of Z"
        unquoted = _ATTRIBUTION_TAIL.sub("", after).rstrip(" ,")
        commas = re.split(r",\s*(?:and\s+)?", unquoted)
        if len(commas) >= 3 and all(i.strip() for i in commas):
            items = commas
    if after.strip() and len(items) < 2:
        return None  # a colon before a quotation or a single object: not a list
    lead_cues = [c for c in cues if c.start < colon]
    stance: Stance | None = lead_cues[0].stance if lead_cues else None
    if stance is None and _LIST_NOUN.search(text[:colon]):
        stance = "demand"
    if stance is None or (
        _AGREED.search(text[:colon]) and not _WANTED_DEAL_ANYWHERE.search(text[:colon])
    ):
        return None  # what parties agreed together is an agreement, not a position
    holders = _holders(text, lead_cues[0], parties, discourse) if lead_cues else []
    if not holders:
        before = [p for p in parties if p.end <= colon]
        holders = [before[-1].party] if before else []
    if not holders and discourse.holder:
        holders = [discourse.holder]
    return (holders, stance, items) if holders else None


def _merge_close(cues: list[Cue]) -> list[Cue]:
    """Cues a few characters apart are one ("must also commit to" is the modal's demand), and a
    noun cue after a verb cue is part of its object ("calls for a commitment to neutrality")."""
    merged: list[Cue] = []
    for cue in cues:
        if merged and cue.start - merged[-1].end <= 12:
            offered = merged[-1].rule == "offer" and cue.stance == "accept"  # "offered to accept"
            if (
                merged[-1].stance in ("demand", "offer")
                and cue.stance in ("accept", "reject")
                and not offered
            ):
                # "ready to accept" accepts; "the Russian demands unacceptable" rejects them.
                merged[-1] = cue
            continue
        if merged and cue.form == "noun":
            continue
        merged.append(cue)
    return merged


def _unnamed_issues(
    text: str, cue: Cue, obj: str, holders: list[str], discourse: Discourse
) -> list[Issue]:
    """What a cue is about when its object names no issue: what came before it, the items of
    the sentence before, the cue's own words, or the fallbacks (the talks; the one issue of
    the proposal a refusal or acceptance answers)."""
    verb = bool(_PAST_VERB.search(text[cue.start : cue.end]))
    short_object = verb and len(obj.split()) <= 4  # "and demanded their return"
    if (
        cue.stance in ("reject", "accept", "offer")
        or cue.rule == "support"
        or cue.form == "passive"  # "a 30-day ceasefire being pushed by Zelensky"
        or short_object
    ):
        # "..., but the Russian side refused": what is refused came before the cue.
        issues = _object_issues(text[: cue.start], text, keep_setting=True)
        if issues:
            return issues
    if cue.stance in ("reject", "accept") and _ANAPHORIC.search(text):
        # "Both options were deemed unacceptable": the items of the sentence before.
        issues = [i for i in discourse.last_issues if i != "process"]
        if issues:
            return issues
    # "declared a 30-hour Easter truce", "agreed to the ceasefire proposal": the cue's own
    # words name what it is about
    issues = [i for i in _object_issues(text[cue.start : cue.end], text) if i != "process"]
    if issues:
        return issues
    issues = _fallback_issues(cue, text)
    if (
        issues == ["process"]
        and cue.stance in ("reject", "accept")
        and _ONE_PROPOSAL.search(text)
        and not _PACKAGE.search(text)
    ):
        # "Zelensky dismissed the proposal": the one issue the other side put forward
        return discourse.proposal_issue(holders) or issues
    return issues


def _object_end(text: str, cues: list[Cue], index: int) -> int:
    """Where the object of cue `index` ends: at the next cue, but past a proposal it takes
    ("responded positively to Trump's proposal for a halt to strikes": the halt is what is
    accepted, and the proposal's own cue demands it)."""
    after = cues[index + 1 :]
    if (
        cues[index].stance in ("accept", "reject")
        and after
        and after[0].rule == "propose"
        and _PROPOSAL_NOUN.match(text[after[0].start : after[0].end])
    ):
        after = after[1:]
    return after[0].start if after else len(text)


def _party_between(parties: list[PartyMention], start: int, end: int) -> bool:
    return any(start <= p.start and p.end <= end for p in parties)


def _sentence_subject(text: str, parties: list[PartyMention]) -> str | None:
    """The party a sentence opens with ("Ukraine presented its plan"): the topic that follows."""
    if parties and parties[0].start < 30 and _is_subject(text, parties[0]):
        return parties[0].party
    return None


def _inside_name(cue: Cue, parties: list[PartyMention]) -> bool:
    """A cue word inside a name ("Rapid Support Forces") is no cue."""
    return any(p.start <= cue.start and cue.end <= p.end for p in parties)


def proposal_owners(text: str, parties: list[tuple[str, int, int]]) -> list[str]:
    """The parties whose plan, memorandum or demands sentence `text` names (see
    `_proposal_owners`), from (party, start, end) mentions with offsets within `text`."""
    return _proposal_owners(text, [PartyMention(p, start, end) for p, start, end in parties])


def _proposal_owners(text: str, parties: list[PartyMention]) -> list[str]:
    """The parties whose memorandum, plan or demands the sentence talks about ("Russia's
    memorandum", "the Ukrainian proposal"), who then hold what "it" or "the document" says:
    the owner, with its co-authors ("the US, Egypt and Qatar presented a plan", "a proposal
    crafted by American, Qatari and Egyptian mediators" are the plan of all three)."""
    for party in parties:
        if _owns_proposal(text, party):
            return [party.party]
    for index, party in enumerate(parties):
        if _AUTHORS_A_PLAN.match(text[party.end :]) and _is_subject(text, party):
            return _group(text, parties[: index + 1], first=False)  # "Washington presented"
        if _PLAN_BY.search(text[max(0, party.start - 80) : party.start]):
            return _group(text, parties[index:], first=True)  # "a draft crafted by Egypt"
    return []


def _plan_terms_authors(
    text: str, cue: Cue, parties: list[PartyMention], discourse: Discourse
) -> list[str]:
    """The authors of the plan whose terms the sentence reports, when it opens by saying so
    before the cue: those named in the opening ("Under the US plan, ..."), else the plan the
    document was about."""
    opening = _PLAN_TERMS.match(text)
    if opening is None and discourse.plan_author and _WOULD.search(text[: cue.end]):
        opening = _TRADE_OPENING.match(text)  # "In exchange, Hamas would release ..."
    if opening is None or opening.end() > cue.start:
        return []
    named = _proposal_owners(text, [p for p in parties if p.end <= opening.end()])
    return named or list(discourse.plan_authors)


def _owners_of_object(text: str, cue: Cue, parties: list[PartyMention]) -> list[str]:
    """The owner of a plan that opens the object of `cue` ("a US proposal for ...", "Egypt's
    plan to ..."), or that the cue's own words name ("agreed to Trump's proposal"): a party
    named there that owns a proposal."""
    owners = [
        index
        for index, p in enumerate(parties)
        if cue.start < p.start
        and len(text[cue.end : p.start].split()) <= 2  # none when inside the cue
        and _owns_proposal(text, p)
    ][:1]
    return _joint_owners(text, parties, owners[0]) if owners else []


def _joint_owners(text: str, parties: list[PartyMention], last: int) -> list[str]:
    """The owner of a proposal, `parties[last]`, with those joined to it ("the joint US-Egypt
    proposal", "a Qatari and Egyptian plan")."""
    first = last
    while first > 0 and _JOINT.fullmatch(text[parties[first - 1].end : parties[first].start]):
        first -= 1
    return list(dict.fromkeys(p.party for p in parties[first : last + 1]))


def _holders(text: str, cue: Cue, parties: list[PartyMention], discourse: Discourse) -> list[str]:
    """Who takes the stance: the subject before the cue (all of a coordinated group), the agent
    after a passive "by", or the party earlier sentences were about."""
    quoted = _quote_speaker(text, cue, parties)
    if quoted:
        return [quoted]  # "'... will not be allowed', said US President Joe Biden"
    if cue.rule in ("no-recognition", "no-limits"):
        # "Kyiv's proposed route ... no recognition of ...": the plan's owner refuses.
        owners = _proposal_owners(text, parties)[:1]
        return owners or ([discourse.holder] if discourse.holder else [])
    relative = _RELATIVE.search(text[: cue.start])
    if relative:
        antecedent = [p for p in parties if p.end <= relative.start()]
        if antecedent and relative.start() - antecedent[-1].end < 15:
            return [antecedent[-1].party]  # "the Sudanese army, which has objected to ..."
    if cue.rule == "propose":
        # "agreed to U.S. President Donald Trump's proposal", "the joint US-Egypt proposal":
        # the proposal is its owners'
        owner = [i for i, p in enumerate(parties) if 0 <= cue.start - p.end <= 4]
        if owner and _owns_proposal(text, parties[owner[-1]]):
            return _joint_owners(text, parties, owner[-1])
        agents = [p for p in parties if _BY_OR_FROM.fullmatch(text[cue.end : p.start])]
        if agents and _PROPOSAL_NOUN.match(text[cue.start : cue.end]):
            return [agents[0].party]  # "a proposal by Putin to resume direct talks"
    before = [p for p in parties if p.end <= cue.start and _is_subject_among(text, p, parties)]
    if cue.form == "passive":
        after = [p for p in parties if p.start >= cue.end]
        return _group(text, after, first=True) if after else []
    if cue.form == "judgement":
        by_agent = _BY_AGENT.match(text[cue.end :])
        if by_agent:
            after = [p for p in parties if p.start >= cue.end]
            return [after[0].party] if after else []
        speakers = [p for p in before if not _owns_proposal(text, p)]
        if speakers:
            return [speakers[-1].party]
        return [discourse.holder] if discourse.holder else []
    if cue.rule == "plan-it-content" or (
        not before
        and discourse.plan_author
        and (cue.rule in _PLAN_CONTENT or _PLAN_SUBJECT.search(text[: cue.end]))
    ):
        # "The plan also proposes ...", "It guarantees ...", "The plan stipulates that ..."
        return list(discourse.plan_authors) if discourse.plan_author else []
    if cue.form == "modal":
        speaker = _speaker(text[: cue.start], before)
        if speaker:
            return [speaker]  # "Ukraine states that the process should ..."
        if not before and discourse.holder and _PRONOUN_SAYS.match(text[: cue.start]):
            return [discourse.holder]  # "However, he repeated that any deal must ..."
        # Otherwise only inside a party's stated terms ("the memorandum says Ukraine must ...").
        subject = before[-1].party if before else None
        if discourse.terms_holder and subject != discourse.terms_holder:
            return [discourse.terms_holder]
        return []
    if _BOTH_SIDES.search(text[max(0, cue.start - 30) : cue.start]) or (
        not before and _BOTH_SIDES.search(text[: cue.start])
    ):
        return discourse.main_parties()
    if before:
        return _group(text, before, first=False)
    if _GOVERNMENT.search(text[: cue.start]) and discourse.government():
        return [discourse.government() or ""]
    if _PRONOUN_START.match(text) or cue.form == "noun" or _DESCRIBED.search(text[: cue.start]):
        if text.lstrip().lower().startswith("they") and discourse.group:
            return list(discourse.group)
        holder = discourse.holder
        if holder and _owner_only_after(text, cue, parties, holder):
            holder = discourse.earlier_holder  # "The rebels rejected a Qatari plan": not Qatar
        return [holder] if holder else []
    return []


def _owner_only_after(text: str, cue: Cue, parties: list[PartyMention], holder: str) -> bool:
    """True when this sentence names `holder` only after the cue, as the owner of a plan: the
    object of the stance, not who takes it."""
    named = [p for p in parties if p.party == holder]
    return bool(named) and all(p.start >= cue.start and _owns_proposal(text, p) for p in named)


def _group(text: str, mentions: list[PartyMention], *, first: bool) -> list[str]:
    """The parties of a coordinated subject ("the US, Saudi Arabia and the AU called for")."""
    ordered = mentions if first else list(reversed(mentions))
    group = [ordered[0]]
    for mention in ordered[1:]:
        left, right = (group[-1], mention) if first else (mention, group[-1])
        if not _COORDINATION.match(text[left.end : right.start]):
            break
        group.append(mention)
    parties = [m.party for m in (group if first else reversed(group))]
    return list(dict.fromkeys(parties))


def _quote_speaker(text: str, cue: Cue, parties: list[PartyMention]) -> str | None:
    """Who said a quotation the cue sits in, when the attribution follows it."""
    attribution = _ATTRIBUTION.search(text, cue.end)
    if attribution is None or _QUOTE_MARK.search(text[cue.end : attribution.start() + 1]) is None:
        return None
    opening = max(text.rfind("\u201c", 0, cue.start), text.rfind('"', 0, cue.start), 0)
    if not _FIRST_PERSON_WORD.search(text[opening : attribution.start()]):
        return None  # only "we"/"I" inside the quotation stand for its speaker
    if any(opening <= p.start and p.end <= cue.start and _is_subject(text, p) for p in parties):
        return None  # '"Kosovo has agreed to ... when I say ...," the envoy said': Kosovo's
    around = [p for p in parties if p.start >= attribution.start() - 40]
    return around[0].party if around else None


def _speaker(head: str, before: list[PartyMention]) -> str | None:
    """The party that says what follows: "X said/states/insists that ..." before the cue."""
    for mention in reversed(before):
        if _SAYS.match(head[mention.end :]):
            return mention.party
    return None


def _is_subject(text: str, party: PartyMention) -> bool:
    """False for a mention that is the object of a preposition ("talks with Ukraine")."""
    head = text[max(0, party.start - 50) : party.start]
    return (
        not (_PREPOSITION.search(head) or _PREPOSITION_TITLED.search(head))
        or bool(_RELATIVE_PREPOSITION.search(head))
        or bool(_MEMBERS_OF.search(head))
    )


def _is_subject_among(text: str, party: PartyMention, parties: list[PartyMention]) -> bool:
    """`_is_subject`, and not the second of two objects of a preposition ("mediation by Qatar
    and Egypt": Egypt no more than Qatar)."""
    if not _is_subject(text, party):
        return False
    joined = [
        p for p in parties if p.end <= party.start and _AND_OR.fullmatch(text[p.end : party.start])
    ]
    return not joined or _is_subject(text, joined[-1])


def _owns_proposal(text: str, party: PartyMention) -> bool:
    tail = text[party.end : party.end + 60]
    return bool(_OWNED_PROPOSAL.match(tail)) or bool(_PROPOSAL_NOUN.match(tail.strip()))


def _object_issues(obj: str, sentence: str, *, keep_setting: bool = False) -> list[Issue]:
    """One issue per conjunct of the object ("sanctions relief and a ban on NATO membership"):
    a modifier inside a conjunct ("energy" in "a pause of energy strikes") adds no issue."""
    issues: list[Issue] = []
    if not keep_setting:
        obj = _TERMS_FOR.sub(" ", _SETTING.sub(" ", obj))  # "conditions for a ceasefire"
    obj = _TALKS_MODIFIER.sub(r"\1", obj)
    obj = _IF_WANTED.sub(" ", obj)
    for conjunct in _CONJUNCTS.split(obj):
        issue = classify_issue(conjunct)
        if issue is not None and issue not in issues:
            issues.append(issue)
    specific: list[Issue] = [i for i in issues if i != "process"]
    if specific:
        issues = specific
        # Conditions for a ceasefire are recorded under each condition's issue (ANNOTATING.md).
        if "ceasefire" in issues and len(issues) > 1 and _CONDITION.search(sentence):
            issues = [i for i in issues if i != "ceasefire"]
    return issues


def _fallback_issues(cue: Cue, text: str) -> list[Issue]:
    """A refusal of a whole package names no item: one process/reject (ANNOTATING.md)."""
    # "we are committed to the agreements reached", "will study the Russian document"
    committed = cue.rule in ("pledge", "consider")
    if cue.rule == "walk-out":
        return ["process"]  # leaving or boycotting the talks rejects them (ANNOTATING.md)
    if cue.rule in _PLEDGES and _EXISTING_DEAL.match(text[cue.end :]):
        return ["process"]  # "remains committed to the agreement": the settlement as a whole
    if ((cue.stance in ("reject", "accept") or committed) and _PROPOSAL_NOUN.search(text)) or (
        cue.stance in ("reject", "accept", "offer") and _PRONOUN_OBJECT.match(text[cue.end :])
    ):
        return ["process"]
    return []


def _position(
    doc: Document,
    sentence: Span,
    holder: str,
    issue: Issue,
    stance: Stance,
    obj: str,
    dates: list[DateMention],
) -> Position:
    return Position(
        holder=holder,
        issue=issue,
        stance=stance,
        summary=readable_summary([_summary(_part_about(obj, issue))], issue),
        targets=_targets(obj, sentence.text) if issue == "territory" else (),
        evidence=(sentence,),
        as_of=_as_of(doc.published, sentence, dates),
    )


def _targets(obj: str, sentence: str) -> tuple[str, ...]:
    """The regions a territorial position is about: those its object names, else its sentence's
    ("Ukraine must withdraw from Donetsk, Luhansk, Zaporizhzhia and Kherson")."""
    for text in (obj, sentence):
        regions = [hit.place.id for hit in find_places(text) if hit.place.kind == "region"]
        if regions:
            return tuple(dict.fromkeys(regions))
    return ()


def _part_about(obj: str, issue: Issue) -> str:
    """The conjuncts of an object that are about `issue`, where others are about other issues:
    "a ceasefire, the return of children and the release of prisoners" has three summaries."""
    kinds = _conjunct_issues(obj)
    if not any(k is not None and k != issue for _c, k in kinds):
        return obj
    parts = [c.strip() for c, k in kinds if k == issue]
    return ", ".join(parts) if parts else obj


@lru_cache(maxsize=8)  # one object gives a summary per holder and issue: classify it once
def _conjunct_issues(obj: str) -> tuple[tuple[str, Issue | None], ...]:
    conjuncts = [c for c in _CONJUNCTS.split(obj) if c and c.strip()]
    if len(conjuncts) < 2:
        return ()
    return tuple((c, classify_issue(c)) for c in conjuncts)


def _summary(obj: str) -> str:
    words = _LEAD.sub("", obj).strip(" ,.;:'\"\u2019\u201d").split()
    return " ".join(words[:14])


def _as_of(published: dt.date | None, sentence: Span, dates: list[DateMention]) -> dt.date | None:
    for mention in dates:
        if sentence.start <= mention.span.start < sentence.end:
            head = sentence.text[: mention.span.start - sentence.start]
            if _PLACE_HISTORY.search(head):
                continue  # "Crimea, annexed in 2014": when the place changed hands, not the stance
            return mention.when.start
    return published
