"""Plain text and Markdown: bytes -> clean text, refusing binary, undecodable and empty input."""

from __future__ import annotations

import codecs
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from peacetalks.errors import UnreadableDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return and form feed mark binary files.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode_text(raw: bytes, path: str) -> str:
    """UTF-8 (or UTF-16, with a BOM or recognisably without) text with newlines normalised;
    binary input is refused."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    if encoding == "utf-8" and b"\x00" in raw[:8192]:
        encoding = _utf16_without_bom(raw[:8192]) or encoding
    if encoding == "utf-8" and b"\x00" in raw[:8192]:
        raise UnreadableDocument(
            path,
            "it is a binary file, not text (it holds NUL bytes)",
            "Ingest text, Markdown, HTML or PDF files; convert other formats to one of these.",
        )
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise UnreadableDocument(
            path,
            f"it is not valid {encoding.upper()} (byte {err.start} cannot be decoded)",
            "Convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8.",
        ) from err
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise UnreadableDocument(
            path,
            "it looks binary (it holds many control characters)",
            "Ingest text, Markdown, HTML or PDF files; convert other formats to one of these.",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text written in UTF-16 without a byte-order mark: NUL
    in nearly every other byte, printable ASCII in the rest (as English in UTF-16 is)."""
    if len(head) < 64:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, chars, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        nul = zeros.count(0) / len(zeros)
        printable = sum(32 <= c < 127 or c in (9, 10, 13) for c in chars) / len(chars)
        if nul > 0.9 and printable > 0.9:
            return name
    return None


def clean_plain_text(text: str) -> str:
    """Plain text as the product keeps it: as read, less trailing blanks (offsets stay valid)."""
    return text.rstrip()


def markdown_to_text(source: str) -> str:
    """Markdown rendered as plain text: blocks apart by blank lines, list items as '- item'."""
    tokens = MarkdownIt("commonmark").parse(source)
    blocks: list[str] = []
    prefix: list[str] = []
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            prefix.append("- ")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
        elif token.type == "inline":
            line = _inline_text(token)
            blocks.append(("  " * (len(prefix) - 1) + prefix[-1] if prefix else "") + line)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip())
    return _join_blocks(blocks)


def _join_blocks(blocks: list[str]) -> str:
    """Blocks apart by a blank line, except consecutive list items, which stay one per line."""
    out: list[str] = []
    for block in blocks:
        if out and not (block.lstrip().startswith("- ") and out[-1].lstrip().startswith("- ")):
            out.append("\n")
        elif out:
            out.append("")
        out.append(block + "\n")
    return "".join(out).rstrip()


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()
