import httpx
import pytest

from valgus_pwa.api.app import api_app


@pytest.fixture(autouse=True)
def fresh_database(tmp_path, monkeypatch):
    monkeypatch.setenv("VALGUS_DATABASE_URL", f"sqlite:///{tmp_path / 'api.db'}")


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=api_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
