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
    Column("copy_of", String(16)),  # a near-duplicate of this earlier document (store/copies.py)
    Index("ix_documents_publisher", "publisher"),
    # and ix_documents_newest (published DESC, ingested_at DESC, id): revision 0012, per dialect
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

# Reconciled facts (revision 0002). A fact's key is deterministic (same documents, same key), and
# reconciliation replaces whole blocks of facts; reviews are never touched by it, and they refer
# to a fact by key only (no foreign key), so a review outlives any re-reconciliation.
facts = Table(
    "facts",
    metadata,
    Column("key", String(200), primary_key=True),  # e.g. position:russia:territory:<hash>
    Column("kind", String(16), nullable=False),  # actor, event, position, agreement, figure, ...
    Column("block", String(200), nullable=False),  # the match block; replaced as a whole
    Column("process", String(64)),  # e.g. russia-ukraine
    Column("date", Date),
    Column("end_date", Date),
    Column("payload", JSON, nullable=False),  # the merged fact
    Column("source_count", Integer, nullable=False),
    Column("digest", JSON),  # model.facts.make_digest: what list views show of the sources
    # What the fact was folded from and its digest's state (reconcile/folds.py): new sources
    # merge into it without the earlier ones being read. Only reconciliation reads it.
    Column("state", JSON),
    Index("ix_facts_kind", "kind"),
    Index("ix_facts_block", "block"),
)

# What readers select of a fact: every column but the state only reconciliation reads.
FACT_COLUMNS = tuple(c for c in facts.c if c.name != "state")

fact_sources = Table(
    "fact_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fact_key", String(200), ForeignKey("facts.key", ondelete="CASCADE"), nullable=False),
    Column(
        "document_id",
        String(16),
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("item_kind", String(16), nullable=False),
    Column("item_seq", Integer, nullable=False),
    Column("value", JSON),  # what this source said, when it differs between sources
    Column("evidence", JSON, nullable=False),  # [{start, end, text}]
    # The fact's process (0014), so that a document's processes are read from one index.
    Column("process", String(64)),
    Index("ix_fact_sources_fact_key", "fact_key"),
    Index("ix_fact_sources_document_item", "document_id", "item_kind", "item_seq", "process"),
)

reconciled_documents = Table(
    "reconciled_documents",
    metadata,
    Column(
        "document_id",
        String(16),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("reconciler", String(32), nullable=False),  # version of the rules that reconciled it
)

# Actors a reviewer created while correcting a fact (0007): flagged until someone checks them.
new_actors = Table(
    "new_actors",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("created_by", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("fact_key", Text, nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fact_key", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("action", Text, nullable=False),  # 'confirm' | 'correct' | 'reject'
    Column("before", JSON),
    Column("after", JSON),
    Column("reviewer", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
    Index("ix_reviews_fact_key", "fact_key"),
)

# Writes the data version's counts cannot see (0013): a document re-dated. One row per write
# transaction; the data version counts them (a count rises with every commit, in commit order).
data_changes = Table(
    "data_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("what", String(32), nullable=False),  # e.g. "redate"
    Column("at", DateTime(timezone=True), nullable=False),
)
