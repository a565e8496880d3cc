"""The peacetalks/1 serializer: gold files round-trip, output validates, bad values are refused."""

from __future__ import annotations

import json

import pytest

from peacetalks.errors import BadValue
from peacetalks.model import Document, Position, Record, Span
from peacetalks.model.format import item_from_dict, record_from_dict, record_to_dict
from tests.conftest import DATA, SHARED_EVAL, validate_record

GOLD = sorted((DATA / "gold").glob("*.json")) + sorted(SHARED_EVAL.glob("*/gold/*.json"))


def _without_nulls(obj):
    """Gold files may leave out optional members the serializer writes as null or []."""
    if isinstance(obj, dict):
        return {k: _without_nulls(v) for k, v in obj.items() if v not in (None, [], {})}
    if isinstance(obj, list):
        return [_without_nulls(v) for v in obj]
    return obj


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_format_gold_round_trips(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    out = record_to_dict(record_from_dict(gold))
    validate_record(out)
    assert _without_nulls(out) == _without_nulls(gold) | {"format": "peacetalks/1"}


def test_format_has_gold_to_check():
    assert len(GOLD) >= 10


def test_format_record_validates_against_schema():
    doc = Document(id="abc", text="Russia demanded neutrality.", published=None)
    position = Position(
        holder="russia",
        issue="alliances",
        stance="demand",
        summary="neutrality",
        evidence=(doc.span(0, 27),),
    )
    out = record_to_dict(Record(document=doc, positions=(position,)))
    validate_record(out)
    assert out["positions"][0]["evidence"] == [
        {"start": 0, "end": 27, "text": "Russia demanded neutrality."}
    ]


def test_format_rejects_unknown_issue():
    with pytest.raises(BadValue, match="Expected one of ceasefire"):
        item_from_dict(
            "positions",
            {"holder": "x", "issue": "weather", "stance": "demand", "summary": "", "evidence": []},
        )


def test_format_rejects_bad_date():
    with pytest.raises(BadValue, match="YYYY-MM-DD"):
        record_from_dict({"format": "peacetalks/1", "document": {"id": "a", "published": "3 June"}})


def test_format_rejects_other_format_versions():
    with pytest.raises(BadValue, match="record format"):
        record_from_dict({"format": "peacetalks/2", "document": {"id": "a"}})


def test_document_span_slices_clean_text():
    doc = Document(id="d", text="The talks lasted an hour.")
    assert doc.span(4, 9) == Span(4, 9, "talks")
