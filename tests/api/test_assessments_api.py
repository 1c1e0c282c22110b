"""The assessments API against the ASGI app: the happy path, ownership, and bad input."""

import gzip
import json

import pytest

from tests.synthetic import assessment, squat_trial
from valgus_pwa.api.body import MAX_BODY_BYTES


async def create(client, body: dict | None = None):
    response = await client.post("/api/v1/assessments", json=body or assessment())
    assert response.status_code == 201, response.text
    return response.json()


async def test_post_returns_share_id_owner_key_and_report(client):
    created = await create(client)
    assert len(created["id"]) >= 22  # 16 random bytes, URL-safe base64
    assert created["owner_key"] and created["owner_key"] != created["id"]
    assert created["report_url"] == f"/r/{created['id']}"
    trial = created["report"]["trials"][0]
    assert trial["test"] == "single_leg_squat" and trial["side"] == "left"
    assert trial["summary"]["fppa_deg"] > 0
    assert {"ok", "confidence", "flags"} <= trial["quality"].keys()
    assert {"start_ms", "bottom_ms", "end_ms", "fppa_deg"} <= trial["reps"][0].keys()


async def test_get_returns_the_stored_report(client):
    created = await create(client)
    response = await client.get(f"/api/v1/assessments/{created['id']}")
    assert response.status_code == 200
    assert response.json()["report"] == created["report"]
    assert "trials" not in response.json()


async def test_get_with_frames_returns_the_keypoints(client):
    body = assessment()
    created = await create(client, body)
    stored = (await client.get(f"/api/v1/assessments/{created['id']}?include=frames")).json()
    sent_frames = body["trials"][0]["frames"]
    assert len(stored["trials"][0]["frames"]) == len(sent_frames)
    assert stored["trials"][0]["frames"][10]["landmarks"][25] == pytest.approx(
        sent_frames[10]["landmarks"][25]
    )


async def test_both_legs_give_an_asymmetry(client):
    created = await create(
        client, assessment(squat_trial("left", valgus_px=30), squat_trial("right", valgus_px=10))
    )
    assert created["report"]["comparison"]["asymmetry_deg"] > 0


async def test_gzip_body_is_accepted(client):
    raw = gzip.compress(json.dumps(assessment()).encode())
    response = await client.post(
        "/api/v1/assessments",
        content=raw,
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert response.status_code == 201, response.text


async def test_unknown_id_is_404(client):
    for unknown in ("A" * 22, "nope", "x" * 300):
        response = await client.get(f"/api/v1/assessments/{unknown}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


async def test_delete_needs_the_owner_key(client):
    created = await create(client)
    url = f"/api/v1/assessments/{created['id']}"
    assert (await client.delete(url)).status_code == 401
    wrong = await client.delete(url, headers={"Authorization": "Bearer not-the-key"})
    assert wrong.status_code == 403
    assert (await client.get(url)).status_code == 200
    deleted = await client.delete(url, headers={"Authorization": f"Bearer {created['owner_key']}"})
    assert deleted.status_code == 204
    assert (await client.get(url)).status_code == 404
    again = await client.delete(url, headers={"Authorization": f"Bearer {created['owner_key']}"})
    assert again.status_code == 404


def _valid() -> dict:
    return assessment(squat_trial(reps=1, seconds_per_rep=1.0, rest_seconds=0.2))


def _with(mutate) -> bytes:
    body = _valid()
    mutate(body)
    return json.dumps(body).encode()


def _frames(body: dict) -> list:
    return body["trials"][0]["frames"]


BAD_BODIES = {
    "not_json": (b"{not json", {}, 400),
    "empty_body": (b"", {}, 400),
    "json_array": (b"[]", {}, 422),
    "nan_coordinate": (
        json.dumps(_valid()).replace("0.95]", "NaN]", 1).encode(),
        {},
        422,
    ),
    "wrong_landmark_count": (_with(lambda b: _frames(b)[0]["landmarks"].pop()), {}, 422),
    "landmark_with_three_values": (_with(lambda b: _frames(b)[0]["landmarks"][0].pop()), {}, 422),
    "non_increasing_t_ms": (
        _with(lambda b: _frames(b)[1].update(t_ms=_frames(b)[0]["t_ms"])),
        {},
        422,
    ),
    "negative_t_ms": (_with(lambda b: _frames(b)[0].update(t_ms=-5)), {}, 422),
    "unknown_test": (_with(lambda b: b["trials"][0].update(test="pistol_squat")), {}, 422),
    "unknown_side": (_with(lambda b: b["trials"][0].update(side="middle")), {}, 422),
    "zero_frame_width": (_with(lambda b: b["trials"][0].update(frame_width=0)), {}, 422),
    "no_trials": (_with(lambda b: b.update(trials=[])), {}, 422),
    "no_frames": (_with(lambda b: b["trials"][0].update(frames=[])), {}, 422),
    "unknown_schema_version": (_with(lambda b: b.update(schema_version=99)), {}, 422),
    "missing_schema_version": (_with(lambda b: b.pop("schema_version")), {}, 422),
    "other_person_frames_beyond_the_frames": (
        _with(lambda b: b["trials"][0].update(other_person_frames=len(_frames(b)) + 1)),
        {},
        422,
    ),
    "negative_other_person_frames": (
        _with(lambda b: b["trials"][0].update(other_person_frames=-1)),
        {},
        422,
    ),
    "unknown_field": (_with(lambda b: b.update(video="base64...")), {}, 422),
    "string_coordinate": (
        _with(lambda b: _frames(b)[0]["landmarks"][0].__setitem__(0, "left")),
        {},
        422,
    ),
    "oversized_body": (b" " * (MAX_BODY_BYTES + 1), {}, 413),
    "gzip_bomb": (gzip.compress(b" " * (60 * 1024 * 1024)), {"Content-Encoding": "gzip"}, 413),
    "broken_gzip": (b"\x1f\x8bnot gzip at all", {"Content-Encoding": "gzip"}, 400),
    "unsupported_encoding": (b"{}", {"Content-Encoding": "br"}, 415),
    "form_content_type": (b"a=1", {"Content-Type": "application/x-www-form-urlencoded"}, 415),
}


@pytest.mark.parametrize("name", sorted(BAD_BODIES))
async def test_bad_input_gets_a_json_4xx(client, name):
    body, headers, status = BAD_BODIES[name]
    response = await client.post(
        "/api/v1/assessments", content=body, headers={"Content-Type": "application/json", **headers}
    )
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"]
    assert isinstance(error["details"], list)


async def test_a_missing_schema_version_is_named_in_the_error(client):
    body = _valid()
    body.pop("schema_version")
    response = await client.post("/api/v1/assessments", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_assessment" and error["message"]
    assert any(detail["loc"][-1] == "schema_version" for detail in error["details"]), error


async def test_protocol_flags_reach_the_client_with_their_blocking_state(client):
    two_legs = squat_trial(reps=5)
    for frame in two_legs["frames"]:
        # Both ankles at the same height: the free foot is on the floor.
        frame["landmarks"][28][1] = frame["landmarks"][27][1]
    response = await client.post(
        "/api/v1/assessments", json=assessment(two_legs, squat_trial(side="right"))
    )
    assert response.status_code == 201, response.text
    flagged, single = response.json()["report"]["trials"]
    [flag] = [f for f in flagged["quality"]["flags"] if f["code"] == "not_single_leg"]
    assert flag["blocking"] is True and flag["message"].startswith("Both feet were on the floor")
    assert flagged["summary"]["category"] is None and flagged["summary"]["fppa_deg"] is None
    assert all(rep["left_out"] == "not_single_leg" for rep in flagged["reps"])
    assert single["quality"]["ok"] and single["summary"]["category"] is not None
    assert response.json()["report"]["comparison"] is None  # no left-right from one good leg


async def test_unknown_route_and_method_are_json_errors(client):
    missing = await client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong_method = await client.put("/api/v1/assessments")
    assert wrong_method.status_code == 405 and "error" in wrong_method.json()


async def test_database_down_is_503_with_retry_after(client, configure):
    configure(VALGUS_DATABASE_URL="postgresql+psycopg2://nobody@127.0.0.1:1/none?connect_timeout=2")
    response = await client.post("/api/v1/assessments", json=_valid())
    assert response.status_code == 503
    assert response.headers["retry-after"]
    assert response.json()["error"]["code"] == "store_unavailable"
