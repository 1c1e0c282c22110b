"""Limits: uploads per client (429 + Retry-After), body size and shape, broken gzip."""

import gzip
import json
import os
import uuid

import pytest

from tests.synthetic import assessment, squat_trial
from valgus_pwa import settings
from valgus_pwa.api.ratelimit import FixedWindowLimiter
from valgus_pwa.schemas import MAX_FRAMES_PER_TRIAL, MAX_TRIALS_PER_ASSESSMENT

REDIS_URL = os.environ.get("REFLEX_REDIS_URL", "")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="set REFLEX_REDIS_URL (make test's second pass does)"
)


def _small() -> dict:
    return assessment(squat_trial(reps=1, seconds_per_rep=1.0, rest_seconds=0.2))


async def _post_as(client, address: str | None = None):
    headers = {"X-Forwarded-For": address} if address else {}
    return await client.post("/api/v1/assessments", json=_small(), headers=headers)


@pytest.fixture
def limit_of_two(configure):
    """Two uploads a minute, counted in this process."""
    configure(VALGUS_POST_RATE_LIMIT="2", VALGUS_POST_RATE_WINDOW_S="60", REFLEX_REDIS_URL=None)


async def test_uploads_over_the_limit_get_429_with_retry_after(client, limit_of_two):
    assert [(await _post_as(client)).status_code for _ in range(2)] == [201, 201]
    refused = await _post_as(client)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["error"]["code"] == "too_many_requests"
    # Reading is not limited.
    assert (await client.get("/api/v1/assessments/" + "A" * 22)).status_code == 404


async def test_forwarded_addresses_count_only_behind_a_trusted_proxy(
    client, limit_of_two, configure
):
    # Not trusted: a forged X-Forwarded-For does not buy a fresh allowance.
    statuses = [(await _post_as(client, f"203.0.113.{n}")).status_code for n in range(3)]
    assert statuses == [201, 201, 429]
    configure(VALGUS_TRUSTED_PROXIES="127.0.0.1")
    statuses = [(await _post_as(client, "198.51.100.7")).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    assert (await _post_as(client, "198.51.100.8")).status_code == 201


@needs_redis
async def test_the_api_counts_in_redis_when_configured(client, configure):
    configure(VALGUS_POST_RATE_LIMIT="2", VALGUS_TRUSTED_PROXIES="127.0.0.1")
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"  # fresh in Redis, whatever ran before
    statuses = [(await _post_as(client, address)).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]


@needs_redis
async def test_workers_share_the_count_through_redis():
    # Two limiters stand for two worker processes; only Redis sees both counts.
    workers = [FixedWindowLimiter(limit=3, window_s=60, redis_url=REDIS_URL) for _ in range(2)]
    client = f"test-{uuid.uuid4().hex}"
    answers = [await workers[n % 2].retry_after(client) for n in range(4)]
    assert answers[:3] == [None, None, None]
    assert answers[3] is not None and 1 <= answers[3] <= 60


async def test_redis_down_lets_uploads_through():
    limiter = FixedWindowLimiter(limit=1, window_s=60, redis_url="redis://127.0.0.1:1/0")
    assert [await limiter.retry_after("someone") for _ in range(3)] == [None, None, None]


async def test_too_many_frames_in_a_trial_is_a_422(client):
    trial = squat_trial(reps=1, seconds_per_rep=1.0, rest_seconds=0.2)
    trial["frames"] = [
        {"t_ms": float(n), "landmarks": None} for n in range(MAX_FRAMES_PER_TRIAL + 1)
    ]
    response = await client.post("/api/v1/assessments", json=assessment(trial))
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"][:3] == ["trials", 0, "frames"]


@pytest.mark.parametrize(
    "model", ['lite,=HYPERLINK("x")', "pose landmarker", "Pose_Landmarker", "", "x" * 65]
)
async def test_a_model_name_outside_its_short_pattern_is_a_422(client, model):
    """The model's name is shown on the clinician page and in exports: never free text."""
    trial = {**squat_trial(reps=1, seconds_per_rep=1.0, rest_seconds=0.2), "landmark_model": model}
    response = await client.post("/api/v1/assessments", json=assessment(trial))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["loc"] == ["trials", 0, "landmark_model"]


async def test_too_many_trials_is_a_422(client):
    trial = squat_trial(reps=1, seconds_per_rep=1.0, rest_seconds=0.2)
    response = await client.post(
        "/api/v1/assessments", json=assessment(*[trial] * (MAX_TRIALS_PER_ASSESSMENT + 1))
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["loc"] == ["trials"]


@pytest.mark.parametrize(
    "name, mangle",
    [
        ("trailing_bytes", lambda packed: packed + b"trailing"),
        ("second_member", lambda packed: packed + gzip.compress(b'{"smuggled": true}')),
        ("truncated", lambda packed: packed[: len(packed) // 2]),
    ],
)
async def test_gzip_must_be_exactly_one_complete_stream(client, name, mangle):
    packed = gzip.compress(json.dumps(_small()).encode())
    response = await client.post(
        "/api/v1/assessments",
        content=mangle(packed),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert response.status_code == 400, name
    assert response.json()["error"]["code"] == "invalid_gzip"


@pytest.mark.parametrize(
    "variable, value",
    [
        ("VALGUS_POST_RATE_LIMIT", "many"),
        ("VALGUS_POST_RATE_LIMIT", "-1"),
        ("VALGUS_POST_RATE_WINDOW_S", "0"),
        ("VALGUS_POST_RATE_WINDOW_S", "1.5"),
    ],
)
def test_a_bad_limit_setting_is_refused_naming_the_variable(configure, variable, value):
    configure(**{variable: value})
    with pytest.raises(ValueError, match=variable):
        settings.current()
