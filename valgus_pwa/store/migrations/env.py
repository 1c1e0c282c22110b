"""Alembic environment: migrates the connection the store hands over, or VALGUS_DATABASE_URL."""

import sqlalchemy as sa
from alembic import context

from valgus_pwa.store.schema import metadata


def _run(connection: sa.Connection) -> None:
    # Batch mode lets SQLite, which cannot alter columns in place, take the same migrations.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if _connection is not None:
    _run(_connection)
else:
    from valgus_pwa import settings

    with sa.create_engine(settings.current().database_url).begin() as _own_connection:
        _run(_own_connection)
