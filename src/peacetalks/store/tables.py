"""The tables peacetalks keeps, one schema for every database backend."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(16), primary_key=True),  # content hash of the clean text
    Column("path", Text),
    Column("url", Text),
    Column("title", Text),
    Column("publisher", Text),
    Column("published", Date),
    Column("kind", String(16)),
    Column("text", Text, nullable=False),
    Column("pipeline", String(32), nullable=False),
    Column("item_count", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "document_id",
        String(16),
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("kind", String(16), nullable=False),  # actors, events, positions, agreements, figures
    Column("seq", Integer, nullable=False),
    Column("payload", JSON, nullable=False),  # the item in its peacetalks/1 JSON form
    UniqueConstraint("document_id", "kind", "seq", name="uq_items_document_kind_seq"),
    Index("ix_items_kind", "kind"),
)
