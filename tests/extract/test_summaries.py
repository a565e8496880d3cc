"""Summaries that read: fragments refused, trimmed phrases, what a cue governs in the parse."""

from __future__ import annotations

import pytest

from peacetalks.extract.parser import parse_texts
from peacetalks.extract.summaries import (
    ISSUE_PHRASES,
    fragment_reason,
    governed_phrase,
    readable_summary,
    tidy,
)


@pytest.mark.parametrize(
    "summary",
    ["as baseless", "and said it", "by Ukraine", "able to the Ukrainian side", "", "all for all",
     "this and will continue to do so"],
)  # fmt: skip
def test_fragments_are_refused(summary):
    assert fragment_reason(summary) is not None


@pytest.mark.parametrize(
    "summary",
    ["withdrawal of Ukrainian forces from four regions", "a 30-day ceasefire",
     "release of 1,000 prisoners"],
)  # fmt: skip
def test_phrases_read(summary):
    assert fragment_reason(summary) is None


def test_a_phrase_without_a_noun_is_refused_by_its_tags():
    assert fragment_reason("would never agree to it", ["AUX", "ADV", "VERB", "ADP", "PRON"])
    assert fragment_reason("talks in Geneva", ["NOUN", "ADP", "PROPN"]) is None


def test_tidy_trims_function_words_and_quotes_at_both_ends():
    assert tidy('that "a full ceasefire along the front" and') == "a full ceasefire along the front"


def test_tidy_cuts_a_long_phrase_at_a_clause_break():
    long = (
        "the withdrawal of all foreign forces from the country within ninety days, as well as "
        "the release of every detainee held by either side since the start of the war"
    )
    assert tidy(long) == "the withdrawal of all foreign forces from the country within ninety days"


def test_readable_summary_falls_back_to_the_issue_phrase():
    assert readable_summary(["and said it", None], "prisoners") == ISSUE_PHRASES["prisoners"]
    assert readable_summary(["by Ukraine", "a prisoner swap"], "prisoners") == "a prisoner swap"


@pytest.mark.parametrize(
    ("sentence", "cue", "issue_word", "expected"),
    [
        ("Russia demanded that Ukraine withdraw from four regions before any ceasefire.",
         "demanded", "withdraw", "Ukraine withdraw from four regions before any ceasefire"),
        ("On Monday Kyiv called for an unconditional ceasefire.", "called for", "ceasefire",
         "an unconditional ceasefire"),
        ("Ukraine is ready to exchange all prisoners of war.", "ready", "prisoners",
         "exchange all prisoners of war"),
        ("Moscow rejected the proposal for a summit, and Kyiv said nothing.", "rejected", "summit",
         "the proposal for a summit"),
    ],
)  # fmt: skip
def test_governed_phrase_is_what_the_cue_governs(sentence, cue, issue_word, expected):
    (doc,) = parse_texts([sentence])
    start = sentence.index(cue)
    hit = sentence.index(issue_word)
    found = governed_phrase(doc, start, start + len(cue), [(hit, hit + len(issue_word))])
    assert tidy(found or "") == expected


def test_tidy_never_ends_on_an_article():
    assert tidy("an unconditional 30-day ceasefire, a") == "an unconditional 30-day ceasefire"
