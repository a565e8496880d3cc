"""Rendering helpers for pages: evidence highlighted in a document's text, one-line item labels.

Everything taken from a document is escaped here or by Jinja's autoescape: article text is data,
never markup (a `<script>` in an article shows as text).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from peacetalks.store.documents import StoredItem

KIND_ORDER = ("events", "positions", "agreements", "figures", "actors")


def highlight(text: str, items: Iterable[StoredItem]) -> Markup:
    """The text with every evidence span wrapped in a link to its item in the list beside it."""
    marks: list[tuple[int, int, StoredItem]] = []
    for item in items:
        for span in item.payload.get("evidence") or ():
            start, end = int(span["start"]), int(span["end"])
            if 0 <= start < end <= len(text):
                marks.append((start, end, item))
    # Overlapping spans: cut the text at every boundary; each piece links to the first
    # (outermost, earliest) item covering it. O(b * m) for b boundaries, m marks; both small.
    bounds = sorted({0, len(text), *(s for s, _, _ in marks), *(e for _, e, _ in marks)})
    marks.sort(key=lambda m: (m[0], -m[1]))
    parts: list[str] = []
    for left, right in itertools.pairwise(bounds):
        piece = str(escape(text[left:right]))
        covering = [m for m in marks if m[0] <= left and right <= m[1]]
        if not covering:
            parts.append(piece)
            continue
        start, _end, item = covering[0]
        anchor = f' id="span-{start}"' if left == start else ""
        kinds = " ".join(sorted({f"hl-{m[2].kind}" for m in covering}))
        parts.append(
            f'<a class="hl {kinds}"{anchor} href="#item-{item.kind}-{item.seq}"'
            f' title="{escape(item_label(item.kind, item.payload))}">{piece}</a>'
        )
    return Markup("".join(parts))  # every piece of text was escaped above


def item_label(kind: str, payload: Mapping[str, Any]) -> str:
    """One line saying what an extracted item states."""
    if kind == "positions":
        return (
            f"{payload.get('holder')} {payload.get('stance')}s on {payload.get('issue')}: "
            f"{payload.get('summary') or ''}"
        ).rstrip(": ")
    if kind == "agreements":
        terms = payload.get("terms") or {}
        formula = f" ({terms['formula']})" if terms.get("formula") else ""
        parties = ", ".join(payload.get("parties") or ())
        return f"{parties} — {payload.get('issue')}{formula}, {payload.get('status')}"
    if kind == "figures":
        qualifier = f"{payload['qualifier']} " if payload.get("qualifier") else ""
        unit = f" {payload['unit']}" if payload.get("unit") else ""
        about = f" ({payload['about']})" if payload.get("about") else ""
        return f"{qualifier}{_number(payload.get('value'))}{unit} — {payload.get('issue')}{about}"
    if kind == "events":
        who = ", ".join(payload.get("participants") or ())
        place = f" in {payload['place']}" if payload.get("place") else ""
        return f"{payload.get('type')} {payload.get('date') or 'undated'}{place}: {who}".rstrip(
            ": "
        )
    if kind == "actors":
        return f"{payload.get('name')} ({payload.get('type')})"
    return str(dict(payload))


def group_items(items: Iterable[StoredItem]) -> list[tuple[str, list[StoredItem]]]:
    """Items grouped by kind in reading order: events, positions, agreements, figures, actors."""
    grouped: dict[str, list[StoredItem]] = {kind: [] for kind in KIND_ORDER}
    for item in items:
        grouped.setdefault(item.kind, []).append(item)
    return [(kind, entries) for kind, entries in grouped.items() if entries]


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int | float):
        return f"{value:,}"
    return str(value)
