from collections.abc import Callable

import httpx
import pytest

from tests.databases import fresh_database, postgres_test_url  # noqa: F401  (fixtures)
from valgus_pwa import settings
from valgus_pwa.api.app import api_app
from valgus_pwa.api.ratelimit import limiter_for

Configure = Callable[..., None]


@pytest.fixture(autouse=True)
def no_upload_limit(fresh_database, monkeypatch):  # noqa: F811  (the fixture, imported above)
    """Most tests post many times; the limit has its own tests, which set it."""
    monkeypatch.setenv("VALGUS_POST_RATE_LIMIT", "0")
    limiter_for.cache_clear()
    settings.current.cache_clear()  # read the test's database and limit
    yield
    settings.current.cache_clear()


@pytest.fixture
def configure(monkeypatch) -> Configure:
    """Set environment variables (None unsets one) and have the app read its settings again."""

    def apply(**variables: str | None) -> None:
        for name, value in variables.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        settings.current.cache_clear()

    return apply


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=api_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
