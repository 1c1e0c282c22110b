"""Follow-up comparison: GET /api/v1/assessments/{id}/compare/{earlier_id}."""

import pytest

from tests.synthetic import assessment, squat_trial


async def create(client, *trials: dict) -> str:
    response = await client.post("/api/v1/assessments", json=assessment(*trials))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def compare(client, current: str, earlier: str):
    return await client.get(f"/api/v1/assessments/{current}/compare/{earlier}")


async def test_each_leg_gets_its_change_and_a_verdict(client):
    # Left knee: 8° -> 33° valgus (real change); right knee: 8° -> 12° (within noise).
    earlier = await create(
        client, squat_trial("left", valgus_px=10), squat_trial("right", valgus_px=10)
    )
    current = await create(
        client, squat_trial("left", valgus_px=40), squat_trial("right", valgus_px=15)
    )
    response = await compare(client, current, earlier)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["id"], body["earlier_id"]) == (current, earlier)
    assert body["smallest_detectable_difference_deg"] == 8.0
    assert body["created_at"] >= body["earlier_created_at"]
    left, right = body["sides"]
    assert (left["side"], left["test"], left["verdict"]) == (
        "left",
        "single_leg_squat",
        "real_change",
    )
    assert left["change_deg"] == pytest.approx(
        left["current_fppa_deg"] - left["earlier_fppa_deg"], abs=0.02
    )
    assert left["change_deg"] > 8
    assert "real change" in left["message"]
    assert (right["side"], right["verdict"]) == ("right", "within_noise")
    assert 0 < right["change_deg"] < 8
    assert "within measurement noise" in right["message"]


async def test_improvement_is_a_negative_change(client):
    earlier = await create(client, squat_trial("left", valgus_px=40))
    current = await create(client, squat_trial("left", valgus_px=10))
    (left,) = (await compare(client, current, earlier)).json()["sides"]
    assert left["verdict"] == "real_change" and left["change_deg"] < -8
    assert "less valgus" in left["message"]


async def test_a_leg_tested_only_once_is_not_comparable(client):
    earlier = await create(client, squat_trial("left", valgus_px=10))
    current = await create(
        client, squat_trial("left", valgus_px=10), squat_trial("right", valgus_px=10)
    )
    left, right = (await compare(client, current, earlier)).json()["sides"]
    assert left["verdict"] == "within_noise" and abs(left["change_deg"]) < 0.5
    assert right["verdict"] == "not_comparable"
    assert right["change_deg"] is None and right["earlier_fppa_deg"] is None
    assert "earlier assessment" in right["message"]


async def test_an_untrusted_recording_is_not_comparable(client):
    earlier = await create(client, squat_trial("left", valgus_px=10))
    current = await create(client, squat_trial("left", reps=0))  # no squat: no trusted number
    (left,) = (await compare(client, current, earlier)).json()["sides"]
    assert left["verdict"] == "not_comparable" and left["current_fppa_deg"] is None


@pytest.mark.parametrize("which", ["current", "earlier"])
async def test_unknown_or_malformed_ids_are_404(client, which):
    known = await create(client)
    for unknown in ("A" * 22, "not-an-id", "x" * 200):
        ids = (unknown, known) if which == "current" else (known, unknown)
        response = await compare(client, *ids)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


async def test_a_deleted_earlier_assessment_is_404(client):
    response = await client.post("/api/v1/assessments", json=assessment())
    earlier = response.json()
    current = await create(client)
    await client.delete(
        f"/api/v1/assessments/{earlier['id']}",
        headers={"Authorization": f"Bearer {earlier['owner_key']}"},
    )
    assert (await compare(client, current, earlier["id"])).status_code == 404
