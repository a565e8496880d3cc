"""Documents and their extracted items.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create documents and items."""
    op.create_table(
        "documents",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("path", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("publisher", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("kind", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("pipeline", sa.String(32), nullable=False),
        sa.Column("item_count", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "document_id",
            sa.String(16),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.UniqueConstraint("document_id", "kind", "seq", name="uq_items_document_kind_seq"),
    )
    op.create_index("ix_items_kind", "items", ["kind"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index("ix_items_kind", "items")
    op.drop_table("items")
    op.drop_table("documents")
