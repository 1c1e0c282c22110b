"""Databases for API and store tests: a fresh SQLite file per test, or, when VALGUS_DATABASE_URL
names a PostgreSQL server, a database of this run's own there, emptied before each test."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from valgus_pwa.store import assessments

POSTGRES_URL = (
    os.environ.get("VALGUS_DATABASE_URL", "")
    if os.environ.get("VALGUS_DATABASE_URL", "").startswith("postgresql")
    else ""
)


@contextlib.contextmanager
def scratch_postgres_database(server_url: str) -> Iterator[str]:
    """Create a uniquely named database on the server of server_url; drop it afterwards."""
    server = sa.engine.make_url(server_url)
    name = f"valgus_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        # Stores cached for this database keep pooled connections; FORCE closes them.
        assessments._store_for.cache_clear()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_test_url() -> Iterator[str]:
    """This run's own PostgreSQL database, or "" when the tests run on SQLite."""
    if not POSTGRES_URL:
        yield ""
        return
    with scratch_postgres_database(POSTGRES_URL) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_database(postgres_test_url, tmp_path, monkeypatch) -> str:
    """Point the store at an empty database for this test and return its URL."""
    if not postgres_test_url:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    else:
        url = postgres_test_url
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            if sa.inspect(connection).has_table("assessments"):
                connection.execute(sa.text("DELETE FROM assessments"))
        engine.dispose()
    monkeypatch.setenv("VALGUS_DATABASE_URL", url)
    return url
