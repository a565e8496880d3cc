"""Issue 4 on the demo corpus and the dev set ingested together: what reconciliation must find."""

from __future__ import annotations

import pytest

from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.reconcile import reconcile, sourced_items
from peacetalks.store.facts import read_facts


def _facts(records, kind):
    items = [s for r in records for s in sourced_items(r)]
    return [f for f in reconcile(items) if f.kind == kind]


def _labels(fact):
    return [v["label"] for v in fact.payload["values"]]


def test_issue_4_children_on_ukraines_list_are_a_discrepancy(corpus_records):
    conflicts = [
        f
        for f in _facts(corpus_records, "figure")
        if f.payload["issue"] == "children" and f.payload["status"] == "conflict"
    ]
    assert len(conflicts) == 1
    labels = _labels(conflicts[0])
    assert "more than 300" in labels
    assert any(label.endswith("400") for label in labels)
    # the values were given by several outlets, each kept with its evidence
    assert len({s.document_id for s in conflicts[0].sources}) >= 3


def test_issue_4_duration_of_the_2_june_round_is_a_discrepancy(corpus_records):
    durations = [
        f
        for f in _facts(corpus_records, "figure")
        if f.payload["measure"] == "duration_minutes"
        and f.date
        and f.date.isoformat() == "2025-06-02"
    ]
    assert len(durations) == 1
    fact = durations[0]
    assert fact.payload["status"] == "conflict"
    lows = {v["low"] for v in fact.payload["values"]}
    assert 120 in lows
    assert any(55 <= low <= 61 for low in lows)
    wordings = [w for v in fact.payload["values"] for w in v.get("wording", ())]
    assert any("a couple of hours" in w for w in wordings)


def test_issue_4_12000_bodies_is_not_a_conflict_with_6000_for_6000(corpus_records):
    remains = [
        f
        for f in _facts(corpus_records, "figure")
        if f.payload["issue"] == "remains" and "12,000" in _labels(f)
    ]
    assert len(remains) == 1
    fact = remains[0]
    assert fact.payload["status"] == "consistent"
    assert fact.payload["value"] == 6000
    assert "12,000 read as the total of both sides" in fact.payload["reading"]
    assert any("per side" in label for label in _labels(fact))


def test_issue_4_the_16_may_exchange_moves_from_agreed_to_implemented(corpus_records):
    found = [
        f
        for f in _facts(corpus_records, "agreement")
        if f.payload["terms"]["formula"] == "1000-for-1000"
    ]
    assert len(found) == 1
    payload = found[0].payload
    assert payload["status"] == "implemented"
    assert [h["status"] for h in payload["history"]] == ["agreed", "implemented"]
    assert payload["date"] == "2025-05-16"
    assert payload["fulfilment"] == {"agreed": 1000, "carried_out": 1000, "ratio": 1.0}
    assert len({s.document_id for s in found[0].sources}) >= 4


def test_reconcile_the_2_june_round_is_one_meeting_with_every_source(corpus_records):
    meetings = [
        f
        for f in _facts(corpus_records, "event")
        if f.payload["type"] == "meeting" and f.payload["date"] == "2025-06-02"
    ]
    assert len(meetings) == 1
    assert meetings[0].payload["place"] == "Istanbul"
    assert meetings[0].payload["round"] == 2
    assert len({s.document_id for s in meetings[0].sources}) >= 4


def test_reconcile_actor_spellings_are_one_actor(corpus_records):
    zelensky = [f for f in _facts(corpus_records, "actor") if f.key == "actor:volodymyr-zelensky"]
    assert len(zelensky) == 1
    mentions = set(zelensky[0].payload["mentions"])
    assert {"Zelenskiy", "Zelenskyy", "Zelensky"} <= mentions


def test_reconcile_store_incremental_equals_full(db_url, corpus_records):
    from peacetalks.store import open_store
    from tests.reconcile.conftest import fill_store

    store = open_store(db_url)
    fill_store(store, corpus_records, batches=4)
    incremental = _snapshot(read_facts(store.engine))
    report = reconcile_store(store, full=True)
    assert report.full
    assert _snapshot(read_facts(store.engine)) == incremental
    assert reconcile_store(store).documents == 0  # nothing new: nothing done
    store.close()


def _snapshot(facts):
    return [
        (
            f.key,
            f.kind,
            f.payload,
            sorted((s.document_id, s.item_kind, s.item_seq) for s in f.sources),
        )
        for f in facts
    ]


@pytest.mark.postgres
def test_reconcile_store_on_postgresql_gives_the_sqlite_facts(tmp_path, corpus_records):
    from peacetalks.store import open_store
    from tests.reconcile.conftest import fill_store, postgres_store

    lite = open_store(f"sqlite:///{tmp_path / 'lite.db'}")
    fill_store(lite, corpus_records)
    expected = _snapshot(read_facts(lite.engine))
    lite.close()
    with postgres_store() as store:
        fill_store(store, corpus_records, batches=3)
        assert _snapshot(read_facts(store.engine)) == expected
