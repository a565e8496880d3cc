"""Summaries that read: a phrase naming what is wanted, given, refused or agreed, never a fragment.

A summary is a fragment when it starts with a function word ("and said it", "by Ukraine",
"as baseless"), holds fewer than three words, or names nothing (no noun). With a parse, the
summary is what the stance cue governs (its object, its clause: "demanded that Ukraine
withdraw from four regions" gives "Ukraine withdraw from four regions"); without one, the
candidate is trimmed of function words at both ends. A candidate that still reads as a
fragment gives way to a plain phrase naming the issue ("release or exchange of prisoners").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Words a summary may not start or end with: conjunctions, prepositions, pronouns, auxiliaries,
# reporting verbs and the like. Articles and determiners may start one ("a ceasefire").
FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        """
        and but or nor so yet as by of to for from with without within in on at into onto upon
        over under about after before since until till than that which who whom whose what when
        where while if because although though whether unless it its itself he him his she her
        hers they them their theirs we us our i me my you your is are was were be been being am
        has have had do does did will would can could shall should may might must said says say
        saying also not never able then there here however meanwhile instead including such via
        per against among between through during despite toward towards whereby thus hence amid
        """,
    )
)
_STRIP = " \t\n,.;:!?'\"\u2018\u2019\u201c\u201d()[]-\u2013\u2014"
_WORD = re.compile(r"[A-Za-z][\w'\u2019-]*|\d[\d,.]*")
MAX_WORDS = 18
# A plain phrase per issue, for a summary that cannot be read from the text.
ISSUE_PHRASES = {
    "ceasefire": "a ceasefire or truce",
    "territory": "control of the disputed territory",
    "alliances": "alliance membership or neutrality",
    "security_guarantees": "security guarantees for the parties",
    "military_limits": "limits on armed forces and weapons",
    "foreign_military": "foreign troops and military aid",
    "nuclear": "the nuclear question",
    "governance": "government, elections and constitutional order",
    "sanctions": "sanctions and their lifting",
    "justice": "accountability, amnesty and legal claims",
    "identity_rights": "language, religious and minority rights",
    "economic_relations": "economic and diplomatic relations",
    "prisoners": "release or exchange of prisoners",
    "remains": "return of the bodies of the dead",
    "children": "return of deported children",
    "humanitarian": "humanitarian aid and civilians",
    "monitoring": "monitoring and verification arrangements",
    "process": "the course of the talks",
    "other": "other terms of the talks",
}
_COMPLEMENTS = ("ccomp", "xcomp", "dobj", "attr", "oprd", "acomp")
_NOUNISH = frozenset({"NOUN", "PROPN", "NUM"})
_DEMONSTRATIVES = frozenset({"this", "these", "those", "that"})
# Nor may a summary end on an article or a determiner ("an unconditional ceasefire, a").
_NO_END = FUNCTION_WORDS | {"a", "an", "the", "this", "these", "those", "each", "every", "any"}
# Words that name nothing on their own ("all for all", "both of them").
_NOT_NAMES = frozenset(
    re.findall(
        r"\S+",
        """
        all both each every some any none this these those other another more most less few
        many much one ones such same
        """,
    )
)


def fragment_reason(summary: str, pos: list[str] | None = None) -> str | None:
    """Why `summary` is a fragment (None when it reads); `pos`: its tokens' coarse tags."""
    words = _WORD.findall(summary)
    if len(words) < 3:
        return "under three words"
    if words[0].lower() in FUNCTION_WORDS:
        return f"starts with the function word {words[0]!r}"
    if words[0].lower() in _DEMONSTRATIVES and words[1].lower() in FUNCTION_WORDS:
        return f"starts with the pronoun {words[0]!r}"  # "this and will ...": refers back
    if pos is not None:
        if not _NOUNISH & set(pos):
            return "names nothing (no noun)"
    elif not any(_is_content(w) for w in words):
        return "names nothing (no noun)"
    if all(w.lower() in _NOT_NAMES or w.lower() in FUNCTION_WORDS for w in words):
        return "names nothing (no noun)"
    return None


def _is_content(word: str) -> bool:
    return word[0].isdigit() or (len(word) > 2 and word.lower() not in FUNCTION_WORDS)


def tidy(text: str, *, max_words: int = MAX_WORDS) -> str:
    """The text without function words, quotes and punctuation at either end, and at most
    `max_words` words (cut before a later function word, so it does not end on one)."""
    words = text.strip(_STRIP).split()
    while words and _bare(words[0]) in FUNCTION_WORDS:
        words.pop(0)
    if len(words) > max_words:
        # A long one ends at the last clause break that leaves a phrase, else at the limit.
        breaks = [i for i, w in enumerate(words[:max_words]) if w[-1] in ",;:" and i >= 5]
        words = words[: breaks[-1] + 1] if breaks else words[:max_words]
    while words and (_bare(words[-1]) in _NO_END or not _bare(words[-1])):
        words.pop()
    return " ".join(words).strip(_STRIP)


def _bare(word: str) -> str:
    return word.strip(_STRIP).lower()


def readable_summary(
    candidates: list[str | None],
    issue: str,
    *,
    tags: Callable[[str], list[str] | None] | None = None,
) -> str:
    """The first candidate that reads once tidied, else the issue's plain phrase. `tags`
    gives a summary's parts of speech where a parse has them (None where it has not)."""
    for candidate in candidates:
        if not candidate:
            continue
        summary = tidy(candidate)
        if fragment_reason(summary, tags(summary) if tags is not None else None) is None:
            return summary
    return ISSUE_PHRASES.get(issue, ISSUE_PHRASES["other"])


def tags_in(doc: Doc) -> Callable[[str], list[str] | None]:
    """The parts of speech of a stretch of the parsed text, found by its characters."""

    def tags(text: str) -> list[str] | None:
        start = doc.text.find(text)
        if start < 0:
            return None
        span = doc.char_span(start, start + len(text), alignment_mode="expand")
        return [t.pos_ for t in span] if span is not None else None

    return tags


def governed_phrase(
    doc: Doc, start: int, end: int, issue_hits: list[tuple[int, int]]
) -> str | None:
    """What the cue at start:end (offsets in `doc`) governs: its clause or object, or for a
    noun cue ("a demand for", "the proposal to") what hangs from it; the part naming the issue
    when there are several. None when the parse gives nothing to read."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    cue = span.root
    parts = _complements(cue)
    if not parts and cue.dep_ in ("xcomp", "acomp", "amod") and cue.head.pos_ in ("VERB", "AUX"):
        parts = [t for t in _complements(cue.head) if t is not cue]  # "ready to", "willing to"
    if not parts:
        return None
    named = [p for p in parts if any(_covers(p, a, b) for a, b in issue_hits)]
    chosen = (named or parts)[0]
    tokens = [t for t in chosen.subtree if not (t.i < chosen.i and t.dep_ in ("mark", "aux"))]
    return doc[tokens[0].i : tokens[-1].i + 1].text if tokens else None


def _complements(token: Token) -> list[Token]:
    found = [c for c in token.children if c.dep_ in _COMPLEMENTS]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "on", "to", "of", "about"):
            found += [c for c in child.children if c.dep_ == "pobj"]
        if child.dep_ == "acl":
            found.append(child)
    return sorted(found, key=lambda t: t.i)


def _covers(token: Token, start: int, end: int) -> bool:
    subtree = list(token.subtree)
    return subtree[0].idx <= start and end <= subtree[-1].idx + len(subtree[-1])
