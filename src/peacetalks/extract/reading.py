"""A document as the learned decisions see it: sentences with their parties, dates, parse and
what the rules read there, and the features of each decision's units.

The same code builds the units at training time (`peacetalks train`) and at extraction time,
so a model always scores the features it was trained on.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import cast

from spacy.tokens import Doc, Token

from peacetalks.extract.issues import IssueHit, find_issue_cues
from peacetalks.extract.parser import parse_texts
from peacetalks.extract.positions import proposal_owners
from peacetalks.extract.registry import Registry
from peacetalks.extract.stances import find_cues
from peacetalks.model import (
    Actor,
    Agreement,
    ClaimSet,
    DateMention,
    Document,
    Event,
    Figure,
    Mention,
    Position,
    Span,
)

_LIST_ITEM = re.compile(
    r"^\s*(?:[-*\u2022\u2013\u2014>\u2192\u27a2\u25cf\u25aa]|\d{1,2}[.)]|\d{1,2}\s*[-\u2013\u2014]\s|"
    r"\(?[a-z][.)])\s*"
)
_QUOTE = re.compile('["\u201c\u201d]')
_WORD = re.compile(r"[a-z][a-z'-]+")
_SAY = frozenset({"say", "tell", "state", "announce", "add", "note", "stress", "write", "declare"})
_CONTENT_POS = frozenset({"VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN", "ADP", "PART"})


@dataclass(slots=True)
class PartyMention:
    """A party named in a sentence: offsets in the document and the party it stands for."""

    party: str
    start: int
    end: int
    person: bool


@dataclass(slots=True)
class Sentence:
    """One sentence with everything the decisions read from it."""

    index: int
    span: Span
    text: str
    parties: list[PartyMention]
    dates: list[DateMention]
    is_list_item: bool
    cues: list[str]
    cue_spans: list[tuple[str, int, int]] = field(default_factory=list)  # stance, start, end
    parsed: Doc | None = None
    positions: list[Position] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    # the authors of the plan this sentence names, and of the last one named up to here
    plan_owners: list[str] = field(default_factory=list)
    plan_authors: list[str] = field(default_factory=list)

    def tokens_of(self, start: int, end: int) -> list[Token]:
        """The parsed tokens covering document offsets start..end (none without a parse)."""
        if self.parsed is None:
            return []
        span = self.parsed.char_span(
            start - self.span.start, end - self.span.start, alignment_mode="expand"
        )
        return list(span) if span is not None else []


@dataclass(slots=True)
class Reading:
    """A document's sentences and parties, ready for feature extraction."""

    doc: Document
    sentences: list[Sentence]
    party_rank: dict[str, int]
    party_types: dict[str, str]
    opposes: dict[str, str]


def read_document(
    doc: Document, found: ClaimSet, rules: ClaimSet, registry: Registry, dated: bool = True
) -> Reading:
    """The reading of `doc` from the claims of the earlier stages and the rules' items;
    `dated=False` leaves sentences unparsed whose only interest is a date (no event decided)."""
    parties_of = _acting_parties(found, registry)
    # Sorted by start (stably: the same order as before for equal starts) so that each
    # sentence takes its own by bisection: a long text has thousands of each.
    mentions = sorted(
        (cast(Mention, c.value) for c in found.of_kind("mention") if c.provenance.rule != "venue"),
        key=lambda m: m.span.start,
    )
    mention_starts = [m.span.start for m in mentions]
    dates = sorted(
        (cast(DateMention, c.value) for c in found.of_kind("date")), key=lambda d: d.span.start
    )
    date_starts = [d.span.start for d in dates]
    sentences = []
    for index, claim in enumerate(found.of_kind("sentence")):
        span = claim.provenance.span
        text = span.text.replace("\n", " ")
        near = mentions[
            bisect_left(mention_starts, span.start) : bisect_right(mention_starts, span.end)
        ]
        parties = [
            PartyMention(party, m.span.start, m.span.end, m.actor_id != party)
            for m in near
            if span.start <= m.span.start and m.span.end <= span.end
            for party in [parties_of.get(m.actor_id)]
            if party is not None
        ]
        cues = find_cues(text)
        sentences.append(
            Sentence(
                index=index,
                span=span,
                text=text,
                parties=parties,
                dates=dates[
                    bisect_left(date_starts, span.start) : bisect_left(date_starts, span.end)
                ],
                is_list_item=bool(_LIST_ITEM.match(text)),
                cues=sorted({f"{c.stance}:{c.form}" for c in cues}),
                cue_spans=[(c.stance, c.start, c.end) for c in cues],
            )
        )
    _attach_rules(sentences, rules)
    _plan_authors(sentences)
    _parse(sentences, dated)
    counts = Counter(p.party for s in sentences for p in s.parties)
    rank = {party: i for i, (party, _) in enumerate(counts.most_common())}
    types: dict[str, str] = {}
    opposes = {}
    for party in counts:
        entry = registry.get(party)
        types[party] = entry.type if entry else "unknown"
        if entry and entry.opposes:
            opposes[party] = entry.opposes
    return Reading(doc, sentences, rank, types, opposes)


def _plan_authors(sentences: list[Sentence]) -> None:
    """Each sentence's plan owners (`positions.proposal_owners`) and the authors of the last
    plan named up to it: who holds "the plan" a later sentence speaks of."""
    authors: list[str] = []
    for sentence in sentences:
        base = sentence.span.start
        owners = proposal_owners(
            sentence.text, [(p.party, p.start - base, p.end - base) for p in sentence.parties]
        )
        if owners:
            authors = owners
        sentence.plan_owners = owners
        sentence.plan_authors = authors


def _acting_parties(found: ClaimSet, registry: Registry) -> dict[str, str]:
    parties: dict[str, str] = {}
    for claim in found.of_kind("actor"):
        actor = cast(Actor, claim.value)
        entry = registry.get(actor.id)
        party = entry.acting_party if entry else actor.acting_party
        if party:
            parties[actor.id] = party
    return parties


def _attach_rules(sentences: list[Sentence], rules: ClaimSet) -> None:
    starts = [s.span.start for s in sentences]
    for claim in rules:
        value = claim.value
        at = claim.provenance.span.start
        owner = _sentence_at(sentences, starts, at)
        if owner is None:
            continue
        if isinstance(value, Position):
            owner.positions.append(value)
        elif isinstance(value, Agreement):
            owner.agreements.append(value)
        elif isinstance(value, Event):
            owner.events.append(value)
        elif isinstance(value, Figure):
            owner.figures.append(value)


def _sentence_at(sentences: list[Sentence], starts: list[int], at: int) -> Sentence | None:
    import bisect

    i = bisect.bisect_right(starts, at) - 1
    if i < 0 or at >= sentences[i].span.end:
        return None
    return sentences[i]


def _parse(sentences: list[Sentence], dated: bool) -> None:
    """Parse the sentences a decision reads: those naming a party or a cue, list items, and
    when `dated` those with a date."""
    wanted = [s for s in sentences if s.parties or s.cues or s.is_list_item or (dated and s.dates)]
    for sentence, parsed in zip(wanted, parse_texts(s.text for s in wanted), strict=True):
        sentence.parsed = parsed


# ---- features -------------------------------------------------------------------------------


def bag(sentence: Sentence) -> list[str]:
    """Sentence features: lemmas of its words, cues of the lexicons, shape."""
    features = ["bias"]
    if sentence.parsed is not None:
        for token in sentence.parsed:
            if token.pos_ in _CONTENT_POS:
                lemma = token.lemma_.lower()
                features.append(f"w={lemma}")
                if token.dep_ == "neg":
                    features.append(f"neg={token.head.lemma_.lower()}")
            if token.dep_ == "neg":
                features.append("neg")
            if token.tag_ == "MD":
                features.append(f"modal={token.lower_}")
    else:
        features += [f"w={w}" for w in _WORD.findall(sentence.text.lower())]
    words = _WORD.findall(sentence.text.lower())
    features += [f"bi={a}_{b}" for a, b in pairwise(words)]
    features += [f"cue={c}" for c in sentence.cues]
    if _QUOTE.search(sentence.text):
        features.append("quote")
    if sentence.is_list_item:
        features.append("list_item")
    features.append(f"n_parties={min(len({p.party for p in sentence.parties}), 3)}")
    return features


def issue_features(sentence: Sentence, previous: Sentence | None) -> list[str]:
    """Features for which issues a sentence is about: its bag and the issue lexicon's cues."""
    features = bag(sentence)
    hits = find_issue_cues(sentence.text)
    features += [f"issue_cue={hit.issue}" for hit in hits]
    if hits:
        features.append(f"issue_first={min(hits, key=lambda h: h.start).issue}")
        counts = Counter(hit.issue for hit in hits)
        features.append(f"issue_most={counts.most_common(1)[0][0]}")
    features += [f"issue_object={issue}" for issue in _object_issues(sentence, hits)]
    features += [f"rules_issue={p.issue}" for p in sentence.positions]
    features += [f"rules_agreement_issue={a.issue}" for a in sentence.agreements]
    if previous is not None and sentence.is_list_item:
        features += [f"lead_issue_cue={hit.issue}" for hit in find_issue_cues(previous.text)]
    return features


def issue_units(reading: Reading, i: int) -> list[tuple[str, list[str]]]:
    """The issues sentence i may be about, each with features for ranking them: the issues the
    lexicon finds in it (with where: inside a cue's object, first, most named, the phrase they
    sit in), in the sentence before and in a list's lead-in, and the rules' issues. The
    features are mostly the same for every issue, so the ranking carries to issues and
    processes with few annotated examples."""
    sentence = reading.sentences[i]
    previous = reading.sentences[i - 1] if i else None
    hits = find_issue_cues(sentence.text)
    counts: Counter[str] = Counter(hit.issue for hit in hits)
    first = min(hits, key=lambda h: h.start).issue if hits else None
    inside = _object_issues(sentence, hits)
    rules = {p.issue for p in sentence.positions}
    agreed = {a.issue for a in sentence.agreements}
    before = {hit.issue for hit in find_issue_cues(previous.text)} if previous else set()
    lead = lead_in(reading, i)
    led = {hit.issue for hit in find_issue_cues(lead.text)} if lead is not None else set()
    places = _hit_places(sentence, hits)
    candidates = sorted(set(counts) | inside | rules | agreed | before | led)
    most = max(counts.values()) if counts else 0
    stances = sorted({stance for stance, _, _ in sentence.cue_spans})
    units = []
    for issue in candidates:
        named = counts[issue]
        features = ["bias", f"candidates={min(len(candidates), 5)}", f"issue={issue}"]
        features.append(f"hits={min(named, 3)}")
        flags = [
            ("first", issue == first),
            ("most", named > 0 and named == most),
            ("object", issue in inside),
            ("rules", issue in rules),
            ("agreed", issue in agreed),
            ("before", issue in before and named > 0),
            ("before_only", issue in before and named == 0),
            ("lead", issue in led),
        ]
        features += [name for name, on in flags if on]
        features += [f"issue={issue}:{name}" for name, on in flags[:4] if on]
        features += [f"at={place}" for place in places.get(issue, ())]
        features += [
            f"{flag}:cue={stance}" for flag in ("object",) if issue in inside for stance in stances
        ]
        units.append((issue, features))
    return units


def _hit_places(sentence: Sentence, hits: list[IssueHit]) -> dict[str, set[str]]:
    """Per issue, the relations its lexicon hits hold in the parse ('pobj:during', 'dobj'),
    their heads, and the verb that governs them ('verb=demand' and 'verb=discuss' tell what
    is asked for from what is only talked about)."""
    doc = sentence.parsed
    places: dict[str, set[str]] = {}
    if doc is None:
        return places
    for hit in hits:
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        below = root  # the verb's child the hit hangs from
        for verb in root.ancestors:
            if verb.pos_ in ("VERB", "AUX"):
                via = below.dep_
                if via == "prep":
                    via = f"prep:{below.lemma_.lower()}"
                places.setdefault(hit.issue, set()).update(
                    (f"verb={verb.lemma_.lower()}", f"via={via}")
                )
                break
            below = verb
        place = root.dep_
        if root.dep_ == "pobj":
            place = f"pobj:{root.head.lemma_.lower()}"
        elif root.dep_ == "compound":
            place = f"compound:{root.head.dep_}"
        places.setdefault(hit.issue, set()).add(place)
        places[hit.issue].add(f"head={root.head.lemma_.lower()}")
    return places


def _object_issues(sentence: Sentence, hits: list[IssueHit]) -> set[str]:
    """The issues named inside what a stance cue governs (its object, its clause)."""
    doc = sentence.parsed
    if doc is None or not sentence.cue_spans:
        return set()
    covered: set[int] = set()
    for _stance, start, end in sentence.cue_spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            covered |= {t.idx for t in span.root.subtree if t.i >= span.end}
    found: set[str] = set()
    for hit in hits:
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is not None and any(t.idx in covered for t in span):
            found.add(hit.issue)
    return found


def holder_candidates(reading: Reading, i: int) -> list[str]:
    """Parties that may hold a stance taken in sentence i: those named in it or in the two
    sentences before, the rules' holders, the document's three most named parties."""
    sentence = reading.sentences[i]
    found: dict[str, None] = {}
    for p in sentence.parties:
        found[p.party] = None
    for position in sentence.positions:
        found[position.holder] = None
    for back in (1, 2):
        if i - back >= 0:
            for p in reading.sentences[i - back].parties:
                found[p.party] = None
    for party, rank in reading.party_rank.items():
        if rank < 3:
            found[party] = None
    lead = lead_in(reading, i)
    if lead is not None:
        for p in lead.parties:
            found[p.party] = None
    for party in sentence.plan_authors:
        found[party] = None
    return list(found)


def lead_in(reading: Reading, i: int) -> Sentence | None:
    """The sentence a list item hangs from: the last one before the list that is no item."""
    if not reading.sentences[i].is_list_item:
        return None
    for j in range(i - 1, -1, -1):
        if not reading.sentences[j].is_list_item:
            return reading.sentences[j]
    return None


def stance_features(reading: Reading, i: int) -> list[str]:
    """Features for which stances sentence i reports: its words, the cue lexicon, the rules."""
    sentence = reading.sentences[i]
    features = bag(sentence)
    features += [f"rules_stance={p.stance}" for p in sentence.positions]
    if not sentence.positions:
        features.append("rules_none")
    features += structure_features(sentence)
    # Where the sentence stands: a report's headline and lead state its positions, its tail
    # more often background and comment.
    features += [f"at={min(i, 4)}", f"at_quarter={4 * i // len(reading.sentences)}"]
    lead = lead_in(reading, i)
    if lead is not None:
        features += [f"lead_cue={c}" for c in lead.cues]
        features += [f"lead_rules_stance={p.stance}" for p in lead.positions]
        features += [f"lead_{f}" for f in bag(lead) if f.startswith("w=")]
        features += [f"lead_{f}" for f in structure_features(lead)]
    return features


def structure_features(sentence: Sentence) -> list[str]:
    """Where the sentence's stance cues sit in its parse: the cue's relation and head, the
    words above it (an "expect" or "pressure" governing it), its subject; the main verb and its
    subject ("analysts expect ..."). Lemmas only, and parties as one symbol, so that the same
    shape scores alike whoever the parties are."""
    doc = sentence.parsed
    if doc is None:
        return []
    party_at = {
        i for p in sentence.parties for t in sentence.tokens_of(p.start, p.end) for i in [t.i]
    }

    def name(token: Token) -> str:
        return "PARTY" if token.i in party_at else token.lemma_.lower()

    features = []
    for root in (t for t in doc if t.dep_ == "ROOT"):
        features.append(f"root={name(root)}")
        features += [f"root_subj={name(c)}" for c in root.children if c.dep_.startswith("nsubj")]
    for stance, start, end in sentence.cue_spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        cue = span.root
        features.append(f"cue_dep={stance}:{cue.dep_}")
        features.append(f"cue_head={stance}:{name(cue.head)}")
        subjects = [c for c in cue.children if c.dep_.startswith("nsubj")]
        features += [f"cue_subj={stance}:{name(c)}" for c in subjects]
        if not subjects:
            features.append(f"cue_subj={stance}:none")
        if any(c.dep_ == "neg" for c in cue.children) or any(
            c.dep_ == "neg" for c in cue.head.children
        ):
            features.append(f"cue_neg={stance}")
        node, steps = cue, 0
        while node.head is not node and steps < 3:
            node, steps = node.head, steps + 1
            features.append(f"cue_up={stance}:{name(node)}")
    return features


def holder_features(reading: Reading, i: int, holder: str) -> list[str]:
    """Features of (sentence i, holder): where and how the holder is named and what the rules
    said; no words of the sentence, so that they carry over to parties never seen."""
    sentence = reading.sentences[i]
    features = ["bias"]
    mine = [p for p in sentence.parties if p.party == holder]
    rank = reading.party_rank.get(holder, 9)
    features.append(f"h_rank={min(rank, 3)}")
    features.append(f"h_type={reading.party_types.get(holder, 'unknown')}")
    if holder in reading.opposes.values():
        features.append("h_is_opposed_state")
    roles: set[str] = set()
    if mine:
        features.append("h_in_sentence")
        if sentence.parties and sentence.parties[0].party == holder:
            features.append("h_first")
        if any(p.person for p in mine):
            features.append("h_person")
        for mention in mine:
            roles |= _roles(sentence, mention)
    else:
        features.append("h_not_in_sentence")
        for back in (1, 2):
            if i - back >= 0 and any(
                p.party == holder for p in reading.sentences[i - back].parties
            ):
                features.append(f"h_prev{back}")
                for mention in reading.sentences[i - back].parties:
                    if mention.party == holder:
                        roles |= {f"prev_{r}" for r in _roles(reading.sentences[i - back], mention)}
                break
        lead = lead_in(reading, i)
        if lead is not None and any(p.party == holder for p in lead.parties):
            features.append("h_in_lead_in")
            for mention in lead.parties:
                if mention.party == holder:
                    roles |= {f"lead_{r}" for r in _roles(lead, mention)}
    features += sorted(roles)
    features += sorted({f for mention in mine for f in _cue_paths(sentence, mention)})
    others = {p.party for p in sentence.parties} - {holder}
    features.append(f"n_others={min(len(others), 3)}")
    if holder in sentence.plan_owners:
        features.append("h_owns_plan_here")
    elif holder in sentence.plan_authors:
        features.append("h_plan_author")
    for position in sentence.positions:
        who = "h" if position.holder == holder else "other"
        features.append(f"rules_{who}={position.stance}")
    if not sentence.positions:
        features.append("rules_none")
    deps = sorted({r for r in roles if r.startswith(("dep=", "prev_dep=", "lead_dep="))})
    features += [f"{d}&{c}" for d in deps for c in sentence.cues]
    return features


def _cue_paths(sentence: Sentence, mention: PartyMention, only: str | None = None) -> set[str]:
    """The dependency path from a party mention to each stance cue of its sentence: the
    relations climbed to their lowest common head, then those descended to the cue
    ("nsubj^>" holds the cue's subject; "pobj^agent^>" the agent of a passive cue;
    "nsubj^>acomp>acl" a subject under pressure to do what the cue says); `only`: the cues of
    that stance alone."""
    doc = sentence.parsed
    tokens = sentence.tokens_of(mention.start, mention.end)
    if doc is None or not tokens or not sentence.cue_spans:
        return set()
    start = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[-1])
    up = [start, *start.ancestors]
    found = set()
    for stance, cue_start, cue_end in sentence.cue_spans:
        if only is not None and stance != only:
            continue
        span = doc.char_span(cue_start, cue_end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        cue = span.root
        down = [cue, *cue.ancestors]
        common = next((t for t in up if t in down), None)
        if common is None:
            continue
        climb = [t.dep_ for t in up[: up.index(common)]]
        descend = [t.dep_ for t in reversed(down[: down.index(common)])]
        if len(climb) > 4 or len(descend) > 4:
            found.add(f"path={stance}:far")
            continue
        path = "^".join(climb) + "^>" + ">".join(descend)
        found.add(f"path={stance}:{path}")
        found.add(f"path_any={path}")
    return found


def _roles(sentence: Sentence, mention: PartyMention) -> set[str]:
    """The grammatical roles of a party mention: its dependency, its head's lemma, the path up."""
    tokens = sentence.tokens_of(mention.start, mention.end)
    if not tokens:
        return {"dep=none"}
    root = next((t for t in tokens if t.head not in tokens or t.head == t), tokens[-1])
    roles = {f"dep={root.dep_}"}
    head = root.head
    roles.add(f"head={root.dep_}:{head.lemma_.lower()}")
    if root.dep_ == "poss":
        roles.add(f"poss_of={head.lemma_.lower()}")
    if root.dep_ == "pobj":
        roles.add(f"pobj_of={head.lemma_.lower()}:{head.head.lemma_.lower()}")
    steps = 0
    node = root
    while node.head != node and steps < 4:
        node = node.head
        steps += 1
        if node.pos_ in ("VERB", "AUX"):
            roles.add(f"up_verb={node.lemma_.lower()}")
            if node.lemma_.lower() in _SAY and root.dep_ == "nsubj" and steps == 1:
                roles.add("speaker")
    if _QUOTE.search(sentence.text) and "speaker" in roles:
        roles.add("quote_speaker")
    return roles


def holder_units(reading: Reading, i: int) -> list[tuple[str, list[str]]]:
    """The candidate holders of sentence i, each with its features."""
    return [(h, holder_features(reading, i, h)) for h in holder_candidates(reading, i)]


def pair_units(
    reading: Reading,
    i: int,
    stances: Iterable[str],
    holders: list[tuple[str, list[str]]] | None = None,
) -> list[tuple[str, str, list[str]]]:
    """(holder, stance, features) for each candidate holder of sentence i and each of
    `stances`: whether this party takes this stance here. The holder's features are kept
    as they are (is it a holder at all) and joined with the stance (is it the one who
    accepts, or the one whose proposal is accepted), with the paths to the cues of this
    stance alone: "Ukraine accepted a US proposal" has two parties and two stances.
    `holders`: holder_units(reading, i) when the caller has them already."""
    sentence = reading.sentences[i]
    stances = list(stances)
    units = []
    for holder, features in holders if holders is not None else holder_units(reading, i):
        mine = [p for p in sentence.parties if p.party == holder]
        for stance in stances:
            joined = [f"{stance}|{f}" for f in features if not f.startswith("path")]
            own = sorted(
                {
                    f"own_{f.split(':', 1)[1]}"
                    for m in mine
                    for f in _cue_paths(sentence, m, only=stance)
                    if f.startswith("path=")
                }
            )
            has_cue = any(c[0] == stance for c in sentence.cue_spans)
            extra = [f"has_cue={stance}" if has_cue else f"no_cue={stance}"]
            if mine and not own:
                extra.append("no_path_to_own_cue")
            if any(p.holder == holder and p.stance == stance for p in sentence.positions):
                extra.append("rules_pair")
            units.append((holder, stance, [*features, *joined, *own, *extra]))
    return units


def party_units(reading: Reading) -> list[tuple[str, list[str]]]:
    """Each party the document names, with features for whether it holds any position in it
    at all: how much and where it is named, its type, whether it is one of two opposed sides,
    its roles (subject, speaker, object) and paths to stance cues, the rules' positions of it.
    A host or a commentator named in passing scores low; a side at the table high."""
    named: dict[str, list[tuple[int, PartyMention]]] = {}
    for i, sentence in enumerate(reading.sentences):
        for mention in sentence.parties:
            named.setdefault(mention.party, []).append((i, mention))
    total = sum(len(mentions) for mentions in named.values()) or 1
    held = Counter(p.holder for s in reading.sentences for p in s.positions)
    units = []
    for party, mentions in named.items():
        features = [
            "bias",
            f"rank={min(reading.party_rank.get(party, 9), 4)}",
            f"type={reading.party_types.get(party, 'unknown')}",
            f"sentences{_bin(len({i for i, _ in mentions}), (1, 2, 4, 8))}",
            f"share{_bin(100 * len(mentions) // total, (5, 10, 20, 35))}",
            f"first{_bin(mentions[0][0], (0, 2, 5, 10))}",
            f"parties{_bin(len(named), (2, 3, 5, 8))}",
            f"rules_positions{_bin(held[party], (0, 1, 3))}",
        ]
        if party in reading.opposes or party in reading.opposes.values():
            features.append("opposed_side")
        if any(mention.person for _, mention in mentions):
            features.append("person")
        found: set[str] = set()
        for i, mention in mentions:
            sentence = reading.sentences[i]
            if sentence.parsed is None:
                continue
            roles = _roles(sentence, mention)
            found |= {r for r in roles if r.startswith("dep=") or r in _SPEAKING}
            found |= {p.split(":")[0] for p in _cue_paths(sentence, mention) if p[:5] == "path="}
        features += sorted(found)
        stances = {p.stance for s in reading.sentences for p in s.positions if p.holder == party}
        features += [f"rules_stance={stance}" for stance in sorted(stances)]
        units.append((party, features))
    return units


_SPEAKING = frozenset({"speaker", "quote_speaker"})


def _bin(n: int, cuts: tuple[int, ...]) -> str:
    """The first cut `n` is at most ("<=4"), or past the last (">8")."""
    return next((f"<={cut}" for cut in cuts if n <= cut), f">{cuts[-1]}")


def agreement_features(reading: Reading, i: int) -> list[str]:
    """Features for whether sentence i reports a joint agreement."""
    sentence = reading.sentences[i]
    features = bag(sentence)
    if sentence.agreements:
        features.append("rules_agreement")
        features += [f"rules_status={a.status}" for a in sentence.agreements]
    if any(e.type == "exchange" for e in sentence.events):
        features.append("rules_exchange")
    if sentence.parsed is not None:
        for token in sentence.parsed:
            if token.dep_ in ("nsubj", "nsubjpass"):
                features.append(f"subj={token.lemma_.lower()}:{token.head.lemma_.lower()}")
    return features


@dataclass(frozen=True, slots=True)
class EventUnit:
    """A date that may be an event's: named in sentence i, or given to an event by the rules."""

    index: int
    start: dt.date
    end: dt.date
    precision: str
    features: list[str]


def event_units(reading: Reading) -> Iterator[EventUnit]:
    """Each date of at least month precision named in a sentence, and each rules event whose
    date no sentence names there ("talks under way" dated to the month of publication)."""
    for i, sentence in enumerate(reading.sentences):
        starts = set()
        for date in sentence.dates:
            if date.when.precision == "year":
                continue
            starts.add(date.when.start)
            features = event_features(reading, i, date)
            yield EventUnit(i, date.when.start, date.when.end, date.when.precision, features)
        for event in sentence.events:
            if event.date is None or event.date in starts:
                continue
            starts.add(event.date)
            features = [*bag(sentence), "rules_only", f"rules_event={event.type}:same"]
            end = event.end_date or event.date
            yield EventUnit(i, event.date, end, event.date_precision or "day", features)


def event_features(reading: Reading, i: int, date: DateMention) -> list[str]:
    """Features for which kind of event (if any) happened on a date named in sentence i."""
    sentence = reading.sentences[i]
    features = bag(sentence)
    when = date.when
    features.append(f"precision={when.precision}")
    published = reading.doc.published
    if published is not None:
        delta = (when.start - published).days
        features.append(
            "date=future"
            if delta > 0
            else "date=week"
            if delta > -8
            else "date=year"
            if delta > -366
            else "date=older"
        )
    else:
        features.append("date=unanchored")
    for token in sentence.tokens_of(date.span.start, date.span.end)[:1]:
        head = token.head
        features.append(f"date_head={head.lemma_.lower()}")
        features.append(f"date_head2={head.head.lemma_.lower()}")
    for event in sentence.events:
        same = event.date == when.start
        features.append(f"rules_event={event.type}:{'same' if same else 'other'}")
    return features
