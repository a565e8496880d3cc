"""Positions: holder (the party, not the speaker), issue and stance from the shapes reports use."""

from __future__ import annotations

import datetime as dt

import pytest

from peacetalks.extract import stage_registry
from peacetalks.model import Document
from peacetalks.pipeline import Pipeline

STAGES = (
    "peacetalks.paragraphs.v1",
    "peacetalks.sentences.v1",
    "peacetalks.actors.v1",
    "peacetalks.dates.v1",
    "peacetalks.positions.v1",
)


@pytest.fixture(scope="module")
def positions_of():
    registry = stage_registry()
    pipeline = Pipeline(tuple(registry[name] for name in STAGES))

    def run(text: str) -> set[tuple[str, str, str]]:
        doc = Document(id="t", text=text, published=dt.date(2025, 6, 3))
        record = pipeline.run(doc)
        for position in record.positions:
            for span in position.evidence:
                assert text[span.start : span.end] == span.text
        return {(p.holder, p.issue, p.stance) for p in record.positions}

    return run


@pytest.fixture(scope="module")
def records_of():
    registry = stage_registry()
    pipeline = Pipeline(tuple(registry[name] for name in STAGES))
    return lambda text: pipeline.run(Document(id="t", text=text, published=dt.date(2025, 6, 3)))


def test_positions_reported_speech_holder_is_the_party(positions_of):
    found = positions_of("Medinsky said Russia would return the bodies of 6,000 soldiers.")
    assert found == {("russia", "remains", "offer")}


def test_positions_person_speaks_for_their_party(positions_of):
    found = positions_of("Zelensky demanded an unconditional ceasefire.")
    assert found == {("ukraine", "ceasefire", "demand")}


def test_positions_one_sentence_several_issues(positions_of):
    found = positions_of("Moscow demanded the lifting of sanctions and a ban on NATO membership.")
    assert found == {("russia", "sanctions", "demand"), ("russia", "alliances", "demand")}


def test_positions_list_items_inherit_holder_and_stance(positions_of):
    text = (
        "The Kremlin's memorandum called for the following:\n"
        "- the withdrawal of Ukrainian troops from four regions\n"
        "- the end of Western arms deliveries\n"
        "- new elections"
    )
    found = positions_of(text)
    assert {
        ("russia", "territory", "demand"),
        ("russia", "foreign_military", "demand"),
        ("russia", "governance", "demand"),
    } <= found


def test_positions_negated_acceptance_is_a_rejection(positions_of):
    found = positions_of("Ukraine would not accept any limits on the size of its army.")
    assert ("ukraine", "military_limits", "reject") in found
    assert not any(stance == "accept" for _h, _i, stance in found)


def test_positions_passive_holder_follows_by(positions_of):
    found = positions_of("A local truce to collect the dead was rejected by Ukraine.")
    assert ("ukraine", "ceasefire", "reject") in found


def test_positions_blanket_rejection_is_one_process_reject(positions_of):
    found = positions_of("Kyiv branded the Russian demands unacceptable.")
    assert found == {("ukraine", "process", "reject")}


def test_positions_pronoun_subject_takes_previous_holder(positions_of):
    text = (
        "Ukraine presented its own plan on Monday. It also seeks the return of deported children."
    )
    assert ("ukraine", "children", "demand") in positions_of(text)


def test_positions_refusal_names_what_came_before(positions_of):
    text = "Ukraine asked Russia to return 339 children, but the Russian side refused."
    found = positions_of(text)
    assert ("ukraine", "children", "demand") in found
    assert ("russia", "children", "reject") in found


def test_positions_coordinated_subject_gives_each_party(positions_of):
    text = "Egypt, Qatar and the United States called for a halt to the fighting."
    found = positions_of(text)
    assert {
        ("egypt", "ceasefire", "demand"),
        ("qatar", "ceasefire", "demand"),
        ("united-states", "ceasefire", "demand"),
    } <= found


def test_positions_ready_to_accept_is_an_acceptance(positions_of):
    found = positions_of("Ukraine signalled its readiness to accept a US proposal for a truce.")
    assert ("ukraine", "ceasefire", "accept") in found


def test_positions_cue_word_inside_a_name_is_no_cue(positions_of):
    assert positions_of("The Rapid Support Forces held the city.") == set()


def test_positions_sentence_without_stance_gives_nothing(positions_of):
    assert positions_of("Russian and Ukrainian delegations met in Istanbul on Monday.") == set()


def test_positions_hypothetical_acceptance_is_not_a_position(positions_of):
    assert positions_of("If Russia agrees to a ceasefire, sanctions could be eased.") == set()
    assert positions_of("Neither side agreed to the other's proposals.") == set()


def test_positions_joint_commitment_is_left_to_agreements(positions_of):
    found = positions_of("Congo and the M23 rebels committed to an exchange of prisoners.")
    assert found == set()


def test_positions_what_a_deal_requires_is_no_party_position(positions_of):
    text = "The agreement calls for a ceasefire and also requires the release of prisoners."
    assert positions_of(text) == set()


def test_positions_relative_clause_holder_is_its_antecedent(positions_of):
    text = "The talks opened without the Sudanese Armed Forces, which has objected to the format."
    assert ("sudanese-armed-forces", "process", "reject") in positions_of(text)


def test_positions_single_party_agreeing_to_a_proposal_accepts_it(positions_of):
    found = positions_of("Russia agreed to a 30-day pause in strikes on energy facilities.")
    assert found == {("russia", "ceasefire", "accept")}


def test_positions_raised_objections_reject(positions_of):
    found = positions_of("Egypt raised objections to the new ceasefire terms.")
    assert ("egypt", "ceasefire", "reject") in found


def test_positions_both_sides_subject_far_before_the_cue(positions_of):
    text = (
        "Armenia and Azerbaijan met in Abu Dhabi. Both parties responded positively to the "
        "mediators and expressed their willingness to continue negotiations."
    )
    found = positions_of(text)
    assert {("armenia", "process", "offer"), ("azerbaijan", "process", "offer")} <= found


def test_positions_the_government_is_the_state_facing_an_armed_group(positions_of):
    text = (
        "The DRC and the M23 met in Doha. M23 demanded the release of its prisoners. "
        "The government has rejected the release of the prisoners."
    )
    found = positions_of(text)
    assert ("drc", "prisoners", "reject") in found
    assert ("m23", "prisoners", "reject") not in found


def test_positions_a_deal_as_subject_states_no_party_position(positions_of):
    text = "The declaration committed the sides to a truce and called for prisoner releases."
    assert positions_of(text) == set()


def test_positions_coordinated_verbs_share_their_subject(positions_of):
    text = "Russia had offered to return 3,000 Ukrainian bodies, and had proposed short truces."
    found = positions_of(text)
    assert ("russia", "ceasefire", "demand") in found
    assert not any(holder == "ukraine" for holder, _i, _s in found)


def test_positions_conditions_for_a_ceasefire_are_not_a_ceasefire_demand(positions_of):
    text = "The Russian delegation handed over a memorandum setting out conditions for a ceasefire."
    assert ("russia", "ceasefire", "demand") not in positions_of(text)


def test_positions_offered_to_accept_is_an_offer(positions_of):
    found = positions_of("Kyiv offered to accept permanent neutrality.")
    assert found == {("ukraine", "alliances", "offer")}


def test_positions_calling_a_party_document_an_ultimatum_rejects_it(positions_of):
    found = positions_of("President Zelensky called the Russian document an ultimatum.")
    assert found == {("ukraine", "process", "reject")}


def test_positions_suggested_is_a_demand(positions_of):
    found = positions_of("Turkey suggested a new round of talks in Istanbul.")
    assert ("turkey", "process", "demand") in found


def test_positions_backing_a_demand_named_before_the_cue(positions_of):
    text = "Ukraine wants a 30-day ceasefire, a demand Washington has also backed."
    assert ("united-states", "ceasefire", "demand") in positions_of(text)


def test_positions_declined_by_is_a_passive_rejection(positions_of):
    found = positions_of("An unconditional ceasefire was again declined by Moscow.")
    assert ("russia", "ceasefire", "reject") in found


def test_positions_and_demanded_takes_the_sentence_subject(positions_of):
    text = (
        "The Ukrainian delegation gave the Russian side a list of deported children, "
        "and demanded their return."
    )
    found = positions_of(text)
    assert ("ukraine", "children", "demand") in found
    assert ("russia", "children", "demand") not in found


def test_positions_condition_of_anonymity_is_no_demand(positions_of):
    text = "All fire will stop, the US official, who spoke on condition of anonymity, said."
    assert positions_of(text) == set()


def test_positions_demands_for_a_ceasefire_are_not_a_ceasefire_demand(positions_of):
    found = positions_of("Putin laid out his demands for a ceasefire.")
    assert ("russia", "ceasefire", "demand") not in found


def test_positions_setting_of_a_proposal_is_not_its_issue(positions_of):
    text = "Russia put forward the same demands during the ceasefire negotiations of 2022."
    assert ("russia", "ceasefire", "demand") not in positions_of(text)


def test_positions_refusals_inside_a_plan_belong_to_its_owner(positions_of):
    text = (
        "Kyiv's proposed route included security guarantees against another Russian invasion "
        "and no international recognition of occupied territories."
    )
    found = positions_of(text)
    assert ("ukraine", "territory", "reject") in found
    assert ("russia", "territory", "reject") not in found


def test_positions_conditional_sentence_offers_nothing(positions_of):
    text = "Should Russia return those children, that would provide Ukraine with more confidence."
    assert positions_of(text) == set()


def test_positions_raised_concerns_about_is_a_demand(positions_of):
    found = positions_of("Ukraine raised concerns about 400 children taken to Russia.")
    assert ("ukraine", "children", "demand") in found


def test_positions_expressed_hope_for_is_a_demand(positions_of):
    found = positions_of("Turkey expressed hope for a future summit of the two presidents.")
    assert ("turkey", "process", "demand") in found


def test_positions_urging_an_end_to_the_conflict_asks_for_a_ceasefire(positions_of):
    found = positions_of("President Trump, who has urged an end to the conflict, spoke later.")
    assert ("united-states", "ceasefire", "demand") in found


def test_positions_passive_agents_with_titles_are_all_holders(positions_of):
    text = (
        "The sides could not agree on a 30-day ceasefire being pushed by Volodymyr Zelensky, "
        "Ukraine's president, and Donald Trump."
    )
    found = positions_of(text)
    assert {("ukraine", "ceasefire", "demand"), ("united-states", "ceasefire", "demand")} <= found


def test_positions_tabling_a_draft_on_an_issue_demands_it(positions_of):
    found = positions_of("The United States and Ukraine prepared a draft agreement on a ceasefire.")
    assert {("united-states", "ceasefire", "demand"), ("ukraine", "ceasefire", "demand")} <= found


def test_positions_supported_by_accepts_the_initiative(positions_of):
    text = "His proposal for direct talks was supported by French President Macron."
    assert ("france", "process", "accept") in positions_of(text)


def test_positions_promised_that_is_an_offer(positions_of):
    text = "The U.S. president promised that Russia could return to regular trade with the U.S."
    assert ("united-states", "economic_relations", "offer") in positions_of(text)


def test_positions_restrictions_on_the_army_are_military_limits(positions_of):
    found = positions_of("Ukraine rejected any restrictions on its military.")
    assert found == {("ukraine", "military_limits", "reject")}


def test_positions_a_pledge_inside_listed_conditions_is_no_offer(positions_of):
    text = "Russia's conditions include a pledge that Ukraine will stay neutral."
    found = positions_of(text)
    assert ("russia", "alliances", "demand") in found
    assert not any(stance == "offer" for _h, _i, stance in found)


def test_positions_quotation_is_held_by_its_speaker(positions_of):
    text = "\u201cWe are ready to return all the prisoners of war,\u201d Medinsky told reporters."
    assert positions_of(text) == {("russia", "prisoners", "offer")}


def test_positions_war_resuming_after_the_truce_rejects_a_lasting_ceasefire(positions_of):
    text = "Netanyahu said the war against Hamas would resume after the truce expires."
    assert ("israel", "ceasefire", "reject") in positions_of(text)


def test_positions_release_of_members_is_about_prisoners(positions_of):
    found = positions_of("M23 had been pushing for the release of its members held by the army.")
    assert ("m23", "prisoners", "demand") in found


def test_positions_boycott_rejects_the_talks(positions_of):
    assert ("hamas", "process", "reject") in positions_of("Hamas boycotted the talks in Cairo.")


def test_positions_the_government_is_the_state_the_armed_group_fights(positions_of):
    # The mediator (Norway here) is named most, yet "the government" is Colombia's.
    text = (
        "Norway hosted the talks. Norway said Norway would keep mediating. The ELN attended. "
        "The government has resisted the ELN's demand for the release of jailed commanders, "
        "backing a limited amnesty instead."
    )
    found = positions_of(text)
    assert ("colombia", "prisoners", "reject") in found
    assert ("colombia", "justice", "offer") in found
    assert not {p for p in found if p[0] == "norway" and p[2] != "offer"}


def test_positions_both_parties_are_the_group_and_the_state_not_the_mediator(positions_of):
    text = (
        "Qatar has hosted the MILF and the Philippines for a week. "
        "Both parties expressed their willingness to continue negotiations."
    )
    found = positions_of(text)
    assert ("milf", "process", "offer") in found
    assert ("philippines", "process", "offer") in found
    assert ("qatar", "process", "offer") not in found


def test_positions_tabling_a_draft_is_a_demand(positions_of):
    found = positions_of("Turkey has presented a draft peace agreement to both delegations.")
    assert found == {("turkey", "process", "demand")}


def test_positions_subject_after_in_which(positions_of):
    text = "The talks, in which Armenia voiced readiness to accept a border commission, ended."
    assert positions_of(text) == {("armenia", "territory", "accept")}


def test_positions_agreed_on_a_day_to_do_and_quoted_infinitive(positions_of):
    found = positions_of(
        'Germany agreed on Monday to resume military aid. France has agreed to "share '
        'intelligence with Kyiv," the statement said, adding that relief was discussed.'
    )
    assert found == {
        ("germany", "foreign_military", "offer"),
        ("france", "foreign_military", "offer"),
    }


def test_positions_a_deal_subject_carries_to_it_in_the_next_sentence(positions_of):
    text = "The accord affirmed Yemen's unity. It also called for a halt to the shelling."
    assert positions_of(text) == set()


def test_positions_said_the_truce_is_no_deal_subject(positions_of):
    text = (
        "The Kremlin said the truce would start after sanctions were lifted. "
        "It also called for banks to be reconnected to SWIFT."
    )
    assert ("russia", "sanctions", "demand") in positions_of(text)


def test_positions_any_agreement_must_include_is_a_demand(positions_of):
    text = (
        "Hamas official Osama Hamdan spoke on Sunday. However, he repeated that any agreement "
        "must include a full withdrawal from Gaza... terms that Israel has already rejected."
    )
    found = positions_of(text)
    assert ("hamas", "territory", "demand") in found
    assert ("israel", "territory", "reject") in found


def test_positions_quoted_list_after_colon_with_commas(positions_of):
    text = (
        'Hamas official Osama Hamdan spoke on Sunday. "Any deal must meet our demands: an end '
        "to the aggression, the withdrawal of occupation forces from Gaza, and the lifting of "
        'the siege blockade," Hamdan said.'
    )
    found = positions_of(text)
    assert {("hamas", "ceasefire", "demand"), ("hamas", "territory", "demand")} <= found
    assert ("hamas", "humanitarian", "demand") in found


def test_positions_delegates_from_a_party_hold_its_stance(positions_of):
    text = "Delegates from the SDF left the hall in protest against the agenda."
    assert positions_of(text) == {("syrian-democratic-forces", "process", "reject")}


def test_positions_a_decision_to_open_a_crossing_is_an_offer(positions_of):
    text = "Chad welcomed the RSF's decision to open the border crossing for aid convoys."
    assert ("rapid-support-forces", "humanitarian", "offer") in positions_of(text)


def test_positions_a_proposed_thing_is_no_demand(positions_of):
    assert positions_of("The envoy touched on a proposed autonomy statute for Mindanao.") == set()


def test_positions_the_process_only_when_nothing_else_is_named(positions_of):
    found = positions_of("Ukraine demanded that the process be monitored by the OSCE.")
    assert found == {("ukraine", "monitoring", "demand")}
    found = positions_of("The ELN called on civil society to take part in the process.")
    assert found == {("eln", "process", "demand")}


def test_positions_territorial_targets_are_the_regions_named(records_of):
    record = records_of(
        "Moscow demanded that Kyiv withdraw its troops from Zaporizhzhia and Kherson, "
        "and that sanctions be lifted."
    )
    by_issue = {p.issue: p for p in record.positions}
    assert by_issue["territory"].targets == ("zaporizhzhia", "kherson")
    assert by_issue["sanctions"].targets == ()


def test_positions_as_of_skips_when_a_place_changed_hands(records_of):
    record = records_of(
        "Russia demanded recognition of its control over Crimea, annexed in 2014, and Donetsk."
    )
    (position,) = record.positions
    assert position.targets == ("crimea", "donetsk")
    assert position.as_of == dt.date(2025, 6, 3)  # the publication date, not 2014


def test_positions_summary_is_the_part_about_its_issue(records_of):
    record = records_of(
        "Kyiv demanded a ceasefire of 30 days, the return of deported children and "
        "the release of all prisoners."
    )
    summaries = {p.issue: p.summary for p in record.positions}
    assert summaries == {
        "ceasefire": "ceasefire of 30 days",
        "children": "return of deported children",
        "prisoners": "release of all prisoners",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Observers expect Kyiv to accept a freeze along the current front line.",
        "Most experts think Moscow will insist on keeping the occupied regions.",
        "Some analysts doubt that Hamas will offer to release the remaining hostages.",
    ],
)
def test_positions_forecasts_by_analysts_are_no_partys_stance(positions_of, text):
    assert positions_of(text) == set()


def test_positions_a_party_urged_to_accept_does_not_accept(positions_of):
    found = positions_of("Washington urged Hamas to accept the ceasefire proposal.")
    assert not {p for p in found if p[0] == "hamas"}
    found = positions_of("Armenia came under strong pressure to accept the border deal.")
    assert not {p for p in found if p[2] == "accept"}


def test_positions_a_party_that_accepts_after_being_urged_still_accepts(positions_of):
    found = positions_of("After being urged by Qatar, Hamas accepted the ceasefire proposal.")
    assert ("hamas", "ceasefire", "accept") in found


def test_positions_a_plan_named_later_holds_its_authors_demands(positions_of):
    found = positions_of(
        "Norway presented a five-point peace plan to both delegations on Monday. "
        "Colombia said it would study the text. "
        "The plan outlines a bilateral ceasefire and an exchange of prisoners."
    )
    assert ("norway", "ceasefire", "demand") in found
    assert ("norway", "prisoners", "demand") in found
    assert not {p for p in found if p[0] == "colombia" and p[2] == "demand"}


def test_positions_the_agent_of_a_drafted_proposal_is_its_author(positions_of):
    found = positions_of(
        "The talks resumed around a proposal drafted by Egypt last week. "
        "Hamas welcomed the meeting. "
        "The proposal also calls for the reopening of the Rafah crossing to aid convoys."
    )
    assert ("egypt", "humanitarian", "demand") in found
    assert ("hamas", "humanitarian", "demand") not in found


def test_positions_a_plan_of_several_authors_is_the_demand_of_each(positions_of):
    found = positions_of(
        "The talks resumed around a proposal crafted by Norwegian and Swiss mediators. "
        "Colombia said it would study the text. "
        "The proposal also calls for the release of all hostages."
    )
    assert ("norway", "prisoners", "demand") in found
    assert ("switzerland", "prisoners", "demand") in found
    found = positions_of(
        "Norway and Switzerland presented a joint plan on Monday. "
        "The plan outlines a bilateral ceasefire."
    )
    assert {("norway", "ceasefire", "demand"), ("switzerland", "ceasefire", "demand")} <= found


def test_positions_the_owner_of_a_plan_named_after_the_cue_does_not_take_its_stance(
    positions_of,
):
    # The subject is no party the registry knows; Qatar only owns the rejected plan.
    found = positions_of("The rebels rejected a Qatari plan for a prisoner exchange.")
    assert ("qatar", "prisoners", "reject") not in found
    # Named before the cue, the owner still holds what its paper says.
    assert ("russia", "alliances", "demand") in positions_of(
        "Russia's memorandum demands neutrality."
    )


def test_positions_a_possessive_owns_a_plan_only_when_the_plan_heads_its_phrase(positions_of):
    # "Norway's acceptance of the plan" is Norway's act on another's plan: the plan stays
    # Switzerland's, and so do its terms.
    found = positions_of(
        "Switzerland's five-point plan was handed to both delegations on Monday. "
        "The plan requires a bilateral ceasefire within three days of Norway's acceptance "
        "of the plan."
    )
    assert ("switzerland", "ceasefire", "demand") in found
    assert ("norway", "ceasefire", "demand") not in found
    # With its own plan named as the head, the possessor holds it.
    assert ("norway", "ceasefire", "demand") in positions_of(
        "Norway's revised peace plan calls for a bilateral ceasefire."
    )


def test_positions_a_reply_to_a_plan_does_not_make_its_sender_the_author(positions_of):
    found = positions_of(
        "Egypt presented a three-stage plan on Monday. "
        "Hamas sent its response to the plan on Tuesday. "
        "The plan calls for the release of all hostages."
    )
    assert ("egypt", "prisoners", "demand") in found
    assert ("hamas", "prisoners", "demand") not in found


def test_positions_the_owner_of_an_accepted_or_rejected_proposal_asks_for_what_it_names(
    positions_of,
):
    found = positions_of("Kyiv said it was ready to accept a US proposal for a 30-day ceasefire.")
    assert ("ukraine", "ceasefire", "accept") in found
    assert ("united-states", "ceasefire", "demand") in found
    rejected = positions_of("Hamas rejected Qatar's proposal for a prisoner exchange on Sunday.")
    assert ("hamas", "prisoners", "reject") in rejected
    assert ("qatar", "prisoners", "demand") in rejected
    # A proposal that names nothing gives its owner nothing: the package is only refused.
    bare = positions_of("Hamas rejected Qatar's latest proposal on Sunday.")
    assert not any(holder == "qatar" for holder, _issue, _stance in bare)


def test_positions_a_sentence_that_reports_a_plans_terms_gives_its_author_the_demand(
    positions_of,
):
    found = positions_of(
        "The United States presented a 20-point plan to both sides on Monday. "
        "Under the plan, Ukraine would withdraw from Donetsk. "
        "According to a draft seen by reporters, Russia would return all prisoners of war."
    )
    assert ("united-states", "territory", "demand") in found
    assert ("united-states", "prisoners", "demand") in found
    # the parties the terms bind do not offer them
    assert ("ukraine", "territory", "offer") not in found
    assert ("russia", "prisoners", "offer") not in found
    # A plan named in the opening is the author, whatever the document was about before.
    assert ("egypt", "prisoners", "demand") in positions_of(
        "Russia presented a memorandum. Under Egypt's proposal, Hamas would release ten hostages."
    )


def test_positions_a_refusal_with_words_between_the_negation_and_the_verb(positions_of):
    found = positions_of(
        "Kyiv said it would never, under any circumstances, recognise the annexation of Crimea."
    )
    assert ("ukraine", "territory", "reject") in found
    assert ("ukraine", "territory", "accept") not in found
    assert ("russia", "ceasefire", "reject") in positions_of(
        "Moscow said it would not simply accept a ceasefire on the current line."
    )


def test_positions_standing_by_a_deal_already_made_is_each_sides_offer(positions_of):
    found = positions_of(
        "Ethiopia and the TPLF signed a declaration in Nairobi on Saturday. "
        "Both sides said they were committed to the declaration."
    )
    assert ("ethiopia", "process", "offer") in found
    assert ("tplf", "process", "offer") in found
    assert ("mali", "process", "offer") in positions_of(
        "Mali's government said it remains committed to the agreement."
    )
    # Committing together to something new is their agreement, not two offers.
    joint = positions_of("Ethiopia and the TPLF committed to a prisoner exchange.")
    assert ("ethiopia", "prisoners", "offer") not in joint


def test_positions_a_deals_terms_are_left_to_the_agreements_stage(positions_of):
    for opening in ("As part of the first phase,", "Under the agreement,", "Under it,"):
        found = positions_of(
            "Israel and Hamas signed a ceasefire agreement in Doha on Sunday. "
            f"{opening} Hamas will release 33 hostages."
        )
        assert ("hamas", "prisoners", "offer") not in found, opening
    # without the opening the same words are Hamas's offer
    assert ("hamas", "prisoners", "offer") in positions_of("Hamas will release 33 hostages.")


def test_positions_a_refusal_under_a_condition_is_no_ones_stance(positions_of):
    found = positions_of("Trump warned that if Hamas refuses the plan, the war will go on.")
    assert ("hamas", "process", "reject") not in found
    assert ("hamas", "process", "reject") in positions_of("Hamas refused the plan on Sunday.")


def test_positions_backing_another_partys_plan_accepts_it(positions_of):
    found = positions_of(
        "Egypt presented a truce plan on Monday. Israel backed the plan on Tuesday."
    )
    assert ("israel", "process", "accept") in found
    assert ("israel", "process", "demand") not in found
    # backing a thing, not a plan, still asks for it
    assert ("united-states", "ceasefire", "demand") in positions_of(
        "The United States backed an immediate ceasefire."
    )


def test_positions_a_second_verb_shares_the_whole_coordinated_subject(positions_of):
    found = positions_of(
        "Serbia and Kosovo held talks in Brussels and demanded the release of detainees."
    )
    assert ("serbia", "prisoners", "demand") in found
    assert ("kosovo", "prisoners", "demand") in found
    # two parties pledging together make an agreement, not the first one's offer
    pledged = positions_of(
        "Armenia and Azerbaijan met in Washington on Friday, and pledged to reopen the border "
        "crossings."
    )
    assert ("armenia", "humanitarian", "offer") not in pledged


def test_positions_pressing_another_party_to_act_is_the_pressers_demand(positions_of):
    found = positions_of("China is pressuring the rebels of the MNDAA to resume talks with Myanmar")
    assert ("china", "process", "demand") in found
    assert not {p for p in found if p[0] == "mndaa"}


def test_positions_what_it_or_a_section_of_a_plan_says_is_its_authors_demand(positions_of):
    found = positions_of(
        "Norway presented a peace plan to both delegations on Monday. "
        "The plan also proposes a truce along the front line. "
        "It guarantees that no foreign troops will be stationed in the border districts. "
        "The humanitarian section covers an exchange of all prisoners."
    )
    assert ("norway", "foreign_military", "demand") in found
    assert ("norway", "prisoners", "demand") in found
    # with no plan spoken of, "it" is no one's
    found = positions_of(
        "Colombia and the ELN met in Havana on Monday. "
        "It guarantees that no foreign troops will be stationed in the border districts."
    )
    assert not {p for p in found if p[1] == "foreign_military"}


def test_positions_what_a_plan_stipulates_is_its_authors_not_its_subjects(positions_of):
    found = positions_of(
        "Norway presented a peace plan to both delegations on Monday. "
        "The plan stipulates that Russia would withdraw from Kherson."
    )
    assert ("norway", "territory", "demand") in found
    assert ("russia", "territory", "demand") not in found


def test_positions_a_titled_name_after_a_preposition_is_no_subject(positions_of):
    found = positions_of(
        "In talks with British Foreign Secretary David Lammy, Rubio urged a lasting ceasefire."
    )
    assert ("united-states", "ceasefire", "demand") in found
    assert not {p for p in found if p[0] == "united-kingdom"}


def test_positions_a_proposal_is_its_possessive_owners_whoever_the_subject(positions_of):
    found = positions_of(
        "Russian President Vladimir Putin agreed to U.S. President Donald Trump's proposal "
        "for a truce."
    )
    assert ("united-states", "ceasefire", "demand") in found
    assert ("russia", "ceasefire", "demand") not in found


def test_positions_what_a_party_plans_to_discuss_is_its_demand(positions_of):
    found = positions_of(
        "Talks will begin on Monday and Kyiv plans to discuss setting up humanitarian corridors."
    )
    assert ("ukraine", "humanitarian", "demand") in found


def test_positions_holding_up_what_the_other_side_awaits_refuses_it(positions_of):
    found = positions_of("Israel announced that it would halt the entry of humanitarian aid.")
    assert ("israel", "humanitarian", "reject") in found
    assert ("israel", "humanitarian", "offer") not in found  # not a "would halt" concession


def test_positions_the_second_object_of_a_preposition_is_no_subject(positions_of):
    found = positions_of(
        "After months of mediation by Qatar and Egypt, Israel will start releasing prisoners."
    )
    assert ("israel", "prisoners", "offer") in found
    assert not {p for p in found if p[0] in ("qatar", "egypt")}


def test_positions_accepting_a_proposal_accepts_what_the_proposal_asks(positions_of):
    found = positions_of(
        "Putin responded positively to Trump's proposal for both sides to suspend attacks on "
        "power plants."
    )
    assert ("russia", "ceasefire", "accept") in found
    assert ("united-states", "ceasefire", "demand") in found
    assert ("russia", "process", "accept") not in found


def test_positions_accepting_this_initiative_accepts_what_was_named_before(positions_of):
    found = positions_of(
        "Trump proposed a mutual halt to attacks on power plants. "
        "Putin responded positively to this initiative."
    )
    assert ("russia", "ceasefire", "accept") in found
    assert ("russia", "process", "accept") not in found


def test_positions_a_refusal_until_something_happens_demands_it(positions_of):
    found = positions_of(
        "The Taliban will not take part in the dialogue until 5,000 of its prisoners are freed."
    )
    assert ("taliban", "prisoners", "demand") in found


def test_positions_refusing_the_proposal_refuses_the_one_issue_it_put_forward(positions_of):
    found = positions_of(
        "Putin declared a 30-hour Easter truce on Saturday. "
        "Zelensky dismissed the proposal as a stunt."
    )
    assert ("ukraine", "ceasefire", "reject") in found
    assert ("ukraine", "process", "reject") not in found
    # a package of several issues refused as a whole is one refusal of the talks
    found = positions_of(
        "Russia proposed a truce and an exchange of all prisoners. "
        "Zelensky dismissed the proposal as a stunt."
    )
    assert ("ukraine", "process", "reject") in found
    assert ("ukraine", "ceasefire", "reject") not in found


def test_positions_a_joint_proposal_under_review_is_each_owners_demand(positions_of):
    found = positions_of("Sudan's army is reviewing a US proposal for a three-month truce.")
    assert ("united-states", "ceasefire", "demand") in found
    found = positions_of("Hamas refused the joint US-Egypt proposal for direct talks.")
    assert {("united-states", "process", "demand"), ("egypt", "process", "demand")} <= found


def test_positions_a_proposal_by_a_party_is_its_demand(positions_of):
    found = positions_of(
        "The Istanbul talks follow a proposal by Putin on Sunday to resume direct negotiations."
    )
    assert ("russia", "process", "demand") in found
    assert ("turkey", "process", "demand") not in found


def test_positions_an_invitation_is_its_senders_and_accepting_it_accepts_the_talks(positions_of):
    found = positions_of("The RSF accepted the US invitation to talks in Geneva.")
    assert ("rapid-support-forces", "process", "accept") in found
    assert ("united-states", "process", "demand") in found
    found = positions_of("Saudi Arabia extended an invitation to the Houthis to continue talks.")
    assert ("saudi-arabia", "process", "offer") in found


def test_positions_what_a_plan_trades_is_its_authors_demand(positions_of):
    found = positions_of(
        "Egypt presented a three-stage plan to both sides on Monday. "
        "The first stage would last two weeks. "
        "In exchange, Hamas would release four hostages."
    )
    assert ("egypt", "prisoners", "demand") in found
    assert ("hamas", "prisoners", "offer") not in found
    # with no plan spoken of, the same words are the party's own offer
    assert ("hamas", "prisoners", "offer") in positions_of(
        "Israel agreed to free 50 detainees. In exchange, Hamas would release four hostages."
    )
