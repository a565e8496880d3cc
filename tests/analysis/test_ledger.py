"""The agreement ledger, discrepancies and timeline; reviews applied on every read."""

from __future__ import annotations

import datetime as dt

from peacetalks.analysis.facts import facts_of
from peacetalks.analysis.ledger import agreements, discrepancies, timeline
from peacetalks.analysis.positions import Window
from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.store.tables import reviews


def test_ledger_lists_agreements_with_status_history_and_fulfilment(corpus_store):
    lines = agreements(corpus_store, Window(process="russia-ukraine"))
    swap = [a for a in lines if a.formula == "1000-for-1000"]
    assert len(swap) == 1
    assert swap[0].status == "implemented"
    assert swap[0].fulfilment["ratio"] == 1.0
    assert len(swap[0].outlets) >= 4
    assert swap[0].evidence
    assert all(a.parties for a in lines)


def test_discrepancies_lists_conflicts_and_only_asked_for_agreements(corpus_store):
    conflicts = discrepancies(corpus_store, Window(process="russia-ukraine"))
    assert {d.status for d in conflicts} == {"conflict"}
    subjects = " | ".join(d.subject for d in conflicts)
    assert "children" in subjects
    assert "2025-06-02" in subjects
    everything = discrepancies(
        corpus_store, Window(process="russia-ukraine"), include_consistent=True
    )
    agreeing = [d for d in everything if d.status == "consistent"]
    assert any(d.reading and "total of both sides" in d.reading for d in agreeing)
    for line in conflicts:
        assert all(value.sources for value in line.values)


def test_timeline_is_in_date_order_and_filters_by_date(corpus_store):
    entries = timeline(corpus_store, Window(process="russia-ukraine"))
    dates = [e.date for e in entries if e.date]
    assert dates == sorted(dates)
    kinds = {e.kind for e in entries}
    assert {"meeting", "agreement agreed", "agreement implemented"} <= kinds
    june = timeline(
        corpus_store, Window("russia-ukraine", dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    )
    assert june
    assert all("2025-06-01" <= e.date <= "2025-06-30" for e in june if e.date)


def _review(store, fact, action, after=None):
    with store.engine.begin() as connection:
        connection.execute(
            reviews.insert().values(
                fact_key=fact.key,
                kind=fact.kind,
                action=action,
                before=fact.payload,
                after=after,
                reviewer="ana",
                created_at=dt.datetime.now(dt.UTC),
            )
        )


def test_reviews_survive_reconciliation_and_apply_on_read(corpus_store):
    facts = facts_of(corpus_store, "agreement", process="russia-ukraine")
    rejected, corrected, confirmed = facts[0], facts[1], facts[2]
    _review(corpus_store, rejected, "reject")
    _review(corpus_store, corrected, "correct", {"summary": "corrected by hand"})
    _review(corpus_store, confirmed, "confirm")
    reconcile_store(corpus_store, full=True)  # re-reconciliation must lose nothing reviewed
    lines = {a.key: a for a in agreements(corpus_store, Window(process="russia-ukraine"))}
    assert rejected.key not in lines
    assert lines[corrected.key].summary == "corrected by hand"
    assert lines[corrected.key].review == "corrected by ana"
    assert lines[confirmed.key].review == "confirmed by ana"
    shown = facts_of(corpus_store, "agreement", process="russia-ukraine", include_rejected=True)
    assert rejected.key in {f.key for f in shown}
