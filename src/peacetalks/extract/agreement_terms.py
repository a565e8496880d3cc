"""Agreement terms: the agreed items and their issues, exchange formulas, and status."""

from __future__ import annotations

import re
from collections.abc import Iterator

from peacetalks.extract.issues import classify_issue
from peacetalks.model import Issue, Terms
from peacetalks.model.record import AgreementStatus

_I = re.IGNORECASE

# How the agreed thing splits into items.
_VERBS = (
    r"commit|ensure|allow|establish|launch|facilitate|release|return|exchange|withdraw|refrain|"
    r"respect|restore|halt|stop|begin|start|resume|set|hold|create|form|open|lift|repatriate|"
    r"schedule|work|called|welcomed|pledged|promised|affirmed|reaffirmed|stressed|decided"
)
_SPLIT = re.compile(
    r";|,(?!\d)\s*(?:and\s+)?(?:as\s+well\s+as\s+|also\s+|including\s+)?|\s+as\s+well\s+as\s+"
    r"|\s+(?:--|\u2013|\u2014)\s+"
    r"|\s+plus\s+|\s+(?:that|which)\s+(?:would|will)\s+include\s+|\s+including\s+"
    rf"|\s+and\s+(?=(?:also\s+)?(?:the|to|an?|for|all|every|its|their|that|\w+ing|{_VERBS})\b)",
    _I,
)
_DENIED = re.compile(r"\b(?:did|does|do|was|were|has|have|had|is|are)\s+not\b|\bn't\b|\bneither\b")
# "which followed months of mediation": what led to the deal, not what it holds.
_BACKGROUND = re.compile(r"(?:which|who|whose)\s+(?:\w+ed|had|has|was|were|is|are)\b")
_UMBRELLA = re.compile(r"\b(?:measures|steps|issues|points|areas|matters)\b")
_COMPOUND = re.compile(r"\b(?!all-)([a-z]+)-for-([a-z]+)\b", _I)
# The deal's own name ("a peace agreement") says nothing of what was agreed; "a truce" does.
CONTAINER = re.compile(
    r"\b(?:(?:comprehensive|final|formal|historic|landmark|new|peace|the|an?)\s+)*"
    r"(?:agreements?|deals?|accords?|declarations?|treaty|pact|annex|arrangements?|"
    r"joint\s+statement|protocol|understanding|memorandum|consensus)"
    r"(?:$|\s+(?:that|which)\s+(?:has|had|was|is)\b.*$)",
    _I,
)
VENUE = re.compile(
    r"\b(?:in|at|during)\s+(?:the\s+|their\s+)?(?:[\w-]+\s+){0,3}?(?:talks|negotiations|"
    r"meeting|round|summit)\b.*$",
    _I,
)
# Agreement wording that the shared issue cues miss or read as another issue; checked in order
# before classify_issue. Candidates for extract/issues.py.
_ISSUE_PATTERNS: tuple[tuple[Issue, str], ...] = (
    (
        "remains",
        r"\bbodies\b|\bbody\s+of\b|(?:\bthe|\btheir|s['\u2019]|\bof)\s+remains\b|\bremains\s+of\b|"
        r"\bthe\s+dead\b|\bthose\s+killed\b",
    ),
    ("children", r"\bchildren\s+(?:deported|abducted|taken|removed)\b"),
    (
        "prisoners",
        r"\b(?:humanitarian|prisoner|detainee)\s+(?:exchanges?|swaps?)\b|\bswap\b|"
        r"\bexchange\s+(?:\d[\d,]*|all)\b|\ball[- ]for[- ]all\b|\bcaptured\s+\w+|"
        r"\b(?:freed|released)\b|^\W*(?:the\s+)?(?:[\w-]+\s+)?(?:exchanges|swaps)\W*$",
    ),
    (
        "process",
        r"\bin\s+writing\b|\bon\s+paper\b|\bdraft\w*\b|\bmemorand|\bnegotiat|\btalks\b|"
        r"\bdialogue\b|\bdiscussions\b|\bnext\s+round\b|\bnegotiating\s+teams?\b|"
        r"\bpeace\s+(?:agreement|deal|treaty)\b|^\W*(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:annex|text)\b",
    ),
    (
        "ceasefire",
        r"\b(?:pause|halt|moratorium|stop|cease|suspend)\w*\b[^,;]{0,40}\b(?:strikes|attacks|"
        r"fire|fighting|shelling|bombing)\b|"
        r"\buse\s+of\s+force\b|\boffensive\s+operations\b|\bcessation\s+of\s+hostilities\b|"
        r"\brefrain\s+from\s+hostilities\b|\bde-?escalation\b|\bend\s+to\s+the\s+fighting\b|"
        r"\bhumanitarian\s+(?:pause|truce)s?\b|\bpause\s+in\s+(?:the\s+)?fighting\b",
    ),
    (
        "foreign_military",
        r"\bwithdraw\w*\s+(?:of\s+)?(?:all\s+)?(?:foreign|u\.?s\.?|american|nato|coalition)\b|"
        r"\bmercenar|\bforeign\s+(?:fighters|incursion|troops|forces)\b|"
        r"\bmilitary\s+(?:aid|assistance)\b|\bsecurity\s+assistance\b|\bintelligence\b|"
        r"\bthird\s+countries\b",
    ),
    (
        "monitoring",
        r"\bdeter\s+violations\b|\bmonitor\w*\s+(?:the\s+)?(?:cease-?fire|truce)\b|"
        r"\bmonitoring\s+(?:commission|committee|mechanism|team|body|group|mission)\b|"
        r"\boversee\s+the\s+(?:cease-?fire|truce)\b",
    ),
    ("security_guarantees", r"\bpeacekeep|\bguarantees\s+from\b"),
    (
        "military_limits",
        r"\bdisarm|\bdecommission|\bdemobili[sz]|\bneutrali[sz]\w*\s+of\b|"
        r"\breintegrat|\barmed\s+groups\b[^,;]{0,40}\b(?:identif|categori|disengage)|"
        r"\b(?:identif|categori)\w*[^,;]{0,40}\barmed\s+groups\b|"
        r"\binfrastructure\b[^,;]{0,60}\brebuil|\bheavy\s+(?:weapons|weaponry|equipment|armou?r)\b",
    ),
    (
        "territory",
        r"\bwithdraw(?:al|s|n)?\b|\bpull\s+back\b|\btake\s+control\s+of\b|"
        r"\bstate\s+authority\b|\bsovereignty\b|\bdeployment\s+towards\b|"
        r"\breturn\s+to\s+their\s+(?:camps|barracks|bases)\b",
    ),
    (
        "governance",
        r"\bpolitical\s+(?:party|organi[sz]ation|status|process)\b|\blaw\s+and\s+order\b|"
        r"\bseats?\s+in\b|\belections?\b",
    ),
    ("justice", r"\bamnesty\b|\bclaims\s+against\b|\btransitional\s+justice\b"),
    ("identity_rights", r"\bhate\s+speech\b|\bself-management\b|\bminorit"),
    (
        "humanitarian",
        r"\bfuel\s+ships\b|\bhumanitarian\s+(?:aid|access|supplies|assistance)\b|"
        r"\bcivilians?\b|\bdisplaced\b|\brefugees\b",
    ),
    (
        "economic_relations",
        r"\b(?:restor\w*|resum\w*|reopen\w*)\s+(?:of\s+)?(?:basic\s+|public\s+)?services\b|"
        r"\bservices\s+such\s+as\b|\b(?:banking|telecom\w*|basic|public)\s+services\b|"
        r"\bflights\b|\btrade\b|\bminerals?\b|\beconomic\b|\bexports?\b|\btransport\b|\btransit\b|"
        r"\breconstruction\b|\bnormali[sz]ation\s+of\s+relations\b",
    ),
    (
        "monitoring",
        r"\boversight\b|\bcompliance\b|"
        r"\bcoordinat\w*\s+(?:\w+\s+){0,2}?(?:centre|center|mechanism|room)\b",
    ),
)
_ISSUE_RULES = tuple((issue, re.compile(pattern)) for issue, pattern in _ISSUE_PATTERNS)

# Terms: "1,000-for-1,000", "all for all", "1,000 prisoners each", "50 hostages and 150 prisoners".
_NUMBER = (
    r"\d{1,3}(?:,\d{3})+|\d+|(?:a|one|two|three|four|five|six|seven|eight|nine|ten)\s+thousand"
)
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WORDS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10}
_FOR = re.compile(
    rf"(?<![\d,])({_NUMBER})[\"\u201d\u2019']?\s*[-\u2013]?\s*for\s*[-\u2013]?\s*[\"\u201c\u2018']?({_NUMBER})\b",
    _I,
)
# "all for all", and an exchange of all the captives: "the exchange of all detainees".
_ALL = re.compile(
    r"\ball[\s-]+for[\s-]+all\b|\b(?:exchange|swap)\s+of\s+all\s+(?:the\s+|their\s+)?"
    r"(?:[\w\"\u201c\u201d'-]+\s+){0,2}?(?:prisoners|detainees|hostages|captives|pows)\b",
    _I,
)
_EACH = re.compile(
    rf"(?<![\d,])({_NUMBER})\s+(?:[\w'\u2019-]+\s+){{0,4}}?(?:each|per\s+side|apiece|"
    r"(?:to|from|for|on)\s+each\s+side)\b"
    rf"|\beach\s+(?:side|party|country)\s+(?:[\w'\u2019-]+\s+){{0,7}}?({_NUMBER})\b"
    r"(?!\s*(?:days|hours))",
    _I,
)
_PAIR = re.compile(
    rf"(?<![\d,])({_NUMBER})\s+(?:[\w'\u2019-]+\s+){{0,3}}?(?:in\s+exchange\s+for|and|while)\s+"
    rf"(?:[\w'\u2019-]+\s+){{0,4}}?({_NUMBER})\s+"
    r"(?:[\w'\u2019-]+\s+){0,2}?(?:prisoners|detainees|hostages|captives|soldiers|servicemen|"
    r"civilians|pows)\b",
    _I,
)
# "13 detainees ... in exchange for a Saudi detainee": N for one.
_FOR_ONE = re.compile(
    rf"(?<![\d,])({_NUMBER})\s+(?:[\w'\u2019-]+\s+){{0,6}}?in\s+exchange\s+for\s+(a|an|one)\s+"
    r"(?:[\w'\u2019-]+\s+){0,2}?(?:prisoner|detainee|hostage|captive|soldier|serviceman"
    r"|civilian|pow)\b",
    _I,
)
FORMULA_CUE = re.compile(r"\bfor\b.{0,12}\d|\ball[\s-]+for[\s-]+all\b|\beach\b|\bper\s+side\b")
_UNIT = re.compile(
    r"\b(?:prisoners\s+of\s+war|prisoners|pows|captives|hostages|detainees|servicemen|"
    r"soldiers|civilians|people)\b",
    _I,
)
_GROUP = re.compile(
    r"\b(?:(?:the\s+)?(?:most\s+)?(?:seriously|severely|badly)\s+(?:wounded|injured|sick|ill)"
    r"(?:\s+(?:and|or)\s+(?:seriously\s+|severely\s+)?(?:wounded|injured|sick|ill))?|"
    r"(?:aged|who\s+are)\s+(?:between\s+|under\s+|over\s+)?\d+(?:\s*(?:-|\u2013|to|and)\s*\d+)?|"
    r"under\s+(?:the\s+age\s+of\s+)?\d+|(?:the\s+)?youngest(?:\s+and\s+(?:the\s+)?most\s+"
    r"(?:severely|seriously)\s+wounded)?|women\s+and\s+(?:children|minors)|young\s+soldiers)",
    _I,
)
HUMAN = frozenset({"prisoners", "remains", "children"})  # the issues exchanged on terms

# Status words, most telling first.
_STATUS_PATTERNS: tuple[tuple[AgreementStatus, str], ...] = (
    ("violated", r"\b(?:breached|violated|not\s+(?:been\s+)?respected|broke\s+down)\b"),
    (
        "stalled",
        r"\b(?:deadlines?\s+(?:have\s+)?(?:come\s+and\s+gone|were\s+missed|passed)|"
        r"(?:was|were)\s+not\s+met|not\s+taken\s+hold|suspended|stalled|yet\s+to\s+"
        r"(?:reach|be\s+implemented|resume)|would\s+have\s+been)\b",
    ),
    (
        "implementing",
        r"\b(?:began|begun|begin)\s+(?:carrying\s+out|implementing|to\s+implement)|"
        r"\bfirst\s+stage\s+(?:took\s+place|was)|\b(?:entered|came)\s+into\s+force\b|"
        r"\b(?:went|came)\s+into\s+effect\b|\btook\s+effect\b|\blargely\s+held\b|"
        r"\bis\s+holding\b|\bunder\s+way\b|\bare\s+ensuring\b",
    ),
    (
        "implemented",
        # "complete" the verb ("Kyiv and Moscow complete a swap"), not the adjective ("a
        # complete ceasefire", "the complete withdrawal").
        r"\b(?:took\s+place|was\s+carried\s+out|carried\s+out|completed|completing|"
        r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bits\s)(?<!\btheir\s)complete(?!\s+and\b)|"
        r"finished|made\s+good\s+on|went\s+ahead|swapped|exchanged|handed\s+over)\b",
    ),
)
_STATUS = tuple((status, re.compile(pattern)) for status, pattern in _STATUS_PATTERNS)
_ANY_STATUS = re.compile("|".join(f"(?:{pattern})" for _status, pattern in _STATUS_PATTERNS))
TRUCE_STATUS = re.compile(
    r"\b(?:the|a)\s+(?:[\w-]+\s+){0,3}?(?:cease-?fire|truce)\s+(?:has\s+been\s+|had\s+been\s+|was\s+)?"
    r"(?:largely\s+)?(?:entered\s+into\s+force|went\s+into\s+effect|took\s+effect|breached|violated|"
    r"held|collapsed|broke\s+down)\b"
)
# What is still to happen tells no status: "the exchange would be completed in stages".
_FUTURE = re.compile(
    r"\b(?:would|will|shall|is\s+to|are\s+to|expected\s+to|set\s+to|due\s+to|plans?\s+to|"
    r"planned\s+to|hopes?\s+to|should|could|might|may)\s+(?:\w+\s+){0,2}$"
)
STATUS_RANK: dict[AgreementStatus, int] = {
    "agreed": 0,
    "stalled": 1,
    "violated": 1,
    "implementing": 2,
    "implemented": 3,
}


def items_of(body: str) -> Iterator[tuple[str, Issue]]:
    """The agreed items of `body` with their issues; an umbrella gives way to what it includes."""
    cuts = [(m.start(), m.end(), m.group(0)) for m in _SPLIT.finditer(body)]
    starts = [0, *(end for _s, end, _g in cuts)]
    ends = [*(start for start, _e, _g in cuts), len(body)]
    joints = [*(g for _s, _e, g in cuts), ""]
    for start, end, joint in zip(starts, ends, joints, strict=True):
        piece = VENUE.sub("", body[start:end]).strip(" ,;:.\"\u201c\u201d'\u2018\u2019")
        if (
            not piece
            or _DENIED.search(piece.lower())
            or _BACKGROUND.match(piece.lower())
            or CONTAINER.match(piece)
        ):
            continue
        if "including" in joint and _UMBRELLA.search(piece.lower()):
            continue
        compound = _COMPOUND.search(piece)
        issues = [issue_of(part) for part in (*(compound.groups() if compound else ()), piece)]
        for issue in dict.fromkeys(i for i in issues if i):
            yield piece, issue


def issue_of(text: str) -> Issue | None:
    """The issue of an agreed item: agreement wording first, then the shared issue cues."""
    low = text.lower()
    for issue, pattern in _ISSUE_RULES:
        if pattern.search(low):
            return issue
    return classify_issue(text)


def terms_of(item: str, issue: Issue) -> Terms:
    """Formula, quantity per side, unit and group of a prisoner, body or child exchange."""
    if issue not in HUMAN:
        return Terms()
    unit_match = _UNIT.search(item)
    unit = "bodies" if issue == "remains" else (unit_match.group(0).lower() if unit_match else None)
    group_match = _GROUP.search(item)
    group = group_match.group(0) if group_match else None
    if _ALL.search(item):
        return Terms(formula="all-for-all", unit=unit, group=group)
    each = _EACH.search(item)
    if each:
        number = _number(each.group(1) or each.group(2))
        return Terms(formula=f"{number}-for-{number}", quantity=number, unit=unit, group=group)
    pair = _FOR.search(item) or _PAIR.search(item) or _FOR_ONE.search(item)
    if pair:
        left, right = _number(pair.group(1)), _number(pair.group(2))
        quantity = left if left == right else None
        return Terms(formula=f"{left}-for-{right}", quantity=quantity, unit=unit, group=group)
    return Terms(unit=unit, group=group)


def _number(text: str) -> int:
    words = text.lower().split()
    if len(words) == 2 and words[1] == "thousand":
        return _WORDS.get(words[0], 1) * 1000
    if text.lower() in _WORDS:
        return _WORDS[text.lower()]
    return int(text.replace(",", ""))


def status_of(text: str) -> AgreementStatus:
    """The status a (lowercased) sentence tells."""
    if not _ANY_STATUS.search(text):
        return "agreed"
    for status, pattern in _STATUS:
        if any(
            not _FUTURE.search(text[max(0, m.start() - 30) : m.start()])
            for m in pattern.finditer(text)
        ):
            return status
    return "agreed"
