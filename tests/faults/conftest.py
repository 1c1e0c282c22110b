"""Fault tests run the production server (`make run`) on the database this pass tests."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest

from tests.databases import POSTGRES_URL, scratch_postgres_database


@pytest.fixture
def server_env(monkeypatch) -> None:
    """Two workers when Redis is configured (running_app already lifts the upload limit)."""
    if os.environ.get("REFLEX_REDIS_URL"):
        monkeypatch.setenv("GRANIAN_WORKERS", "2")


@pytest.fixture
def server_database_url(tmp_path) -> Iterator[str]:
    """A fresh database on this pass's engine: PostgreSQL in the second pass, else SQLite."""
    with (
        scratch_postgres_database(POSTGRES_URL)
        if POSTGRES_URL
        else contextlib.nullcontext(f"sqlite:///{tmp_path / 'faults.db'}")
    ) as url:
        yield url
