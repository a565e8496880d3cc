"""Reconciled facts, the documents behind each, and reviews of facts.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create facts, fact_sources, reconciled_documents and reviews."""
    op.create_table(
        "facts",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("block", sa.String(200), nullable=False),
        sa.Column("process", sa.String(64)),
        sa.Column("date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("source_count", sa.Integer, nullable=False),
    )
    op.create_index("ix_facts_kind", "facts", ["kind"])
    op.create_index("ix_facts_block", "facts", ["block"])
    op.create_table(
        "fact_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "fact_key",
            sa.String(200),
            sa.ForeignKey("facts.key", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "document_id",
            sa.String(16),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("item_kind", sa.String(16), nullable=False),
        sa.Column("item_seq", sa.Integer, nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("evidence", sa.JSON, nullable=False),
    )
    op.create_index("ix_fact_sources_fact_key", "fact_sources", ["fact_key"])
    op.create_index("ix_fact_sources_document_id", "fact_sources", ["document_id"])
    op.create_table(
        "reconciled_documents",
        sa.Column(
            "document_id",
            sa.String(16),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("reconciler", sa.String(32), nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fact_key", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),  # 'confirm' | 'correct' | 'reject'
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("reviewer", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_reviews_fact_key", "reviews", ["fact_key"])


def downgrade() -> None:
    """Drop the four tables."""
    op.drop_index("ix_reviews_fact_key", "reviews")
    op.drop_table("reviews")
    op.drop_table("reconciled_documents")
    op.drop_index("ix_fact_sources_document_id", "fact_sources")
    op.drop_index("ix_fact_sources_fact_key", "fact_sources")
    op.drop_table("fact_sources")
    op.drop_index("ix_facts_block", "facts")
    op.drop_index("ix_facts_kind", "facts")
    op.drop_table("facts")
