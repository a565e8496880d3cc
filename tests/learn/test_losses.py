"""Kinds of loss of positions (learn/losses.py), on keys written for the test."""

from __future__ import annotations

from peacetalks.learn.losses import false_kind, miss_kind, tally

GOLD = {
    ("russia", "territory", "demand"),
    ("russia", "ceasefire", "reject"),
    ("ukraine", "ceasefire", "demand"),
    ("ukraine", "prisoners", "offer"),
    ("turkey", "process", "offer"),
    ("hamas", "prisoners", "offer"),
}
GIVEN = {
    ("russia", "territory", "demand"),  # found
    ("russia", "ceasefire", "demand"),  # beside no right stance: the gold's is reject
    ("ukraine", "ceasefire", "demand"),  # found
    ("ukraine", "ceasefire", "offer"),  # beside the right stance (demand)
    ("ukraine", "territory", "offer"),  # territory is Russia's
    ("ukraine", "nuclear", "demand"),  # nobody holds nuclear
    ("united-states", "process", "demand"),  # the United States holds nothing
    ("russia", "process", "offer"),  # process is Turkey's
}
NAMED = {"russia", "ukraine", "turkey", "united-states"}


def test_each_gold_position_is_found_or_missed_for_one_reason():
    kinds = {key: miss_kind(key, GIVEN, NAMED) for key in GOLD}
    assert kinds == {
        ("russia", "territory", "demand"): "found",
        ("russia", "ceasefire", "reject"): "another stance",
        ("ukraine", "ceasefire", "demand"): "found",
        # Ukraine was given other issues, and prisoners nobody
        ("ukraine", "prisoners", "offer"): "issue not for this holder",
        # Turkey is named and given nothing
        ("turkey", "process", "offer"): "holder given nothing",
        # the actor stages never found Hamas
        ("hamas", "prisoners", "offer"): "holder not named",
    }


def test_a_holder_given_other_issues_while_others_get_this_one_is_apart():
    given = {("ukraine", "ceasefire", "demand"), ("russia", "prisoners", "offer")}
    assert miss_kind(("ukraine", "prisoners", "offer"), given, NAMED) == "holder and issue apart"


def test_each_given_position_is_true_or_false_for_one_reason():
    kinds = {key: false_kind(key, GOLD, GIVEN) for key in GIVEN}
    assert kinds == {
        ("russia", "territory", "demand"): "true",
        ("russia", "ceasefire", "demand"): "wrong stance",
        ("ukraine", "ceasefire", "demand"): "true",
        ("ukraine", "ceasefire", "offer"): "extra stance",
        ("ukraine", "territory", "offer"): "issue of another holder",
        ("ukraine", "nuclear", "demand"): "issue not in the gold",
        ("united-states", "process", "demand"): "holder holds nothing",
        ("russia", "process", "offer"): "issue of another holder",
    }


def test_tally_counts_every_key_once_over_documents():
    second = ({("syria", "humanitarian", "demand")}, set(), {"syria"})
    misses, false = tally([(GOLD, GIVEN, NAMED), second])
    assert sum(misses.values()) == len(GOLD) + 1
    assert sum(false.values()) == len(GIVEN)
    assert misses["found"] == 2
    assert misses["holder given nothing"] == 2  # Turkey here, Syria in the second document
    assert false["true"] == 2
    assert false["issue of another holder"] == 2
