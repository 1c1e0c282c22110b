"""Keep the request body as received, and remember Idempotency-Keys so retries never duplicate.

trials_gz (the trials re-serialised) becomes upload_gz (the whole request body, gzip); existing
rows are wrapped into the request shape, so exports read both the same way.

Revision ID: 0003
Revises: 0002
"""

import gzip
import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_table = sa.table(
    "assessments",
    sa.column("id", sa.String),
    sa.column("trials_gz", sa.LargeBinary),
    sa.column("upload_gz", sa.LargeBinary),
)


def _rewrite(source: sa.ColumnClause, target: sa.ColumnClause, convert) -> None:
    connection = op.get_bind()
    # One row at a time, so memory stays bounded however many assessments there are.
    for assessment_id in connection.execute(sa.select(_table.c.id)).scalars().all():
        stored = connection.execute(
            sa.select(source).where(_table.c.id == assessment_id)
        ).scalar_one()
        converted = convert(json.loads(gzip.decompress(stored)))
        blob = gzip.compress(json.dumps(converted, separators=(",", ":")).encode(), mtime=0)
        connection.execute(
            _table.update().where(_table.c.id == assessment_id).values({target.name: blob})
        )


def upgrade() -> None:
    op.add_column("assessments", sa.Column("upload_gz", sa.LargeBinary, nullable=True))
    _rewrite(
        _table.c.trials_gz,
        _table.c.upload_gz,
        lambda trials: {"schema_version": 1, "trials": trials},
    )
    with op.batch_alter_table("assessments") as batch:
        batch.alter_column("upload_gz", existing_type=sa.LargeBinary, nullable=False)
        batch.drop_column("trials_gz")
        batch.add_column(sa.Column("idempotency_key_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("request_sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("owner_key_wrapped", sa.LargeBinary(32), nullable=True))
        batch.create_unique_constraint(
            "uq_assessments_idempotency_key_hash", ["idempotency_key_hash"]
        )


def downgrade() -> None:
    op.add_column("assessments", sa.Column("trials_gz", sa.LargeBinary, nullable=True))
    _rewrite(_table.c.upload_gz, _table.c.trials_gz, lambda upload: upload["trials"])
    with op.batch_alter_table("assessments") as batch:
        batch.alter_column("trials_gz", existing_type=sa.LargeBinary, nullable=False)
        batch.drop_constraint("uq_assessments_idempotency_key_hash", type_="unique")
        batch.drop_column("owner_key_wrapped")
        batch.drop_column("request_sha256")
        batch.drop_column("idempotency_key_hash")
        batch.drop_column("upload_gz")
