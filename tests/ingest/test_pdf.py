"""PDF files -> the text layer of every page; scans, encrypted and broken files are refused."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from peacetalks.errors import UnreadableDocument
from peacetalks.ingest import Source, read_document
from tests.ingest.conftest import build_pdf

PAGE_ONE = ["Harbour talks reach a prisoner deal", "Negotiators met on Thursday (day three)."]
PAGE_TWO = ["The mediator will supervise the exchange."]


def _write(tmp_path, name, raw):
    path = tmp_path / name
    path.write_bytes(raw)
    return Source(name=str(path), location=path)


def _refusal(source):
    with pytest.raises(UnreadableDocument) as caught:
        read_document(source)
    return caught.value


def test_pdf_builder_makes_a_file_pdfium_opens_without_repairs():
    raw = build_pdf([PAGE_ONE, PAGE_TWO])
    assert raw.startswith(b"%PDF-1.4\n")
    xref_at = int(raw.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert raw[xref_at:].startswith(b"xref\n0 8\n")  # catalog, pages, font, 2 x (page, stream)
    entries = raw[xref_at:].split(b"\n")[3:10]
    for num, entry in enumerate(entries, 1):
        assert raw[int(entry[:10]) :].startswith(b"%d 0 obj\n" % num)
    pdf = pdfium.PdfDocument(raw)
    try:
        assert len(pdf) == 2
    finally:
        pdf.close()


def test_pdf_text_comes_out_with_pages_apart_by_a_blank_line(tmp_path):
    doc = read_document(_write(tmp_path, "talks.pdf", build_pdf([PAGE_ONE, PAGE_TWO])))
    assert doc.text == "\n".join(PAGE_ONE) + "\n\n" + "\n".join(PAGE_TWO)
    assert doc.title == "Harbour talks reach a prisoner deal"


def test_pdf_is_recognised_by_content_whatever_the_suffix(tmp_path):
    doc = read_document(_write(tmp_path, "talks.txt", build_pdf([PAGE_TWO])))
    assert doc.text == PAGE_TWO[0]


def test_pdf_skips_a_blank_page_between_text_pages(tmp_path):
    doc = read_document(_write(tmp_path, "gap.pdf", build_pdf([PAGE_ONE, [], PAGE_TWO])))
    assert doc.text.split("\n\n") == ["\n".join(PAGE_ONE), PAGE_TWO[0]]


def test_pdf_joins_words_hyphenated_across_lines(tmp_path):
    raw = build_pdf([["The negoti-", "ations went on; a well-known mediator led them."]])
    doc = read_document(_write(tmp_path, "hyphen.pdf", raw))
    assert doc.text == "The negotiations went on; a well-known mediator led them."


def test_pdf_keeps_a_number_range_broken_across_lines(tmp_path):
    raw = build_pdf([["The truce held through the winter of 2024-", "2025, the envoy said."]])
    doc = read_document(_write(tmp_path, "range.pdf", raw))
    assert "2024-\n2025" in doc.text


def test_pdf_without_a_text_layer_is_refused(tmp_path):
    source = _write(tmp_path, "scan.pdf", build_pdf([[], []]))
    err = _refusal(source)
    assert err.path == source.name
    assert "no text layer" in str(err)
    assert "ocrmypdf" in err.fix


def test_pdf_encrypted_is_refused(tmp_path):
    raw = build_pdf([PAGE_ONE], user_password="s3cret")
    pdf = pdfium.PdfDocument(raw, password="s3cret")  # the file is sound: the password opens it
    try:
        assert pdf[0].get_textpage().get_text_range().startswith(PAGE_ONE[0])
    finally:
        pdf.close()
    source = _write(tmp_path, "locked.pdf", raw)
    err = _refusal(source)
    assert str(err).startswith(f"Cannot read {source.name}: the PDF is encrypted")
    assert "qpdf --decrypt" in err.fix


def test_pdf_with_an_unsupported_security_handler_is_refused_as_encrypted(tmp_path):
    raw = build_pdf([PAGE_ONE], user_password="s3cret").replace(b"/Standard", b"/FOPN_fow")
    assert "encrypted" in _refusal(_write(tmp_path, "drm.pdf", raw)).reason


@pytest.mark.parametrize(
    "raw",
    [
        build_pdf([PAGE_ONE])[:150],  # cut off in the middle of the objects
        b"%PDF-1.4\nthis is not really a PDF at all\n",
        b"GIF89a and then some garbage bytes \xff\xfe\x00\x01",
        b"",
    ],
    ids=["truncated", "header-only", "garbage", "empty"],
)
def test_pdf_broken_file_is_refused_with_a_clear_message(tmp_path, raw):
    source = _write(tmp_path, "broken.pdf", raw)
    err = _refusal(source)
    assert err.path == source.name
    assert "not a readable PDF" in err.reason
    assert "Check that the file is a complete PDF" in err.fix
    assert ".)" not in str(err)


def test_pdf_with_too_many_pages_is_refused_with_the_limit(tmp_path, cli):
    import io

    import pypdfium2 as pdfium

    from peacetalks.ingest.pdf import MAX_PAGES

    pdf = pdfium.PdfDocument.new()
    for _ in range(MAX_PAGES + 1):
        pdf.new_page(200, 200)
    buffer = io.BytesIO()
    pdf.save(buffer)
    path = tmp_path / "huge.pdf"
    path.write_bytes(buffer.getvalue())
    result = cli("extract", str(path), "--backend", "rules")
    assert result.exit_code == 2
    assert f"over the limit of {MAX_PAGES:,}" in result.stderr


def test_pdf_whose_text_expands_past_the_limit_is_refused(tmp_path, monkeypatch):
    import peacetalks.ingest.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "MAX_CHARS", 40)
    refusal = _refusal(_write(tmp_path, "bomb.pdf", build_pdf([PAGE_ONE, PAGE_TWO])))
    assert "passes 40 characters by page 1" in str(refusal)
