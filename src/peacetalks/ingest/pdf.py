"""PDF: the text layer of every page, refusing encrypted and image-only files."""

from __future__ import annotations

import re
import zlib

import pypdfium2 as pdfium

from peacetalks.errors import UnreadableDocument

# Bounds on what one PDF may expand to (--max-size bounds the file, not its text).
MAX_PAGES = 2_000
MAX_CHARS = 20_000_000
# What its compressed streams may inflate to, together, checked before PDFium parses anything:
# a 1 MB file of deflated zeros inflates to about a gigabyte, and PDFium holds a page's whole
# content stream in memory.
MAX_INFLATED = 300_000_000
_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 20
# PDFium marks a hyphen that breaks a word across lines with U+FFFE and drops the line break.
_PDFIUM_HYPHEN = "\ufffe"
# Other line-end hyphens between letters (never digits: "2024-\n2025" is a range).
_HYPHEN_BREAK = re.compile(r"([^\W\d_])-\n([^\W\d_])")


def read_pdf(raw: bytes, path: str) -> str:
    """The text of every page, pages apart by a blank line."""
    inflated = inflated_size(raw, MAX_INFLATED)
    if inflated > MAX_INFLATED:
        raise UnreadableDocument(
            path,
            f"its compressed streams inflate to over {MAX_INFLATED // 1_000_000:,} MB "
            f"(the file is {len(raw):,} bytes)",
            "A PDF that expands this much is built to exhaust memory; if it is genuine, "
            "print its text to a .txt file (pdftotext) and ingest that.",
        )
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


def inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes the file's zlib-compressed streams inflate to, counted up to `limit`
    (and a chunk past it), never holding more than a chunk of output at a time."""
    total = 0
    view = memoryview(raw)
    for match in _STREAM.finditer(raw):
        start = match.end()
        if raw[start : start + 1] != b"x":  # a zlib stream (FlateDecode) starts with 0x78
            continue
        inflater = zlib.decompressobj()
        at = start
        try:
            while at < len(raw) and not inflater.eof and total <= limit:
                chunk = view[at : at + _CHUNK]
                at += len(chunk)
                total += len(inflater.decompress(chunk, _CHUNK))
                while inflater.unconsumed_tail and total <= limit:
                    total += len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
        except zlib.error:
            continue  # not zlib after all, or truncated: PDFium will judge the file
        if total > limit:
            break
    return total
