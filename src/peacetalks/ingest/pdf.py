"""PDF: the text layer of every page, refusing encrypted and image-only files."""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from peacetalks.errors import UnreadableDocument

# Bounds on what one PDF may expand to (--max-size bounds the file, not its text).
MAX_PAGES = 2_000
MAX_CHARS = 20_000_000
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
        if len(pdf) > MAX_PAGES:
            raise UnreadableDocument(
                path,
                f"it has {len(pdf):,} pages, over the limit of {MAX_PAGES:,}",
                "Split it (e.g. qpdf IN.pdf --pages . 1-1000 -- OUT.pdf) and ingest the parts.",
            )
        pages = []
        size = 0
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
            size += len(pages[-1])
            if size > MAX_CHARS:  # a small file whose streams expand without end
                raise UnreadableDocument(
                    path,
                    f"its text passes {MAX_CHARS:,} characters by page {index + 1}",
                    "Split it and ingest the parts; a small file with this much text is "
                    "usually built to exhaust memory.",
                )
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
