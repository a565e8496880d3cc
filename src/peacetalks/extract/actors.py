"""Actors: registry actors and places named in the text, people introduced by title, roles.

Mention claims carry a `rule` in their provenance that later stages must read:
  registry  an actor named by name, alias, transliteration, demonym or metonym ("the Kremlin");
  venue     a state or its capital named as a place ("talks in Doha", "in Jeddah, Saudi Arabia"):
            the place of an event or a host, never the side that acts or holds a position;
  title     a person named with a role ("Defence Minister Rustem Umerov"), registry or not;
  surname   a later bare mention of a person first named with a title;
  place     a region, city or venue of places.yaml (actor_id is the place id, not an actor),
            only from a stage made with `make_actors_stage(with_places=True)`.
Only place mentions have no actor claim beside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from peacetalks.extract.boilerplate import junk_spans, overlaps
from peacetalks.extract.people import (
    MODIFIERS,
    ROLE_NOUNS,
    ROLE_WORDS,
    Titled,
    find_titled,
    slug,
    tokenize,
    words,
)
from peacetalks.extract.registry import Entry, Registry, load_registry
from peacetalks.extract.segments import english, text_chunks
from peacetalks.model import Actor, Claim, ClaimSet, Document, Mention, Provenance, Span
from peacetalks.pipeline import FunctionStage, stage

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher

STAGE = "peacetalks.actors.v1"
READ_INSIDE = ("caption",)  # boilerplate whose text still names the story's actors

_PLACE = "place"
_ROLE = "role"
_REGION = re.compile(
    r"\b(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Latin|Greater|New"
    r"|Upper|Lower)[ \u00a0]\Z"
)
_LOWER_REGION = re.compile(
    r"\b(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?|central)[ \u00a0]\Z"
)
_US_STATE_BEFORE = re.compile(r"\bstate of[ \u00a0]\Z")
_US_STATE_AFTER = re.compile(r"[ \u00a0]state\b")
_NEXT_WORD = re.compile(r"[ \u00a0]([A-Z][\w'\u2019-]*)")
_PREVIOUS_WORD = re.compile(r"([A-Z][\w'\u2019-]*)[ \u00a0]\Z")
_KEEPS_STATE = words(
    "army navy air congress senate embassy department administration police treasury coast"
    " federal central delegation authorities officials troops side people republic"
)
_CALENDAR = words(
    "january february march april may june july august september october november december"
    " monday tuesday wednesday thursday friday saturday sunday"
)
_VENUE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|outside|inside)[ \u00a0]+(?:the[ \u00a0]+)?"
    r"|\b(?:travel\w*|flew|fly\w*|arriv\w*|went|go|going|goes|head(?:ed|ing|s)?|return\w*"
    r"|trip|journey|came|come|coming|moved?)[ \u00a0]+(?:back[ \u00a0]+)?(?:to|in|from)"
    r"[ \u00a0]+(?:the[ \u00a0]+)?|\bvisit(?:ed|ing|s)?[ \u00a0]+(?:to[ \u00a0]+)?"
    r"|\b(?:left|leav(?:e|es|ing)|depart(?:ed|ing|s)?(?:[ \u00a0]+from)?)[ \u00a0]+"
    r"|\bcapital,?[ \u00a0]+)\Z",
    re.IGNORECASE,
)
_PLACE_NOUN_AFTER = re.compile(
    r"[ \u00a0]+(?:(?:port|coastal|resort|border)[ \u00a0]+)?(?:city|capital|town|port|resort"
    r"|soil|territory)\b"
)
# "envoy for Afghanistan Zalmay Khalilzad": after a preposition a state is itself
_PREPOSITION_BEFORE = re.compile(r"\b(?:of|for|from|to|in|at|with|on|by|against|between) \Z")
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s?\b")


@dataclass(frozen=True, slots=True)
class Hit:
    """A registry name found in the text: which actor (or place) and how it was named."""

    start: int
    end: int
    actor_id: str
    form: str  # name | alias | demonym | metonym | place
    rule: str = "registry"


def make_actors_stage(
    registry: Registry | None = None, *, with_places: bool = False
) -> FunctionStage:
    """The actors stage reading `registry`; None: the bundled one, loaded on first use.

    `build_pipeline(actors=[...])` puts a stage made here with the extended registry in
    place of the default one; the stage keeps no state between documents.

    Args:
        with_places: also emit place mentions (rule "place"). Off in the default pipeline:
            the event and position stages read every mention as an actor for now.
    """

    def find_actors(doc: Document, found: ClaimSet) -> list[Claim]:
        """Registry actors named in the text, people named by title, and their roles."""
        return find_registry_actors(
            doc, registry or load_registry(), found, with_places=with_places
        )

    return stage(STAGE, provides={"mention", "actor"})(find_actors)


find_actors = make_actors_stage()


def find_registry_actors(
    doc: Document, registry: Registry, found: ClaimSet | None = None, *, with_places: bool = False
) -> list[Claim]:
    """Mention and actor claims for `doc`; text in boilerplate (bar captions) is not read.

    Places are always matched (a state named after one is a venue: "Jeddah, Saudi Arabia"),
    and emitted as mentions only `with_places`.
    """
    text = doc.text
    junk = junk_spans(found or ClaimSet(), keep=READ_INSIDE)
    headline = _headline_test(text)
    actors, places, roles = _registry_hits(text, registry, junk)
    known = {(h.start, h.end) for h in actors} | {(h.start, h.end) for h in places}
    actors = [h for h in actors if not _is_trap(text, h, known, headline)]
    places = [h for h in places if not _is_trap(text, h, known, headline)]
    actors = _mark_venues(text, actors, places)

    def skip(offset: int) -> bool:
        return headline(offset) or overlaps(junk, offset, offset + 1)

    titled = _titled_people(text, actors, registry, roles, skip)
    new = [t for t in titled if t.actor_id is None]
    extra = _later_mentions(text, new, [*actors, *places], junk)
    claims = _actor_claims(doc, registry, actors, titled)
    claims += _new_people_claims(doc, new, extra)
    if with_places:
        claims += [_mention(doc, h, h.rule) for h in places]
    return sorted(claims, key=lambda c: c.provenance.span.start)


def _registry_hits(
    text: str, registry: Registry, junk: list[tuple[int, int]]
) -> tuple[list[Hit], list[Hit], list[int]]:
    """Actor and place names outside junk, overlapping names keeping the longest; and the
    offsets of role words ("minister", "led"), near which people are named by title."""
    found: list[Hit] = []
    roles: list[int] = []
    for offset, chunk in text_chunks(text):
        tokens = english().make_doc(chunk)
        for matcher in _matchers(registry):
            for key, start, end in matcher(tokens):
                span = tokens[start:end]
                kind, _sep, actor_id = tokens.vocab.strings[key].partition("|")
                if kind == _ROLE:
                    roles.append(offset + span.start_char)
                    continue
                rule = _PLACE if kind == _PLACE else "registry"
                found.append(
                    Hit(offset + span.start_char, offset + span.end_char, actor_id, kind, rule)
                )
    found = [h for h in found if not overlaps(junk, h.start, h.end)]
    actors = _longest([h for h in found if h.form != _PLACE])
    places = _longest([h for h in found if h.form == _PLACE])
    return actors, places, roles


def _longest(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


@lru_cache(maxsize=4)
def _matchers(registry: Registry) -> tuple[PhraseMatcher, PhraseMatcher]:
    """A case-sensitive matcher for one-word names ("US", "Chad") and a caseless one."""
    from spacy.matcher import PhraseMatcher

    nlp = english()
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
    names: dict[tuple[bool, str], list[str]] = {}
    for entry in registry.entries.values():
        for surface, form in entry.names():
            for spelling in _spellings(surface):
                names.setdefault((_needs_exact_case(spelling), f"{form}|{entry.id}"), []).append(
                    spelling
                )
    for place in registry.places.values():
        for surface in place.names():
            names.setdefault((_needs_exact_case(surface), f"{_PLACE}|{place.id}"), []).append(
                surface
            )
    names[(False, f"{_ROLE}|")] = sorted(ROLE_WORDS)
    for (strict, match_key), surfaces in names.items():
        (exact if strict else caseless).add(match_key, [nlp.make_doc(s) for s in surfaces])
    return exact, caseless


_LETTERS_DIGITS = re.compile(r"^([A-Z]+)(\d+)$")


def _spellings(surface: str) -> tuple[str, ...]:
    """A name and the way the press also writes it: "M23" as "M-23", "G7" as "G-7"."""
    joined = _LETTERS_DIGITS.match(surface)
    return (surface, f"{joined[1]}-{joined[2]}") if joined else (surface,)


def _needs_exact_case(surface: str) -> bool:
    # "US" must not match "us", nor "Chad" the word "chad"; a capitalised one-word name
    # keeps its case, multi-word names ("the Kremlin", "the kremlin") need not.
    return " " not in surface.strip()


def _headline_test(text: str) -> Callable[[int], bool]:
    """A test: is the line holding this offset a title-case headline ("Talks Resume In Doha")?

    A headline has no full stop at its end; a sentence dense with names and titles has one.
    """
    cache: dict[int, bool] = {}

    def test(offset: int) -> bool:
        start = text.rfind("\n", 0, offset) + 1
        if start not in cache:
            end = text.find("\n", offset)
            line = text[start : end if end >= 0 else None].rstrip()
            words = re.findall(r"[^\W\d_][\w'\u2019-]{3,}", line)
            capitals = sum(1 for w in words if w[0].isupper())
            title_case = len(words) >= 3 and capitals > 0.7 * len(words)
            cache[start] = title_case and not line.endswith((".", "!", '."', ".\u201d"))
        return cache[start]

    return test


def _is_trap(
    text: str, hit: Hit, known: set[tuple[int, int]], headline: Callable[[int], bool]
) -> bool:
    """A one-word name that is part of another name: Latin America, Northern Ireland,
    George Washington, the Washington Post, the state of Georgia, Jordan Bardella."""
    if hit.form == "demonym" or " " in text[hit.start : hit.end]:
        return False
    before = text[max(0, hit.start - 40) : hit.start]
    if _REGION.search(before) or _US_STATE_BEFORE.search(before):
        return True
    if _US_STATE_AFTER.match(text, hit.end):
        return True
    return _continues_name(text, hit, known, headline) or _follows_name(text, hit, known, headline)


def _continues_name(
    text: str, hit: Hit, known: set[tuple[int, int]], headline: Callable[[int], bool]
) -> bool:
    """The name runs on into a capitalised word that is not a role or another actor."""
    following = _NEXT_WORD.match(text, hit.end)
    if (
        following is None
        or headline(hit.start)
        or _PREPOSITION_BEFORE.search(text[max(0, hit.start - 12) : hit.start])
    ):
        return False
    word = following.group(1)
    if any(start == following.start(1) for start, _end in known):
        return False
    return not _plain_capital(word) and " " not in text[hit.start : hit.end]


def _follows_name(
    text: str, hit: Hit, known: set[tuple[int, int]], headline: Callable[[int], bool]
) -> bool:
    """A capitalised word that is not a role or actor stands before the name mid-sentence."""
    before = text[max(0, hit.start - 60) : hit.start]
    previous = _PREVIOUS_WORD.search(before)
    if previous is None or headline(hit.start):
        return False
    word_start = hit.start - len(before) + previous.start(1)
    if any(end == word_start + len(previous.group(1)) for _start, end in known):
        return False
    if text[:word_start].rstrip(" \u00a0\"\u201c'(")[-1:] in ("", ".", "!", "?", ":", "\n"):
        return False  # the first word of a sentence is capitalised anyway
    return not _plain_capital(previous.group(1))


def _plain_capital(word: str) -> bool:
    """A capitalised word that does not start a name of its own: a role, month or function word."""
    lower = word.lower().rstrip("'\u2019s").split("-")[0]  # "President-elect"
    vocabulary = ROLE_NOUNS | MODIFIERS | _KEEPS_STATE | _CALENDAR
    return lower in vocabulary or word.lower() in {"and", "or", "the", "in", "on", "at", "to"}


def _mark_venues(text: str, actors: list[Hit], places: list[Hit]) -> list[Hit]:
    """Rule "venue" for states and capitals named as where something happens."""
    marked: list[Hit] = []
    ends = {h.end for h in places}  # places, and the venues marked so far
    for hit in actors:
        if _is_venue(text, hit, ends):
            hit = replace(hit, rule="venue")
            ends.add(hit.end)
        marked.append(hit)
    return marked


def _is_venue(text: str, hit: Hit, place_ends: set[int]) -> bool:
    if _POSSESSIVE_AFTER.match(text, hit.end):
        return False
    if hit.form == "demonym":
        return _PLACE_NOUN_AFTER.match(text, hit.end) is not None
    before = text[max(0, hit.start - 50) : hit.start]
    if _VENUE_BEFORE.search(before) or _LOWER_REGION.search(before):
        return True
    # "in Doha, Qatar", "Jeddah, Saudi Arabia": a state named after a place is where it is
    return before.endswith(", ") and hit.start - 2 in place_ends


def _titled_people(
    text: str,
    actors: list[Hit],
    registry: Registry,
    roles: list[int],
    skip: Callable[[int], bool],
) -> list[Titled]:
    parties: list[tuple[int, int, str]] = []
    people: list[tuple[int, int, str]] = []
    for hit in actors:
        entry = registry.entries[hit.actor_id]
        (people if entry.type == "person" else parties).append((hit.start, hit.end, hit.actor_id))
    tokens = tokenize(text, parties, people, roles)
    return list(find_titled(text, tokens, skip=skip, parties_of=_parties_of(registry)))


@lru_cache(maxsize=4)
def _parties_of(registry: Registry) -> dict[str, str | None]:
    return {e.id: e.party for e in registry.entries.values() if e.type == "person"}


def _later_mentions(
    text: str, new: list[Titled], taken: list[Hit], junk: list[tuple[int, int]]
) -> list[Hit]:
    """Other mentions of people first named by title: the full name again, or the surname."""
    occupied = sorted([(h.start, h.end) for h in taken] + [(t.start, t.end) for t in new])
    surnames: dict[str, set[str]] = {}
    for person in new:
        surnames.setdefault(person.name.split()[-1], set()).add(slug(person.name))
    hits: list[Hit] = []
    for person in new:
        person_id = slug(person.name)
        forms = [re.escape(person.name)]
        surname = person.name.split()[-1]
        if surnames[surname] == {person_id} and len(surname) > 2:
            forms.append(re.escape(surname))
            if "-" in surname and surname.split("-", 1)[0].islower():
                forms.append(re.escape(surname.split("-", 1)[1]))
        pattern = re.compile(rf"\b(?:{'|'.join(forms)})\b(?![ \u00a0][A-Z])")
        for match in pattern.finditer(text):
            start, end = match.span()
            if overlaps(junk, start, end) or any(s < end and start < e for s, e in occupied):
                continue
            hits.append(Hit(start, end, person_id, "name", "surname"))
    return _longest(hits)


def _actor_claims(
    doc: Document, registry: Registry, actors: list[Hit], titled: list[Titled]
) -> list[Claim]:
    roles_at = {(t.start, t.end): t for t in titled if t.actor_id is not None}
    claims: list[Claim] = []
    for hit in actors:
        entry = registry.entries[hit.actor_id]
        person = _titled_at(roles_at, hit)
        claims.append(_mention(doc, hit, hit.rule))
        provenance = _provenance(doc, hit.start, hit.end, hit.rule)
        roles: tuple[str, ...] = ()
        if person is not None:
            provenance = _provenance(doc, *person.evidence, "title")
            roles = person.roles
        actor = _actor(entry, doc.text[hit.start : hit.end], roles)
        claims.append(Claim(kind="actor", value=actor, provenance=provenance))
    return claims


def _titled_at(roles_at: dict[tuple[int, int], Titled], hit: Hit) -> Titled | None:
    for (start, end), person in roles_at.items():
        if start <= hit.start and hit.end <= end and person.actor_id == hit.actor_id:
            return person
    return None


def _new_people_claims(doc: Document, new: list[Titled], later: list[Hit]) -> list[Claim]:
    claims: list[Claim] = []
    names: dict[str, Titled] = {}
    for person in new:
        person_id = slug(person.name)
        names.setdefault(person_id, person)
        hit = Hit(person.start, person.end, person_id, "name", "title")
        claims.append(_mention(doc, hit, "title"))
        actor = Actor(
            id=person_id,
            name=person.name,
            type="person",
            party=person.party,
            roles=person.roles,
            mentions=(person.name,),
        )
        provenance = _provenance(doc, *person.evidence, "title")
        claims.append(Claim(kind="actor", value=actor, provenance=provenance))
    for hit in later:
        first = names[hit.actor_id]
        surface = doc.text[hit.start : hit.end]
        claims.append(_mention(doc, hit, "surname"))
        actor = Actor(
            id=hit.actor_id,
            name=first.name,
            type="person",
            party=first.party,
            mentions=(surface,),
        )
        provenance = _provenance(doc, hit.start, hit.end, "surname")
        claims.append(Claim(kind="actor", value=actor, provenance=provenance))
    return claims


def _mention(doc: Document, hit: Hit, rule: str) -> Claim:
    span = doc.span(hit.start, hit.end)
    mention = Mention(actor_id=hit.actor_id, span=span, surface=span.text)
    return Claim(kind="mention", value=mention, provenance=Provenance(doc.id, span, STAGE, rule))


def _provenance(doc: Document, start: int, end: int, rule: str) -> Provenance:
    span: Span = doc.span(start, end)
    return Provenance(doc.id, span, STAGE, rule=rule)


def _actor(entry: Entry, surface: str, roles: tuple[str, ...]) -> Actor:
    # Roles come from the text only: the registry's are not dated, so they may not hold
    # at the time of the document.
    return Actor(
        id=entry.id,
        name=entry.name,
        type=entry.type,
        party=entry.party,
        roles=roles,
        mentions=(surface,),
    )
