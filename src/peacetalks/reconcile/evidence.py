"""What every fact keeps of its sources: document, item, evidence spans, the value given."""

from __future__ import annotations

from typing import Any

from peacetalks.model.facts import FactSource, SourcedItem
from peacetalks.model.format import item_to_dict


def fact_source(sourced: SourcedItem) -> FactSource:
    """The source of a fact that one document item gives."""
    item = sourced.item
    return FactSource(
        document_id=sourced.document_id,
        item_kind=sourced.kind,
        item_seq=sourced.seq,
        evidence=tuple(getattr(item, "evidence", ())),
        value=_with_wording(item_to_dict(item), sourced.wording),
        published=sourced.published,
        publisher=sourced.publisher,
    )


def _with_wording(value: dict[str, Any], wording: tuple[str, str] | None) -> dict[str, Any]:
    if wording is not None:
        value["wording"] = {"qualifier": wording[0], "text": wording[1]}
    return value


def number_text(value: float) -> str:
    """A figure as people write it: 6,000; 1.5."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
