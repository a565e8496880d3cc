"""The attribute lookup gives the parse spaCy's own attribute ruler gives, token for token."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.pipeline import AttributeRuler, Lemmatizer

from peacetalks.extract.attributes import FastAttributes, FastLemmas, Unsupported
from peacetalks.extract.parser import _finishers, english_parser, parse_texts

CORPUS = Path(__file__).parents[2] / "src" / "peacetalks" / "demo" / "corpus"

# Shapes the ruler's exceptions are about: contractions and two-token words, "there is",
# "but" as an adverb, pronoun case by relation, "that" as a relative pronoun, whitespace.
SHAPES = [
    "They're gonna sign it, y'all said, and we gotta wait. Let's see.",
    "I ain't leaving; c'mon, there is still a plan and there were two drafts.",
    "He said it was all but over, but Kyiv had done it and did not give it to me.",
    "The memorandum that Moscow handed over says nothing   about the ceasefire.\n\n  Next.",
    "Someone asked whether anyone would accept anything that both sides had agreed.",
]


def _view(doc):
    return [(t.text, t.tag_, t.pos_, t.dep_, str(t.morph), t.lemma_) for t in doc]


def test_the_lookup_parses_as_spacys_ruler() -> None:
    texts = list(SHAPES)
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        texts += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    # the bundled parser's ruler is one the lookup implements
    assert _finishers(english_parser()) is not None
    expected = [_view(doc) for doc in english_parser().pipe(texts)]
    got = [_view(doc) for doc in parse_texts(texts)]
    assert sum(len(doc) for doc in got) > 2000
    assert got == expected


def test_a_pattern_outside_the_supported_language_is_refused() -> None:
    ruler = AttributeRuler(english_parser().vocab)
    ruler.add([[{"LOWER": "peace", "OP": "+"}]], {"POS": "NOUN"})
    with pytest.raises(Unsupported):
        FastAttributes(ruler)
    ruler = AttributeRuler(english_parser().vocab)
    ruler.add([[{"SHAPE": "Xxxx"}]], {"POS": "PROPN"})
    with pytest.raises(Unsupported):
        FastAttributes(ruler)


def test_later_patterns_win_and_index_picks_the_token() -> None:
    nlp = english_parser()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "talks"}]], {"POS": "VERB"})
    ruler.add([[{"LOWER": "talks"}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": "peace"}, {"LOWER": "talks"}]], {"LEMMA": "talk"}, index=1)
    doc = FastAttributes(ruler)(nlp.make_doc("peace talks resumed"))
    assert doc[1].pos_ == "NOUN"
    assert doc[1].lemma_ == "talk"
    assert doc[0].lemma_ == ""


def test_the_parser_lemmatizes_by_lookup_and_keeps_the_rulers_lemmas() -> None:
    finishers = _finishers(english_parser())
    assert finishers is not None
    assert isinstance(finishers[1], FastLemmas)  # so the comparison above covers the lookup
    (doc,) = parse_texts(["They're gonna release the prisoners the talks freed."])
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["prisoners"] == "prisoner"
    assert lemmas["freed"] == "free"
    assert lemmas["gon"] == "go"  # set by the attribute ruler, which the lemmatizer keeps


def test_a_lemmatizer_in_another_mode_is_refused() -> None:
    nlp = english_parser()
    lookup = Lemmatizer(nlp.vocab, model=None, mode="lookup")
    with pytest.raises(Unsupported):
        FastLemmas(lookup)


def test_a_parser_loaded_again_gets_lookups_of_its_own_vocabulary() -> None:
    """A word's lemma is a string of the doc's own vocabulary, also after the parser is loaded
    again (tests and tools clear its cache): no stale ids from the first parser's strings."""
    text = "The zorblings were released by the grumphers."
    (first,) = parse_texts([text])
    assert first[1].lemma_ == "zorbling"
    english_parser.cache_clear()
    try:
        (again,) = parse_texts([text])
        assert again.vocab is not first.vocab
        assert [t.lemma_ for t in again] == [t.lemma_ for t in first]
    finally:
        english_parser.cache_clear()
