"""When the phone recorded the test: recorded_at, from the upload; null for older uploads.

Uploads stored before it carry no capture time (their clients did not send one), so existing
rows keep null and are shown with the time they were received.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "assessments", sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("recorded_at")
