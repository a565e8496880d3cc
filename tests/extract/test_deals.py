"""Deals within a document: which agreements are one deal, its name, stage and who signed,
mediated or guaranteed it. Texts written for these tests."""

from __future__ import annotations

import datetime as dt

from peacetalks.extract.deals import Sentence, with_deals
from peacetalks.model import Agreement, Span
from peacetalks.model.stages import stage_of
from tests.extract.test_agreements import _read

P = ("russia", "ukraine")
SIGNING = (
    "Armenia and Azerbaijan signed the Tallinn Accords on Friday, ending a long dispute.\n\n"
    "The foreign ministers, Ararat Mirzoyan of Armenia and Jeyhun Bayramov of Azerbaijan, signed "
    "the text in the presence of US Secretary of State Marco Rubio, who brokered the talks.\n\n"
    "Under the accords the two countries agreed to open their border and to exchange all "
    "prisoners. The accords are guaranteed by the European Union.\n\n"
    "A separate dialogue with Iran is mediated by Oman."
)


def test_provisions_of_one_deal_share_its_name_signatories_mediators_and_stage():
    found = _read(SIGNING, published=dt.date(2025, 8, 9))
    assert len(found) >= 2
    deals = {a.deal for a in found}
    assert len(deals) == 1
    deal = deals.pop()
    assert deal is not None
    assert deal.id == "d1"
    assert deal.name == "Tallinn Accords"
    assert set(deal.signatories) >= {"ararat-mirzoyan", "jeyhun-bayramov"}
    assert "marco-rubio" not in deal.signatories  # a witness, named after "in the presence of"
    assert "united-states" in deal.mediators or "marco-rubio" in deal.mediators
    assert "oman" not in deal.mediators  # another dialogue's mediator
    assert "european-union" in deal.guarantors
    assert not set(deal.mediators) & {"armenia", "azerbaijan"}


def test_agreements_of_two_dates_are_two_deals_even_in_one_sentence():
    text = "Building on the swap of 16 May, they agreed on 2 June to return 6,000 bodies each."
    both = Span(0, len(text), text)
    later = Span(len(text) + 1, len(text) + 20, "The list was handed.")
    made = [
        Agreement(
            parties=P,
            issue="prisoners",
            summary="swap",
            status="implemented",
            evidence=(both,),
            date=dt.date(2025, 5, 16),
        ),
        Agreement(
            parties=P,
            issue="remains",
            summary="bodies",
            status="agreed",
            evidence=(both,),
            date=dt.date(2025, 6, 2),
        ),
        Agreement(
            parties=P,
            issue="children",
            summary="list",
            status="agreed",
            evidence=(both, later),
            date=None,
        ),
    ]
    sentences = [Sentence(both, ()), Sentence(later, ())]
    deals = [a.deal for a in with_deals(made, sentences, [])]
    assert all(d is not None for d in deals)
    ids = [d.id for d in deals if d]
    assert ids[0] != ids[1]  # 16 May and 2 June
    assert ids[2] in ids[:2]  # the undated one joins a deal it shares a sentence with


def test_a_signing_still_to_come_names_no_signatory():
    text = (
        "Russia and Ukraine agreed on Monday to exchange 1,200 prisoners of war each. "
        "Vladimir Medinsky, Russia's chief negotiator, said the presidents would meet only to "
        "sign a finished agreement. No sign of a ceasefire emerged."
    )
    found = _read(text, published=dt.date(2025, 7, 24))
    assert found
    for agreement in found:
        assert agreement.deal is not None
        assert agreement.deal.signatories == ()
        assert agreement.deal.stage == "pre-negotiation"


def test_a_headline_in_title_case_gives_no_name():
    text = (
        "Rebels And Government Sign Peace Agreement In Nairobi\n\n"
        "The government and the rebels agreed on Tuesday to a ceasefire across the north."
    )
    found = _read(text, published=dt.date(2025, 3, 5))
    assert all(a.deal is None or a.deal.name != "Peace Agreement In Nairobi" for a in found)
    assert all(a.deal is None or a.deal.name is None for a in found)


def test_stage_from_name_then_wording_then_issues():
    assert stage_of("Doha Declaration of Principles", "", ["process"]) == "framework"
    assert stage_of(None, "signed a peace agreement", ["territory", "governance"]) == (
        "comprehensive"
    )
    # "peace agreement" on a humanitarian swap alone is no comprehensive settlement
    assert stage_of(None, "a step towards a peace agreement", ["prisoners"]) == "pre-negotiation"
    assert stage_of(None, "no headway on a ceasefire", ["prisoners"]) == "pre-negotiation"
    assert stage_of(None, "", ["ceasefire", "prisoners"]) == "ceasefire"
    assert stage_of(None, "", ["territory", "governance", "justice"]) == "comprehensive"
    assert stage_of("Minsk Memorandum", "the renewal of the truce", ["ceasefire"]) == (
        "implementation"
    )
