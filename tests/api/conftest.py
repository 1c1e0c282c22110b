import httpx
import pytest

from tests.databases import fresh_database, postgres_test_url  # noqa: F401  (fixtures)
from valgus_pwa.api.app import api_app
from valgus_pwa.api.ratelimit import limiter_for


@pytest.fixture(autouse=True)
def no_upload_limit(monkeypatch):
    """Most tests post many times; the limit has its own tests, which set it."""
    monkeypatch.setenv("VALGUS_POST_RATE_LIMIT", "0")
    limiter_for.cache_clear()


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=api_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
