"""Paragraphs and sentences of the clean text: hard line breaks rejoined, list items apart.

Text inside boilerplate spans (found by peacetalks.boilerplate.v1 when it runs first) belongs
to no paragraph, so no later stage reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language

from peacetalks.extract.boilerplate import junk_spans, outside
from peacetalks.model import Claim, ClaimSet, Document, Provenance, Segment, Span
from peacetalks.pipeline import stage

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LIST_ITEM = re.compile(
    r"^\s*(?:[-*\u2022\u2013\u2014]|\d{1,2}[.)]|\d{1,2}\s*[-\u2013\u2014]|\(?[a-z][.)])\s+"
)
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d\u2019)]\s*$")
_CONTENT = re.compile(r"[^\W_]")
_DANGLING_QUOTE = re.compile(r"[.!?]\s+[\"\u201c]")


@lru_cache(maxsize=1)
def english() -> Language:
    """A blank English spaCy pipeline with a sentencizer (built once: ~0.3 s)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


CHUNK_CHARS = 200_000  # spaCy refuses texts over 1,000,000 characters (E088)


def text_chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """The text in pieces of at most about `size` characters, cut at line breaks (else at a
    space), with each piece's offset: names never cross a line, so none is cut in two."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        if cut < 0:
            cut = start + size
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


# Boilerplate is read when present but not required: a pipeline without it still runs.
@stage("peacetalks.paragraphs.v1", provides={"paragraph"})
def find_paragraphs(doc: Document, found: ClaimSet) -> list[Claim]:
    """Paragraphs: runs of text between blank lines, trimmed, with boilerplate cut out."""
    junk = junk_spans(found)
    return [
        _claim(doc, "paragraph", start, end, "peacetalks.paragraphs.v1")
        for bounds in _paragraph_bounds(doc.text)
        for start, end in _trimmed(doc.text, outside(junk, *bounds))
    ]


@stage("peacetalks.sentences.v1", requires={"paragraph"}, provides={"sentence"})
def find_sentences(doc: Document, found: ClaimSet) -> list[Claim]:
    """Sentences of each paragraph; list items and headline lines are sentences of their own."""
    blocks = [
        (start + offset, start + offset + len(piece))
        for claim in found.of_kind("paragraph")
        for start, end in _line_blocks(doc.text, claim.provenance.span)
        # a "paragraph" of a million characters (one long line) is read in pieces
        for offset, piece in text_chunks(doc.text[start:end])
    ]
    claims = []
    nlp = english()
    texts = (doc.text[start:end].replace("\n", " ") for start, end in blocks)
    for (start, _end), parsed in zip(blocks, nlp.pipe(texts), strict=True):
        bounds = []
        for sent in parsed.sents:
            text = sent.text.strip()
            if text:
                s = start + sent.start_char
                bounds.append((s, s + len(text)))
        for s, e in _quotes_opened_ahead(doc.text, bounds):
            claims.append(_claim(doc, "sentence", s, e, "peacetalks.sentences.v1"))
    return claims


def _quotes_opened_ahead(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A quotation mark left dangling at a sentence's end opens the next sentence: the
    sentencizer splits 'rejected. "Any agreement ...' after the mark."""
    fixed = list(bounds)
    for n in range(len(fixed) - 1):
        start, end = fixed[n]
        dangling = _DANGLING_QUOTE.search(text, start, end)
        if dangling is not None and dangling.end() == end:
            fixed[n] = (start, dangling.start() + 1)
            fixed[n + 1] = (end - 1, fixed[n + 1][1])
    return fixed


def _paragraph_bounds(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    for match in [*_BLANK_LINE.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        stripped = chunk.strip()
        if stripped:
            start = position + chunk.index(stripped)
            yield start, start + len(stripped)
        if match:
            position = match.end()


def _trimmed(text: str, pieces: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Each piece without surrounding blanks; pieces with no letter or digit are dropped."""
    for start, end in pieces:
        chunk = text[start:end]
        if not _CONTENT.search(chunk):
            continue
        lead = len(chunk) - len(chunk.lstrip())
        yield start + lead, start + len(chunk.rstrip())


def _line_blocks(text: str, paragraph: Span) -> Iterator[tuple[int, int]]:
    """Lines joined where a sentence runs on; a list item or a headline stands alone."""
    lines = []
    offset = paragraph.start
    for line in paragraph.text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            lines.append((offset + lead, offset + len(line.rstrip())))
        offset += len(line) + 1
    block_start: int | None = None
    block_end = 0
    for start, end in lines:
        line = text[start:end]
        if block_start is not None and _continues(text[block_start:block_end], line):
            block_end = end
            continue
        if block_start is not None:
            yield block_start, block_end
        block_start, block_end = start, end
    if block_start is not None:
        yield block_start, block_end


def _continues(previous: str, line: str) -> bool:
    """True when `line` carries on the sentence of `previous` (a hard break mid-sentence)."""
    if _LIST_ITEM.match(line):
        return False
    if line[:1].islower() or line[:1].isdigit():
        return True
    # A line ending without punctuation followed by a capital is a headline or a heading.
    return not _SENTENCE_END.search(previous) and previous.rstrip().endswith(",")


def _claim(doc: Document, kind: str, start: int, end: int, name: str) -> Claim:
    span = doc.span(start, end)
    return Claim(
        kind="paragraph" if kind == "paragraph" else "sentence",
        value=Segment(span=span),
        provenance=Provenance(doc.id, span, name),
    )
