"""Which issue a phrase is about (extract/issues.py: classify_issue), on phrases written for
the project."""

from __future__ import annotations

import pytest

from peacetalks.extract.issues import classify_issue


@pytest.mark.parametrize(
    ("phrase", "issue"),
    [
        # two issues named in one run of words: the more specific names the thing
        ("a seven-day humanitarian ceasefire", "ceasefire"),
        ("a complete halt to foreign military aid", "foreign_military"),
        ("humanitarian truce talks", "ceasefire"),
        # apart, the first named is the head: what follows only says what it is for
        ("a truce to let aid convoys reach the city", "ceasefire"),
        ("aid deliveries during a truce", "humanitarian"),
        # the most named wins whatever their order
        ("aid, more aid and food aid before any ceasefire", "humanitarian"),
        # "land, sea and air" are where, not land as territory
        ("a halt to all strikes across land, sea and air", "ceasefire"),
        ("the pullback of heavy weapons from the front", "military_limits"),
        ("a transitional administration to run the territory's affairs", "governance"),
    ],
)
def test_issue_of_a_phrase(phrase, issue):
    assert classify_issue(phrase) == issue


def test_issue_of_a_phrase_without_cues_is_none():
    assert classify_issue("a long and difficult week") is None
