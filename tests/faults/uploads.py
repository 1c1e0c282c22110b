"""Uploads that remember what became of them, and the crude tools of the fault tests."""

from __future__ import annotations

import os
import signal
import uuid
from dataclasses import dataclass, field

import httpx
import psutil
import sqlalchemy as sa

HEADERS = {"Content-Type": "application/json", "Content-Encoding": "gzip"}


def stored_rows(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM assessments")).scalar_one()
    finally:
        engine.dispose()


@dataclass
class Upload:
    """One upload and what became of it."""

    body: bytes
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    statuses: list[int | str] = field(default_factory=list)
    answer: dict | None = None

    async def send(self, client: httpx.AsyncClient, url: str) -> int | str:
        try:
            response = await client.post(
                f"{url}/api/v1/assessments",
                content=self.body,
                headers={**HEADERS, "Idempotency-Key": self.key},
            )
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
    listeners = {
        c.pid
        for c in psutil.net_connections(kind="tcp")
        if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN and c.pid
    }
    for group in {os.getpgid(pid) for pid in listeners}:
        os.killpg(group, signal.SIGKILL)
