"""Boilerplate: scraped text that is not the article (related links, comments, share lines).

Plain text copied from a web page keeps the page's furniture: navigation and share lines,
"N minutes ago", subscription prompts, photo captions and credits, bylines, a comments box and
a "Related articles" tail of other stories (whose names and dates would be read as facts). The
rules here are structural, from how news pages are laid out, not phrases of one site. Spans are
offsets into the clean text, which is never rewritten; later stages skip what lies inside them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from peacetalks.model import Claim, ClaimSet, Document, Provenance, Segment
from peacetalks.pipeline import stage

STAGE = "peacetalks.boilerplate.v1"
_BODY_WORDS = 20  # a line this long with a full stop is article body, not page furniture
_SHORT_WORDS = 3  # navigation lines ("In focus", "Blogroll") are this short

_BULLET = re.compile(r"^[\s\u2022\u00b7*|>#-]+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*", re.UNICODE)
_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\bU\.S|\bU\.N|\b(?:Mr|Ms|Mrs|Dr|St|Jr|No|Gen|Sen|Rep|Col|Lt|Sept?|Oct|Nov|Dec"
    r"|Jan|Feb|Aug))\Z"
)
_END_PUNCT = re.compile(r"[.!?\"'\u201d\u2019:]\s*$")

# Whole lines that are page furniture, matched case-insensitively after bullets are stripped.
_UI_LINE = re.compile(
    r"(?:(?:top|bottom) of (?:the )?page|skip to (?:main )?content|(?:scroll|back) to top"
    r"|advertisement|advert|sponsored(?: content)?|story continues below(?: advertisement)?"
    r"|(?:leaderboard |banner )?ads?|share(?: this)?(?: article| story| page)?(?: on \w+)?"
    r"|print(?: this)?(?: article| page)?|e-?mail|tweet|whatsapp|copy link|save|bookmark"
    r"|(?:no |view |show |load )?comments?(?: \(\d+\))?(?: yet)?[.!]*|hashtags|tags|topics"
    r"|loading\W*|listen(?: to (?:this|the) (?:article|story))?|(?:\d+ )?min(?:ute)?s? read"
    r"|\d+ (?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?) ago|just now"
    r"|(?:find|read|learn|see|show|view) (?:out )?more\W*|click here\b.*|(?:sign|log) (?:in|up)"
    r"|log ?(?:in|out)|subscribe\b.*|menu|home|search|close|next|previous|more"
    r"|this (?:is a developing|story is (?:developing|being updated)).*"
    r"|be the first to (?:comment|write a comment|share|reply)\b.*"
    r"|please (?:sign|log) in to (?:comment|leave a comment|reply)\b.*"
    r"|leave a (?:comment|reply)\W*|join the conversation\W*|(?:writer|author):.*)",
    re.IGNORECASE,
)
# Headings after which the page holds other stories, comments or the site's footer. A strong
# one ends the article wherever it stands past the opening; "Read more" and the like also open
# link boxes inside an article, so they end it only near the end.
_TAIL_HEADING = re.compile(
    r"(?:related(?: articles?| stories| news| posts?| content| coverage| reading| topics)?"
    r"|more (?:on this (?:story|topic)|from [\w' ]{1,30}|stories|news|to read|like this)"
    r"|you (?:may|might) (?:also )?(?:like|be interested in)"
    r"|recommended(?: for you| stories| articles| reading)?|(?:most )?(?:popular|read|viewed"
    r"|shared)(?: stories| articles| now| today)?|trending(?: now| stories)?|top stories"
    r"|latest (?:news|stories|articles)|editor'?s picks|hashtags|tags"
    r"|comments?(?: \(\d+\))?|share this(?: article| story)?|leave a (?:comment|reply)"
    r"|join the conversation|about the author|disclaimer(?: and copyright(?: statement)?)?"
    r"|(?:copyright|terms of (?:use|service)|privacy(?: policy)?)(?: \w+){0,4})\W*",
    re.IGNORECASE,
)
_WEAK_TAIL_HEADING = re.compile(r"(?:read (?:more|next|also)|also read|see also)\W*", re.I)
STRONG_TAIL_FROM = 0.25  # share of the text before a strong tail heading counts
WEAK_TAIL_FROM = 0.6

# A line that points at another story: "ALSO READ | ...", "Read more: ...", "Related: ...".
_LINK_LINE = re.compile(
    r"(?:also read|read (?:more|also|next)|see also|related|more|watch|listen|recommended)"
    r"\s*[|:>\u2013\u2014-]\s*\S",
    re.IGNORECASE,
)
_PROMO_CUES = re.compile(
    "|".join(
        f"(?P<c{i}>{cue})"
        for i, cue in enumerate(
            (
                r"\bfree (?:for \d|for (?:a|one) |trial)|\btry\b[^.]{0,40}\bfree\b",
                r"\bunlimited (?:access|reading)\b",
                r"\bsubscri(?:be|bing) (?:now|today|to our|for)\b|\bsubscri(?:ption|ber)s?\b",
                r"\bnewsletters?\b",
                r"\baward-winning\b",
                r"\bjournalism\b",
                r"\bexclusive (?:app|offers?|content|access)\b",
                r"\bsign (?:up|in)\b|\blog in\b",
                r"\b(?:money-saving|special|exclusive) offers?\b|\bdiscount\b|\bad-free\b",
                r"\binbox\b|\bour app\b|\bthe app\b|\bour (?:website|site)\b",
                r"\bdonat(?:e|ion)\b|\bsupport (?:us|our)\b",
                r"\byour audience\b|\bfollow us\b",
            )
        )
    )
)  # matched against the lower-cased line: much faster than re.IGNORECASE
_PROMO_WORDS = (
    "free", "unlimited", "subscri", "newsletter", "award-winning", "journalism", "exclusive",
    "sign ", "log in", "offer", "discount", "inbox", "app", "site", "donat", "support",
    "audience", "follow us",
)  # fmt: skip
_CTA = re.compile(
    r"(?:try|subscribe|sign up|join|download|register|support|connect|explore|discover"
    r"|get|follow|click|become|unlock|upgrade|broaden)\b",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_BITS = re.compile(
    rf"\b(?:{_MONTH}|(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?"
    r"|\d{4}-\d\d(?:-\d\d)?|\d{1,2}:\d\d(?::\d\d)?|\d{1,4}(?:st|nd|rd|th)?|[ap]\.?m\.?"
    r"|GMT|UTC|[A-Z]{2,4}T|updated|published|posted|update|last)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_HAS_DATE = re.compile(rf"\b{_MONTH}\s+\d|\d\s+{_MONTH}|\b\d{{4}}-\d\d\b", re.IGNORECASE)
_META_PREFIX = re.compile(
    r"\A\s*(?:date|published|posted|updated)\s*:?\s*\d{4}-\d\d(?:-\d\d)?(?:[T ][\d:]+Z?)?\s+",
    re.IGNORECASE,
)
_AGENCIES = (
    r"(?:AFP|AP|Reuters|REUTERS|EPA(?:-EFE)?|Getty Images|Getty|Anadolu(?: Agency)?|Xinhua"
    r"|TASS|Sputnik|RIA Novosti|Shutterstock|Alamy|Bloomberg|Pool|SIPA|Sipa|dpa|DPA|EFE|ANSA"
    r"|Tanjug|NurPhoto|SOPA Images|ZUMA(?: Press)?|Zuma|Ukrinform|WAFA|IRNA|Kyodo|Yonhap|UPI)"
)
_CREDIT = re.compile(
    rf"(?:\((?=[^()]{{0,80}}(?:[Pp]hoto|[Ii]mage|[Pp]icture|[Ff]ile|{_AGENCIES}|via ))"
    r"[^()\n]{1,80}\)"
    rf"|(?:[\w.'\u2019@-]+ ){{0,3}}{_AGENCIES}(?: [Pp]hoto)?/(?=[^\W\d_])[\w .,'\u2019@-]{{2,50}}"
    rf"|(?:[\w.'\u2019@-]+ ){{0,3}}[\w.'\u2019@-]+/{_AGENCIES}\b(?:/[A-Z][\w .'\u2019-]{{1,40}})?"
    rf"|(?:[\w.'\u2019@-]+ ){{0,3}}via Getty Images|Getty Images"
    r"|(?:Photo|Image|Picture|Photograph|Credit)s?\s*(?::|by)\s*[^\n]{2,80}"
    r"|Courtesy (?:of )?[^\n]{2,80})"
    r"[\s.]*\Z"
)
_CREDIT_REACH = 200  # characters from the end of a line where a credit can start
_CREDIT_HINT = re.compile(r"/|\)[\s.]*\Z|Getty|[Pp]hoto|[Ii]mage|[Pp]icture|Credit|Courtesy")
# A wire dateline's agency tag, with the city and date before it: "(Reuters) - ",
# "KYIV, June 3 (Reuters) - ", "MOSCOW, December 1. /TASS/. ", "Khartoum (Fides News Agency) - "
_AGENCY_TAG = re.compile(
    rf"\A\s*(?:(?:[A-Z][A-Z .'\u2019-]{{1,30}}|[A-Z][a-z]+(?: [A-Z][a-z]+)?),?\s*"
    rf"(?:{_MONTH}\s*\d{{1,2}}\.?\s*)?)?"
    rf"(?:\((?:{_AGENCIES}|[^()]{{0,40}}News Agency)\)|/{_AGENCIES}/\.?)\s*[-\u2013\u2014]?\s*"
)
_NAME = r"[A-Z][a-z\u00df-\u00ff][^\W\d_]*(?:[-'\u2019][^\W\d_]+)*\.?"
_NAMES_ONLY = re.compile(
    rf"(?:{_NAME}(?: {_NAME}){{1,3}})(?:(?:, | and | & ){_NAME}(?: {_NAME}){{1,3}})*"
)
_BYLINE = re.compile(
    r"\(?(?:by|written by|words by|(?:additional )?reporting by|reported by|writing by"
    r"|editing by)\s+(?:the\s+)?[A-Z]",
    re.IGNORECASE,
)
_BIO = re.compile(
    rf"{_NAME}(?: {_NAME}){{1,3}}\s*\S?\s+is (?:a|an|the)\b.{{0,300}}\b(?:founder|fellow|author"
    r"|journalist|correspondent|writer|editor|professor|analyst|researcher|columnist"
    r"|contributor|director)\b"
)
_COPYRIGHT = re.compile(r"\u00a9|\bcopyright\b|\ball rights reserved\b")  # lower-cased line


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str
    block: int  # index of the blank-line-separated block the line belongs to
    words: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", len(_WORD.findall(self.text)))


@stage(STAGE, provides={"boilerplate"})
def find_boilerplate(doc: Document, found: ClaimSet) -> list[Claim]:
    """Stretches of scraped page furniture, each with the rule that recognised it."""
    claims = []
    for start, end, rule in _outermost(find_junk(doc.text)):
        span = doc.span(start, end)
        provenance = Provenance(doc.id, span, STAGE, rule=rule)
        claims.append(Claim(kind="boilerplate", value=Segment(span=span), provenance=provenance))
    return claims


def find_junk(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, rule) of every boilerplate stretch, overlaps and all."""
    lines = _lines(text)
    if not lines:
        return
    prefix = _META_PREFIX.match(text)
    if prefix:
        yield prefix.start(), prefix.end(), "metadata"
        lines[0] = _Line(prefix.end(), lines[0].end, text[prefix.end() : lines[0].end], 0)
    tail = _tail_start(lines, len(text))
    if tail is not None:
        yield lines[tail].start, lines[-1].end, "tail"
        lines = lines[:tail]
    yield from _line_junk(lines)
    yield from _caption_junk(lines)
    yield from _edge_junk(lines)


def junk_spans(found: ClaimSet, *, keep: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) of the boilerplate claims whose rule is not in `keep`."""
    kept = set(keep)
    spans = sorted(
        (c.provenance.span.start, c.provenance.span.end)
        for c in found.of_kind("boilerplate")
        if c.provenance.rule not in kept
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when start:end touches any of the sorted, merged `spans`."""
    i = bisect.bisect_left(spans, end, key=lambda span: span[0])
    return i > 0 and spans[i - 1][1] > start


def outside(spans: list[tuple[int, int]], start: int, end: int) -> Iterator[tuple[int, int]]:
    """The pieces of start:end not covered by the sorted, merged `spans`."""
    position = start
    for s, e in spans:
        if e <= position or s >= end:
            continue
        if s > position:
            yield position, s
        position = max(position, e)
    if position < end:
        yield position, end


def _lines(text: str) -> list[_Line]:
    lines = []
    block = 0
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(_Line(offset + lead, offset + lead + len(stripped), stripped, block))
        else:
            block += 1
        offset += len(raw) + 1
    return lines


def _bare(line: str) -> str:
    """The line without leading bullets or separators."""
    return _BULLET.sub("", line).strip()


def _tail_start(lines: list[_Line], size: int) -> int | None:
    """Index of the first tail heading (related stories, comments, footer) late in the text."""
    for i, line in enumerate(lines):
        if _is_tail_heading(_bare(line.text), line.start / size):
            while i > 0 and _is_nav(lines[i - 1]):
                i -= 1  # a run of short navigation lines just above the heading goes too
            return i
    return None


def _is_tail_heading(line: str, position: float) -> bool:
    if position >= STRONG_TAIL_FROM and _TAIL_HEADING.fullmatch(line):
        return True
    return position >= WEAK_TAIL_FROM and _WEAK_TAIL_HEADING.fullmatch(line) is not None


def _line_junk(lines: list[_Line]) -> Iterator[tuple[int, int, str]]:
    for line in lines:
        bare = _bare(line.text)
        rule = _line_rule(line, bare)
        if rule:
            yield line.start, line.end, rule
            continue
        tag = _AGENCY_TAG.match(line.text)
        if tag:
            yield line.start, line.start + tag.end(), "credit"


def _line_rule(line: _Line, bare: str) -> str | None:
    if not bare or _UI_LINE.fullmatch(bare):
        return "ui"
    if _LINK_LINE.match(bare) and line.words <= 25:
        return "related-link"
    if _is_promo(bare, line.words):
        return "promo"
    if line.words <= 30 and _COPYRIGHT.search(bare.lower()):
        return "copyright"
    if _is_dateline(bare):
        return "dateline"
    if _BYLINE.match(bare) and line.words <= 15 and not _END_PUNCT.search(bare):
        return "byline"
    return None


def _is_promo(line: str, words: int) -> bool:
    if words > 60:
        return False
    low = line.lower()
    if not any(word in low for word in _PROMO_WORDS):
        return False  # most lines: no regex run at all
    cues = len({m.lastgroup for m in _PROMO_CUES.finditer(low)})
    return cues >= 2 or (cues == 1 and words <= 12 and _CTA.match(line) is not None)


def _is_dateline(line: str) -> bool:
    """A line that is only a date or time stamp (one other word at most: 'Updated')."""
    if not _DIGIT.search(line) or not _HAS_DATE.search(line):
        return False
    rest = _DATE_BITS.sub(" ", line)
    return len(_WORD.findall(rest)) <= 1 and not line.endswith(":")


def _caption_junk(lines: list[_Line]) -> Iterator[tuple[int, int, str]]:
    """Photo captions: a line ending in a credit, or a short block opened or closed by one."""
    for i, line in enumerate(lines):
        tail = max(0, len(line.text) - _CREDIT_REACH)
        if not _CREDIT_HINT.search(line.text, tail):
            continue
        credit = _CREDIT.search(line.text, tail)
        if credit is None:
            continue
        before = line.text[: credit.start()]
        if not _WORD.search(before):
            yield from _caption_block(lines, i)
            continue
        starts = [0] + [
            b.end()
            for b in _SENTENCE_BREAK.finditer(line.text, 0, credit.start() + 1)
            if not _ABBREVIATION.search(before[: b.start()])
        ]
        if not before[starts[-1] :].strip() and len(starts) > 1:
            starts.pop()  # the credit is a sentence of its own: the caption is the one before
        if starts[-1] or line.words <= 70:
            yield line.start + starts[-1], line.end, "caption"


def _caption_block(lines: list[_Line], i: int) -> Iterator[tuple[int, int, str]]:
    """A credit alone on its line; the caption it belongs to shares its block."""
    yield lines[i].start, lines[i].end, "caption"
    block = [line for line in lines if line.block == lines[i].block]
    if len(block) == 2 and sum(line.words for line in block) <= 70:
        yield block[0].start, block[-1].end, "caption"


def _edge_junk(lines: list[_Line]) -> Iterator[tuple[int, int, str]]:
    """Above the first and below the last body line: bylines, navigation runs, author bios."""
    body = [i for i, line in enumerate(lines) if _is_body(line)]
    if not body:
        return
    head = lines[: body[0]]
    for line in head:
        if _NAMES_ONLY.fullmatch(_bare(line.text)):
            yield line.start, line.end, "byline"
    yield from _nav_runs(head)
    last = lines[-1]
    if body[-1] < len(lines) - 1 and _NAMES_ONLY.fullmatch(
        _DATE_BITS.sub("", last.text).strip(" ,|")
    ):
        yield last.start, last.end, "byline"  # a signature: "Jane Doe June 3, 2025"
    for line in lines[max(0, len(lines) - 3) :]:
        if _BIO.match(_bare(line.text)):
            yield line.start, line.end, "author-bio"


def _nav_runs(lines: list[_Line]) -> Iterator[tuple[int, int, str]]:
    run: list[_Line] = []
    for line in [*lines, None]:
        if line is not None and (_is_nav(line) or _line_rule(line, _bare(line.text))):
            run.append(line)
            continue
        if len(run) >= 3:
            for member in run:
                yield member.start, member.end, "navigation"
        run = []


def _is_nav(line: _Line) -> bool:
    bare = _bare(line.text)
    return 0 < line.words <= _SHORT_WORDS and not _END_PUNCT.search(bare)


def _is_body(line: _Line) -> bool:
    return line.words >= _BODY_WORDS and bool(re.search(r"[.!?]", line.text))


def _outermost(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans sorted by start; one inside another is dropped (the outer one names the rule)."""
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int, str]] = []
    for start, end, rule in ordered:
        if start >= end:
            continue
        if kept and end <= kept[-1][1] and start >= kept[-1][0]:
            continue
        kept.append((start, end, rule))
    return kept
