import contextlib
from collections.abc import Iterator

import pytest

from tests.databases import (  # noqa: F401
    POSTGRES_URL,
    fresh_database,
    postgres_test_url,
    scratch_postgres_database,
)


@pytest.fixture
def empty_database_url(tmp_path, monkeypatch) -> Iterator[str]:
    """A database with no tables at all, on the engine this run tests; the store points at it."""
    with (
        scratch_postgres_database(POSTGRES_URL)
        if POSTGRES_URL
        else contextlib.nullcontext(f"sqlite:///{tmp_path / 'empty.db'}")
    ) as url:
        monkeypatch.setenv("VALGUS_DATABASE_URL", url)
        yield url
