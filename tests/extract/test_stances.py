"""The stance cue lexicon: every entry's hints are implied by its pattern, so skipping an entry
whose hints are absent never loses a cue."""

from __future__ import annotations

import re

import pytest

from peacetalks.demo import CORPUS
from peacetalks.extract.stances import _lexicon, find_cues
from tests.conftest import SHARED_EVAL

HAND_WRITTEN = [
    "Kyiv would not accept the terms, and Moscow cannot accept a truce.",
    "The plan was rejected by Ukraine, which had refused it and ruled out talks.",
    "Hamas is ready to release hostages and has agreed to a pause; Israel agreed to stop.",
    "Russia demanded, insisted on and called for neutrality, urging and pushing for elections.",
    "The memorandum included conditions; Ukraine must and should withdraw, it stipulates.",
    "Egypt proposed, put forward and sought a deal, asked for aid and asked Israel to stop.",
    "The US backed the plan, favoured a summit and pledged to help; it offered concessions.",
    "Moscow branded the counter-proposal unacceptable, an ultimatum, tantamount to surrender.",
    "Qatar will consider the proposal; its readiness to review the terms and commitment to talk.",
    "The army resisted and objected to the format; officials stressed the need for talks.",
    "The rebels appealed for calm, declared a unilateral truce and would oppose any new troops.",
]


def _sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt")]
    texts += [p.read_text(encoding="utf-8") for p in SHARED_EVAL.glob("*/docs/*.txt")]
    found = list(HAND_WRITTEN)
    for text in texts:
        found.extend(s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip())
    return found


def test_stances_hints_are_implied_by_patterns():
    sentences = _sentences()
    assert len(sentences) > 100
    for pattern, _stance, _form, rule, hints in _lexicon():
        for sentence in sentences:
            for match in pattern.finditer(sentence):
                assert any(h in sentence.lower() for h in hints), (rule, match.group(0))


def test_stances_every_entry_has_hints():
    assert all(hints for *_rest, hints in _lexicon())


def test_stances_refusal_wins_over_acceptance_it_contains():
    cues = find_cues("Kyiv would not accept the terms.")
    assert [(c.stance, c.rule) for c in cues] == [("reject", "negated-acceptance")]


@pytest.mark.parametrize(
    ("text", "stance", "rule"),
    [
        ("The rebel delegation appealed for the release of its fighters.", "demand", "appeal"),
        ("The envoy appealed to both armies to respect the truce.", "demand", "appeal"),
        ("The ministers, stressing the urgent need for aid, left Cairo.", "demand", "stress"),
        ("The government declared a unilateral ceasefire for Easter.", "offer", "declare-truce"),
        ("Officials said they would oppose any change to the border.", "reject", "rebuff"),
        ("Beijing is pressuring the rebels to return the town.", "demand", "press-to"),
        ("Norway leaned on both sides to reopen the crossing.", "demand", "press-to"),
        ("The envoy pressed Kyiv to accept a truce.", "demand", "press-to"),
        ("Turkey put heavy pressure on the militia to disarm.", "demand", "press-to"),
        ("The rebels plan to discuss the release of their fighters.", "demand", "to-discuss"),
        ("Both delegations would discuss reopening the airport.", "demand", "to-discuss"),
        ("Oslo advocates for a federal settlement.", "demand", "advocate"),
        ("The islanders favour a two-state solution.", "demand", "advocate"),
        ("The envoy voiced strong support for direct talks.", "demand", "advocate"),
        ("Israel has delayed the release of 600 prisoners.", "reject", "hold-up"),
        ("The army would halt the entry of aid convoys.", "reject", "hold-up"),
        ("The president suspended talks with the rebels.", "reject", "hold-up"),
        ("Kabul will start releasing the prisoners on Monday.", "offer", "will-set-about"),
        ("The government will take steps to reopen the airport.", "offer", "will-set-about"),
        ("We will make every effort to facilitate the talks.", "offer", "will-set-about"),
        ("The Armenian side is still unwilling to accept these conditions.", "reject", "unwilling"),
        ("Moscow is not ready to withdraw its troops.", "reject", "unwilling"),
        ("Kyiv agrees to 30-day ceasefire proposal", "accept", "agree-to-proposal"),
        ("The cabinet agreed to adopt Witkoff's proposal.", "accept", "agree-to-proposal"),
        ("Putin agreed in principle to President Trump's proposal.", "accept", "agree-to-proposal"),
        ("Putin responded positively to the initiative.", "accept", "positive-response"),
        ("The rebels will not join the talks until their men are freed.", "demand", "precondition"),
        (
            "Riyadh extended an invitation to the rebels to continue talks.",
            "offer",
            "extend-invitation",
        ),
    ],
)
def test_stances_everyday_cues(text, stance, rule):
    assert (stance, rule) in {(c.stance, c.rule) for c in find_cues(text)}


@pytest.mark.parametrize(
    "text",
    [
        "The war pushed the population to the brink of famine.",
        "The envoy pressed for a ceasefire.",  # push-for's, not pressing someone
        "Ukraine is under pressure to accept the terms.",
        "The two sides discussed the release of prisoners.",  # what was discussed: no agenda
        "The clock will start ticking on a four-day truce.",  # starting no act for the other side
        "They have no voting rights until 2018.",  # a date, not a condition
    ],
)
def test_stances_shapes_near_a_cue_that_are_none(text):
    rules = {"press-to", "to-discuss", "will-set-about", "precondition"}
    assert not rules & {c.rule for c in find_cues(text)}
