"""spaCy's attribute ruler, applied by table lookup instead of its token matcher.

en_core_web_sm's `attribute_ruler` maps fine tags to coarse parts of speech and morphology,
with exceptions keyed by word and dependency (179 patterns). spaCy runs them through its
general `Matcher`, which tried every pattern at every token and took ~18% of the learned
backend's time. The patterns only use a small part of the matcher's language (one or two
tokens, no quantifiers; TAG / LOWER / DEP / IS_SPACE constraints by value, IN, NOT_IN or
REGEX), so here each token is checked only against the patterns its tag or word can start,
and the ruler's own attribute table is applied in the ruler's order (a later pattern wins).
The result is the same token for token (tests/extract/test_attributes.py compares the two);
a ruler using anything else is refused, and the parser then keeps spaCy's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

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


class FastAttributes:
    """Applies an AttributeRuler's patterns to parsed docs, as the ruler would."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self._attrs = ruler.attrs
        self._single: list[_Pattern] = []
        # Longer patterns, filed under the word or relation their first token must have.
        self._multi: dict[tuple[str, str], list[_Pattern]] = {}
        self._multi_anywhere: list[_Pattern] = []
        for order in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(order))
            for pattern in patterns:
                compiled = _compile(order, pattern, ruler.indices[order])
                if len(compiled.tokens) == 1:
                    self._single.append(compiled)
                else:
                    self._file(compiled)
        # The one-token patterns a token matches depend only on these four values.
        self._known: dict[tuple[str, str, str, bool], tuple[int, ...]] = {}

    def _file(self, pattern: _Pattern) -> None:
        first = {check.key: check for check in pattern.tokens[0]}
        for key in ("LOWER", "DEP"):
            check = first.get(key)
            if check is None or check.outside is not None or check.regex is not None:
                continue
            values = check.within if check.within is not None else {check.equal}
            for value in values:
                self._multi.setdefault((key, str(value)), []).append(pattern)
            return
        self._multi_anywhere.append(pattern)

    def _singles(self, token: Token) -> tuple[int, ...]:
        key = (token.tag_, token.lower_, token.dep_, token.is_space)
        found = self._known.get(key)
        if found is None:
            found = tuple(
                pattern.order
                for pattern in self._single
                if all(check.holds(_value(token, check.key)) for check in pattern.tokens[0])
            )
            if len(self._known) < _KNOWN_MAX:
                self._known[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        matches: list[tuple[int, int, _Pattern | None]] = []
        n = len(doc)
        for token in doc:
            i = token.i
            matches += [(order, i, None) for order in self._singles(token)]
            for pattern in (
                *self._multi.get(("LOWER", token.lower_), ()),
                *self._multi.get(("DEP", token.dep_), ()),
                *self._multi_anywhere,
            ):
                if i + len(pattern.tokens) <= n and all(
                    check.holds(_value(doc[i + k], check.key))
                    for k, checks in enumerate(pattern.tokens)
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


# Distinct (tag, word, relation, space) keys remembered; a long run over new words stays bounded.
_KNOWN_MAX = 200_000
