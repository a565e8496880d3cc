"""Search text as people type it: words, "quoted phrases", OR, a trailing prefix*.

User text is data. It is parsed here once into terms, then written out as an FTS5 MATCH
string (every term a quoted string, so FTS5's own operators in the text are only words) or
as PostgreSQL tsquery parts (each group through websearch_to_tsquery, which never fails).
Nothing else of what was typed reaches either database's query parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_TERMS = 32  # each term is a phrase in FTS5 and a function call on PostgreSQL
_CHUNK = re.compile(r'"([^"]*)(?:"|$)|([^\s"]+)')  # "a phrase" (closed or not) or a bare word
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # NUL ends a string to FTS5; none is a word
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what both databases index


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase to find; `prefix` for a trailing `word*` (any word starting so)."""

    text: str
    prefix: bool = False

    @property
    def words(self) -> list[str]:
        """The word characters of the term, in order (what both databases index)."""
        return _WORD.findall(self.text)


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """What to find: every group must match, and a group matches when any of its terms does."""

    groups: tuple[tuple[Term, ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable was typed (only spaces, punctuation or operators)."""
        return not self.groups

    def fts5(self, columns: Sequence[str] = ()) -> str:
        """The FTS5 MATCH expression, restricted to `columns` when given."""
        expression = " AND ".join(
            "(" + " OR ".join(_fts5_term(term) for term in group) + ")" for group in self.groups
        )
        if columns:
            return "{" + " ".join(columns) + "} : (" + expression + ")"
        return expression

    def tsquery_groups(self) -> list[tuple[str, list[str]]]:
        """Per group: a websearch_to_tsquery string of its whole terms, and the to_tsquery
        strings of its prefix terms (`'word':*`); the group matches when any part does."""
        found = []
        for group in self.groups:
            whole = " OR ".join(_websearch_term(t) for t in group if not t.prefix)
            prefixes = [_tsquery_prefix(t) for t in group if t.prefix]
            found.append((whole, prefixes))
        return found


def parse_terms(typed: str) -> SearchTerms:
    """Terms from typed text: words and "phrases" must all match, `a OR b` either one, and
    a last word ending in `*` is a prefix. Other operator characters are ignored, an unclosed
    quote runs to the end, and words beyond the first 32 are dropped."""
    chunks = list(_CHUNK.finditer(_CONTROL.sub(" ", typed)))
    groups: list[list[Term]] = []
    joined = False  # the previous chunk was OR: the next term joins the last group
    for index, chunk in enumerate(chunks):
        phrase, bare = chunk.group(1), chunk.group(2)
        if bare == "OR":
            joined = bool(groups)
            continue
        text = phrase if phrase is not None else bare.replace("*", "")
        is_prefix = phrase is None and bare.endswith("*") and index == len(chunks) - 1
        if not _WORD.search(text):
            continue
        if sum(len(g) for g in groups) >= MAX_TERMS:
            break
        term = Term(" ".join(_WORD.findall(text)) if is_prefix else text.strip(), is_prefix)
        if joined:
            groups[-1].append(term)
        else:
            groups.append([term])
        joined = False
    return SearchTerms(tuple(tuple(group) for group in groups))


def _fts5_term(term: Term) -> str:
    # A string in double quotes is a phrase to FTS5 whatever it holds ("" is a literal quote).
    quoted = '"' + term.text.replace('"', '""') + '"'
    return quoted + " *" if term.prefix else quoted


def _websearch_term(term: Term) -> str:
    # Quoted, websearch_to_tsquery reads no operator inside (OR, -); it cannot hold a quote.
    return '"' + term.text.replace('"', " ") + '"'


def _tsquery_prefix(term: Term) -> str:
    # Words are letters and digits only: nothing to escape inside to_tsquery's quotes. The
    # earlier words of a prefix term ("all-for-a*") must come in order: <-> is "followed by".
    return " <-> ".join(f"'{word}'" for word in term.words) + ":*"
