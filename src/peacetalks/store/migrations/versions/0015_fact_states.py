"""Facts keep the state they were folded from (reconcile/folds.py), so that an incremental
reconcile merges new sources into a position or actor fact without reading the sources it
already has. Facts stored before have none: their blocks are made again from their sources
the next time a new document touches them, and keep a state from then on.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add facts.state."""
    op.add_column("facts", sa.Column("state", sa.JSON(), nullable=True))


def downgrade() -> None:
    """Drop facts.state. In place on SQLite too (3.35 and later drop a column): the copy a
    batch operation makes would drop the old facts table, and with it, by its foreign key,
    every fact source."""
    op.execute("ALTER TABLE facts DROP COLUMN state")
