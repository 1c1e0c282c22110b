"""/healthz says the process is up; /readyz says the database (and Redis, if used) answers."""

import os

import pytest

REDIS_URL = os.environ.get("REFLEX_REDIS_URL", "")
DEAD_DATABASE = "postgresql+psycopg2://nobody@127.0.0.1:1/none?connect_timeout=2"


async def test_healthz_answers_without_touching_the_database(client, configure):
    configure(VALGUS_DATABASE_URL=DEAD_DATABASE)
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_the_database(client, configure):
    configure(REFLEX_REDIS_URL=None)
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "ok", "redis": "not_configured"}
    configure(VALGUS_DATABASE_URL=DEAD_DATABASE)
    down = await client.get("/readyz")
    assert down.status_code == 503
    assert down.headers["retry-after"]
    assert down.json()["error"]["code"] == "store_unavailable"


@pytest.mark.skipif(not REDIS_URL, reason="set REFLEX_REDIS_URL (make test's second pass does)")
async def test_readyz_checks_redis_when_configured(client, configure):
    assert (await client.get("/readyz")).json()["redis"] == "ok"
    configure(REFLEX_REDIS_URL="redis://127.0.0.1:1/0")
    down = await client.get("/readyz")
    assert down.status_code == 503
    assert down.headers["retry-after"]
    assert down.json()["error"]["code"] == "redis_unavailable"
