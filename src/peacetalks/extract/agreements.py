"""Agreements: what two or more parties agreed together, with formula terms and status."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import cast

from peacetalks.extract.agreement_terms import (
    CONTAINER,
    FORMULA_CUE,
    HUMAN,
    STATUS_RANK,
    TRUCE_STATUS,
    VENUE,
    issue_of,
    items_of,
    status_of,
    terms_of,
)
from peacetalks.extract.deals import Sentence, with_deals
from peacetalks.extract.registry import Registry, load_registry
from peacetalks.extract.summaries import readable_summary
from peacetalks.model import (
    Actor,
    Agreement,
    Claim,
    ClaimSet,
    DateMention,
    Document,
    Event,
    Issue,
    Mention,
    Provenance,
    Segment,
    Span,
    Terms,
)
from peacetalks.model.record import AgreementStatus
from peacetalks.pipeline import stage

STAGE = "peacetalks.agreements.v1"
_I = re.IGNORECASE

# Nouns naming a deal. A memorandum or a plan is one side's paper, so it is no deal by itself.
_DEAL = (
    r"(?:agreements?|deals?|accords?|truces?|cease-?fires?|declarations?|treaty|pact|annex|"
    r"arrangements?|joint\s+statement|protocol|understanding|memorandum)"
)
_DEAL_NOUN = re.compile(rf"\b{_DEAL}\b")
_NP = r"(?:(?:an?|the)\s+)?(?:[\w'\u2019-]+\s+){0,4}?"
# "The sides agreed to / on / that ...": the agreed thing follows.
_AGREED_TO = re.compile(
    r"\bagree[sd]?\b(?:\s+(?:only|also|formally|finally|now|today|in\s+principle))*"
    r"(?:\s+on\s+\w+(?:\s+\(\w+\s+\d+\))?|\s+(?:in|at)\s+(?-i:[A-Z])\w+|,\s[^,]{1,80},)?"
    r"\s+(?:to|on|upon|that)\b"
    r"|(?<=, )agreeing\s+(?:to|on)\b|\bit\s+(?:was|has\s+been)\s+agreed\b"
    r"|\bcame\s+to\s+(?:an?\s+)?agreements?\s+on\b|\bconcluded\s+negotiations\s+on\b"
    r"|\b(?:shook|shake)\s+hands\s+on\b|\bmade\s+good\s+on\s+their\s+promise\s+to\b"
    r"|\bcommit(?:ted|s)?\s+(?:both\s+(?:parties|sides)|the\s+(?:two\s+)?(?:sides|parties))\s+to\b"
    r"|\b(?P<committed>(?:are\s+|were\s+|have\s+)?(?:also\s+)?committed\s+to)\b"
    r"|\b(?:reach(?:ed|es)?|came\s+to)\s+(?:an?\s+)?agreement\s+on\b",
    _I,
)
# "Signed a truce", "agreed a swap", "reached a deal": the deal's own noun phrase says what.
_DEAL_MADE = re.compile(
    r"\b(?P<verb>agree[sd]?|reach(?:ed|es)?|sign(?:ed|s)?|initial+ed|struck|clinched|sealed|announced?|"
    rf"approved)\s+(?P<np>{_NP}(?:{_DEAL}|swaps?|exchanges?|consensus))\b",
    _I,
)
# "A ceasefire deal brokered by ...", "the agreements signed in Jeddah": the words before the
# noun say what (read back from the match: a pattern starting with them would be slow).
_DEAL_DONE = re.compile(
    rf"\b(?P<noun>{_DEAL})(?:\s+between\s+[^,.;]{{1,60}}?)?\s+(?:was\s+|were\s+|has\s+been\s+)?"
    r"(?:brokered|mediated|signed|reached|agreed)\s+(?:by|in|on|at)\b",
    _I,
)
_MODIFIERS = re.compile(r"(?:[\w\u2019'.-]+\s+){0,3}$")
# "The exchanges agreed at the talks": the agreed thing came before.
_AGREED_AT = re.compile(
    r"\b(?:(?:had|have|has|were|was)\s+)?agreed(?:\s+upon|\s+to)?\s+(?=(?:at|in|during|earlier|last|"
    r"previously|prior)\b)|\bagreements?\s+(?:recently\s+)?reached\b|\bas\s+agreed\b",
    _I,
)
_LAST_NP = re.compile(r"\b(?:the|an?|their|its|this|these|those)\s+[^,;]*$", _I)
# Between a deal's noun and its verb ("the truce between A and B includes"), no verb of its own.
_GAP_WORD = (
    r"(?!(?:to|is|was|were|be|been|would|will|could|should|must|may|might|which|that|who|"
    r"had|has|have)\b)[\w'\u2019.,-]+"
)
# Provisions of a deal the text names: "the deal includes", "under the agreement", "it foresees";
# a memorandum is one side's paper, so "under the memorandum" gives no provision.
_PAPER = r"(?:agreements?|deals?|accords?|truces?|cease-?fires?|declarations?|treaty|pact|annex|"
_PAPER += r"arrangements?|joint\s+statement|protocol|understanding|document)"
_PROVIDES = re.compile(
    rf"\b(?P<deal>{_PAPER})(?:,?\s+{_GAP_WORD}){{0,10}}?,?\s+(?:also\s+)?"
    r"(?<!\bto\s)(?<!would\s)(?<!could\s)(?<!might\s)(?<!must\s)(?<!should\s)(?<!will\s)(?<!may\s)"
    r"(?:includes?|included|provides?(?:\s+for)?|provided(?:\s+for)?|calls?\s+for|called\s+for|"
    r"requires?|required|establish(?:es|ed)|foresees|envisages?|promised|promises|"
    r"commits?|committed|(?:re)?affirm(?:s|ed)|sets?|stipulates?|stipulated|guaranteed|"
    r"covers?|lays\s+the\s+groundwork\s+for|is\s+aimed\s+at|aims\s+(?:at|to)|"
    r"is\s+meant\s+to|states|reiterated)\b"
    rf"|\b(?:under|according\s+to|through)\s+(?:the|this|that)\s+(?:[\w'\u2019-]+\s+){{0,3}}?{_PAPER}"
    rf"|(?P<before>\bas\s+part\s+of\s+the\s+(?:[\w'\u2019-]+\s+){{0,2}}?{_PAPER})"
    rf"|\b(?:goal|part|provision|term|element)s?\s+of\s+the\s+(?:[\w'\u2019-]+\s+){{0,2}}?{_PAPER}"
    r"|^(?P<pronoun>It|They)\s+(?:also\s+)?(?:includes?|included|foresees|provides|calls\s+for|"
    r"called\s+for|establishes|requires|sets?|affirmed)\b",
    _I,
)
_PROVIDES_CUE = re.compile(
    r"agreement|deal|accord|truce|cease|declaration|treaty|pact|annex|arrangement|statement|"
    r"protocol|understanding|memorand|document|^(?:it|they)\s"
)
# A sentence still about the deal just read keeps its provisions in reach.
_DEAL_REFERENCE = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w'\u2019-]+\s+){0,2}?(?:deal|agreement|accord|declaration|"
    r"arrangement|annex|treaty|phase)\b"
)
_RECENT = dt.timedelta(days=31)
_REACH = 2  # provisions are read up to this many sentences after their deal was last named

# Before a trigger in its clause: the agreement did not happen or is only wished for.
_UNREAL = re.compile(
    r"\b(?:not|never|no|n't|fail(?:ed|s)?|without|neither|nor|refus\w*|could|might|(?-i:may)|would|must|"
    r"if|whether|unless|should|unclear|uncertain|attempts?|efforts?|hopes?|hoped|hoping|bid|seek\w*|sought|"
    r"try\w*|tried|willing|ready|any|potential|possible|proposed?|proposals?|wants?|prospects?|"
    r"urged?|calls?\s+for|asked|demand\w*|insist\w*|expects?|aims?\s+to|plans?\s+to|"
    r"intends?\s+to|conditions?\s+for|instead)\b|(?<!expected\s)\bto\s+$",
    _I,
)
# After "agreed to": agreeing to weigh a proposal is an offer, and agreeing to the other side's
# demands an acceptance; both are positions, not joint agreements.
_ACCEPTANCE = re.compile(
    r"^[^;.]*\binstead\s+of\b|"
    r"^\W*(?:consider|study|review|look\s+at|examine|(?:(?:an?|the|its|their|this|these)\s+)?"
    r"(?:[\w'\u2019-]+\s+){0,2}?(?:package|list|set)?\s*(?:of\s+)?(?:demands?|conditions?|proposals?|"
    r"requests?|terms|ultimatum))\b"
    r"|^[^,;.]{0,40}\b(?:propose|ready\s+to|willing\s+to)\b"
)
_PROPOSAL_HEAD = re.compile(
    r"\s*(?:proposals?|plans?|demands?|conditions?|offers?|requests?|terms|ultimatum)\b", _I
)
# Future-tense provisions ("Hamas is to free ...") of a deal just read.
_MODAL = re.compile(
    r"\b(?:will|would|shall|must|should|is\s+to|are\s+to|is\s+due\s+to|are\s+due\s+to|"
    r"is\s+meant\s+to|are\s+meant\s+to|is\s+expected\s+to|are\s+expected\s+to)\b"
)
# A party's own stance or a speculation, not a provision of the deal.
_STANCE = re.compile(
    r"\b(?:demand\w*|insist\w*|wants?|wanted|call(?:s|ed)?\s+(?:on|for)|urg\w+|propos\w*|"
    r"reject\w*|refus\w*|hopes?|fears?|warn\w*|could|might|(?-i:may)|threat\w*|expectations?|"
    r"prerequisite|conditions?|memorand\w*|approv\w*|vote|suggest\w*|offer\w*|"
    r"states\s+that|believes?|argues?|unclear|uncertain|"
    r"only\s+(?:after|if|when)|unless|if|(?:he|she|it|they|we|I)\s+(?:would|will)\s+(?!be\b)|"
    r"said\s+(?:it|he|she|they)\s+(?:would|will)|draft\w*|"
    r"\b(?:said|says|stressed|insisted)\b[^.;]{0,60}\b(?:must|should)\b)",
    _I,
)
# "They shook hands on - although did not sign - a deal": the aside is no item.
_ASIDE = re.compile(r"\s[\u2013\u2014]\s[^\u2013\u2014]{1,60}\s[\u2013\u2014]\s")
# A list item's label ("- Written proposals: each side is to ...") is no part of the provision.
_LABEL = re.compile(r"^[\s*\u2022-]*[^:;,.]{1,40}:\*{0,2}\s+")

# Where the agreed thing ends (agreement_terms splits it into items).
_CLAUSE_END = re.compile(
    r",\s*(?:while|but|whereas|although|though|even\s+as)\b|\s+but\s+|;\s*however\b|"
    r"\s+while\s+(?:remaining|the|it|they)\b|[.!?](?=\s+(?-i:[A-Z]))"
    r"|,[\"\u201d\u2019']?\s+(?:the\s+|a\s+)?[\w'\u2019 -]{0,80}?\b(?:said|says|announced|told|"
    r"reported|added|stated)\b|,\s+(?:following|after|amid|ahead\s+of|according\s+to)\b"
    # "agreed to a ceasefire after talks mediated by China": the setting is no term
    r"|\s(?:after|following|during|at\s+the\s+end\s+of)\s+(?:the\s+|their\s+|\w+\s+days?\s+of\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:talks|negotiations|meetings?|summit|consultations)\b",
    _I,
)
_NEXT_ROUND = re.compile(
    r"\b(?:(?:next|second|third|new|another|further|fresh|following)\s+(?:round|meeting|session)"
    r"(?:\s+of\s+(?:the\s+)?(?:peace\s+|direct\s+)?(?:talks|negotiations|consultations))?|"
    r"(?:next|new|further|fresh)\s+(?:talks|negotiations))\s+(?:[\w,-]+\s+){0,6}?"
    r"(?:will|is\s+to|are\s+to|is\s+due\s+to|is\s+expected\s+to|are\s+expected\s+to|"
    r"(?:is|are|has\s+been|have\s+been)\s+scheduled)\s+(?:be\s+)?(?:take\s+place|held|begin|start|"
    r"resume|resumed|convene|for)\b|\bwill\s+(?:meet|talk)\s+again\b|"
    r"\b(?:meeting|talks|negotiations)\s+will\s+be\s+resumed\b",
    _I,
)
_LIST_LEAD = re.compile(r":\W{0,2}$")
_BARE_NUMBER = re.compile(r"\(?\d{1,2}[.)]")
_ITEM_MARKER = re.compile(
    r"\s*(?:(?P<number>\d{1,2})\s*[.)\-\u2013\u2014]|\(?[a-z]\)|[-*\u2022\u2013\u2014\u25cf\u25aa])\s+"
)
_AGREED_WORD = re.compile(r"\bagreed\b|\bagreement\b")
_ITS_TEXT = re.compile(r"\b(?:text|terms)\b")
_ONE_SIDES_PAPER = re.compile(
    r"\b(?:memorand\w*|proposals?|plan|draft|demands?|conditions|ultimatum|wish\s+list)\b"
)
_CLAUSE_START = re.compile(r"[,;:]\s|\s(?:while|but|whereas)\s", _I)
_SHARED_MODAL = re.compile(r"\b(?:would|could|might|(?-i:may)|should)\b", _I)
_JOINT = (
    (_AGREED_TO, "agreed"),
    (_DEAL_MADE, "deal_made"),
    (_DEAL_DONE, "deal_done"),
    (_AGREED_AT, "agreed_at"),
)
# Every trigger holds one of these words; most sentences have none and are skipped cheaply.
_JOINT_CUE = re.compile(
    r"agree|sign|initial|reach|struck|clinch|seal|announc|approv|commit|hands|promise|concluded|"
    r"brokered|mediated"
)
_EXCHANGE = re.compile(r"\b(?:exchang|swap|handover)\w*|\bhanded\s+over\b")
_REPORTED = re.compile(r"announc|approv", _I)
_BETWEEN = re.compile(rf"\b{_DEAL}\s+between\s", _I)
_PARTY_TYPES = frozenset({"state", "armed_group"})


@dataclass(slots=True)
class _Draft:
    """An agreement being read; merged with its repeats before it becomes a claim."""

    parties: tuple[str, ...]
    issue: Issue
    summary: str
    terms: Terms
    status: AgreementStatus
    date: dt.date | None
    evidence: list[Span]
    rule: str


@dataclass(frozen=True, slots=True)
class _Sentence:
    span: Span
    mentions: tuple[Mention, ...]
    dates: tuple[DateMention, ...]
    low: str = ""  # the text lowercased, for the patterns written in lower case

    @property
    def text(self) -> str:
        return self.span.text


@dataclass(slots=True)
class _Reader:
    """What the sentences so far say: the deal in reach, its parties, the agreements read."""

    registry: Registry
    main: tuple[str, ...]
    drafts: list[_Draft] = field(default_factory=list)
    deal_parties: tuple[str, ...] = ()
    deal_date: dt.date | None = None
    deal_seen: bool = False
    bare: _Draft | None = None  # a deal named without terms ("signed a peace treaty")
    last: int = -_REACH - 1  # index of the last sentence that named a deal or its terms
    meetings: tuple[tuple[int, dt.date], ...] = ()  # (evidence start, date) of dated meetings
    listing: str | None = None  # the marker of the deal's list being read: "1" or a bullet

    def meeting_before(self, offset: int) -> dt.date | None:
        """The latest date among the meetings the text reported before `offset`: the round
        whose outcome a sentence reports when it gives no date of its own (a background
        round mentioned on the way is earlier)."""
        found = [day for start, day in self.meetings if start <= offset]
        return max(found) if found else None


@stage(STAGE, requires={"sentence", "mention", "date", "actor"}, provides={"agreement"})
def find_agreements(doc: Document, found: ClaimSet) -> list[Claim]:
    """Joint agreements, the provisions of deals the text names, and how far they went."""
    registry = load_registry()
    sentences = _numbers_joined(list(_sentences(found)), doc.text)
    reader = _Reader(registry, _main_parties(sentences, registry))
    reader.meetings = tuple(
        sorted(
            (e.evidence[0].start, e.date)
            for e in (cast(Event, c.value) for c in found.of_kind("event"))
            if e.type == "meeting"
            and e.date is not None
            and e.evidence
            # a meeting still to come has agreed nothing yet; one long before the report is
            # background ("the 2022 talks"), not the round whose outcome it reports
            and (doc.published is None or _RECENT >= doc.published - e.date >= dt.timedelta(0))
        )
    )
    for index, sentence in enumerate(sentences):
        new = _listed(reader, sentence) or _read(reader, sentence, index)
        if _LIST_LEAD.search(sentence.text) and _leads_a_deal(reader, sentence):
            reader.listing = ""  # the items that follow are the deal's terms
        if new:
            reader.drafts.extend(new)
            reader.last = index
        if (not new and _update_status(reader, sentence)) or _DEAL_REFERENCE.search(sentence.low):
            reader.last = index
    drafts = _merge(reader.drafts or ([reader.bare] if reader.bare else []))
    people = [
        a for a in (cast(Actor, c.value) for c in found.of_kind("actor")) if a.type == "person"
    ]
    context = [
        Sentence(s.span, tuple(m for m in s.mentions if registry.get(m.actor_id) is not None))
        for s in sentences
    ]
    agreements = with_deals([_agreement(d) for d in drafts], context, people)
    return [_claim(doc, d, a) for d, a in zip(drafts, agreements, strict=True)]


def _leads_a_deal(reader: _Reader, sentence: _Sentence) -> bool:
    """A lead-in to a deal's own terms ("the following was agreed upon:", "Following are
    details of the agreement:"), not to one side's paper or demands."""
    low = sentence.low
    if _ONE_SIDES_PAPER.search(low):
        return False
    agreed = _AGREED_WORD.search(low)
    return bool(agreed and _real(sentence.text, agreed.start())) or bool(
        _DEAL_NOUN.search(low) and (reader.deal_seen or _ITS_TEXT.search(low))
    )


def _listed(reader: _Reader, sentence: _Sentence) -> list[_Draft]:
    """An item of the list a deal's lead-in opened: numbered items in sequence, or bullets
    up to the first line that is not one; a bullet under a numbered item is a detail of it."""
    if reader.listing is None:
        return []
    marker = _ITEM_MARKER.match(sentence.text)
    number = marker.group("number") if marker else None
    expected = str(int(reader.listing) + 1) if reader.listing.isdigit() else "1"
    if marker and number is not None and (reader.listing == "" or number == expected):
        reader.listing = number
    elif marker and number is None and not reader.listing.isdigit():
        reader.listing = "-"
    elif marker and number is None:
        return []  # a detail of the numbered item above
    elif reader.listing.isdigit() and marker is None:
        return []  # prose between numbered items: the list goes on after it
    else:
        reader.listing = None
        return []
    body = _LABEL.sub("", sentence.text[marker.end() :])
    issue = issue_of(body)  # one provision per item, named by the item as a whole
    if issue is None:
        return []
    parties = reader.deal_parties or reader.main
    return [_draft(reader, sentence, body, issue, parties, "listed_provision")]


def _read(reader: _Reader, sentence: _Sentence, index: int) -> list[_Draft]:
    """The agreements one sentence states, tried from the plainest wording to the loosest."""
    text = sentence.text
    joint = _joint(reader, sentence)
    if joint:
        return joint
    parties = reader.deal_parties or reader.main
    provides = _PROVIDES.search(text) if _PROVIDES_CUE.search(sentence.low) else None
    # "It also foresees ..." only right after the deal it stands for.
    follows = index - reader.last == 1 or not (provides and provides.group("pronoun"))
    if provides and follows and _named(reader, provides) and _real(text, provides.start()):
        return _provisions(reader, sentence, provides, parties)
    carried = _carried_out(reader, sentence)
    if carried:
        return carried
    body = _LABEL.sub("", text)
    near = index - reader.last <= _REACH
    if near and _MODAL.search(body.lower()) and not _STANCE.search(body):
        if _third_party_subject(reader, sentence, parties):
            return []
        return _drafts(reader, sentence, body, parties, "modal_provision")
    return _next_round(reader, sentence, parties)


def _next_round(reader: _Reader, sentence: _Sentence, parties: tuple[str, ...]) -> list[_Draft]:
    """A further round set for a day or place ("the next meeting is expected to take place in
    15 days", "will meet again on 12 May") was settled by both sides: the talks go on."""
    match = _NEXT_ROUND.search(sentence.text)
    if match is None or len(parties) < 2 or not _real(sentence.text, match.start()):
        return []
    draft = _draft(reader, sentence, match.group(0), "process", parties, "next_round")
    draft.status = "agreed"
    return [draft]


def _third_party_subject(reader: _Reader, sentence: _Sentence, parties: tuple[str, ...]) -> bool:
    """True when the sentence opens with a party outside the deal ("The United States will send
    an envoy"): that is its own plan, not a provision."""
    opening = [m for m in sentence.mentions if m.span.start - sentence.span.start < 25]
    named = _party_ids(opening[:1], reader.registry)
    return bool(named) and named[0] not in parties


def _named(reader: _Reader, provides: re.Match[str]) -> bool:
    """A deal the text has named: "the agreement" stands alone, "the document" needs a deal."""
    return reader.deal_seen or not re.search(r"\b(?:document|it|they)\b", provides.group(0), _I)


def _joint(reader: _Reader, sentence: _Sentence) -> list[_Draft]:
    """A joint agreement stated outright, read from the first trigger that is not a wish."""
    text = sentence.text
    if not _JOINT_CUE.search(sentence.low):
        return []
    for pattern, rule in _JOINT:
        for match in pattern.finditer(text):
            body = _agreed_thing(text, match, rule)
            if body is None or not _real(text, match.start()):
                continue
            if rule == "deal_made" and _REPORTED.match(match.group("verb")):
                # who announces or approves a deal is no party to it
                parties = _between(reader, sentence) or reader.deal_parties or reader.main
            else:
                parties = _parties(reader, sentence, match.start())
            if len(parties) < 2 and match.groupdict().get("committed"):
                continue
            reader.deal_seen = True
            if len(parties) >= 2:
                reader.deal_parties = parties
            # A new agreement stated without a date belongs to the round reported before it,
            # not to an earlier deal the text mentioned (2 June's deals are not 16 May's).
            reader.deal_date = (
                _date(sentence) or reader.meeting_before(sentence.span.start) or reader.deal_date
            )
            drafts = _drafts(reader, sentence, body, parties, rule)
            if (
                not drafts
                and reader.bare is None
                and (rule.startswith("deal") or _DEAL_NOUN.search(body.lower()))
            ):
                reader.bare = _bare(reader, sentence, body, parties, rule)
            return drafts
    return []


def _bare(
    reader: _Reader, sentence: _Sentence, body: str, parties: tuple[str, ...], rule: str
) -> _Draft:
    """A deal whose terms the text never gives: the talks' own result (`process`) when only
    its name is known, `other` when it is on something no issue covers."""
    topic = VENUE.sub("", _ASIDE.sub(" ", body)).strip(" ,;:.\"\u201c\u201d'\u2018\u2019")
    words = re.findall(r"[a-z]{3,}", topic.lower())
    issue: Issue = (
        "other" if len(words) >= 2 and re.match(r"(?:on|over|about)\b", topic) else "process"
    )
    return _draft(reader, sentence, topic or sentence.text, issue, parties, rule)


def _agreed_thing(text: str, match: re.Match[str], rule: str) -> str | None:
    """The words saying what was agreed, or None when it is one side accepting the other's."""
    if rule == "agreed_at":  # "(carried out) the exchanges (that the sides had) agreed at ..."
        head = text[_clause_start(text, match.start()) : match.start()]
        head = re.sub(r"\s+(?:that|which)\s.*$", "", head)
        last = _LAST_NP.search(head)
        return last.group(0) if last else head
    rest = text[match.end() : _clause_end(text, match.end())]
    if rule == "deal_made":
        # "agreed to a ceasefire proposal": the deal named is only what the proposal is for
        if _PROPOSAL_HEAD.match(rest):
            return None
        return CONTAINER.sub("", match.group("np")) + " " + rest
    if rule == "deal_done":
        head = text[max(0, match.start() - 60) : match.start()]
        modifiers = _MODIFIERS.search(head)
        named = (modifiers.group(0) if modifiers else "") + match.group("noun")
        by = match.group(0).lower().endswith("by")  # what follows "brokered by" is the mediator
        return CONTAINER.sub("", named) + ("" if by else " " + rest)
    return None if _ACCEPTANCE.match(rest.lower()) else rest


def _provisions(
    reader: _Reader, sentence: _Sentence, match: re.Match[str], parties: tuple[str, ...]
) -> list[_Draft]:
    """What a named deal provides: the words after "the deal includes" (before "as part of")."""
    text = sentence.text
    if match.group("before"):
        body = text[_clause_start(text, match.start()) : match.start()]
    else:
        body = text[match.end() : _clause_end(text, match.end())]
    drafts = _drafts(reader, sentence, body, parties, "provision")
    deal = match.group("deal") or ""
    if re.match(r"truce|cease", deal, _I) and all(d.issue != "ceasefire" for d in drafts):
        drafts.insert(0, _draft(reader, sentence, deal, "ceasefire", parties, "provision"))
    return drafts


def _drafts(
    reader: _Reader,
    sentence: _Sentence,
    body: str,
    parties: tuple[str, ...],
    rule: str,
) -> list[_Draft]:
    """One draft per agreed item of `body` that has an issue; children listed among released
    prisoners ("women and children") are a group of the prisoners, not an item of their own."""
    items = list(items_of(_ASIDE.sub(" ", body)))
    if any(issue == "prisoners" for _item, issue in items):
        items = [(item, issue) for item, issue in items if issue != "children"]
    return [_draft(reader, sentence, item, issue, parties, rule) for item, issue in items]


def _draft(
    reader: _Reader,
    sentence: _Sentence,
    item: str,
    issue: Issue,
    parties: tuple[str, ...],
    rule: str,
) -> _Draft:
    return _Draft(
        parties=parties,
        issue=issue,
        summary=_summary(item),
        terms=terms_of(item, issue),
        status=status_of(sentence.low),
        date=_date(sentence) or reader.deal_date,
        evidence=[sentence.span],
        rule=rule,
    )


def _clause_end(text: str, start: int) -> int:
    match = _CLAUSE_END.search(text, start)
    return match.start() if match else len(text)


def _clause_start(text: str, end: int) -> int:
    starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, end)]
    return starts[-1] if starts else 0


def _real(text: str, trigger: int) -> bool:
    """True unless the clause before the trigger negates it or makes it a wish ("to sign").
    A verb opening its clause shares the modal of the one before: "Ukraine would keep its
    sovereignty but agree to limit its army" is a wish too."""
    cuts = list(_CLAUSE_START.finditer(text, 0, trigger))
    start = cuts[-1].end() if cuts else 0
    if _UNREAL.search(text[start:trigger]):
        return False
    if cuts and not text[start:trigger].strip() and cuts[-1].group(0).strip().lower() == "but":
        before = cuts[-2].end() if len(cuts) > 1 else 0
        return not _SHARED_MODAL.search(text[before : cuts[-1].start()])
    return True


def _carried_out(reader: _Reader, sentence: _Sentence) -> list[_Draft]:
    """An exchange carried out on stated terms ("swapped 146 each") was agreed and done."""
    text = sentence.text
    if not _EXCHANGE.search(sentence.low) or status_of(sentence.low) != "implemented":
        return []
    issue = issue_of(text)
    if issue not in HUMAN:
        return []
    draft = _draft(
        reader, sentence, text, issue, _parties(reader, sentence, len(text)), "carried_out"
    )
    if draft.terms.formula is None:
        return []  # an exchange with no stated terms is an event, not an agreement
    draft.summary = f"{draft.terms.formula} exchange of {draft.terms.unit or issue}"
    return [draft]


def _update_status(reader: _Reader, sentence: _Sentence) -> bool:
    """A later sentence saying a deal took place, stalled or was breached moves its status on;
    "the truce entered into force" also tells that a truce was agreed."""
    status = status_of(sentence.low)
    if status == "agreed":
        return _restated(reader, sentence)
    issue = issue_of(sentence.text)
    drafts = reader.drafts
    if (
        issue not in HUMAN
        and issue not in {d.issue for d in drafts}
        and _EXCHANGE.search(sentence.low)
    ):
        # an exchange naming no exchanged issue of its own ("the swap went ahead") is the
        # last exchange's; "27 bodies were handed over" is not news of a prisoner swap
        issue = next((d.issue for d in reversed(drafts) if d.issue in HUMAN), None)
    for draft in reversed(drafts):
        if draft.issue == issue:
            if STATUS_RANK[status] > STATUS_RANK[draft.status]:
                draft.status = status
            draft.evidence.append(sentence.span)
            return True
    truce = TRUCE_STATUS.search(sentence.low)
    if truce and reader.deal_seen:
        parties = reader.deal_parties or reader.main
        drafts.append(
            _draft(reader, sentence, truce.group(0), "ceasefire", parties, "truce_status")
        )
        return True
    return False


def _restated(reader: _Reader, sentence: _Sentence) -> bool:
    """A sentence restating a deal's formula ("Kyiv confirmed the 1,000-for-1,000 swap") is more
    evidence for it."""
    if not any(d.terms.formula for d in reader.drafts) or not FORMULA_CUE.search(sentence.low):
        return False
    formula = terms_of(sentence.text, "prisoners").formula
    for draft in reader.drafts:
        if formula and draft.terms.formula == formula:
            draft.evidence.append(sentence.span)
            return True
    return False


def _summary(item: str) -> str:
    """A short noun phrase for the agreed item: its words, trimmed."""
    text = " ".join(item.split()).strip(" ,;:.\"\u201c\u201d'")
    return re.sub(r"^(?:to|on|that|an?|the)\s+", "", text, flags=_I)[:120].rstrip()


def _parties(reader: _Reader, sentence: _Sentence, trigger: int) -> tuple[str, ...]:
    """Who agreed: the parties named before the trigger; "the two sides" are the deal's."""
    offset = sentence.span.start
    pair = _between(reader, sentence)
    if pair:
        return pair
    before = [m for m in sentence.mentions if m.span.start - offset < trigger]
    named = _party_ids(before, reader.registry)
    if len(named) >= 2:
        return named
    known = reader.deal_parties or reader.main
    if not named or re.search(r"\b(?:sides|parties|both|two|they)\b", sentence.text[:trigger], _I):
        return known or named
    others = _party_ids(sentence.mentions, reader.registry)
    counterpart = [p for p in (*others, *known) if p not in named]
    return (*named, *counterpart[:1])


def _between(reader: _Reader, sentence: _Sentence) -> tuple[str, ...]:
    """The two parties of "a deal between Israel and Hamas", if the sentence names them so."""
    between = _BETWEEN.search(sentence.text)
    if between is None:
        return ()
    offset = sentence.span.start
    inside = [m for m in sentence.mentions if between.start() <= m.span.start - offset]
    pair = _party_ids(inside[:2], reader.registry)
    return pair if len(pair) == 2 else ()


def _party_ids(mentions: Iterable[Mention], registry: Registry) -> tuple[str, ...]:
    """Party ids of mentions: states and armed groups, and the parties of named people."""
    ids: list[str] = []
    for mention in mentions:
        entry = registry.get(mention.actor_id)
        if entry is None:
            continue
        party = entry.acting_party
        if party and party not in ids and (entry.type == "person" or entry.type in _PARTY_TYPES):
            ids.append(party)
    return tuple(ids)


def _main_parties(sentences: list[_Sentence], registry: Registry) -> tuple[str, ...]:
    """The two parties the document names most (a person counts for their party)."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for mention in sentence.mentions:
            counts.update(_party_ids((mention,), registry))
    return tuple(party for party, _n in counts.most_common(2))


def _date(sentence: _Sentence) -> dt.date | None:
    """The first day-precise date the sentence states."""
    days = [d.when.start for d in sentence.dates if d.when.precision == "day"]
    return days[0] if days else None


def _sentences(found: ClaimSet) -> Iterator[_Sentence]:
    """Sentences with the mentions and dates inside them (both lists sorted by offset)."""
    mentions = sorted((cast(Mention, c.value) for c in found.of_kind("mention")), key=_start)
    dates = sorted((cast(DateMention, c.value) for c in found.of_kind("date")), key=_start)
    mention_starts = [_start(m) for m in mentions]
    date_starts = [_start(d) for d in dates]
    for claim in found.of_kind("sentence"):
        span = cast(Segment, claim.value).span
        m0, m1 = bisect_left(mention_starts, span.start), bisect_left(mention_starts, span.end)
        d0, d1 = bisect_left(date_starts, span.start), bisect_left(date_starts, span.end)
        yield _Sentence(
            span=span,
            mentions=tuple(mentions[m0:m1]),
            dates=tuple(dates[d0:d1]),
            low=span.text.lower(),
        )


def _numbers_joined(sentences: list[_Sentence], text: str) -> list[_Sentence]:
    """A list number the sentencizer left alone ("1." | "An immediate ceasefire ...") read
    with the item it numbers."""
    joined: list[_Sentence] = []
    for sentence in sentences:
        last = joined[-1] if joined else None
        if last is not None and _BARE_NUMBER.fullmatch(last.text):
            start, end = last.span.start, sentence.span.end
            span = Span(start=start, end=end, text=text[start:end])
            joined[-1] = _Sentence(
                span=span,
                mentions=last.mentions + sentence.mentions,
                dates=last.dates + sentence.dates,
                low=span.text.lower(),
            )
        else:
            joined.append(sentence)
    return joined


def _start(item: Mention | DateMention) -> int:
    return item.span.start


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One agreement per (issue, formula); a formula-less mention joins its issue's formula."""
    merged: dict[tuple[Issue, str | None], _Draft] = {}
    order = sorted(range(len(drafts)), key=lambda i: (drafts[i].terms.formula is None, i))
    for draft in (drafts[i] for i in order):
        key = (draft.issue, draft.terms.formula)
        if draft.terms.formula is None:
            key = next((k for k in merged if k[0] == draft.issue), key)
        seen = merged.get(key)
        if seen is None:
            merged[key] = replace(draft, evidence=list(draft.evidence))
            continue
        if STATUS_RANK[draft.status] > STATUS_RANK[seen.status]:
            seen.status = draft.status
        seen.evidence.extend(s for s in draft.evidence if s not in seen.evidence)
        seen.date = seen.date or draft.date
    return sorted(merged.values(), key=lambda d: min(s.start for s in d.evidence))


def _terms_phrase(terms: Terms) -> str | None:
    """ "all-for-all exchange of prisoners": a summary from the terms, when they have a formula."""
    if not terms.formula:
        return None
    return f"{terms.formula} exchange of {terms.unit or 'prisoners'}"


def _agreement(draft: _Draft) -> Agreement:
    return Agreement(
        parties=draft.parties,
        issue=draft.issue,
        summary=readable_summary([draft.summary, _terms_phrase(draft.terms)], draft.issue),
        status=draft.status,
        evidence=tuple(sorted(draft.evidence, key=lambda s: s.start)),
        terms=draft.terms,
        date=draft.date,
    )


def _claim(doc: Document, draft: _Draft, agreement: Agreement) -> Claim:
    provenance = Provenance(doc.id, agreement.evidence[0], STAGE, rule=draft.rule)
    return Claim(kind="agreement", value=agreement, provenance=provenance)
