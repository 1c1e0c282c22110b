"""The production server is killed (SIGKILL) in the middle of a load and restarted: every 201 it
returned is still stored, and clients retry the uploads that got no answer with the same
Idempotency-Key, which never stores one twice."""

from __future__ import annotations

import asyncio

import httpx

from tests.e2e.app_server import running_app
from tests.faults.uploads import Upload, kill_server, stored_rows
from tests.fresh_loop import run_in_fresh_loop
from tests.synthetic import realistic_uploads

CLIENTS = 8
LOAD_BEFORE_KILL_S = 5.0
MAX_UPLOADS_PER_CLIENT = 200


async def _load_then_kill(url: str, bodies: list[bytes]) -> list[Upload]:
    uploads: list[Upload] = []
    killed = asyncio.Event()

    async def client_loop(index: int) -> None:
        async with httpx.AsyncClient(timeout=60) as client:
            for count in range(MAX_UPLOADS_PER_CLIENT):
                upload = Upload(bodies[(index + count) % len(bodies)])
                uploads.append(upload)
                await upload.send(client, url)
                if killed.is_set():
                    return

    async def killer() -> None:
        await asyncio.sleep(LOAD_BEFORE_KILL_S)
        kill_server(url)
        killed.set()

    await asyncio.gather(killer(), *(client_loop(index) for index in range(CLIENTS)))
    return uploads


async def _retry_and_check(url: str, uploads: list[Upload]) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        for upload in uploads:
            earlier = upload.answer
            assert await upload.send(client, url) == 201, upload.statuses
            if earlier is not None:
                assert upload.answer == earlier, "a retry after the restart changed the answer"
                stored = await client.get(f"{url}/api/v1/assessments/{earlier['id']}")
                assert stored.status_code == 200


def test_every_201_survives_a_crash_and_retries_never_duplicate(
    server_env, server_database_url, tmp_path
):
    bodies = realistic_uploads()
    with running_app(server_database_url, tmp_path / "first.log") as url:
        uploads = run_in_fresh_loop(_load_then_kill(url, bodies))
    answered = [upload for upload in uploads if upload.answer is not None]
    unanswered = [upload for upload in uploads if upload.answer is None]
    stored_at_crash = stored_rows(server_database_url)
    assert answered and unanswered, [upload.statuses for upload in uploads]
    assert stored_at_crash >= len(answered)

    with running_app(server_database_url, tmp_path / "second.log") as url:
        run_in_fresh_loop(_retry_and_check(url, uploads))
    ids = {upload.answer["id"] for upload in uploads}
    assert len(ids) == len(uploads) == stored_rows(server_database_url)
    print(
        f"\nkilled after {LOAD_BEFORE_KILL_S:.0f} s of load by {CLIENTS} clients: {len(answered)} uploads "
        f"answered 201, {len(unanswered)} got no answer ({stored_at_crash - len(answered)} of them had "
        f"been stored); after the restart all {len(answered)} were there, all {len(unanswered)} retries "
        f"answered 201, {len(uploads)} uploads = {len(ids)} rows, no duplicate"
    )
