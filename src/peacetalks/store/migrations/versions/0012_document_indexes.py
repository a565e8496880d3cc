"""Indexes for the document list and its facets: newest first without sorting every document,
publishers counted from an index (both read every row of `documents`, texts and all, before).

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The list's order (store/documents.py: published newest first, undated last, then
    ingested newest first, then id) as an index, and one on the publisher."""
    # SQLite puts NULLs last in descending order and takes no NULLS LAST in an index;
    # PostgreSQL puts them first unless told.
    nulls = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    op.execute(
        f"CREATE INDEX ix_documents_newest ON documents (published DESC{nulls}, "
        "ingested_at DESC, id)"
    )
    op.create_index("ix_documents_publisher", "documents", ["publisher"])


def downgrade() -> None:
    """Drop both indexes."""
    op.drop_index("ix_documents_publisher", "documents")
    op.drop_index("ix_documents_newest", "documents")
