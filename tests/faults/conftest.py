"""Fault tests run the production server (`make run`) on the database this pass tests."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import os
import signal
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import psutil
import pytest
import sqlalchemy as sa

from tests.databases import POSTGRES_URL, scratch_postgres_database
from tests.synthetic import assessment, jittered, squat_trial

HEADERS = {"Content-Type": "application/json", "Content-Encoding": "gzip"}


@pytest.fixture
def server_env(monkeypatch) -> None:
    """No upload limit (the tests post fast); two workers when Redis is configured."""
    monkeypatch.setenv("VALGUS_POST_RATE_LIMIT", "0")
    if os.environ.get("REFLEX_REDIS_URL"):
        monkeypatch.setenv("GRANIAN_WORKERS", "2")


@pytest.fixture
def server_database_url(tmp_path) -> Iterator[str]:
    """A fresh database on this pass's engine: PostgreSQL in the second pass, else SQLite."""
    with (scratch_postgres_database(POSTGRES_URL) if POSTGRES_URL
          else contextlib.nullcontext(f"sqlite:///{tmp_path / 'faults.db'}")) as url:
        yield url


def stored_rows(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM assessments")).scalar_one()
    finally:
        engine.dispose()


def realistic_bodies(count: int = 4) -> list[bytes]:
    """900-frame uploads (30 s at 30 fps) with real-sized, real-entropy keypoints, gzipped."""
    trial = squat_trial(reps=12, seconds_per_rep=2.4, rest_seconds=0.601)
    return [gzip.compress(json.dumps(assessment(jittered({**trial, "side": side}, seed=seed))).encode())
            for seed, side in zip(range(count), ["left", "right"] * count)]


@dataclass
class Upload:
    """One upload and what became of it."""

    body: bytes
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    statuses: list[int | str] = field(default_factory=list)
    answer: dict | None = None

    async def send(self, client: httpx.AsyncClient, url: str) -> int | str:
        try:
            response = await client.post(f"{url}/api/v1/assessments", content=self.body,
                                         headers={**HEADERS, "Idempotency-Key": self.key})
        except httpx.HTTPError as error:
            self.statuses.append(type(error).__name__)
            return self.statuses[-1]
        self.statuses.append(response.status_code)
        if response.status_code == 201:
            self.answer = response.json()
        elif response.status_code >= 400:
            assert response.json()["error"]["code"], response.text
            if response.status_code in (429, 503):
                assert int(response.headers["retry-after"]) > 0
        return response.status_code


def kill_server(url: str) -> None:
    """SIGKILL every process of the server listening at url: a crash, not a shutdown."""
    port = int(url.rsplit(":", 1)[1])
    listeners = {c.pid for c in psutil.net_connections(kind="tcp")
                 if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN and c.pid}
    for group in {os.getpgid(pid) for pid in listeners}:
        os.killpg(group, signal.SIGKILL)


def run(coroutine):
    return asyncio.run(coroutine)
