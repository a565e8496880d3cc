"""Footnotes: every source sentence the report cites, numbered in order of first citation.

A sentence cited twice keeps its first number (one footnote per document and sentence), so a
reader finds each source once in the list at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from peacetalks.analysis.facts import Evidence
from peacetalks.errors import UnknownDocument
from peacetalks.report.content import Footnote, Refs
from peacetalks.store import SqlStore
from peacetalks.store.documents import get_document

LINKED_SCHEMES = ("http", "https")  # a javascript: or file: URL from a page is never linked


class Footnotes:
    """The numbered footnotes of one report, built while its sections cite their evidence."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store
        self._numbers: dict[tuple[str, str], int] = {}
        self._notes: list[Footnote] = []
        self._documents: dict[str, tuple[str | None, str | None]] = {}

    def cite(self, evidence: Iterable[Evidence]) -> Refs:
        """The footnote numbers of these sentences, numbering the ones not cited before.

        One sentence per document: a sentence of it cited already if there is one (fewer
        footnotes to read), else the first given."""
        chosen: dict[str, Evidence] = {}
        for line in evidence:
            held = chosen.get(line.document_id)
            if held is None or (
                (held.document_id, held.text) not in self._numbers
                and (line.document_id, line.text) in self._numbers
            ):
                chosen[line.document_id] = line
        found = set()
        for line in chosen.values():
            key = (line.document_id, line.text)
            number = self._numbers.get(key)
            if number is None:
                number = self._add(line)
                self._numbers[key] = number
            found.add(number)
        return tuple(sorted(found))

    @property
    def store(self) -> SqlStore:
        """The store the cited documents are read from."""
        return self._store

    @property
    def notes(self) -> tuple[Footnote, ...]:
        """Every footnote, by number."""
        return tuple(self._notes)

    def _add(self, line: Evidence) -> int:
        title, url = self._document(line.document_id)
        number = len(self._notes) + 1
        self._notes.append(
            Footnote(
                number=number,
                document_id=line.document_id,
                outlet=line.outlet,
                title=title,
                published=line.published,
                url=url,
                text=line.text,
            )
        )
        return number

    def _document(self, document_id: str) -> tuple[str | None, str | None]:
        """The document's title and its web address (when it has one that can be linked)."""
        if document_id not in self._documents:
            try:
                line = get_document(self._store.engine, document_id).line
            except UnknownDocument:  # a fact outliving its document: cite the outlet only
                self._documents[document_id] = (None, None)
            else:
                self._documents[document_id] = (line.title or None, linkable(line.url))
        return self._documents[document_id]


def linkable(url: str | None) -> str | None:
    """The URL when it is a web address (http or https, with a host), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in LINKED_SCHEMES and parts.netloc else None
