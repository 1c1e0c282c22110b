import contextlib
from collections.abc import Iterator

import pytest

from tests.databases import (  # noqa: F401
    POSTGRES_URL,
    fresh_database,
    postgres_test_url,
    scratch_postgres_database,
)
from valgus_pwa import settings


@pytest.fixture(autouse=True)
def settings_of_this_test(fresh_database) -> Iterator[None]:  # noqa: F811  (imported fixture)
    """The store reads the database URL this test set, not one cached before."""
    settings.current.cache_clear()
    yield
    settings.current.cache_clear()


@pytest.fixture
def empty_database_url(tmp_path, monkeypatch) -> Iterator[str]:
    """A database with no tables at all, on the engine this run tests; the store points at it."""
    with (
        scratch_postgres_database(POSTGRES_URL)
        if POSTGRES_URL
        else contextlib.nullcontext(f"sqlite:///{tmp_path / 'empty.db'}")
    ) as url:
        monkeypatch.setenv("VALGUS_DATABASE_URL", url)
        settings.current.cache_clear()
        yield url
