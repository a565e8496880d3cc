"""Boilerplate: page furniture in scraped text is marked, the article is left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks.extract.boilerplate import find_boilerplate, junk_spans, outside, overlaps
from peacetalks.model import ClaimSet, Document

ARTICLE = (
    "Negotiators from both sides met in Geneva on Tuesday for a third round of talks. "
    "They agreed to exchange prisoners and to meet again before the end of the month, "
    "officials said after the session, which lasted about two hours."
)


def _junk(text: str) -> list[tuple[str, str]]:
    """(rule, text) of each boilerplate claim, checking its span against the text."""
    claims = find_boilerplate(Document(id="d", text=text), ClaimSet())
    for claim in claims:
        span = claim.provenance.span
        assert text[span.start : span.end] == span.text
        assert claim.kind == "boilerplate"
    return [(c.provenance.rule or "", c.provenance.span.text) for c in claims]


def test_boilerplate_leaves_a_plain_article_alone():
    items = "The memorandum asked for:\n- neutrality\n- elections"
    text = f"Talks resume in Geneva\n\n{ARTICLE}\n\n{items}"
    assert _junk(text) == []


def test_boilerplate_cuts_the_related_stories_tail():
    tail = (
        "Related Articles\n\nOther Paper\n2 hours ago\nLeaders vow to end the war\nA long teaser."
    )
    text = f"{ARTICLE}\n{ARTICLE}\n\n{tail}"
    assert _junk(text) == [("tail", tail)]


def test_boilerplate_cuts_the_comments_box_at_the_end():
    text = f"{ARTICLE}\nComments (2)\nPlease sign in to leave a comment"
    assert _junk(text) == [("tail", "Comments (2)\nPlease sign in to leave a comment")]


def test_boilerplate_read_more_box_early_in_the_text_is_not_a_tail():
    text = f"Read more\n{ARTICLE}\n{ARTICLE}\n{ARTICLE}"
    assert ("ui", "Read more") in _junk(text)
    assert all(rule != "tail" for rule, _ in _junk(text))


def test_boilerplate_marks_interface_lines():
    text = (
        f"top of page\n\u2022 12 minutes ago\n\u2022 4 min read\nShare\n{ARTICLE}\nbottom of page"
    )
    found = _junk(text)
    assert [t for _rule, t in found] == [
        "top of page",
        "\u2022 12 minutes ago",
        "\u2022 4 min read",
        "Share",
        "bottom of page",
    ]


def test_boilerplate_marks_subscription_prompts_but_not_news_about_offers():
    prompt = "Enjoy our award-winning journalism. Subscribe now for unlimited access to our app."
    news = "Russia does not subscribe to the offer, a Kremlin spokesman said on Monday."
    found = _junk(f"{ARTICLE}\n{news}\n{prompt}")
    assert found == [("promo", prompt)]


def test_boilerplate_marks_a_caption_that_ends_in_a_credit():
    caption = "Envoys shake hands after the signing in Doha, 5 May 2024. (AP Photo/Jane Roe)"
    assert _junk(f"{caption}\n\n{ARTICLE}") == [("caption", caption)]


def test_boilerplate_marks_a_labelled_credit_with_the_caption_before_it():
    caption = "The foreign ministers at the ceremony in Washington. Image: Agency/Photographer"
    assert _junk(f"{caption}\n\n{ARTICLE}") == [("caption", caption)]


def test_boilerplate_marks_only_the_last_sentence_when_a_credit_closes_an_article_line():
    line = f"{ARTICLE} Source: Some Paper Monday, 3 June 2024 Share Tanjug/AP Photo/John Doe"
    assert _junk(line) == [("caption", line[len(ARTICLE) + 1 :])]


def test_boilerplate_marks_a_credit_line_and_the_caption_below_it():
    block = "Jane Roe/AFP\nA displaced family waits at a camp near the front line."
    assert _junk(f"{block}\n\n{ARTICLE}") == [("caption", block)]


@pytest.mark.parametrize(
    "tag",
    [
        "(Reuters) - ",
        "KYIV, June 3 (Reuters) - ",
        "MOSCOW, May 2. /TASS/. ",
        "Goma (Some News Agency) - ",
    ],
)
def test_boilerplate_marks_the_agency_tag_of_a_dateline(tag):
    assert _junk(f"{tag}{ARTICLE}") == [("credit", tag)]


def test_boilerplate_leaves_an_agency_named_mid_sentence():
    assert _junk(f"Russia said (AP) - {ARTICLE}") == []


def test_boilerplate_marks_wire_reporting_credits():
    credit = "(Reporting by Jane Roe in Kyiv; Editing by John Doe)"
    assert _junk(f"{ARTICLE}\n{credit}") == [("byline", credit)]


def test_boilerplate_marks_bylines_datelines_and_the_author_note():
    text = (
        "Talks stall again\n\nJane Roe, John Doe\n\nBy Jane Roe Daily Courier\n\n"
        f"June 3, 2025 | 10:15 am\n\n{ARTICLE}\n\n"
        "Jane Roe is a correspondent and the author of a book on mediation."
    )
    rules = [rule for rule, _text in _junk(text)]
    assert rules == ["byline", "byline", "dateline", "author-bio"]


def test_boilerplate_marks_a_metadata_prefix_and_copyright_line():
    text = f" date 2024-05-01 {ARTICLE}\n\u00a9 2025 Some Publisher. All rights reserved."
    assert _junk(text) == [
        ("metadata", " date 2024-05-01 "),
        ("copyright", "\u00a9 2025 Some Publisher. All rights reserved."),
    ]


def test_boilerplate_marks_navigation_runs_above_the_article():
    text = f"Politics\nWorld\nEurope\n\nTalks resume in Geneva after a pause\n\n{ARTICLE}"
    assert [t for _r, t in _junk(text)] == ["Politics", "World", "Europe"]


def test_junk_spans_merge_and_keep_rules_asked_for():
    text = f"Photo: Agency/Someone\n(Reuters) - {ARTICLE}"
    found = ClaimSet(find_boilerplate(Document(id="d", text=text), ClaimSet()))
    everything = junk_spans(found)
    assert everything[0][0] == 0
    assert junk_spans(found, keep={"caption"}) != everything


def test_outside_and_overlaps_agree():
    spans = [(2, 4), (6, 9)]
    assert list(outside(spans, 0, 10)) == [(0, 2), (4, 6), (9, 10)]
    assert overlaps(spans, 3, 5)
    assert not overlaps(spans, 4, 6)
    assert overlaps(spans, 0, 10)


@given(st.text(alphabet=st.sampled_from("ab (Reuters)-|:/\n\u2022.0123 CRPSx"), max_size=300))
def test_boilerplate_spans_are_always_slices_of_the_text(text):
    for claim in find_boilerplate(Document(id="d", text=text), ClaimSet()):
        span = claim.provenance.span
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
