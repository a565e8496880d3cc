"""Paragraphs and sentences: hard line breaks rejoined, list items and headlines kept apart."""

from __future__ import annotations

from peacetalks.extract.boilerplate import find_boilerplate
from peacetalks.extract.segments import find_paragraphs, find_sentences
from peacetalks.model import ClaimSet, Document


def _sentences(text: str) -> list[str]:
    doc = Document(id="d", text=text)
    found = ClaimSet(find_paragraphs(doc, ClaimSet()))
    claims = find_sentences(doc, found)
    for claim in claims:
        span = claim.provenance.span
        assert text[span.start : span.end] == span.text
    return [c.provenance.span.text for c in claims]


def test_sentences_split_on_full_stops():
    assert _sentences("The talks ended. Both sides met again.") == [
        "The talks ended.",
        "Both sides met again.",
    ]


def test_sentences_rejoin_hard_line_break_mid_sentence():
    found = _sentences("The delegations agreed to\nexchange prisoners. Talks end.")
    assert found[0] == "The delegations agreed to\nexchange prisoners."


def test_sentences_keep_headline_apart_from_first_sentence():
    found = _sentences("Talks resume in Istanbul\nThe second round began on Monday.")
    assert found == ["Talks resume in Istanbul", "The second round began on Monday."]


def test_sentences_keep_list_items_apart():
    text = "The memorandum called for the following:\n- neutrality\n- elections\n- an end to aid"
    assert _sentences(text) == [
        "The memorandum called for the following:",
        "- neutrality",
        "- elections",
        "- an end to aid",
    ]


def test_sentences_do_not_split_common_abbreviations():
    found = _sentences("The U.S. envoy arrived. Mr. Umerov spoke.")
    assert found[0] == "The U.S. envoy arrived."


def test_paragraphs_split_on_blank_lines():
    doc = Document(id="d", text="First para.\n\n  \nSecond para.\n")
    spans = [c.provenance.span for c in find_paragraphs(doc, ClaimSet())]
    assert [s.text for s in spans] == ["First para.", "Second para."]


def _pipeline_sentences(text: str) -> list[str]:
    """Sentences after the boilerplate stage has run, as in the default pipeline."""
    doc = Document(id="d", text=text)
    found = ClaimSet(find_boilerplate(doc, ClaimSet()))
    found = found.plus(find_paragraphs(doc, found))
    claims = find_sentences(doc, found)
    for claim in claims:
        span = claim.provenance.span
        assert text[span.start : span.end] == span.text
    return [c.provenance.span.text for c in claims]


BODY = (
    "Negotiators from both sides met in Geneva on Tuesday for a third round of talks. "
    "They agreed to exchange prisoners and to meet again before the end of the month."
)


def test_sentences_skip_a_related_stories_tail():
    text = f"{BODY}\n{BODY}\n\nRelated Articles\nLeaders meet in Paris\nThe summit ended."
    found = _pipeline_sentences(text)
    assert (
        found[-1]
        == "They agreed to exchange prisoners and to meet again before the end of the month."
    )
    assert not any("Paris" in s for s in found)


def test_sentences_start_after_an_agency_tag():
    found = _pipeline_sentences(f"(Reuters) - {BODY}")
    assert found[0].startswith("Negotiators from both sides")


def test_paragraphs_are_cut_around_a_caption_inside_them():
    text = f"Talks in Geneva\nDelegates arrive at the venue. (AP Photo/Jane Roe)\n\n{BODY}"
    doc = Document(id="d", text=text)
    found = ClaimSet(find_boilerplate(doc, ClaimSet()))
    paragraphs = [c.provenance.span.text for c in find_paragraphs(doc, found)]
    assert paragraphs == ["Talks in Geneva", BODY]


def test_paragraphs_without_a_boilerplate_stage_keep_everything():
    text = f"top of page\n\n{BODY}"
    doc = Document(id="d", text=text)
    assert [c.provenance.span.text for c in find_paragraphs(doc, ClaimSet())] == [
        "top of page",
        BODY,
    ]


def test_sentences_a_dangling_opening_quote_opens_the_next_sentence():
    text = 'Israel has rejected those terms. "Any deal must end the war," he said.'
    assert _sentences(text) == [
        "Israel has rejected those terms.",
        '"Any deal must end the war," he said.',
    ]


def test_sentences_split_items_numbered_with_a_dash():
    text = (
        "The sides agreed on the following:\n1- A ceasefire on all fronts\n"
        "2 \u2013 The return of the displaced"
    )
    assert _sentences(text) == [
        "The sides agreed on the following:",
        "1- A ceasefire on all fronts",
        "2 \u2013 The return of the displaced",
    ]
