"""Actors: every mention of a registry actor in the text, by name, alias, demonym or metonym."""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher

from peacetalks.extract.registry import Entry, Registry, load_registry
from peacetalks.extract.segments import english
from peacetalks.model import Actor, Claim, ClaimSet, Document, Mention, Provenance
from peacetalks.pipeline import stage

STAGE = "peacetalks.actors.v1"


@stage(STAGE, provides={"mention", "actor"})
def find_actors(doc: Document, found: ClaimSet) -> list[Claim]:
    """Mentions of registry actors, and one actor claim per mention naming who it is."""
    return find_registry_actors(doc, load_registry())


def find_registry_actors(doc: Document, registry: Registry) -> list[Claim]:
    """Mentions of `registry`'s actors in `doc`; overlapping matches keep the longest."""
    matchers = _matchers(registry)
    tokens = english().make_doc(doc.text)
    hits = []
    for matcher in matchers:
        hits.extend(matcher(tokens))
    spans = [(tokens[s:e], tokens.vocab.strings[key]) for key, s, e in hits]
    spans.sort(key=lambda item: (item[0].start_char, -(item[0].end_char - item[0].start_char)))
    claims: list[Claim] = []
    last_end = -1
    for span, actor_id in spans:
        if span.start_char < last_end:
            continue
        last_end = span.end_char
        entry = registry.entries[actor_id]
        evidence = doc.span(span.start_char, span.end_char)
        provenance = Provenance(doc.id, evidence, STAGE, rule="registry")
        claims.append(
            Claim(
                kind="mention",
                value=Mention(actor_id=actor_id, span=evidence, surface=span.text),
                provenance=provenance,
            )
        )
        claims.append(Claim(kind="actor", value=_actor(entry, span.text), provenance=provenance))
    return claims


def _actor(entry: Entry, surface: str) -> Actor:
    return Actor(
        id=entry.id,
        name=entry.name,
        type=entry.type,
        party=entry.party,
        roles=(),
        mentions=(surface,),
    )


@lru_cache(maxsize=4)
def _matchers(registry: Registry) -> tuple[PhraseMatcher, PhraseMatcher]:
    """A case-sensitive matcher for short or all-caps names ("US", "UN") and a caseless one."""
    nlp = english()
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
    for entry in registry.entries.values():
        strict, loose = [], []
        for surface, _form in entry.names():
            if _needs_exact_case(surface):
                strict.append(nlp.make_doc(surface))
            else:
                loose.append(nlp.make_doc(surface))
        if strict:
            exact.add(entry.id, strict)
        if loose:
            caseless.add(entry.id, loose)
    return exact, caseless


def _needs_exact_case(surface: str) -> bool:
    # "US" must not match "us", nor "Chad" the word "chad"; a capitalised one-word name
    # keeps its case, multi-word names ("the Kremlin", "the kremlin") need not.
    return " " not in surface.strip()
