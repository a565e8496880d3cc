"""Plain text and Markdown files -> clean text, as read_document gives it to the pipeline."""

from __future__ import annotations

import codecs

import pytest

from peacetalks.ingest import Source, read_document
from tests.ingest.conftest import ARTICLE


def _read(path):
    return read_document(Source(name=str(path), location=path))


def test_plain_text_keeps_the_file_text_as_python_reads_it(tmp_path):
    path = tmp_path / "talks.txt"
    path.write_text("  Indented first line\n\n\tTabbed line,  two spaces.\n" + ARTICLE + "\n\n  \n")
    doc = _read(path)
    assert doc.text == path.read_text(encoding="utf-8").rstrip()
    assert doc.text.startswith("  Indented first line\n\n\tTabbed")


def test_plain_text_offsets_point_into_the_file_text(tmp_path):
    path = tmp_path / "talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = _read(path)
    start = path.read_text(encoding="utf-8").index("two hundred")
    assert doc.span(start, start + len("two hundred detained")).text == "two hundred detained"


def test_plain_text_normalises_crlf_and_lone_cr(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode() + b"Old Mac line\rlast line\r\n")
    doc = _read(path)
    assert "\r" not in doc.text
    assert doc.text == (ARTICLE + "Old Mac line\nlast line").rstrip()
    assert doc.text == path.read_text(encoding="utf-8").rstrip()


def test_plain_text_decodes_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + ("Talks in Zürich, day two\n\n" + ARTICLE).encode())
    doc = _read(path)
    assert doc.text.startswith("Talks in Zürich, day two")
    assert "\ufeff" not in doc.text
    assert doc.text == path.read_text(encoding="utf-8-sig").rstrip()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_plain_text_decodes_utf16_with_bom(tmp_path, encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + ("Talks in Zürich\r\n\r\n" + ARTICLE).encode(encoding))
    doc = _read(path)
    assert doc.text == ("Talks in Zürich\n\n" + ARTICLE).rstrip()


def test_plain_text_title_is_a_headline_first_line(tmp_path):
    path = tmp_path / "headline.txt"
    path.write_text("\n\n  Harbour talks reach a prisoner deal  \n\nNegotiators met on Thursday.\n")
    assert _read(path).title == "Harbour talks reach a prisoner deal"


def test_plain_text_title_is_not_a_first_sentence(tmp_path):
    path = tmp_path / "lede.txt"
    path.write_text("Negotiators met on Thursday and agreed to exchange prisoners.\n\nMore.\n")
    assert _read(path).title is None


def test_plain_text_text_suffix_and_unknown_suffix_read_as_plain_text(tmp_path):
    for name in ("notes.text", "notes.log"):
        path = tmp_path / name
        path.write_text("# not a heading here\n" + ARTICLE)
        assert _read(path).text.startswith("# not a heading here\n")


MARKDOWN = """\
# Ceasefire talks resume

The **two delegations** met in _Geneva_ on Monday, according to [the mediator](https://example.org/m).
They spoke for `three` hours.

## What was agreed

* an exchange of prisoners
* a hotline between the commanders
  1. staffed day and night
+ a monitoring mission

> Both sides called the meeting useful.

---

Next round in ![a map of](map.png) May.
"""


def test_markdown_renders_headings_paragraphs_and_bullets_as_plain_text(tmp_path):
    path = tmp_path / "talks.md"
    path.write_text(MARKDOWN)
    doc = _read(path)
    assert doc.text == (
        "Ceasefire talks resume\n"
        "\n"
        "The two delegations met in Geneva on Monday, according to the mediator. "
        "They spoke for three hours.\n"
        "\n"
        "What was agreed\n"
        "\n"
        "- an exchange of prisoners\n"
        "- a hotline between the commanders\n"
        "  - staffed day and night\n"
        "- a monitoring mission\n"
        "\n"
        "Both sides called the meeting useful.\n"
        "\n"
        "Next round in a map of May."
    )
    assert doc.title == "Ceasefire talks resume"


def test_markdown_drops_every_markup_symbol(tmp_path):
    path = tmp_path / "talks.markdown"
    path.write_text(MARKDOWN)
    text = _read(path).text
    for symbol in ("#", "**", "_Geneva_", "[", "](", "`", ">", "*", "+", "---", "!"):
        assert symbol not in text, symbol
    assert "https://example.org" not in text


def test_markdown_separates_paragraphs_by_one_blank_line(tmp_path):
    path = tmp_path / "paras.md"
    path.write_text("First paragraph,\nwrapped.\n\n\n\nSecond paragraph.\n\nThird.\n")
    assert _read(path).text == "First paragraph, wrapped.\n\nSecond paragraph.\n\nThird."
