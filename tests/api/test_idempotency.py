"""POST with an Idempotency-Key: a retry gets the same answer and never stores a second copy."""

import asyncio
import gzip
import json
import uuid

from tests.api.test_assessments_api import create
from tests.synthetic import assessment, squat_trial
from valgus_pwa.store import get_store


def _key() -> str:
    return str(uuid.uuid4())


async def _post(client, body: dict, key: str, gzipped: bool = False):
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    if gzipped:
        raw, headers["Content-Encoding"] = gzip.compress(raw), "gzip"
    return await client.post("/api/v1/assessments", content=raw, headers=headers)


async def test_a_retry_answers_the_same_201_and_stores_once(client):
    body, key = assessment(), _key()
    first = await _post(client, body, key)
    retry = await _post(client, body, key)
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert get_store().count() == 1


async def test_the_replayed_owner_key_is_the_real_one(client):
    body, key = assessment(), _key()
    first = (await _post(client, body, key)).json()
    replayed = (await _post(client, body, key, gzipped=True)).json()
    assert replayed["owner_key"] == first["owner_key"]
    url = f"/api/v1/assessments/{first['id']}"
    deleted = await client.delete(url, headers={"Authorization": f"Bearer {replayed['owner_key']}"})
    assert deleted.status_code == 204
    assert (await client.get(url)).status_code == 404


async def test_concurrent_retries_store_one_assessment(client):
    body, key = assessment(), _key()
    answers = await asyncio.gather(*(_post(client, body, key) for _ in range(6)))
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert len({answer.json()["owner_key"] for answer in answers}) == 1
    assert get_store().count() == 1


async def test_a_key_reused_for_another_upload_is_refused(client):
    key = _key()
    assert (await _post(client, assessment(squat_trial("left")), key)).status_code == 201
    other = await _post(client, assessment(squat_trial("right")), key)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert get_store().count() == 1


async def test_without_a_key_every_post_is_a_new_assessment(client):
    body = assessment()
    first, second = await create(client, body), await create(client, body)
    assert first["id"] != second["id"]
    assert get_store().count() == 2


async def test_a_short_or_odd_key_is_a_400(client):
    for key in ("1", "x" * 15, "spaces are not ok here", "k" * 129):
        response = await _post(client, assessment(), key)
        assert response.status_code == 400, key
        assert response.json()["error"]["code"] == "invalid_idempotency_key"
    assert get_store().count() == 0
