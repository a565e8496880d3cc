"""Deals: which agreements of a document are provisions of one deal, and what the deal is.

A deal is one agreement as signed or announced. Within a document, provisions agreed on the
same day, or named in the same sentence, are one deal. The deal's name comes from a proper
name the text gives it ("the Doha Declaration of Principles", "the Washington agreement");
its signatories are the people named where it is signed; mediators and guarantors are the
actors the text says brokered, mediated, witnessed or guarantee it; its stage (after PA-X) is
read from its name and wording, then from the issues its provisions cover.

Across documents, deals are matched by process and date (`analysis.deals`); the `id` given
here only groups provisions within the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from peacetalks.extract.people import words
from peacetalks.model import Actor, Agreement, Mention, Span
from peacetalks.model.record import Deal
from peacetalks.model.stages import stage_of

_DEAL_NOUN = (
    r"(?:Accords?|Agreements?|Declaration|Memorandum|Protocol|Treaty|Charter|Roadmap|Plan"
    r"|Arrangement|Framework)"
)
_TAIL = r"(?:\s+of\s+(?:Principles|Understanding|Action|Entente|Intent|Commitments|[A-Z][a-z]+))?"
# "the Doha Declaration of Principles", "Stockholm Agreement": capitalised words and a deal noun
_PROPER = re.compile(rf"\b((?:[A-Z][\w'\u2019-]*\s+){{1,4}}){_DEAL_NOUN}{_TAIL}")
# "the Washington agreement", "the Jeddah declaration": a place or name, then a lower-case noun
_PLACE_NAMED = re.compile(
    r"\bthe\s+([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)\s+"
    r"(agreement|accords?|declaration|memorandum|protocol|treaty|deal)\b"
)
# Words that make a name generic ("a Peace Agreement") or a date ("Agreement of May").
_GENERIC = words(
    "the a an this that these those peace comprehensive humanitarian ceasefire final interim"
    " general national new draft framework joint global political partial preliminary initial"
    " full formal permanent temporary truce our their his her its"
)
_MONTHS = words(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
)
# Signed, not to be signed: "would sign", "yet to be signed" and "no sign of" sign nothing.
_SIGNED = re.compile(
    r"(?<!\bbe )(?<!\bbeen )(?<!\bnot )\b(?:signed|initial(?:l)?ed|countersigned|inked)\b", re.I
)
_NOT_YET = re.compile(
    r"\b(?:would|will|could|should|may|might|to|yet|not|never|refused|before)\s+(?:\w+\s+)?$", re.I
)
# A sentence about the deal itself, where its mediators and signatories are named.
_ABOUT_DEAL = re.compile(
    r"\b(?:agreements?|deal|accords?|treaty|declaration|memorandum|protocol|signed|document|text)\b",
    re.I,
)
_WITNESS = re.compile(r"\b(?:in\s+the\s+presence\s+of|witnessed\s+by)\b", re.I)
_MEDIATED = re.compile(
    r"\b(?:brokered|mediated|facilitated|negotiated|hosted)\s+by\b|\bmediation\s+of\b|"
    r"\bin\s+the\s+presence\s+of\b|\bwitnessed\s+by\b",
    re.I,
)
_MEDIATED_BEFORE = re.compile(r"-(?:brokered|mediated|backed|sponsored|facilitated)\b", re.I)
_GUARANTEED = re.compile(r"\bguaranteed\s+by\b|\bguarantors?\b|\bguarantees?\s+of\b", re.I)
_REACH = 90  # characters after a cue in which its actors are named


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the document and the registry actors it names."""

    span: Span
    mentions: tuple[Mention, ...]


def with_deals(
    agreements: Sequence[Agreement], sentences: Sequence[Sentence], people: Iterable[Actor]
) -> list[Agreement]:
    """The agreements, each with the deal it is a provision of."""
    if not agreements:
        return []
    persons = [p for p in people if p.type == "person"]
    groups = _groups(agreements)
    out = list(agreements)
    for number, members in enumerate(groups, 1):
        context = (
            [s for s in sentences if _ABOUT_DEAL.search(s.span.text)]
            if len(groups) == 1
            else _near(sentences, [s for i in members for s in agreements[i].evidence])
        )
        parties = {p for i in members for p in agreements[i].parties}
        deal = Deal(
            id=f"d{number}",
            name=_name(context, parties),
            stage=None,
            signatories=_signatories(context, persons),
            mediators=tuple(a for a in _cued(context, persons, _MEDIATED) if a not in parties),
            guarantors=tuple(a for a in _cued(context, persons, _GUARANTEED) if a not in parties),
        )
        issues = [agreements[i].issue for i in members]
        wording = " ".join(s.text for i in members for s in agreements[i].evidence)
        deal = replace(deal, stage=stage_of(deal.name, wording, issues))
        for i in members:
            out[i] = replace(agreements[i], deal=deal)
    return out


def _groups(agreements: Sequence[Agreement]) -> list[list[int]]:
    """Indices of the agreements of each deal: same date, or sharing an evidence sentence;
    agreements of two different dates are never one deal ("building on the May swap, they
    agreed on June 2 to ...")."""
    parent = list(range(len(agreements)))
    dates = [a.date for a in agreements]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[object, int] = {}
    for i, agreement in enumerate(agreements):
        keys: list[object] = [(s.start, s.end) for s in agreement.evidence]
        if agreement.date is not None:
            keys.append(agreement.date)
        for key in keys:
            a, b = root(i), root(first.setdefault(key, i))
            if a != b and (None in (dates[a], dates[b]) or dates[a] == dates[b]):
                parent[a] = b
                dates[b] = dates[b] or dates[a]
    groups: dict[int, list[int]] = {}
    for i in range(len(agreements)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: min(agreements[i].evidence[0].start for i in g))


def _near(sentences: Sequence[Sentence], evidence: Sequence[Span]) -> list[Sentence]:
    """The sentences holding the evidence, and those just before and after them."""
    index = {(s.span.start, s.span.end): n for n, s in enumerate(sentences)}
    wanted: set[int] = set()
    for span in evidence:
        n = index.get((span.start, span.end))
        if n is None:
            n = next(
                (k for k, s in enumerate(sentences) if s.span.start <= span.start < s.span.end),
                None,
            )
        if n is not None:
            wanted.update({n - 1, n, n + 1})
    return [sentences[n] for n in sorted(wanted) if 0 <= n < len(sentences)]


def _name(context: Sequence[Sentence], parties: set[str]) -> str | None:
    """The most named proper name of the deal in the context, if the text gives one."""
    counts: dict[str, int] = {}
    for sentence in context:
        text = sentence.span.text
        if _title_case(text):
            continue  # a headline: every word is capitalised, so nothing there is a name
        for match in _PROPER.finditer(text):
            name = _clean(match.group(0))
            if name:
                counts[name] = counts.get(name, 0) + 1
        for match in _PLACE_NAMED.finditer(text):
            if _names_a_party(sentence, match.start(1), parties):
                continue  # "the Russian memorandum" is a party's paper, not a deal
            name = _clean(f"{match.group(1)} {match.group(2)}")
            if name:
                counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], -len(n), n))


def _clean(name: str) -> str | None:
    words = name.split()
    while words and words[0].lower() in _GENERIC:
        words = words[1:]
    if len(words) >= 3 and words[-2] == "of" and words[-1].lower().rstrip(".") in _MONTHS:
        words = words[:-2]
    if len(words) < 2 or all(w.lower() in _GENERIC for w in words[:-1]):
        return None
    first = words[0].lower()
    if (
        first in _MONTHS
        or first.rstrip("s") in ("sign", "agree")
        or (words[0].isupper() and len(words[0]) > 5)
    ):
        return None
    return " ".join(words)


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.7


def _names_a_party(sentence: Sentence, offset: int, parties: set[str]) -> bool:
    at = sentence.span.start + offset
    word = sentence.span.text[offset:].split(" ", 1)[0]
    if re.search(r"(?:ian|ese|ish|i|an)$", word):  # a demonym: Russian, Ukrainian, Israeli
        return True
    return any(m.span.start <= at < m.span.end and m.actor_id in parties for m in sentence.mentions)


def _signatories(context: Sequence[Sentence], persons: Sequence[Actor]) -> tuple[str, ...]:
    """People named in a sentence that says the deal was signed, before any witness phrase."""
    found: list[str] = []
    for sentence in context:
        text = sentence.span.text
        signed = next(
            (m for m in _SIGNED.finditer(text) if not _NOT_YET.search(text[: m.start()])), None
        )
        if signed is None:
            continue
        witness = _WITNESS.search(text)
        end = witness.start() if witness else len(text)
        for person in persons:
            seen = _first_mention(text, person)
            if seen is not None and seen < end and person.id not in found:
                found.append(person.id)
    return tuple(found)


def _cued(
    context: Sequence[Sentence], persons: Sequence[Actor], cue: re.Pattern[str]
) -> tuple[str, ...]:
    """Actors named just after a cue ("brokered by Qatar"), or just before "-brokered"."""
    found: list[str] = []
    for sentence in context:
        text = sentence.span.text
        windows = [(m.end(), min(len(text), m.end() + _REACH)) for m in cue.finditer(text)]
        if cue is _MEDIATED:
            windows += [
                (max(0, m.start() - 20), m.start()) for m in _MEDIATED_BEFORE.finditer(text)
            ]
        for lo, hi in windows:
            stop = re.search(r"[;.]|\bwhile\b|\bbut\b", text[lo:hi])
            hi = lo + stop.start() if stop else hi
            for mention in sentence.mentions:
                at = mention.span.start - sentence.span.start
                if lo <= at < hi and mention.actor_id not in found:
                    found.append(mention.actor_id)
            for person in persons:
                if _first_mention(text[lo:hi], person) is not None and person.id not in found:
                    found.append(person.id)
    return tuple(found)


def _first_mention(text: str, person: Actor) -> int | None:
    places = [
        m.start()
        for name in (person.name, *person.mentions)
        if len(name) > 2
        for m in [re.search(rf"\b{re.escape(name)}\b", text)]
        if m
    ]
    return min(places) if places else None
