"""Keep the band hashes of originals only: copies are never candidates, and their bands made
every lookup of a much-copied story scan all its copies (storing grew as n^1.8).

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Drop the band rows of documents that are copies."""
    op.execute(
        "DELETE FROM document_bands WHERE document_id IN "
        "(SELECT id FROM documents WHERE copy_of IS NOT NULL)"
    )


def downgrade() -> None:
    """Nothing to restore: the bands of copies were never read."""
