"""Actor facts: one registry entry per actor, whatever spelling each outlet used."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Actor
from peacetalks.model.facts import Fact, FactKind, SourcedItem
from peacetalks.reconcile.folds import (
    Head,
    State,
    add_counts,
    count,
    first_of,
    folded_facts,
    merge_all,
    most_common,
    union,
)
from peacetalks.reconcile.sources import fold_name


def actor_facts(block: str, found: Sequence[SourcedItem]) -> list[Fact]:
    """Actors of one surname block merged: same type and party, names equal once folded.

    Folding joins transliterations (Zelenskiy, Zelenskyy, Zelensky; Andriy, Andrii); a bare
    surname joins the one full name of its block and party. Nothing fuzzy: Zelenska stays apart.
    """
    return folded_facts(ACTORS, block, found)


class ActorFold:
    """Actors fold (reconcile/folds.py): a raw cluster is a type, party and folded name; a
    name without party joins the one cluster of that name with a party, and a bare surname
    the one full name of its type and party; the state counts ids, names and parties."""

    kind: FactKind = "actor"

    def raw(self, block: str, members: Sequence[SourcedItem]) -> dict[str, list[SourcedItem]]:
        clusters: dict[str, list[SourcedItem]] = {}
        for sourced in sorted(members, key=lambda s: (s.document_id, s.seq)):
            actor = _actor(sourced)
            key = json.dumps([actor.type, actor.party or "", fold_name(actor.name)])
            clusters.setdefault(key, []).append(sourced)
        return clusters

    def state(self, members: Sequence[SourcedItem]) -> State:
        actors = [_actor(s) for s in members]
        names: dict[str, dict[str, int]] = {}
        for actor in actors:
            names.setdefault(actor.id, {})
            names[actor.id][actor.name] = names[actor.id].get(actor.name, 0) + 1
        return {
            "first": [members[0].document_id, members[0].seq],
            "ids": count([a.id for a in actors]),
            "names": names,
            "parties": count([a.party for a in actors if a.party]),
            "roles": sorted({r for a in actors for r in a.roles}),
            "mentions": sorted({m for a in actors for m in a.mentions}),
        }

    def merge(self, a: State, b: State) -> State:
        names = {i: dict(n) for i, n in a["names"].items()}
        for actor_id, counted in b["names"].items():
            names[actor_id] = add_counts(names.get(actor_id, {}), counted)
        return {
            "first": first_of(a["first"], b["first"]),
            "ids": add_counts(a["ids"], b["ids"]),
            "names": names,
            "parties": add_counts(a["parties"], b["parties"]),
            "roles": union(a["roles"], b["roles"]),
            "mentions": union(a["mentions"], b["mentions"]),
        }

    def group(self, states: dict[str, State]) -> list[list[str]]:
        clusters: dict[tuple[str, str, str], list[str]] = {}
        for key in states:
            type_, party, name = json.loads(key)
            clusters[type_, party, name] = [key]
        for type_, party, name in sorted(clusters):
            if party:
                continue
            partied = [k for k in clusters if k[0] == type_ and k[2] == name and k[1]]
            if len(partied) == 1:
                clusters[partied[0]].extend(clusters.pop((type_, party, name)))
        for type_, party, name in sorted(clusters):
            if " " in name:
                continue
            full = [
                k
                for k in clusters
                if k[0] == type_ and (k[1] == party or not party) and " " in k[2]
            ]
            if len(full) == 1:
                clusters[full[0]].extend(clusters.pop((type_, party, name)))
        return [clusters[k] for k in sorted(clusters)]

    def finish(self, block: str, states: dict[str, State], documents: int) -> Head:
        total = merge_all(self, states)
        ids = total["ids"]
        canonical = most_common(ids)
        assert canonical is not None  # a cluster has at least one actor
        type_ = json.loads(next(iter(states)))[0]
        payload: dict[str, Any] = {
            "id": canonical,
            "name": most_common(total["names"][canonical]),
            "type": type_,
            "party": most_common(total["parties"]),
            "roles": total["roles"],
            "mentions": total["mentions"],
            "ids": sorted(ids),
            "documents": documents,
        }
        return Head(key=f"actor:{canonical}", payload=payload)


ACTORS = ActorFold()


def _actor(sourced: SourcedItem) -> Actor:
    assert isinstance(sourced.item, Actor)  # actor blocks hold actors only
    return sourced.item
