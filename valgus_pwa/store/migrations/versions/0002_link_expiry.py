"""Links expire: expires_at, set for existing rows to created_at plus the configured lifetime.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from valgus_pwa import settings

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("assessments", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    table = sa.table(
        "assessments",
        sa.column("id", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("expires_at", sa.DateTime(timezone=True)),
    )
    connection = op.get_bind()
    lifetime = settings.current().link_lifetime
    # Row by row keeps the date arithmetic in Python, the same on every database engine.
    for row in connection.execute(sa.select(table.c.id, table.c.created_at)).all():
        connection.execute(
            table.update().where(table.c.id == row.id).values(expires_at=row.created_at + lifetime)
        )
    with op.batch_alter_table("assessments") as batch:
        batch.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_index("ix_assessments_expires_at", ["expires_at"])


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_index("ix_assessments_expires_at")
        batch.drop_column("expires_at")
