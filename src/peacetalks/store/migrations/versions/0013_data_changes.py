"""A row per write that the counts of the data version cannot see (a document re-dated: its
metadata and items replaced, its facts rebuilt to the same number), so that answers cached for
the old data are not served for the new.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The data_changes table."""
    op.create_table(
        "data_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("what", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_table("data_changes")
