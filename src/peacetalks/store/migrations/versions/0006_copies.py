"""Near-duplicate documents: each new document's MinHash bands, and the original it copies.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add documents.copy_of; create document_signatures and document_bands."""
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("copy_of", sa.String(16), nullable=True))
    op.create_table(
        "document_signatures",
        sa.Column(
            "document_id",
            sa.String(16),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "document_bands",
        sa.Column("band", sa.SmallInteger, nullable=False),
        sa.Column("hash", sa.String(16), nullable=False),
        sa.Column(
            "document_id",
            sa.String(16),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index("ix_document_bands_band_hash", "document_bands", ["band", "hash"])


def downgrade() -> None:
    """Drop what upgrade made."""
    op.drop_index("ix_document_bands_band_hash", table_name="document_bands")
    op.drop_table("document_bands")
    op.drop_table("document_signatures")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("copy_of")
