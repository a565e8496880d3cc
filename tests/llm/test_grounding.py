"""Grounding: a model's quote becomes our offsets, exactly, folded or fuzzily, or not at all."""

from __future__ import annotations

import pytest

from peacetalks.llm.grounding import FoldedText, find_quote, fold

TEXT = (
    "Negotiators met in Doha on Monday.\n\n"
    "Hamas said it \u201caccepts the proposal\u201d put forward by the mediators,  and asked "
    "for guarantees that the war would end.\n"
    "Israel's office said it had not yet received a reply."
)


def test_exact_quote_gives_its_own_offsets():
    found = find_quote("Negotiators met in Doha on Monday.", FoldedText(TEXT))
    assert found is not None
    assert found.how == "exact"
    assert (found.span.start, found.span.end) == (0, 34)
    assert TEXT[found.span.start : found.span.end] == found.span.text


def test_quote_with_straight_marks_other_spacing_and_case_is_found_folded():
    quote = 'hamas said it "accepts the proposal" put forward by the mediators, and asked'
    found = find_quote(quote, FoldedText(TEXT))
    assert found is not None
    assert found.how == "folded"
    assert found.span.text.startswith("Hamas said it \u201caccepts")
    assert found.span.text.endswith("and asked")
    assert TEXT[found.span.start : found.span.end] == found.span.text


def test_quote_across_a_line_break_is_found_folded():
    quote = "would end. Israel's office said"
    found = find_quote(quote, FoldedText(TEXT))
    assert found is not None
    assert found.how == "folded"
    assert "\n" in found.span.text


def test_quote_with_one_word_changed_is_aligned_to_whole_words():
    quote = "Israel's office said it had not yet got a reply."
    found = find_quote(quote, FoldedText(TEXT))
    assert found is not None
    assert found.how == "fuzzy"
    assert found.span.text == "Israel's office said it had not yet received a reply."


@pytest.mark.parametrize(
    "quote",
    [
        "Hamas rejected the proposal and walked out of the talks in Doha.",
        "Israel accepted every one of the demands put to it in full.",
        "Doha",  # too short to place by fuzzy matching when not exact... but exact: see below
    ][:2],
)
def test_invented_quote_is_not_found(quote):
    assert find_quote(quote, FoldedText(TEXT)) is None


def test_short_quote_only_matches_as_written():
    assert find_quote("met in Dohar", FoldedText(TEXT)) is None
    found = find_quote("met in doha", FoldedText(TEXT))
    assert found is not None
    assert found.span.text == "met in Doha"


def test_repeated_quote_is_taken_at_or_after_the_part_it_came_from():
    text = "Talks resumed. " * 3
    found = find_quote("Talks resumed.", FoldedText(text), near=20)
    assert found is not None
    assert found.span.start == 30


def test_fold_maps_curly_marks_dashes_and_spaces():
    assert fold("  \u201cA\u2019s\u201d \u2013 B\n\nC ") == '"a\'s" - b c'
