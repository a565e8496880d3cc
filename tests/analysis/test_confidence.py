"""Confidence: the extractor's score or the kind's measured precision, independent sources
combined, reviews decisive; the review queue, least confident first."""

from __future__ import annotations

import datetime as dt

import pytest

from peacetalks.analysis.confidence import KIND_PRIOR, confidence, is_low, label_of
from peacetalks.model.facts import Fact, FactSource, Review


def _source(doc: str, score: float | None = None, copy_of: str | None = None) -> FactSource:
    value = {"holder": "russia"} | ({"confidence": score} if score is not None else {})
    return FactSource(
        document_id=doc, item_kind="positions", item_seq=0, evidence=(), value=value,
        copy_of=copy_of,
    )  # fmt: skip


def _fact(*sources: FactSource, review: Review | None = None, kind: str = "position") -> Fact:
    payload = {"holder": "russia", "stance": "demand", "issue": "territory", "summary": "x y z"}
    return Fact(key="k", kind=kind, block="b", payload=payload, sources=sources, review=review)  # type: ignore[arg-type]


def test_one_source_keeps_the_extractors_score():
    assert confidence(_fact(_source("a", 0.42))) == pytest.approx(0.42)


def test_without_a_score_the_kinds_measured_precision_stands():
    assert confidence(_fact(_source("a"))) == pytest.approx(KIND_PRIOR["position"])


def test_independent_sources_raise_it_and_copies_do_not():
    two = confidence(_fact(_source("a", 0.5), _source("b", 0.5)))
    assert two == pytest.approx(0.75)
    copied = confidence(_fact(_source("a", 0.5), _source("b", 0.5, copy_of="a")))
    assert copied == pytest.approx(0.5)


def test_a_review_decides():
    at = dt.datetime(2025, 6, 3, tzinfo=dt.UTC)
    confirmed = _fact(
        _source("a", 0.1), review=Review(action="confirm", reviewer="ana", created_at=at)
    )
    rejected = _fact(
        _source("a", 0.9), review=Review(action="reject", reviewer="ana", created_at=at)
    )
    assert confidence(confirmed) == 1.0
    assert confidence(rejected) == 0.0
    assert not is_low(confirmed)
    assert is_low(_fact(_source("a", 0.2)))


def test_label_says_what_the_fact_states():
    assert label_of(_fact(_source("a"))) == "russia demands on territory: x y z"
