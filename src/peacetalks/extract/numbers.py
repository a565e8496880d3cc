"""Numbers as the text writes them: digits and words, ranges, and the qualifiers before them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Numbers: digits with separators ("1,000", "6 000", "1.5"), words up to the thousands, and a
# few idioms ("a dozen", "a couple of"). "a"/"an" count as one only before a unit of time.
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
HYPHEN = "[-\u2010\u2011\u2012\u2013]"  # hyphens, the figure dash and the en dash
_WORD = rf"(?:(?:{_TENS})(?:[- ](?:{_ONES})\b)?|(?:{_TEENS}|{_ONES})\b)"
_WORDS = (
    rf"(?:(?:an?|one|{_WORD})\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{_WORD})?"
    rf"|half\s+a\s+dozen|a\s+dozen|a\s+couple(?:\s+of)?|{_WORD}"
    rf"|an?(?=\s+(?:hour|day|week|month|fortnight)\b))"
)
DIGITS = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d+(?:\.\d+)?)"
    r"(?![\d+]|:\d|(?:st|nd|rd|th)\b)"
)
# One number, in digits or words, with its scale ("1.2 million"); no range.
NUMBER = rf"(?:{DIGITS}|{_WORDS}(?!\w))(?:\s+(?:million|billion|trillion|thousand)\b)?"
_NUM = rf"(?<![\w.,+/:\u2010\u2011-]){NUMBER}"
_NUMBER_OR_RANGE = re.compile(
    rf"(?P<a>{_NUM})(?:(?P<sep>\s*[-\u2013\u2014]\s*|{HYPHEN}to{HYPHEN}|\s+to\s+|\s+or\s+)"
    rf"(?P<b>{NUMBER}))?",
    re.I,
)
_SMALL = {w: n for n, w in enumerate(f"{_ONES}|{_TEENS}".split("|"), 1)}
_SMALL.update({w: 20 + 10 * n for n, w in enumerate(_TENS.split("|"))})
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_IDIOMS = {"a dozen": 12, "half a dozen": 6, "a couple": 2, "a couple of": 2, "a": 1, "an": 1}

QUALIFIERS = (
    r"a\s+little\s+(?:more|less)\s+than|little\s+more\s+than|slightly\s+(?:more|less)\s+than"
    r"|just\s+(?:over|under|more\s+than)|well\s+over|more\s+than|fewer\s+than|less\s+than"
    r"|no\s+(?:more|longer|later)\s+than|at\s+least|at\s+most|up\s+to|as\s+many\s+as|close\s+to"
    r"|in\s+excess\s+of|upwards\s+of|an\s+estimated|a\s+total\s+of|(?:a\s+)?(?:maximum|minimum)\s+of"
    r"|about|around|nearly|almost|roughly|approximately|some|only|just|barely|under|another"
    r"|(?<!\bhand\s)(?<!\bhanded\s)(?<!\bhanding\s)(?<!\bturned\s)over"
)
QUALIFIER = re.compile(rf"\b(?P<q>{QUALIFIERS})\s+$", re.I)


@dataclass(frozen=True, slots=True)
class Number:
    """A number of a text at `start:end`; `digits`: written in digits, not words."""

    start: int
    end: int
    values: tuple[float, ...]  # one value, or the two bounds of a range
    digits: bool


def parse_number(text: str) -> float | None:
    """The value of a number as written: "1,000", "6 000", "1.2 million", "twenty-five"."""
    words = re.sub(r"[\s\u00a0\u202f]+", " ", text.strip().lower())
    scale = 1.0
    head, _, last = words.rpartition(" ")
    if head and last in _SCALES and last != "hundred" and head[-1].isdigit():
        words, scale = head, _SCALES[last]
    if words[:1].isdigit():
        try:
            return float(words.replace(",", "").replace(" ", "")) * scale
        except ValueError:
            return None
    if words in _IDIOMS:
        return float(_IDIOMS[words])
    total, current = 0.0, 0.0
    for word in re.split(r"[ -]", words):
        if word in _SMALL:
            current += _SMALL[word]
        elif word in ("a", "an"):
            current = 1
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        elif word != "and":
            return None
    return (total + current) or None


def find_numbers(text: str) -> Iterator[Number]:
    """Each number of the text; "18-25", "two-to-three" and "five or six" are ranges."""
    position = 0
    while match := _NUMBER_OR_RANGE.search(text, position):
        a = parse_number(match.group("a"))
        b = parse_number(match.group("b")) if match.group("b") else None
        end = match.end()
        if b is not None and (a is None or b <= a or b > 20 * a):
            b, end = None, match.end("a")
        position = end
        if a is not None:
            values = (a,) if b is None else (a, b)
            yield Number(match.start(), end, values, match.group("a")[0].isdigit())
