"""What the phone says about the recording: when it was made, and how the phone was rolled.

recorded_at is kept beside the received time, or dropped when the phone's clock is implausible;
device_roll_deg turns trunk lean and pelvic drop back to level, and the report says which
reference they were measured against.
"""

import datetime as dt

import pytest

from tests.synthetic import assessment, squat_trial
from valgus_pwa.schemas import MAX_DEVICE_ROLL_DEG, RECORDED_AT_MAX_AGE, RECORDED_AT_MAX_AHEAD


async def post(client, body: dict):
    return await client.post("/api/v1/assessments", json=body)


def _details(response) -> list[dict]:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_assessment"
    return error["details"]


async def test_recorded_at_is_stored_and_shown_beside_the_received_time(client):
    recorded = dt.datetime.now(dt.timezone(dt.timedelta(hours=2))) - dt.timedelta(days=3)
    body = {**assessment(), "recorded_at": recorded.isoformat()}
    created = await post(client, body)
    assert created.status_code == 201, created.text
    found = (await client.get(f"/api/v1/assessments/{created.json()['id']}")).json()
    # The same instant, in UTC; the received time is the server's, days later.
    assert dt.datetime.fromisoformat(found["recorded_at"]) == recorded
    assert found["recorded_at"].endswith("+00:00")
    received = dt.datetime.fromisoformat(found["created_at"])
    assert received - recorded > dt.timedelta(days=2, hours=23)


async def test_an_upload_without_recorded_at_has_none(client):
    created = await post(client, assessment())
    assert created.status_code == 201
    found = (await client.get(f"/api/v1/assessments/{created.json()['id']}")).json()
    assert found["recorded_at"] is None
    assert found["created_at"]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2026-03-01T09:30:00", "needs a UTC offset"),
        ("yesterday", "valid datetime"),
        ("2026-03-01", "valid datetime"),
        (1767225600, "valid datetime"),
        (True, "valid datetime"),
    ],
)
async def test_a_malformed_recorded_at_is_a_clear_422(client, value, words):
    details = _details(await post(client, {**assessment(), "recorded_at": value}))
    assert [detail["loc"] for detail in details] == [["recorded_at"]]
    assert words in details[0]["message"]


async def _stored_recorded_at(client, recorded_at: str) -> str | None:
    response = await post(client, {**assessment(), "recorded_at": recorded_at})
    assert response.status_code == 201, response.text
    stored = await client.get(f"/api/v1/assessments/{response.json()['id']}")
    return stored.json()["recorded_at"]


@pytest.mark.parametrize(
    "offset",
    [
        RECORDED_AT_MAX_AHEAD + dt.timedelta(minutes=2),
        -RECORDED_AT_MAX_AGE - dt.timedelta(days=1),
    ],
)
async def test_a_wrong_phone_clock_keeps_the_test_without_its_time(client, offset):
    """Refusing the upload would lose the test in the outbox: the implausible time is dropped."""
    wrong = dt.datetime.now(dt.UTC) + offset
    assert await _stored_recorded_at(client, wrong.isoformat()) is None
    assert await _stored_recorded_at(client, "0001-01-01T00:00:00+00:00") is None


async def test_a_phone_clock_a_little_ahead_is_accepted(client):
    ahead = dt.datetime.now(dt.UTC) + RECORDED_AT_MAX_AHEAD - dt.timedelta(minutes=1)
    assert await _stored_recorded_at(client, ahead.isoformat()) is not None


def _trunk(report: dict) -> list[tuple[str, str, float | None, float, float]]:
    return [
        (
            trial["side"],
            trial["tilt_reference"],
            trial["device_roll_deg"],
            trial["summary"]["metrics"]["trunk_lean_deg"]["mean"],
            trial["summary"]["metrics"]["pelvic_drop_deg"]["mean"],
        )
        for trial in report["trials"]
    ]


async def test_a_sent_roll_levels_trunk_lean_and_pelvic_drop(client):
    # The synthetic runner stands level in the picture: a picture rolled 2° means the body
    # is 2° off the true vertical, towards -x (the right leg's lateral side).
    rolled = {**squat_trial(side="right"), "device_roll_deg": 2.0}
    created = await post(client, assessment(squat_trial(side="right"), rolled))
    assert created.status_code == 201, created.text
    plain, levelled = _trunk(created.json()["report"])
    assert plain == ("right", "image_axes", None, 0.0, 0.0)
    assert levelled == ("right", "device_level", 2.0, 2.0, -2.0)
    # FPPA is a joint angle: the roll leaves it alone.
    trials = created.json()["report"]["trials"]
    assert trials[0]["summary"]["fppa_deg"] == trials[1]["summary"]["fppa_deg"]
    stored = await client.get(f"/api/v1/assessments/{created.json()['id']}?include=frames")
    assert [trial.get("device_roll_deg") for trial in stored.json()["trials"]] == [None, 2.0]


@pytest.mark.parametrize("value", [MAX_DEVICE_ROLL_DEG + 0.1, -90, "3", None])
async def test_a_bad_roll_is_a_clear_422(client, value):
    trial = {**squat_trial(), "device_roll_deg": value}
    if value is None:
        # null is the same as absent: no sensor reading.
        assert (await post(client, assessment(trial))).status_code == 201
        return
    details = _details(await post(client, assessment(trial)))
    assert details[0]["loc"] == ["trials", 0, "device_roll_deg"]
    assert details[0]["message"]


async def test_the_pages_show_the_capture_time_and_fall_back_to_the_received_time(client):
    from valgus_pwa.api.service import load_assessment
    from valgus_pwa.state.history import recorded_time, trend_points
    from valgus_pwa.state.result import report_page

    recorded = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=10)
    sent_late = await post(client, {**assessment(), "recorded_at": recorded.isoformat()})
    sent_at_once = await post(client, assessment())
    late = load_assessment(sent_late.json()["id"])
    at_once = load_assessment(sent_at_once.json()["id"])
    assert late is not None and at_once is not None
    assert report_page(late, "http://test").created_at == late.recorded_at
    assert report_page(at_once, "http://test").created_at == at_once.created_at
    assert recorded_time(late) == recorded.isoformat()
    # The progress chart counts weeks from the first test done, not the first one received.
    weeks = [point["week"] for point in trend_points([late, at_once])]
    assert weeks == [0.0, pytest.approx(10 / 7, abs=0.01)]
