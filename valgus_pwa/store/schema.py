"""The tables at the newest migration, and bringing any database up to it with Alembic.

Run `python -m valgus_pwa.store.schema` to migrate the configured database ahead of a deploy;
the store also migrates on first use, under a lock, so several workers can start at once.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The schema that `metadata.create_all` made before migrations existed; such a database is
# stamped with this revision and then upgraded, so no data is ever wiped.
BASELINE_REVISION = "0001"
# Any constant shared by all workers: it names the PostgreSQL advisory lock of migrations.
_POSTGRES_MIGRATION_LOCK = 0x56414C47

metadata = sa.MetaData()
assessments_table = sa.Table(
    "assessments",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("owner_key_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),  # received, UTC
    # When the phone recorded the test, as the upload said (UTC); null when it did not say.
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("subject", sa.JSON, nullable=True),
    sa.Column("report", sa.JSON, nullable=False),
    # The request body exactly as received, gzip-compressed: keypoints are read only for exports.
    sa.Column("upload_gz", sa.LargeBinary, nullable=False),
    # Set when the POST carried an Idempotency-Key; see assessments.py for how a retry is answered.
    sa.Column("idempotency_key_hash", sa.String(64), nullable=True),
    sa.Column("request_sha256", sa.String(64), nullable=True),
    sa.Column("owner_key_wrapped", sa.LargeBinary(32), nullable=True),
    sa.UniqueConstraint("idempotency_key_hash", name="uq_assessments_idempotency_key_hash"),
)


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Alembic settings pointing at our migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@contextlib.contextmanager
def _migration_lock(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction that only one process at a time holds while it migrates."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_POSTGRES_MIGRATION_LOCK)))
            yield connection
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        with engine.begin() as connection:
            yield connection
        return
    with open(f"{database}.migrate-lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        with engine.begin() as connection:
            yield connection


def upgrade_to_head(engine: sa.Engine) -> None:
    """Create or migrate the tables to the newest revision, adopting a pre-migration database."""
    with _migration_lock(engine) as connection:
        tables = set(sa.inspect(connection).get_table_names())
        config = alembic_config(connection)
        if "assessments" in tables and "alembic_version" not in tables:
            command.stamp(config, BASELINE_REVISION)
        command.upgrade(config, "head")


if __name__ == "__main__":
    from valgus_pwa import settings

    url = settings.current().database_url
    upgrade_to_head(sa.create_engine(url))
    print(f"migrated {sa.engine.make_url(url).render_as_string(hide_password=True)} to head")
