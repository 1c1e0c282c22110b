"""PostgreSQL goes away under load and comes back: the production server answers 503 with
Retry-After meanwhile (never a 500), then recovers by itself; retried uploads are stored once."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
import sqlalchemy as sa

from tests.databases import POSTGRES_URL
from tests.e2e.app_server import running_app
from tests.faults.proxy import CuttableProxy
from tests.faults.uploads import Upload, stored_rows
from tests.fresh_loop import run_in_fresh_loop
from tests.synthetic import realistic_uploads

CLIENTS = 4
CUT_AT_S, RESTORE_AT_S, STOP_AT_S = 2.0, 6.0, 12.0
pytestmark = pytest.mark.skipif(
    not POSTGRES_URL, reason="needs PostgreSQL: make test's second pass sets it"
)


async def _load_through_outage(
    url: str, proxy: CuttableProxy, bodies: list[bytes]
) -> list[tuple[float, Upload]]:
    started = time.monotonic()
    sent: list[tuple[float, Upload]] = []
    probes: dict[str, list[int]] = {"cut": [], "restored": []}

    async def client_loop(index: int) -> None:
        async with httpx.AsyncClient(timeout=60) as client:
            while (elapsed := time.monotonic() - started) < STOP_AT_S:
                upload = Upload(bodies[index % len(bodies)])
                sent.append((elapsed, upload))
                await upload.send(client, url)
                if upload.statuses[-1] == 503:
                    await asyncio.sleep(0.2)

    async def operator() -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            await asyncio.sleep(CUT_AT_S)
            proxy.cut()
            await asyncio.sleep(1.0)
            probes["cut"] = [
                (await client.get(f"{url}{path}")).status_code for path in ("/healthz", "/readyz")
            ]
            await asyncio.sleep(RESTORE_AT_S - CUT_AT_S - 1.0)
            proxy.restore()
            await asyncio.sleep(STOP_AT_S - RESTORE_AT_S - 1.0)
            probes["restored"] = [
                (await client.get(f"{url}{path}")).status_code for path in ("/healthz", "/readyz")
            ]

    await asyncio.gather(operator(), *(client_loop(index) for index in range(CLIENTS)))
    assert probes == {"cut": [200, 503], "restored": [200, 200]}, probes
    return sent


async def _retry(url: str, uploads: list[Upload]) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        for upload in uploads:
            assert await upload.send(client, url) == 201, upload.statuses


def test_a_database_outage_gives_503s_then_recovery(server_env, server_database_url, tmp_path):
    database = sa.engine.make_url(server_database_url)
    proxy = CuttableProxy((database.host or "127.0.0.1", database.port or 5432))
    through_proxy = database.set(port=proxy.port, query={"connect_timeout": "2"}).render_as_string(
        hide_password=False
    )
    bodies = realistic_uploads()
    with running_app(through_proxy, tmp_path / "app.log") as url:
        sent = run_in_fresh_loop(_load_through_outage(url, proxy, bodies))
        statuses = [status for _, upload in sent for status in upload.statuses]
        assert set(statuses) <= {201, 503}, statuses
        assert 503 in statuses
        late = [upload.statuses[-1] for elapsed, upload in sent if elapsed > RESTORE_AT_S + 2.0]
        assert late and set(late) == {201}, late
        failed = [upload for _, upload in sent if upload.answer is None]
        run_in_fresh_loop(_retry(url, failed))
    uploads = [upload for _, upload in sent]
    assert (
        stored_rows(server_database_url)
        == len({upload.answer["id"] for upload in uploads})
        == len(uploads)
    )
    print(
        f"\nPostgreSQL cut for {RESTORE_AT_S - CUT_AT_S:.0f} s under {CLIENTS} clients: "
        f"{statuses.count(201)} x 201, {statuses.count(503)} x 503 with Retry-After, 0 other; "
        f"uploads after recovery all 201; {len(failed)} retried, {len(uploads)} uploads = rows"
    )
