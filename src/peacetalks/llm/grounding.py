"""Grounding: a model's quote found in the clean text, so that offsets are ours, never its.

Three tries, strictest first: the exact characters; the same after folding whitespace runs,
curly quotes, dashes and case; a fuzzy alignment (rapidfuzz) scoring at least FUZZY_MIN, for a
quote a model copied with a word changed. A quote found by none is not in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Literal

from peacetalks.model import Span

How = Literal["exact", "folded", "fuzzy"]
# Measured by bench/llm.py --grounding over the 123 annotated documents of ../shared/eval:
# gold quotes with one word swapped score >= 80 in 97.7% of 1,278 cases (median 94), real
# sentences of other articles at most 71.8 against a document (99th percentile 60.7, n 1,144).
FUZZY_MIN = 80.0
FUZZY_MIN_CHARS = 24  # shorter quotes must match folded: a short one aligns anywhere
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Grounded:
    """Where a quote stands in the text, and which try found it."""

    span: Span
    how: How


class FoldedText:
    """A text folded for matching, with the way back from folded to original offsets.

    Build it once per document: every quote of the document is looked up in the same one.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        chars: list[str] = []
        origin: list[int] = []
        in_space = False
        for i, char in enumerate(text.translate(_FOLD).lower()):
            if char.isspace():
                if in_space or not chars:
                    continue
                char, in_space = " ", True
            else:
                in_space = False
            chars.append(char)
            origin.append(i)
        self.folded = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int) -> Span:
        """The original text behind folded[start:end]."""
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        return Span(first, last, self.text[first:last])


def fuzzy_available() -> bool:
    """Whether rapidfuzz (the llm extra) is installed."""
    try:
        import rapidfuzz  # noqa: F401
    except ImportError:
        return False
    return True


def fold(text: str) -> str:
    """Whitespace runs to one space, curly quotes and dashes to ASCII, lower case."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip().lower()


def find_quote(
    quote: str, text: FoldedText, *, near: int = 0, fuzzy_min: float = FUZZY_MIN
) -> Grounded | None:
    """The span of `quote` in the text, preferring an occurrence at or after `near`."""
    quote = quote.strip()
    if not quote:
        return None
    start = _find_from(text.text, quote, near)
    if start >= 0:
        return Grounded(Span(start, start + len(quote), quote), "exact")
    folded = fold(quote)
    if not folded:
        return None
    near_folded = _folded_offset(text, near)
    start = _find_from(text.folded, folded, near_folded)
    if start >= 0:
        return Grounded(text.span(start, start + len(folded)), "folded")
    if len(folded) < FUZZY_MIN_CHARS:
        return None
    return _fuzzy(folded, text, fuzzy_min)


def _find_from(haystack: str, needle: str, near: int) -> int:
    found = haystack.find(needle, near)
    return found if found >= 0 else haystack.find(needle)


def _folded_offset(text: FoldedText, original: int) -> int:
    return bisect_left(text.origin, original)


def _fuzzy(folded: str, text: FoldedText, fuzzy_min: float) -> Grounded | None:
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(folded, text.folded, score_cutoff=fuzzy_min)
    if found is None or found.dest_end <= found.dest_start:
        return None
    start, end = _whole_words(text.folded, found.dest_start, found.dest_end)
    # The alignment may stop short of punctuation the quote opens or closes with.
    if end < len(text.folded) and text.folded[end] == folded[-1] and not _WORD.match(folded[-1]):
        end += 1
    if start > 0 and text.folded[start - 1] == folded[0] and not _WORD.match(folded[0]):
        start -= 1
    return Grounded(text.span(start, end), "fuzzy")


def _whole_words(folded: str, start: int, end: int) -> tuple[int, int]:
    """Widen an alignment that cut a word at either end to the whole word."""
    while start > 0 and _WORD.match(folded[start - 1]) and _WORD.match(folded[start]):
        start -= 1
    while end < len(folded) and _WORD.match(folded[end]) and _WORD.match(folded[end - 1]):
        end += 1
    while start < end and folded[start] == " ":
        start += 1
    while end > start and folded[end - 1] == " ":
        end -= 1
    return start, end


def fuzzy_score(quote: str, text: FoldedText) -> float:
    """The best partial-alignment score of a quote against the text (0-100), for measuring."""
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(fold(quote), text.folded)
    return found.score if found is not None else 0.0
