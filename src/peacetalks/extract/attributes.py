"""spaCy's attribute ruler and rule lemmatizer, applied by table lookup.

en_core_web_sm's `attribute_ruler` maps fine tags to coarse parts of speech and morphology,
with exceptions keyed by word and dependency (179 patterns). spaCy runs them through its
general `Matcher`, which tried every pattern at every token and took ~18% of the learned
backend's time. The patterns only use a small part of the matcher's language (one or two
tokens, no quantifiers; TAG / LOWER / DEP / IS_SPACE constraints by value, IN, NOT_IN or
REGEX), so here each token is checked only against the patterns its tag or word can start,
and the ruler's own attribute table is applied in the ruler's order (a later pattern wins).
The result is the same token for token (tests/extract/test_attributes.py compares the two);
a ruler using anything else is refused, and the parser then keeps spaCy's.

The rule lemmatizer's lemma depends only on a token's word, part of speech and morphology
(spaCy caches it under that key too); `FastLemmas` reads those for a whole doc in one call,
asks the lemmatizer once per distinct key and writes the doc's lemmas back in one call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from thinc.types import Ints2d

_ROW = [TAG, LOWER, DEP, IS_SPACE]
_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}


class Unsupported(ValueError):
    """The ruler uses a pattern feature this lookup does not implement."""


@dataclass(frozen=True)
class _Check:
    """One token's constraint: attribute, then equal / IN / NOT_IN / REGEX."""

    key: str
    equal: object = None
    within: frozenset[str] | None = None
    outside: frozenset[str] | None = None
    regex: re.Pattern[str] | None = None

    def holds(self, value: object) -> bool:
        if self.within is not None:
            return value in self.within
        if self.outside is not None:
            return value not in self.outside
        if self.regex is not None:
            return isinstance(value, str) and self.regex.search(value) is not None
        return value == self.equal


@dataclass(frozen=True)
class _Pattern:
    order: int  # the ruler's attribute id: matches are applied in this order
    tokens: tuple[tuple[_Check, ...], ...]
    index: int


def _value(token: Token, key: str) -> object:
    if key == "TAG":
        return token.tag_
    if key == "LOWER":
        return token.lower_
    if key == "DEP":
        return token.dep_
    return token.is_space


def _check(key: str, spec: object) -> _Check:
    if key not in _KEYS:
        raise Unsupported(f"attribute {key}")
    if isinstance(spec, (str, bool)):
        return _Check(key, equal=spec)
    if isinstance(spec, Mapping) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op == "IN":
            return _Check(key, within=frozenset(cast(Iterable[str], arg)))
        if op == "NOT_IN":
            return _Check(key, outside=frozenset(cast(Iterable[str], arg)))
        if op == "REGEX":
            return _Check(key, regex=re.compile(str(arg)))
    raise Unsupported(f"{key} constraint {spec!r}")


def _compile(order: int, pattern: Sequence[Mapping[str, object]], index: int) -> _Pattern:
    if not pattern:
        raise Unsupported("an empty pattern")
    tokens = []
    for spec in pattern:
        if "OP" in spec:
            raise Unsupported("quantifier OP")
        tokens.append(tuple(_check(key, value) for key, value in spec.items()))
    return _Pattern(order, tuple(tokens), index)


class _Filed:
    """Patterns filed under a value their first token must have (by the first of `keys` they
    constrain by value), so that a token is checked only against those its values can start."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        self._keys = keys
        self._by_value: dict[tuple[str, str], list[tuple[int, _Pattern]]] = {}
        self._anywhere: list[tuple[int, _Pattern]] = []
        self._count = 0

    def add(self, pattern: _Pattern) -> None:
        filed = (self._count, pattern)
        self._count += 1
        first = {check.key: check for check in pattern.tokens[0]}
        for key in self._keys:
            check = first.get(key)
            if check is None or check.outside is not None or check.regex is not None:
                continue
            values = check.within if check.within is not None else {check.equal}
            for value in values:
                self._by_value.setdefault((key, str(value)), []).append(filed)
            return
        self._anywhere.append(filed)

    def starting(self, token: Token) -> list[_Pattern]:
        """The patterns whose first token `token` matches, in the order they were added."""
        found = list(self._anywhere)
        for key in self._keys:
            found += self._by_value.get((key, str(_value(token, key))), ())
        found.sort(key=lambda filed: filed[0])
        return [
            pattern
            for _, pattern in found
            if all(check.holds(_value(token, check.key)) for check in pattern.tokens[0])
        ]


class FastAttributes:
    """Applies an AttributeRuler's patterns to parsed docs, as the ruler would."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self._attrs = ruler.attrs
        self._single = _Filed(("TAG", "LOWER", "DEP"))
        self._multi = _Filed(("LOWER", "DEP"))
        for order in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(order))
            for pattern in patterns:
                compiled = _compile(order, pattern, ruler.indices[order])
                (self._single if len(compiled.tokens) == 1 else self._multi).add(compiled)
        # Per (tag, word, relation, space) hashes: the one-token patterns a token matches and
        # the longer patterns its first token starts.
        self._known: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[_Pattern, ...]]] = {}

    def _lookup(self, token: Token) -> tuple[tuple[int, ...], tuple[_Pattern, ...]]:
        """The one-token patterns `token` matches, and the longer ones its first token starts."""
        singles = tuple(pattern.order for pattern in self._single.starting(token))
        return singles, tuple(self._multi.starting(token))

    def __call__(self, doc: Doc) -> Doc:
        matches: list[tuple[int, int, _Pattern | None]] = []
        n = len(doc)
        # What a token matches on its own depends only on these four values, read for the
        # whole doc at once (as hashes: no strings are made for a token seen before).
        rows = doc.to_array(_ROW).tolist() if n else []
        known = self._known
        for i, row in enumerate(rows):
            key = tuple(row)
            found = known.get(key)
            if found is None:
                found = self._lookup(doc[i])
                if len(known) < _KNOWN_MAX:
                    known[key] = found
            singles, starts = found
            for order in singles:
                matches.append((order, i, None))
            for pattern in starts:
                if i + len(pattern.tokens) <= n and all(
                    check.holds(_value(doc[i + k], check.key))
                    for k, checks in enumerate(pattern.tokens[1:], 1)
                    for check in checks
                ):
                    matches.append((pattern.order, i, pattern))
        # All patterns are matched on the parse as it was, then applied in the ruler's order.
        matches.sort(key=lambda m: (m[0], m[1]))
        for order, start, multi in matches:
            if multi is None:
                target = doc[start]
            else:
                target = doc[start : start + len(multi.tokens)][multi.index]
            set_token_attrs(target, self._attrs[order])
        return doc


class FastLemmas:
    """Applies a rule-mode Lemmatizer to parsed docs, as the lemmatizer would."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule":
            raise Unsupported(f"lemmatizer mode {lemmatizer.mode}")
        self._lemmatizer = lemmatizer
        # Lemmas as strings: each doc's own string store gives their ids (a doc of another
        # vocabulary, after the parser was loaded again, may not hold a string this one added).
        self._known: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(_LEMMA_ROW)
        lemmas = rows[:, 3].copy()
        overwrite = self._lemmatizer.overwrite
        strings = doc.vocab.strings
        known = self._known
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue  # the attribute ruler set it ("gonna")
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                found = self._lemmatizer.lemmatize(doc[i])[0]
                if len(known) < _KNOWN_MAX:
                    known[key] = found
            lemmas[i] = strings.add(found)
        doc.from_array([LEMMA], cast(Ints2d, lemmas.reshape(-1, 1)))
        return doc


_LEMMA_ROW = [ORTH, POS, MORPH, LEMMA]
# Distinct keys each lookup remembers; a long run over new words stays bounded.
_KNOWN_MAX = 200_000
