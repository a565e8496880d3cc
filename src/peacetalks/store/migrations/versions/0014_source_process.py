"""Each fact source carries its fact's process, and sources are indexed by document, item and
process (replacing the index by document alone, a prefix of it): the search's process facet
and filter read a document's processes from the index instead of joining every source of the
matching documents to its fact (~140 ms for a search's 2,000 newest matches at 100,000
documents), and an item finds the sources it became (its review state) without reading
every source of its document.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add fact_sources.process, fill it from the facts, index (document, item, process)."""
    op.add_column("fact_sources", sa.Column("process", sa.String(64), nullable=True))
    op.execute(
        "UPDATE fact_sources SET process = "
        "(SELECT facts.process FROM facts WHERE facts.key = fact_sources.fact_key)"
    )
    op.create_index(
        "ix_fact_sources_document_item",
        "fact_sources",
        ["document_id", "item_kind", "item_seq", "process"],
    )
    op.drop_index("ix_fact_sources_document_id", "fact_sources")


def downgrade() -> None:
    """Back to the index by document alone, without the column."""
    op.drop_index("ix_fact_sources_document_item", "fact_sources")
    with op.batch_alter_table("fact_sources") as batch:  # SQLite copies the table
        batch.drop_column("process")
    op.create_index("ix_fact_sources_document_id", "fact_sources", ["document_id"])
