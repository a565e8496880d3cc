"""Facts read with the digest of their sources give list views what reading every source
gives them: the same lines, counts, confidence, outlets and first evidence lines."""

from __future__ import annotations

import dataclasses

from sqlalchemy import update

from peacetalks.analysis.facts import evidence_count, fact_evidence, facts_of, outlets
from peacetalks.analysis.positions import Window, matrix, position_lines
from peacetalks.model.facts import HEADLINE, make_digest
from peacetalks.store.facts import read_fact_sources, read_facts
from peacetalks.store.tables import facts


def _without_evidence(line):
    return dataclasses.replace(line, evidence=(), evidence_count=0)


def test_digest_read_gives_the_same_position_lines_as_reading_every_source(corpus_store):
    full = position_lines(corpus_store)
    light = position_lines(corpus_store, headline=True)
    assert len(full) == len(light) > 20
    for a, b in zip(full, light, strict=True):
        assert _without_evidence(a) == _without_evidence(b)
        assert b.evidence == a.evidence[:HEADLINE]
        assert b.evidence_count == len(a.evidence)
    # Some fact has more evidence lines than a digest keeps, or the test proves little.
    assert any(len(line.evidence) > HEADLINE for line in full)


def test_digest_read_gives_the_same_matrix_and_outlet_filter(corpus_store):
    window = Window(process="russia-ukraine")
    full, light = matrix(corpus_store, window), matrix(corpus_store, window, headline=True)
    assert full.parties == light.parties
    assert [(r.issue, r.compatibility) for r in full.rows] == [
        (r.issue, r.compatibility) for r in light.rows
    ]
    outlet = outlets(facts_of(corpus_store, "position")[0])[0]
    narrowed = Window(outlet=outlet)
    keys = {line.key for line in position_lines(corpus_store, narrowed)}
    assert keys == {line.key for line in position_lines(corpus_store, narrowed, headline=True)}
    assert 0 < len(keys) < len(position_lines(corpus_store))


def test_digest_is_read_without_any_source_and_sources_are_read_per_fact(corpus_store):
    light = read_facts(corpus_store.engine, kind="agreement", sources=False)
    assert light
    assert all(f.sources == () and f.digest for f in light)
    full = {f.key: f for f in read_facts(corpus_store.engine, kind="agreement")}
    for fact in light:
        whole = full[fact.key]
        assert fact.independent_sources == whole.independent_sources
        assert fact_evidence(fact) == fact_evidence(whole)[:HEADLINE]
        assert evidence_count(fact) == evidence_count(whole)
        assert outlets(fact) == outlets(whole)
    some = [f.key for f in light[:3]]
    assert read_fact_sources(corpus_store.engine, some) == {k: list(full[k].sources) for k in some}


def test_facts_stored_before_digests_get_one_made_from_their_sources(corpus_store):
    stored = {f.key: f.digest for f in read_facts(corpus_store.engine, sources=False)}
    with corpus_store.engine.begin() as connection:
        connection.execute(update(facts).values(digest=None))
    try:
        again = read_facts(corpus_store.engine, sources=False)
        assert {f.key: f.digest for f in again} == stored
        full = read_facts(corpus_store.engine)
        assert all(make_digest(f.kind, f.sources) == stored[f.key] for f in full)
    finally:
        with corpus_store.engine.begin() as connection:
            for key, digest in stored.items():
                connection.execute(update(facts).where(facts.c.key == key).values(digest=digest))


def test_facts_read_with_some_members_hold_those_of_the_full_payload(corpus_store):
    members = ("issue", "parties", "dates", "no_such_member")
    full = read_facts(corpus_store.engine, kind="agreement", sources=False)
    picked = read_facts(corpus_store.engine, kind="agreement", sources=False, members=members)
    assert len(full) == len(picked) > 3
    for whole, part in zip(full, picked, strict=True):
        assert part.key == whole.key
        assert part.payload == {m: whole.payload[m] for m in members if m in whole.payload}
        assert part.payload["parties"]  # lists come back as lists
        assert (part.date, part.digest) == (whole.date, whole.digest)


def test_facts_read_without_some_members_hold_the_rest_of_the_payload(corpus_store):
    full = read_facts(corpus_store.engine, kind="agreement", sources=False)
    trimmed = read_facts(corpus_store.engine, kind="agreement", sources=False, without=("reports",))
    assert any(f.payload.get("reports") for f in full)  # else the test proves little
    for whole, part in zip(full, trimmed, strict=True):
        assert part.payload == {k: v for k, v in whole.payload.items() if k != "reports"}
