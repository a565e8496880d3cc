"""PDF: the text layer of every page, refusing encrypted and image-only files."""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from peacetalks.errors import UnreadableDocument

# PDFium marks a hyphen that breaks a word across lines with U+FFFE and drops the line break.
_PDFIUM_HYPHEN = "\ufffe"
# Other line-end hyphens between letters (never digits: "2024-\n2025" is a range).
_HYPHEN_BREAK = re.compile(r"([^\W\d_])-\n([^\W\d_])")


def read_pdf(raw: bytes, path: str) -> str:
    """The text of every page, pages apart by a blank line."""
    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as err:
        message = str(err).lower()
        if "password" in message or "security" in message:  # or an unsupported handler
            raise UnreadableDocument(
                path,
                "the PDF is encrypted",
                "Decrypt it (e.g. qpdf --decrypt IN.pdf OUT.pdf) and ingest it again.",
            ) from err
        raise UnreadableDocument(
            path,
            f"it is not a readable PDF ({str(err).rstrip('.')})",
            "Check that the file is a complete PDF.",
        ) from err
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
    finally:
        pdf.close()
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise UnreadableDocument(
            path,
            "the PDF has no text layer (it is probably a scan)",
            "Run OCR on it first (e.g. ocrmypdf IN.pdf OUT.pdf) and ingest the result.",
        )
    # Words hyphenated across a line break are joined back ("negoti-\nations").
    return _HYPHEN_BREAK.sub(r"\1\2", text.replace(_PDFIUM_HYPHEN, ""))
