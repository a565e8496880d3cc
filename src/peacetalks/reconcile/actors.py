"""Actor facts: one registry entry per actor, whatever spelling each outlet used."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from peacetalks.model import Actor
from peacetalks.model.facts import Fact, SourcedItem
from peacetalks.reconcile.evidence import fact_source
from peacetalks.reconcile.sources import fold_name


def actor_facts(block: str, found: Sequence[SourcedItem]) -> list[Fact]:
    """Actors of one surname block merged: same type and party, names equal once folded.

    Folding joins transliterations (Zelenskiy, Zelenskyy, Zelensky; Andriy, Andrii); a bare
    surname joins the one full name of its block and party. Nothing fuzzy: Zelenska stays apart.
    """
    clusters: dict[tuple[str, str, str], list[SourcedItem]] = {}
    for sourced in sorted(found, key=lambda s: (s.document_id, s.seq)):
        actor = _actor(sourced)
        clusters.setdefault((actor.type, actor.party or "", fold_name(actor.name)), []).append(
            sourced
        )
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
            k for k in clusters if k[0] == type_ and (k[1] == party or not party) and " " in k[2]
        ]
        if len(full) == 1:
            clusters[full[0]].extend(clusters.pop((type_, party, name)))
    return [_fact(block, members) for _, members in sorted(clusters.items())]


def _actor(sourced: SourcedItem) -> Actor:
    assert isinstance(sourced.item, Actor)  # actor blocks hold actors only
    return sourced.item


def _fact(block: str, members: list[SourcedItem]) -> Fact:
    actors = [_actor(s) for s in members]
    ids = Counter(a.id for a in actors)
    canonical = min(ids, key=lambda i: (-ids[i], i))
    names = Counter(a.name for a in actors if a.id == canonical)
    parties = Counter(a.party for a in actors if a.party)
    payload: dict[str, Any] = {
        "id": canonical,
        "name": min(names, key=lambda n: (-names[n], n)),
        "type": actors[0].type,
        "party": min(parties, key=lambda p: (-parties[p], p)) if parties else None,
        "roles": sorted({r for a in actors for r in a.roles}),
        "mentions": sorted({m for a in actors for m in a.mentions}),
        "ids": sorted(ids),
        "documents": len({s.document_id for s in members}),
    }
    return Fact(
        key=f"actor:{canonical}",
        kind="actor",
        block=block,
        payload=payload,
        sources=tuple(fact_source(s) for s in members),
    )
