"""Reading stored documents back: a page of them, one with its items (search: store/search.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Engine, RowMapping

from peacetalks.errors import UnknownDocument
from peacetalks.store.tables import documents, fact_sources, items

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])

# The columns a listing needs: never the clean text, which is most of a row's bytes.
LISTED = (
    documents.c.id,
    documents.c.title,
    documents.c.path,
    documents.c.url,
    documents.c.publisher,
    documents.c.published,
    documents.c.kind,
    documents.c.item_count,
    documents.c.ingested_at,
)


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """Which documents a listing or search keeps; None means any."""

    publisher: str | None = None
    kind: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One stored document as a listing shows it (no text)."""

    id: str
    title: str
    publisher: str | None
    published: dt.date | None
    kind: str | None
    item_count: int
    url: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "kind": self.kind,
            "item_count": self.item_count,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class StoredItem:
    """One extracted item of a document: its kind, its place in the record, its JSON."""

    document_id: str
    kind: str
    seq: int
    payload: dict[str, Any]

    @property
    def ref(self) -> str:
        """A stable name for the item within the store: document/kind/seq."""
        return f"{self.document_id}/{self.kind}/{self.seq}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "ref": self.ref,
            "document_id": self.document_id,
            "kind": self.kind,
            "seq": self.seq,
            "item": self.payload,
        }


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document with its clean text and every item extracted from it."""

    line: DocumentLine
    text: str
    items: list[StoredItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            **self.line.to_dict(),
            "text": self.text,
            "items": [item.to_dict() for item in self.items],
        }


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """A slice of a longer list, and how long the list is; `more`: the list goes on past
    `total`, which only counts what was looked at (a search ranks a window of its matches)."""

    entries: list[T]
    total: int
    limit: int
    offset: int
    more: bool = False


def list_documents(
    engine: Engine, rules: DocumentFilter, *, limit: int = 50, offset: int = 0
) -> Page[DocumentLine]:
    """Documents newest first (publication date, then ingestion), filtered by `rules`."""
    query = _filtered(select(*LISTED), rules)
    order = (
        documents.c.published.desc().nulls_last(),
        documents.c.ingested_at.desc(),
        documents.c.id,
    )
    with engine.connect() as connection:
        total = connection.execute(_filtered(select(func.count()), rules)).scalar_one()
        rows = connection.execute(query.order_by(*order).limit(limit).offset(offset)).mappings()
        return Page([document_line(row) for row in rows], int(total), limit, offset)


def get_document(engine: Engine, doc_id: str) -> StoredDocument:
    """The document with this id, its text and items; UnknownDocument when there is none."""
    with engine.connect() as connection:
        row = (
            connection.execute(select(*LISTED, documents.c.text).where(documents.c.id == doc_id))
            .mappings()
            .first()
        )
        if row is None:
            raise UnknownDocument(doc_id)
        found = connection.execute(
            select(items.c.kind, items.c.seq, items.c.payload)
            .where(items.c.document_id == doc_id)
            .order_by(items.c.kind, items.c.seq)
        ).all()
    stored = [StoredItem(doc_id, kind, seq, payload) for kind, seq, payload in found]
    return StoredDocument(document_line(row), row["text"], stored)


def fact_keys_of(engine: Engine, doc_id: str) -> dict[tuple[str, int], str]:
    """Which fact each item of a document became, by (item kind, seq); empty before reconciling."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(fact_sources.c.item_kind, fact_sources.c.item_seq, fact_sources.c.fact_key)
            .where(fact_sources.c.document_id == doc_id)
            .order_by(fact_sources.c.id)
        ).all()
    keys: dict[tuple[str, int], str] = {}
    for kind, seq, key in rows:
        # items.kind is plural ("positions"); accept the singular too.
        plural = kind if kind.endswith("s") else f"{kind}s"
        keys.setdefault((plural, int(seq)), key)
    return keys


def publishers(engine: Engine) -> list[tuple[str, int]]:
    """Each publisher and how many documents it has, most first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(documents.c.publisher, func.count())
            .where(documents.c.publisher.is_not(None))
            .group_by(documents.c.publisher)
            .order_by(func.count().desc(), documents.c.publisher)
        ).all()
    return [(str(name), int(n)) for name, n in rows]


def _filtered(query: S, rules: DocumentFilter) -> S:
    query = query.select_from(documents)
    if rules.publisher is not None:
        query = query.where(documents.c.publisher == rules.publisher)
    if rules.kind is not None:
        query = query.where(documents.c.kind == rules.kind)
    if rules.since is not None:
        query = query.where(documents.c.published >= rules.since)
    if rules.until is not None:
        query = query.where(documents.c.published <= rules.until)
    return query


def document_line(row: RowMapping) -> DocumentLine:
    """A listing's line from a row holding the LISTED columns."""
    return DocumentLine(
        id=row["id"],
        title=row["title"] or row["path"] or row["url"] or row["id"],
        publisher=row["publisher"],
        published=row["published"],
        kind=row["kind"],
        item_count=row["item_count"],
        url=row["url"],
    )
