"""Actors a reviewer created while correcting a fact, flagged until someone checks them.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create new_actors."""
    op.create_table(
        "new_actors",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fact_key", sa.Text, nullable=False),
    )


def downgrade() -> None:
    """Drop new_actors."""
    op.drop_table("new_actors")
