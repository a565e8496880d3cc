"""Agreements: joint agreements, deal provisions, terms, status, and what is no agreement."""

from __future__ import annotations

import datetime as dt

import pytest

from peacetalks.extract.actors import find_actors
from peacetalks.extract.agreements import STAGE, find_agreements
from peacetalks.extract.dates import find_date_mentions
from peacetalks.extract.segments import find_paragraphs, find_sentences
from peacetalks.model import Agreement, ClaimSet, Document

TUESDAY = dt.date(2025, 6, 3)
_EARLIER = (find_paragraphs, find_sentences, find_actors, find_date_mentions)


def _read(text: str, published: dt.date | None = TUESDAY) -> list[Agreement]:
    """The agreements the stage finds in `text`, after the stages it needs."""
    doc = Document(id="doc", text=text, published=published)
    found = ClaimSet()
    for step in _EARLIER:
        found = found.plus(step(doc, found))
    claims = find_agreements(doc, found)
    for claim in claims:
        assert claim.kind == "agreement"
        assert claim.provenance.stage == STAGE
        assert claim.provenance.rule
        for span in claim.value.evidence:
            assert text[span.start : span.end] == span.text
    return [claim.value for claim in claims]


def _keys(text: str) -> set[tuple[str, str | None]]:
    return {(a.issue, a.terms.formula) for a in _read(text)}


def _one(text: str) -> Agreement:
    found = _read(text)
    assert len(found) == 1, found
    return found[0]


# --- how journalists state a joint agreement ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "issue"),
    [
        ("Russia and Ukraine agreed to exchange prisoners of war.", "prisoners"),
        ("Russia and Ukraine agreed on a prisoner swap.", "prisoners"),
        (
            "Armenia and Azerbaijan agreed on Friday to open their border for trade.",
            "economic_relations",
        ),
        ("Israel and Hamas reached a deal to pause the fighting for a week.", "ceasefire"),
        ("Colombia and the ELN signed an agreement for a bilateral ceasefire.", "ceasefire"),
        ("Sudan's army and the RSF signed a truce in Jeddah.", "ceasefire"),
        ("The delegations agreed that each side would put its proposals in writing.", "process"),
        ("Russia and Ukraine agree prisoner swap in first talks since 2022", "prisoners"),
        (
            "Kosovo and Serbia agreed to set up a joint commission to monitor the truce.",
            "monitoring",
        ),
    ],
)
def test_agreements_read_joint_agreement_wordings(text, issue):
    agreement = _one(text)
    assert agreement.issue == issue
    assert agreement.status == "agreed"


def test_agreements_name_the_parties_and_map_people_to_their_party():
    text = "Medinsky and Umerov agreed to swap the bodies of fallen soldiers."
    assert _one(text).parties == ("russia", "ukraine")


def test_agreements_read_the_two_sides_as_the_main_parties_of_the_document():
    text = (
        "Russian and Ukrainian negotiators met in Istanbul. Russia wants more land; Ukraine "
        "refuses. Still, the two sides agreed to exchange wounded prisoners."
    )
    assert _one(text).parties == ("russia", "ukraine")


def test_agreements_give_one_agreement_per_issue_of_a_deal():
    text = "Israel and Hamas agreed to a truce in Gaza and the release of hostages."
    assert _keys(text) == {("ceasefire", None), ("prisoners", None)}


def test_agreements_read_the_items_a_deal_includes():
    text = (
        "Congo and Rwanda signed a peace agreement on Friday. The deal includes the withdrawal "
        "of foreign troops, the return of refugees and a framework for regional trade."
    )
    assert _keys(text) == {
        ("foreign_military", None),
        ("humanitarian", None),
        ("economic_relations", None),
    }


def test_agreements_read_under_the_agreement_with_a_swap_of_unequal_numbers():
    text = "Under the agreement, Hamas will release 25 hostages and Israel will free 250 prisoners."
    agreement = _one(text)
    assert (agreement.issue, agreement.terms.formula) == ("prisoners", "25-for-250")
    assert agreement.terms.quantity is None


def test_agreements_read_future_provisions_right_after_the_deal():
    text = (
        "Ethiopia and the TPLF signed a truce on Wednesday. Tigrayan forces are to be disarmed. "
        "The federal government would take control of the regional capital."
    )
    assert _keys(text) == {("ceasefire", None), ("military_limits", None), ("territory", None)}


def test_agreements_leave_out_who_announced_or_brokered_the_deal():
    text = "Qatar announced a truce deal between Israel and Hamas on Wednesday."
    agreement = _one(text)
    assert (agreement.issue, agreement.parties) == ("ceasefire", ("israel", "hamas"))


def test_agreements_skip_a_third_party_s_plans_after_the_deal():
    text = (
        "Israel and Hamas agreed on Wednesday to a truce. The United States will send an envoy "
        "to the region next week."
    )
    assert _keys(text) == {("ceasefire", None)}


def test_agreements_read_no_provision_from_one_side_s_memorandum():
    text = (
        "Russia handed Ukraine a memorandum at the talks. Under the memorandum, Ukraine would "
        "withdraw from four regions and hold elections."
    )
    assert _read(text) == []


def test_agreements_keep_a_deal_without_terms_as_process():
    agreement = _one("Ethiopia and Eritrea signed a peace treaty in Jeddah on Sunday.")
    assert agreement.issue == "process"
    assert agreement.date == dt.date(2025, 6, 1)


def test_agreements_read_an_umbrella_by_what_it_includes():
    text = (
        "Both sides agreed on limited humanitarian measures, including prisoner exchanges and "
        "the return of fallen soldiers' remains."
    )
    assert _keys(text) == {("prisoners", None), ("remains", None)}


def test_agreements_take_the_date_of_the_sentence():
    text = "On 16 May, Russia and Ukraine agreed to exchange 1,000 prisoners each."
    assert _one(text).date == dt.date(2025, 5, 16)


# --- terms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "formula", "quantity"),
    [
        ("The sides agreed on a 1,000-for-1,000 exchange of prisoners.", "1000-for-1000", 1000),
        (
            "The sides agreed to swap prisoners on a “1,000 for 1,000” formula.",
            "1000-for-1000",
            1000,
        ),
        ("The sides agreed on a 1000 for 1000 prisoner swap.", "1000-for-1000", 1000),
        (
            "The sides agreed to a thousand for a thousand exchange of prisoners.",
            "1000-for-1000",
            1000,
        ),
        ("The sides agreed to exchange 1,200 prisoners of war each.", "1200-for-1200", 1200),
        ("The sides agreed to hand over 6,000 bodies to each side.", "6000-for-6000", 6000),
        (
            "The sides agreed that each side would return 500 prisoners to the other.",
            "500-for-500",
            500,
        ),
        ("The sides agreed to swap wounded prisoners, all for all.", "all-for-all", None),
        ("The sides agreed on an “all-for-all” exchange of prisoners.", "all-for-all", None),
        (
            "The sides agreed on the release of 50 hostages in exchange for 150 prisoners.",
            "50-for-150",
            None,
        ),
        ("The sides agreed to an exchange of 6,000 bodies of fallen soldiers.", None, None),
    ],
)
def test_agreements_normalise_formulas(text, formula, quantity):
    terms = _one(text).terms
    assert (terms.formula, terms.quantity) == (formula, quantity)


def test_agreements_read_unit_and_group():
    text = (
        "The two sides agreed to exchange on an all-for-all basis prisoners of war who are "
        "seriously wounded or seriously sick."
    )
    terms = _one(text).terms
    assert terms.unit == "prisoners of war"
    assert terms.group == "seriously wounded or seriously sick"


def test_agreements_count_bodies_for_remains():
    assert _one("The sides agreed to return 900 bodies each.").terms.unit == "bodies"


# --- status --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Russia and Ukraine agreed to swap 300 prisoners each.", "agreed"),
        (
            "Russia and Ukraine agreed to swap 300 prisoners each. The exchange took place on "
            "Saturday.",
            "implemented",
        ),
        (
            "Russia and Ukraine have begun carrying out the exchanges agreed at their talks on "
            "2 June.",
            "implementing",
        ),
        (
            "Sudan's rival generals agreed to a 72-hour truce. The truce was breached within "
            "hours.",
            "violated",
        ),
        (
            "The government and the rebels agreed a ceasefire in March, but deadlines have come "
            "and gone.",
            "stalled",
        ),
    ],
)
def test_agreements_read_status(text, status):
    assert _one(text).status == status


def test_agreements_read_a_swap_carried_out_on_stated_terms():
    agreement = _one("Kyiv and Moscow swapped 95 prisoners of war each on Friday.")
    assert (agreement.terms.formula, agreement.status) == ("95-for-95", "implemented")


def test_agreements_treat_a_truce_that_took_effect_as_agreed():
    text = (
        "The rebels and the government signed a deal on fuel imports. The truce entered into "
        "force on 2 April."
    )
    assert ("ceasefire", None) in _keys(text)


# --- what is not an agreement ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Russia proposed a ceasefire over Easter.",
        "The two sides failed to agree on a ceasefire.",
        "There was no agreement on the future of Crimea.",
        "Russia and Ukraine have not agreed on a ceasefire.",
        "Neither side agreed to the other's demands.",
        "Ukraine and Russia could agree on a prisoner swap next week.",
        "If they agree to a truce, aid could flow.",
        "Israel and Hamas are close to agreeing a ceasefire.",
        "Hamas agreed to the Egyptian proposal.",
        "Israel agreed to consider the plan.",
        "Ukraine agreed to the US proposal for a 30-day ceasefire.",
        "Hamas agreed to free 20 hostages instead of the 33 proposed by Israel.",
        "Any agreement between Russia and Ukraine should include security guarantees.",
        "Prospects of a US-brokered ceasefire took another hit on Friday.",
        "The talks ended without any agreement to end the war.",
    ],
)
def test_agreements_skip_proposals_refusals_and_hypotheticals(text):
    assert _read(text) == []


def test_agreements_skip_a_party_s_own_terms_after_a_deal():
    text = (
        "The sides agreed to swap prisoners. Russia insists that Ukraine must withdraw from "
        "four regions."
    )
    assert _keys(text) == {("prisoners", None)}


def test_agreements_skip_an_exchange_without_stated_terms():
    assert _read("Russia and Ukraine exchanged the bodies of fallen soldiers on Friday.") == []


# --- merging -----------------------------------------------------------------------------


def test_agreements_merge_repeats_into_one_agreement_with_every_evidence_span():
    text = (
        "Russia and Ukraine agreed to exchange 1,000 prisoners each. Kyiv confirmed the "
        "1,000-for-1,000 swap. The exchange was carried out over three days."
    )
    agreement = _one(text)
    assert agreement.terms.formula == "1000-for-1000"
    assert agreement.status == "implemented"
    assert len(agreement.evidence) == 3


def test_agreements_fold_a_vague_mention_into_the_deal_with_a_formula():
    text = (
        "The two sides again agreed on prisoner exchanges. They agreed to an all-for-all "
        "exchange of wounded prisoners."
    )
    assert _keys(text) == {("prisoners", "all-for-all")}


def test_agreements_keep_different_formulas_apart():
    text = (
        "In May the sides agreed to a 1,000-for-1,000 swap. In June they agreed to an "
        "all-for-all exchange of wounded prisoners."
    )
    assert _keys(text) == {("prisoners", "1000-for-1000"), ("prisoners", "all-for-all")}


def _read_with_events(text: str, published: dt.date = TUESDAY) -> list[Agreement]:
    from peacetalks.extract.meetings import find_events

    doc = Document(id="doc", text=text, published=published)
    found = ClaimSet()
    for step in (*_EARLIER, find_events):
        found = found.plus(step(doc, found))
    return [claim.value for claim in find_agreements(doc, found)]


def test_an_undated_agreement_belongs_to_the_round_reported_not_an_earlier_deal():
    text = (
        "At their first meeting in Istanbul on May 16, Russia and Ukraine agreed to exchange "
        "1,000 prisoners of war each, and the swap was completed a week later.\n\n"
        "Russian and Ukrainian delegations met again in Istanbul on Monday. The two sides "
        "agreed to an all-for-all exchange of seriously wounded prisoners.\n"
    )
    dates = {a.terms.formula: a.date for a in _read_with_events(text)}
    assert dates["1000-for-1000"] == dt.date(2025, 5, 16)
    assert dates["all-for-all"] == dt.date(2025, 6, 2)


def test_a_round_long_before_the_report_does_not_date_its_agreements():
    text = (
        "Russian and Ukrainian delegations last met in Istanbul on March 29, 2022.\n\n"
        "The two sides agreed to an all-for-all exchange of seriously wounded prisoners.\n"
    )
    (agreement,) = _read_with_events(text)
    assert agreement.date is None


# --- the numbered terms of a deal --------------------------------------------------------


def test_each_numbered_term_after_a_deals_lead_in_is_one_provision():
    text = (
        "Government and rebel negotiators signed an accord in Nairobi on Friday.\n"
        "Under the accord, the following was agreed upon:\n"
        "1- A ceasefire on all fronts from midnight\n"
        "2- The withdrawal of heavy weapons twenty kilometres from the front line\n"
        "3- Local elections within a year under a new electoral law\n"
    )
    found = [a for a in _read(text) if a.evidence[0].text[:2] in ("1-", "2-", "3-")]
    assert sorted(a.issue for a in found) == ["ceasefire", "governance", "military_limits"]


def test_details_and_prose_inside_a_numbered_list_keep_the_list_going():
    text = (
        "Following are details of the agreement handed to reporters:\n"
        "1. An immediate ceasefire in the border districts.\n"
        "\u2014 for the army: from the line it holds today;\n"
        "The parties will report to the guarantors every week.\n"
        "2. Monitoring and verification of the truce by observers of the mission.\n"
    )
    listed = {a.issue for a in _read(text) if a.evidence[-1].text.startswith("2.")}
    assert "monitoring" in listed  # and "2." is read with its item, not as a sentence alone


def test_a_list_of_one_sides_demands_is_no_agreed_term():
    text = (
        "The rebels handed the mediators a memorandum with their conditions:\n"
        "1. A ceasefire on all fronts\n"
        "2. The release of all political prisoners\n"
    )
    assert _read(text) == []


def test_what_a_party_must_agree_to_is_a_demand_not_an_agreement():
    text = "The envoy said on Sunday that the rebels must agree to a full ceasefire."
    assert _read(text) == []


def test_agreeing_to_a_ceasefire_proposal_is_accepting_it_not_a_deal():
    assert _read("The rebels agreed to a 60-day ceasefire proposal on Monday.") == []


def test_what_remains_unclear_about_a_deal_is_no_provision_of_it():
    text = (
        "The two armies agreed to a ceasefire on Monday. It remains unclear which front lines "
        "the ceasefire will cover."
    )
    assert [a.evidence[-1].text[:9] for a in _read(text)] == ["The two a"]


def test_a_modal_shared_across_but_makes_the_second_verb_a_wish_too():
    text = "Under the draft, the rebels would keep their weapons but agree to a ceasefire."
    assert _read(text) == []


def test_talks_where_an_agreement_was_reached_are_not_its_term():
    text = "The rebel army agreed to a ceasefire with the junta after talks mediated by China."
    assert _keys(text) == {("ceasefire", None)}


def test_a_speakers_must_is_no_provision_of_the_deal():
    text = (
        "The deal was signed last week. However, he said the deal must be coupled with changes "
        "to the constitution."
    )
    assert all("must" not in a.evidence[0].text for a in _read(text))


@pytest.mark.parametrize(
    "text",
    [
        "Armenia and Azerbaijan ended their talks in Geneva. The next round of talks will take "
        "place in Vienna in two weeks.",
        "Serbia and Kosovo met in Brussels on Monday. Their negotiators will meet again on 12 May.",
    ],
)
def test_a_further_round_set_for_a_day_or_place_is_an_agreed_step_of_the_talks(text):
    (agreement,) = _read(text)
    assert (agreement.issue, agreement.status) == ("process", "agreed")


@pytest.mark.parametrize(
    "text",
    [
        # one side's report of its wish, or a round only hoped for
        "Armenia and Azerbaijan ended their talks in Geneva. Armenia said the next round would "
        "start in Vienna.",
        "Armenia and Azerbaijan ended their talks in Geneva. Armenia hopes the next round of "
        "talks will take place in Vienna.",
    ],
)
def test_a_round_only_wished_for_is_no_agreement(text):
    assert _read(text) == []
