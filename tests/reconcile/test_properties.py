"""The laws of reconciliation: any order of documents, the same facts; twice, no change."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.model import Actor, Document, Record
from peacetalks.reconcile import reconcile, sourced_items
from peacetalks.store import open_store
from tests.conftest import scratch_db_url
from tests.reconcile.conftest import fill_store, stored_snapshot

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _snapshot(facts):
    return [
        (
            f.key,
            f.kind,
            f.block,
            f.date,
            f.end_date,
            f.payload,
            sorted((s.document_id, s.item_kind, s.item_seq) for s in f.sources),
        )
        for f in facts
    ]


@FAST
@given(data=st.data())
def test_reconcile_any_order_of_items_gives_the_same_facts(corpus_records, data):
    items = [s for r in corpus_records for s in sourced_items(r)]
    shuffled = data.draw(st.permutations(items))
    assert _snapshot(reconcile(shuffled)) == _snapshot(reconcile(items))


@FAST
@given(data=st.data())
def test_reconcile_any_subset_twice_changes_nothing(corpus_records, data):
    chosen = data.draw(st.lists(st.sampled_from(corpus_records), unique_by=lambda r: r.document.id))
    items = [s for r in chosen for s in sourced_items(r)]
    once = reconcile(items)
    # the facts' own sources, fed back, are the same items: reconciling again is a no-op
    assert _snapshot(reconcile(items + items)) == _snapshot(once)
    assert len({f.key for f in once}) == len(once)


@SLOW
@given(data=st.data())
def test_reconcile_store_any_ingest_order_and_batches_give_the_same_facts(corpus_records, data):
    order = data.draw(st.permutations(corpus_records))
    batches = data.draw(st.integers(min_value=1, max_value=5))
    with tempfile.TemporaryDirectory() as folder, scratch_db_url(Path(folder)) as url:
        store = open_store(url)
        try:
            fill_store(store, list(order), batches=batches)
            found = stored_snapshot(store.engine)
            assert reconcile_store(store).documents == 0
            reconcile_store(store, full=True)
            assert stored_snapshot(store.engine) == found
        finally:
            store.close()
    expected = reconcile([s for r in corpus_records for s in sourced_items(r)])
    assert [k for k, *_ in found] == [f.key for f in expected]


def _actor_record(doc_id: str, actor: Actor) -> Record:
    doc = Document(id=doc_id, text="", publisher=f"outlet {doc_id}")
    return Record(document=doc, actors=(actor,))


def test_reconcile_new_person_under_two_spellings_is_one_actor():
    records = [
        _actor_record(
            "a" * 16,
            Actor(id="serhiy-kyslytsya", name="Serhiy Kyslytsya", type="person", party="ukraine"),
        ),
        _actor_record(
            "b" * 16,
            Actor(id="sergiy-kyslytsia", name="Sergiy Kyslytsia", type="person", party="ukraine"),
        ),
        _actor_record("c" * 16, Actor(id="kyslytsya", name="Kyslytsya", type="person")),
        _actor_record(
            "d" * 16,
            Actor(id="olena-zelenska", name="Olena Zelenska", type="person", party="ukraine"),
        ),
        _actor_record(
            "e" * 16,
            Actor(
                id="volodymyr-zelenskyy", name="Volodymyr Zelenskyy", type="person", party="ukraine"
            ),
        ),
    ]
    actors = reconcile([s for r in records for s in sourced_items(r)])
    by_key = {f.key: f.payload for f in actors}
    merged = [p for p in by_key.values() if "serhiy-kyslytsya" in p["ids"]]
    assert len(merged) == 1
    assert set(merged[0]["ids"]) == {"serhiy-kyslytsya", "sergiy-kyslytsia", "kyslytsya"}
    assert merged[0]["documents"] == 3
    assert "actor:olena-zelenska" in by_key  # his wife stays apart
    assert by_key["actor:volodymyr-zelenskyy"]["ids"] == ["volodymyr-zelenskyy"]
