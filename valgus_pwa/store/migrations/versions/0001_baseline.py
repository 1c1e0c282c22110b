"""Baseline: the assessments table as the store first created it.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def baseline_columns() -> list[sa.Column]:
    """The columns of the first table; the migration tests build a pre-migration database from
    them, so that it is exactly this one."""
    return [
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("owner_key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.JSON, nullable=True),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("trials_gz", sa.LargeBinary, nullable=False),
    ]


def upgrade() -> None:
    op.create_table("assessments", *baseline_columns())


def downgrade() -> None:
    op.drop_table("assessments")
