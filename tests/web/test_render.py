"""Evidence highlighting: every span marked, nothing lost, article text always escaped."""

from __future__ import annotations

import re

from peacetalks.store.documents import StoredItem
from peacetalks.web.render import highlight, item_label

TEXT = 'Russia demanded <script>alert("x")</script> and offered 1,200 <img src=x onerror=alert(1)>.'


def _item(kind, seq, start, end):
    return StoredItem("d", kind, seq, {"evidence": [{"start": start, "end": end, "text": ""}]})


def _plain(markup: str) -> str:
    text = re.sub(r"<[^>]+>", "", markup)
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&amp;", "&")
    )


def test_render_highlight_keeps_the_text_and_escapes_it():
    out = str(highlight(TEXT, [_item("positions", 0, 0, 44), _item("figures", 0, 57, 62)]))
    assert "<script>" not in out
    assert "<img" not in out
    assert "&lt;script&gt;" in out
    assert _plain(out) == TEXT


def test_render_highlight_links_each_span_to_its_item():
    out = str(highlight(TEXT, [_item("positions", 3, 0, 44), _item("figures", 1, 57, 62)]))
    assert 'id="span-0" href="#item-positions-3"' in out
    assert 'id="span-57" href="#item-figures-1"' in out


def test_render_highlight_overlapping_spans_mark_both_kinds():
    out = str(highlight(TEXT, [_item("positions", 0, 0, 70), _item("figures", 0, 57, 62)]))
    assert 'class="hl hl-figures hl-positions"' in out
    assert _plain(out) == TEXT


def test_render_highlight_ignores_spans_outside_the_text():
    out = str(highlight("short", [_item("events", 0, 3, 99), _item("events", 1, -1, 2)]))
    assert out == "short"


def test_render_item_label_says_who_stands_where():
    label = item_label(
        "positions", {"holder": "russia", "stance": "demand", "issue": "territory", "summary": "x"}
    )
    assert label == "russia demands on territory: x"
    figure = item_label("figures", {"value": 6000.0, "unit": "bodies", "issue": "remains"})
    assert figure == "6,000 bodies — remains"
