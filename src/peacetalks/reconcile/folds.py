"""Facts folded from their sources, so that a new source updates a fact without the earlier
sources being read again (issue #15: an incremental run after adding 1% of the documents
re-read every block those documents touched, nearly the whole corpus when a story is widely
carried).

A kind that folds (positions, actors, agreements) makes its facts in three steps that both a
full and an incremental run take:

1. `raw`: the block's items into raw clusters, each keyed by what the item alone says (a
   position's stance and targets; an actor's type, party and folded name), each with a
   state: counts, sets and the first item, everything its fact's value is made from;
2. `group`: the raw clusters into facts (an actor's bare surname joins the one full name of
   its block; an agreement reported without a formula joins the one with a report of its
   date), from their keys and states;
3. `finish`: a fact's key and value from the states of its raw clusters.

States merge (`merge`): the state of two sets of items from different documents is the
merge of their states, whatever the order. A fact keeps its raw states (`Fact.state`), so an
incremental run merges the new items' states into the stored ones and makes the same fact a
full run would make, reading one row per fact instead of every source behind it. When the
new items regroup the block (a fact would take over another, or be split), the block is made
again from its sources, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from peacetalks.model.facts import (
    Fact,
    FactKind,
    FactSource,
    MergedFact,
    SourcedItem,
    StoredState,
)
from peacetalks.reconcile.evidence import fact_source

State = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Head:
    """What a fact is besides its sources: its key, value, process and dates."""

    key: str
    payload: dict[str, Any]
    process: str | None = None
    date: dt.date | None = None
    end_date: dt.date | None = None


class Fold(Protocol):
    """The three steps of a kind whose facts fold (see the module docstring)."""

    kind: FactKind

    def raw(self, block: str, members: Sequence[SourcedItem]) -> dict[str, list[SourcedItem]]:
        """The members by raw cluster key, each cluster in (document, seq) order."""
        ...

    def state(self, members: Sequence[SourcedItem]) -> State:
        """The state of one raw cluster's members."""
        ...

    def merge(self, a: State, b: State) -> State:
        """The state of two raw clusters' members from different documents."""
        ...

    def group(self, states: dict[str, State]) -> list[list[str]]:
        """The raw keys of each fact (the first one its main cluster), in a fixed order, from
        the raw clusters' keys and states."""
        ...

    def finish(self, block: str, states: dict[str, State], documents: int) -> Head:
        """A fact's head from its raw clusters' states (in group order) and how many
        documents are behind it."""
        ...


def folded_facts(fold: Fold, block: str, members: Sequence[SourcedItem]) -> list[Fact]:
    """The facts of a block made from all its members: what a full run stores."""
    clusters = fold.raw(block, members)
    every = {key: fold.state(clusters[key]) for key in sorted(clusters)}
    facts = []
    for keys in fold.group(every):
        states = {key: every[key] for key in keys}
        behind = [s for key in keys for s in clusters[key]]
        documents = len({s.document_id for s in behind})
        head = fold.finish(block, states, documents)
        sources = tuple(fact_source(s) for s in behind)
        facts.append(_fact(fold.kind, block, head, sources, states, documents))
    return facts


@dataclass(frozen=True, slots=True)
class Streamed:
    """The facts of a block too big to hold, made from its items read in chunks (each
    chunk's documents in no other): `facts` without their sources, which `sources` gives
    again chunk by chunk, read a second time."""

    fold: Fold
    block: str
    facts: list[Fact]
    fact_of: dict[str, str]  # raw key -> the key of its fact

    def sources(self, chunk: Sequence[SourcedItem]) -> dict[str, list[FactSource]]:
        """The sources a chunk gives each fact."""
        found: dict[str, list[FactSource]] = {}
        for key, behind in self.fold.raw(self.block, chunk).items():
            found.setdefault(self.fact_of[key], []).extend(fact_source(s) for s in behind)
        return found


def streamed_facts(fold: Fold, block: str, chunks: Iterable[Sequence[SourcedItem]]) -> Streamed:
    """What folded_facts makes of a block, holding the states of its raw clusters instead of
    its items: the chunks' states merge (as in an incremental run) and a fact's documents are
    counted from the sets of raw clusters each document is in."""
    states: dict[str, State] = {}
    documents_in: dict[frozenset[str], int] = {}  # a document's raw keys -> how many such
    for chunk in chunks:
        raw_of: dict[str, set[str]] = {}
        for key, behind in fold.raw(block, chunk).items():
            new = fold.state(behind)
            states[key] = fold.merge(states[key], new) if key in states else new
            for sourced in behind:
                raw_of.setdefault(sourced.document_id, set()).add(key)
        for found in map(frozenset, raw_of.values()):
            documents_in[found] = documents_in.get(found, 0) + 1
    every = {key: states[key] for key in sorted(states)}
    facts: list[Fact] = []
    fact_of: dict[str, str] = {}
    for keys in fold.group(every):
        wanted = set(keys)
        documents = sum(n for found, n in documents_in.items() if found & wanted)
        mine = {key: every[key] for key in keys}
        head = fold.finish(block, mine, documents)
        facts.append(_fact(fold.kind, block, head, (), mine, documents))
        fact_of.update((key, head.key) for key in keys)
    return Streamed(fold, block, facts, fact_of)


def merged_facts(
    fold: Fold, block: str, stored: Sequence[StoredState], members: Sequence[SourcedItem]
) -> list[MergedFact] | None:
    """The facts of a block after new members (from documents none of its facts has yet),
    from the stored facts' states: only those that gain a source are returned. None when the
    new members regroup the block: it must then be made again from all its sources."""
    clusters = fold.raw(block, members)
    owner: dict[str, StoredState] = {}
    states: dict[str, State] = {}
    for held in stored:
        for key, state in held.state["raw"].items():
            owner[key] = held
            states[key] = state
    for key, behind in clusters.items():
        new = fold.state(behind)
        states[key] = fold.merge(states[key], new) if key in states else new
    merged: list[MergedFact] = []
    for keys in fold.group({key: states[key] for key in sorted(states)}):
        owners = {owner[k].key: owner[k] for k in keys if k in owner}
        if len(owners) > 1:
            return None  # facts stored apart are one now
        old = next(iter(owners.values()), None)
        if old is not None and set(old.state["raw"]) - set(keys):
            return None  # a stored fact is split
        behind = [s for key in keys for s in clusters.get(key, ())]
        if not behind:
            continue  # nothing new: the stored fact stands as it is
        documents = len({s.document_id for s in behind})
        if old is not None:
            documents += old.state["documents"]
        head = fold.finish(block, {key: states[key] for key in keys}, documents)
        sources = tuple(fact_source(s) for s in behind)
        fact = _fact(fold.kind, block, head, sources, {k: states[k] for k in keys}, documents)
        merged.append(MergedFact(fact, old))
    return merged


def _fact(
    kind: FactKind,
    block: str,
    head: Head,
    sources: tuple[FactSource, ...],
    states: dict[str, State],
    documents: int,
) -> Fact:
    return Fact(
        key=head.key,
        kind=kind,
        block=block,
        payload=head.payload,
        sources=sources,
        process=head.process,
        date=head.date,
        end_date=head.end_date,
        state={"raw": states, "documents": documents},
    )


def merge_all(fold: Fold, states: dict[str, State]) -> State:
    """The state of all of a fact's raw clusters together (in group order)."""
    ordered = list(states.values())
    total = ordered[0]
    for state in ordered[1:]:
        total = fold.merge(total, state)
    return total


# Counting helpers the folds share: counts and sets as JSON (sorted lists, string keys).


def count(values: Sequence[str]) -> dict[str, int]:
    """How often each value occurs."""
    counted: dict[str, int] = {}
    for value in values:
        counted[value] = counted.get(value, 0) + 1
    return counted


def add_counts(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    """Two counts added."""
    total = dict(a)
    for value, n in b.items():
        total[value] = total.get(value, 0) + n
    return total


def union(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """Two sorted sets as one sorted list."""
    return sorted(set(a) | set(b))


def first_of(a: list[Any], b: list[Any]) -> list[Any]:
    """Of two `first` entries ([document id, seq, ...]), the one from the earlier item."""
    return a if (a[0], a[1]) <= (b[0], b[1]) else b


def most_common(counted: dict[str, int], tie: Callable[[str], Any] = lambda v: v) -> str | None:
    """The most frequent value, ties broken by `tie` (default: the value itself)."""
    if not counted:
        return None
    return min(counted, key=lambda v: (-counted[v], tie(v)))
