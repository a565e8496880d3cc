"""Deals: agreements grouped into the deals they belong to, with fulfilment counted from the
exchanges carried out under each provision; and the reports that cannot date a deal as done."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from peacetalks.analysis.deals import deals
from peacetalks.analysis.positions import Window
from peacetalks.model import Agreement, Span, Terms
from peacetalks.model.facts import SourcedItem
from peacetalks.model.format import record_from_dict, record_to_dict
from peacetalks.model.record import Deal
from peacetalks.reconcile.agreements import agreement_facts
from peacetalks.store import open_store
from tests.conftest import validate_record
from tests.reconcile.conftest import fill_store

RU = Window(process="russia-ukraine")


def test_the_2_june_deal_appears_once_with_its_provisions_and_what_was_handed_over(
    corpus_store,
):
    june = [d for d in deals(corpus_store, RU) if d.date == "2025-06-02"]
    assert len(june) == 1
    deal = june[0]
    assert deal.place == "Istanbul"
    assert {"russia", "ukraine"} <= set(deal.parties)
    by_formula = {p.agreement.formula: p for p in deal.provisions}
    assert "all-for-all" in by_formula
    bodies = by_formula["6000-for-6000"]
    assert bodies.agreement.issue == "remains"
    # the corpus reports 1,212 bodies received on 11 June under the deal
    assert bodies.agreement.fulfilment["carried_out"] == 1212
    assert bodies.agreement.status == "implementing"
    assert [t.date for t in bodies.tranches] == ["2025-06-11"]
    assert bodies.tranches[0].evidence
    # all-for-all was not done on the day it was agreed: exchanges began on 9 June
    swap = by_formula["all-for-all"]
    done = [h for h in swap.agreement.history if h["status"] in ("implementing", "implemented")]
    assert done
    assert all(h["since"] > "2025-06-02" for h in done)
    assert deal.status == "implementing"


def test_the_16_may_exchange_is_agreed_then_carried_out_in_its_own_deal(corpus_store):
    may = [d for d in deals(corpus_store, RU) if d.date == "2025-05-16"]
    assert len(may) == 1
    swap = next(p for p in may[0].provisions if p.agreement.formula == "1000-for-1000")
    steps = [(h["status"], h["since"]) for h in swap.agreement.history]
    assert steps == [("agreed", "2025-05-16"), ("implemented", "2025-05-25")]
    assert swap.agreement.fulfilment["ratio"] == 1.0
    assert all("2025-05-16" < t.date <= "2025-05-25" for t in swap.tranches)


def test_deals_of_other_processes_keep_their_names_signatories_and_mediators(corpus_store):
    everything = deals(corpus_store, Window())
    washington = [d for d in everything if d.process == "drc-rwanda"]
    assert len(washington) == 1
    deal = washington[0]
    assert deal.name == "Washington agreement"
    assert deal.stage == "comprehensive"
    assert len(deal.signatories) == 2
    assert "united-states" in deal.mediators
    assert "united-states" not in deal.parties
    assert len(deal.provisions) >= 4
    gaza = [d for d in everything if d.process == "hamas-israel"]
    assert len(gaza) == 1
    assert len(gaza[0].provisions) >= 5
    assert gaza[0].stage == "ceasefire"
    dates = [d.date for d in everything if d.date]
    assert dates == sorted(dates)


def _report(doc: str, status: str, day: dt.date | None, published: dt.date, deal: str = "d1"):
    agreement = Agreement(
        parties=("russia", "ukraine"),
        issue="prisoners",
        summary="all-for-all exchange of prisoners",
        status=status,  # type: ignore[arg-type]
        evidence=(Span(0, 10, "they agreed"),),
        terms=Terms(formula="all-for-all"),
        date=day,
        deal=Deal(id=deal, stage="pre-negotiation"),
    )
    return SourcedItem(
        document_id=doc,
        kind="agreements",
        seq=0,
        item=agreement,
        process="russia-ukraine",
        published=published,
    )


def test_a_report_the_morning_after_cannot_date_a_deal_as_done():
    agreed = dt.date(2025, 6, 2)
    found = [
        _report("a", "agreed", agreed, dt.date(2025, 6, 3)),
        _report("b", "implemented", agreed, dt.date(2025, 6, 3)),
    ]
    (fact,) = agreement_facts("agreement:russia-ukraine:prisoners", found)
    assert fact.payload["status"] == "agreed"
    assert [h["status"] for h in fact.payload["history"]] == ["agreed"]
    assert fact.payload["reports"][1]["read_as"] == "agreed"
    assert fact.payload["reports"][1]["deal"]["id"] == "d1"


def test_a_later_report_of_the_deal_done_dates_it_by_its_own_date_or_publication():
    agreed = dt.date(2025, 6, 2)
    found = [
        _report("a", "agreed", agreed, dt.date(2025, 6, 3)),
        # dated with the agreement's own day, published ten days later: done by the 12th
        _report("b", "implemented", agreed, dt.date(2025, 6, 12)),
    ]
    (fact,) = agreement_facts("agreement:russia-ukraine:prisoners", found)
    assert fact.payload["status"] == "implemented"
    assert fact.payload["history"][-1] == {
        "status": "implemented",
        "since": "2025-06-12",
        "document_id": "b",
    }


def test_records_stored_before_deals_existed_still_group_by_date(db_url, corpus_records):
    old = []
    for record in corpus_records:
        stripped = replace(
            record, agreements=tuple(replace(a, deal=None) for a in record.agreements)
        )
        obj = record_to_dict(stripped)
        assert all("deal" not in a for a in obj["agreements"])  # peacetalks/1 as it was
        old.append(record_from_dict(obj, text=record.document.text))
    store = open_store(db_url)
    try:
        fill_store(store, old)
        june = [d for d in deals(store, RU) if d.date == "2025-06-02"]
        assert len(june) == 1
        formulas = {p.agreement.formula for p in june[0].provisions}
        assert {"all-for-all", "6000-for-6000"} <= formulas
        assert june[0].signatories == ()
        assert june[0].name is None
    finally:
        store.close()


def test_the_deal_member_round_trips_and_validates(corpus_records):
    told = [r for r in corpus_records if any(a.deal for a in r.agreements)]
    assert told
    for record in told:
        obj = record_to_dict(record)
        validate_record(obj)
        assert record_from_dict(obj, text=record.document.text).agreements == record.agreements


def test_copies_of_one_story_are_one_report_that_counts_its_documents():
    agreed = dt.date(2025, 6, 2)
    copies = [_report(doc, "agreed", agreed, dt.date(2025, 6, 3)) for doc in "cab"]
    later = _report("d", "implemented", dt.date(2025, 6, 9), dt.date(2025, 6, 9))
    (fact,) = agreement_facts("agreement:russia-ukraine:prisoners", [*copies, later])
    reports = fact.payload["reports"]
    assert [(r["document_id"], r["documents"]) for r in reports] == [("a", 3), ("d", 1)]
    assert fact.payload["status"] == "implemented"
    assert fact.payload["history"][0]["document_id"] == "a"
    assert len(fact.sources) == 4  # every document still stands behind the fact


def test_a_deals_actors_are_ranked_by_the_documents_that_name_them():
    from peacetalks.analysis.deals import _most

    told = [({"mediators": ["qatar"]}, 1), ({"mediators": ["egypt"]}, 3)]
    assert _most(told, "mediators") == ("egypt", "qatar")
