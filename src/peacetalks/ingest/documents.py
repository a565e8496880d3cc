"""Reading one source into a Document: format by suffix or content, checks, content-hash id."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import sys
from typing import BinaryIO

from peacetalks.errors import UnreadableDocument
from peacetalks.ingest.dating import published_in
from peacetalks.ingest.fetch import fetch_url, too_large
from peacetalks.ingest.sources import STDIN, Source
from peacetalks.ingest.text import clean_plain_text, decode_text, markdown_to_text
from peacetalks.model import Document

MAX_BYTES = 20_000_000
# Function words that make up a tenth or more of any English running text.
# fmt: off
_ENGLISH = frozenset((
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by", "was",
    "were", "at", "from", "has", "have", "had", "be", "been", "it", "its", "are", "this",
    "which", "said", "not", "or", "but", "will", "would", "an", "their", "they", "he", "his",
))
# fmt: on
_WORD = re.compile(r"[^\W\d_]+")


def read_document(
    source: Source, *, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None
) -> Document:
    """The Document for `source`, or UnreadableDocument saying why not and what to do."""
    if source.problem:
        raise UnreadableDocument(source.name, source.reason, source.problem)
    raw, hint = _read_raw(source, max_bytes=max_bytes, stdin=stdin)
    try:
        text, meta = _to_text(raw, hint, source.name)
    except UnreadableDocument:
        raise
    except Exception as err:  # RecursionError and MemoryError included
        # A parser's own failure on a file built to break it (nesting past the recursion
        # limit, memory exhausted): that file is skipped, the batch goes on.
        raise UnreadableDocument(
            source.name,
            f"its parser failed ({type(err).__name__}: {str(err)[:200]})",
            "If the file is genuine, save its text as .txt and ingest that; please report it.",
        ) from err
    # A stray NUL deep in a text file (or from a PDF's text layer) is noise, and PostgreSQL
    # refuses it in text columns; files that start binary were refused in decode_text.
    text = text.replace("\x00", "")
    published = meta.get("published")
    if not text.strip():
        raise UnreadableDocument(
            source.name, "it is empty (no text after cleaning)", "Check that it holds the article."
        )
    _check_english(text, source.name)
    return Document(
        id=content_id(text),
        text=text,
        path=source.name if source.url is None or source.location else source.url,
        url=source.url or _text(meta.get("url")),
        title=source.title or _text(meta.get("title")) or _headline(text),
        publisher=source.publisher or _text(meta.get("publisher")),
        published=source.published
        or (published if isinstance(published, dt.date) else None)
        or published_in(text, source.url or _text(meta.get("url"))),
        kind=source.kind,
    )


def content_id(text: str) -> str:
    """The document id: the first 16 hex digits of the SHA-256 of its clean text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _read_raw(source: Source, *, max_bytes: int, stdin: BinaryIO | None) -> tuple[bytes, str]:
    """The bytes of the source and a format hint (a suffix or a content type)."""
    if source.name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = stream.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise too_large(STDIN, max_bytes)
        return raw, ""
    if source.location is None and source.url:
        try:
            raw, content_type = fetch_url(source.url, max_bytes=max_bytes)
        except ValueError as err:  # urllib: "Invalid IPv6 URL" and the like
            raise UnreadableDocument(
                source.name, f"it is not a valid URL ({err})", "Check the address."
            ) from err
        return raw, content_type
    path = source.location
    assert path is not None  # a Source has a location or a url (built in sources.py)
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # missing or unreadable: opening it below says which
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # Opening a FIFO would block until something writes to it; a device never ends.
        raise UnreadableDocument(
            source.name,
            "it is not a regular file (a FIFO, socket or device)",
            "Give regular files; copy the data into a file first.",
        )
    try:
        # Opened before its size is checked, so that a folder is reported as one.
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                raise too_large(source.name, max_bytes)
            return handle.read(max_bytes + 1), path.suffix.lower()
    except FileNotFoundError as err:
        raise UnreadableDocument(
            source.name, "no such file", "Check the path (it is relative to where you run)."
        ) from err
    except IsADirectoryError as err:
        raise UnreadableDocument(
            source.name, "it is a folder", "Pass the folder itself to read every file in it."
        ) from err
    except PermissionError as err:
        raise UnreadableDocument(
            source.name, "permission denied", "Make the file readable (chmod +r)."
        ) from err
    except OSError as err:  # a symlink loop, a name too long, an I/O error
        raise UnreadableDocument(
            source.name,
            f"it cannot be opened ({err.strerror or err})",
            "Check the path: a symbolic link may point to itself or to nothing.",
        ) from err


def _to_text(raw: bytes, hint: str, name: str) -> tuple[str, dict[str, object]]:
    # The HTML and PDF readers are imported when met: their libraries (trafilatura, pypdf)
    # take ~0.15 s to import, which a run over text files need not pay.
    if hint in (".pdf", "application/pdf") or raw.startswith(b"%PDF-"):
        from peacetalks.ingest.pdf import read_pdf

        return read_pdf(raw, name), {}
    text = decode_text(raw, name)
    if hint in (".html", ".htm", ".xhtml", "text/html", "application/xhtml+xml") or (
        not hint and _looks_like_html(text)
    ):
        from peacetalks.ingest.html import read_html

        page = read_html(text, name)
        return page.text, {
            "title": page.title,
            "publisher": page.publisher,
            "published": page.published,
            "url": page.url,
        }
    if hint in (".md", ".markdown", "text/markdown"):
        return markdown_to_text(text), {}
    return clean_plain_text(text), {}


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _check_english(text: str, name: str) -> None:
    words = _WORD.findall(text[:20000].lower())
    if len(words) < 30:
        return  # too short to judge; a headline-only note is still worth keeping
    share = sum(w in _ENGLISH for w in words) / len(words)
    if share < 0.08:
        raise UnreadableDocument(
            name,
            f"it does not look like English (only {share:.0%} of its words are common "
            "English words)",
            "peacetalks reads English; translate the document first and ingest the translation.",
        )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _headline(text: str) -> str | None:
    first = text.lstrip().split("\n", 1)[0].strip()
    if 0 < len(first) <= 200 and not first.endswith("."):
        return first
    return None
