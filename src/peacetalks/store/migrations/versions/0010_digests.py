"""A digest of each fact's sources (counts, confidence, outlets, headline evidence), so that
list views read one row per fact instead of every source behind it.

Facts stored before this revision have none: views compute it from their sources until the
next reconciliation stores it (the reconciler's version changes with this revision).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add facts.digest."""
    with op.batch_alter_table("facts") as batch:
        batch.add_column(sa.Column("digest", sa.JSON, nullable=True))


def downgrade() -> None:
    """Drop facts.digest."""
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("digest")
