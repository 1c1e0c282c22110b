"""Follow-up comparison: GET /api/v1/assessments/{id}/compare/{earlier_id}; and left-right."""

import datetime as dt
import gzip
import hashlib
import json

import pytest

from tests.synthetic import assessment, squat_trial
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.schemas import AssessmentIn, SideAsymmetry
from valgus_pwa.store import Upload, get_store


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
    assert "no clear change" in right["message"] and "valgus than before" not in right["message"]


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


def _stitched_squat(side: str, valgus_per_rep: list[float], **options) -> dict:
    """A squat trial whose reps differ in valgus: one-rep recordings played one after another."""
    pieces = [squat_trial(side, reps=1, valgus_px=valgus, **options) for valgus in valgus_per_rep]
    frames, offset_ms = [], 0.0
    for piece in pieces:
        frames += [
            {**frame, "t_ms": round(frame["t_ms"] + offset_ms, 1)} for frame in piece["frames"]
        ]
        offset_ms = frames[-1]["t_ms"] + 1000 / options.get("fps", 30.0)
    return {**pieces[0], "frames": frames}


async def test_an_earlier_test_that_is_later_is_refused_with_a_clear_4xx(client):
    first = await create(client, squat_trial("left", valgus_px=10))
    second = await create(client, squat_trial("left", valgus_px=20))
    response = await compare(client, first, second)  # "earlier" = the later upload
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "earlier_is_later"
    assert "recorded after this one" in error["message"]
    assert (await compare(client, second, first)).status_code == 200
    assert (await compare(client, first, first)).status_code == 200  # the same time: not later


async def test_the_phone_s_recording_time_orders_the_two_tests(client):
    """A test kept offline and sent later is the earlier one by the time it was recorded."""
    now = dt.datetime.now(dt.UTC)
    recorded_later = {**assessment(squat_trial("left")), "recorded_at": now.isoformat()}
    day_before = (now - dt.timedelta(days=1)).isoformat()
    recorded_earlier = {**assessment(squat_trial("left")), "recorded_at": day_before}
    ids = []
    for body in (recorded_later, recorded_earlier):  # uploaded in this order
        response = await client.post("/api/v1/assessments", json=body)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    later, earlier = ids
    assert (await compare(client, later, earlier)).status_code == 200
    refused = await compare(client, earlier, later)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "earlier_is_later"


async def test_a_change_inside_the_noise_has_no_direction_and_names_its_borrowed_source(client):
    earlier = await create(client, squat_trial("left", valgus_px=10))
    current = await create(client, squat_trial("left", valgus_px=15))
    (left,) = (await compare(client, current, earlier)).json()["sides"]
    assert left["verdict"] == "within_noise" and left["change_deg"] > 0
    assert "no clear change" in left["message"]
    assert "more valgus" not in left["message"] and "less valgus" not in left["message"]
    assert "manual digitising of 2D video on two days" in left["message"]
    assert "Munro" in left["message"]


async def test_alike_recordings_get_no_warning(client):
    earlier = await create(client, squat_trial("left", valgus_px=10))
    current = await create(client, squat_trial("left", valgus_px=12))
    assert (await compare(client, current, earlier)).json()["warnings"] == []


async def test_a_different_pose_model_is_warned_with_a_code_and_words(client):
    earlier = await create(client, squat_trial("left", valgus_px=10))
    full = {**squat_trial("left", valgus_px=12), "landmark_model": "pose_landmarker_full"}
    current = await create(client, full)
    body = (await compare(client, current, earlier)).json()
    (warning,) = body["warnings"]
    assert warning["code"] == "pose_model_differs"
    assert warning["params"] == {
        "earlier": "pose_landmarker_lite",
        "current": "pose_landmarker_full",
    }
    assert "different pose models (lite model earlier, full model now)" in warning["message"]
    assert body["sides"][0]["verdict"] == "within_noise"  # warned, still compared


async def test_a_different_frame_rate_is_warned_with_a_code_and_words(client):
    earlier = await create(client, squat_trial("left", valgus_px=10, fps=30.0))
    current = await create(client, squat_trial("left", valgus_px=10, fps=60.0))
    (warning,) = (await compare(client, current, earlier)).json()["warnings"]
    assert warning["code"] == "frame_rate_differs"
    assert warning["params"]["earlier_fps"] == pytest.approx(30, abs=1)
    assert warning["params"]["current_fps"] == pytest.approx(60, abs=1)
    assert "about 30 and 60 frames per second" in warning["message"]


async def test_a_leg_that_cannot_be_compared_raises_no_warning(client):
    earlier = await create(client, squat_trial("left", valgus_px=10))
    current = await create(client, squat_trial("left", reps=0, fps=60.0))  # untrusted
    assert (await compare(client, current, earlier)).json()["warnings"] == []


async def test_left_right_is_judged_against_the_spread_of_the_reps(client):
    """Same mean difference, once with steady reps (beyond their spread), once with scattered
    reps (not beyond it): the verdict follows the reps, not a between-day figure."""
    steady = await client.post(
        "/api/v1/assessments",
        json=assessment(squat_trial("left", valgus_px=30), squat_trial("right", valgus_px=20)),
    )
    fppa = steady.json()["report"]["comparison"]["metrics"]["fppa_deg"]
    assert fppa["basis"] == "rep_spread"
    assert (fppa["n_left"], fppa["n_right"]) == (5, 5)
    assert fppa["difference"] > 0 and fppa["beyond_rep_spread"] is True
    assert fppa["difference_se"] == pytest.approx(
        (fppa["sd_left"] ** 2 / 5 + fppa["sd_right"] ** 2 / 5) ** 0.5, abs=0.01
    )
    assert fppa["degrees_of_freedom"] == pytest.approx(8.0, abs=0.5)  # Welch, 5 reps a side
    assert fppa["critical_t"] == pytest.approx(2.31, abs=0.05)
    assert abs(fppa["difference"]) > fppa["critical_t"] * fppa["difference_se"]
    assert steady.json()["report"]["comparison"]["within_noise"] is False

    scattered = await client.post(
        "/api/v1/assessments",
        json=assessment(
            _stitched_squat("left", [10, 50, 15, 45]), _stitched_squat("right", [40, 5, 35, 10])
        ),
    )
    comparison = scattered.json()["report"]["comparison"]
    fppa = comparison["metrics"]["fppa_deg"]
    assert (fppa["basis"], fppa["n_left"], fppa["n_right"]) == ("rep_spread", 4, 4)
    assert fppa["sd_left"] > 5 and fppa["sd_right"] > 5
    assert abs(fppa["difference"]) <= fppa["critical_t"] * fppa["difference_se"]
    assert fppa["beyond_rep_spread"] is False and comparison["within_noise"] is True


async def test_a_report_stored_with_the_old_verdict_is_judged_again_when_read(client):
    """Stored before the rule: the 4° difference was 'within noise' against the 8° SDD. Read
    now, it is judged against its five steady reps a side, and carries the new fields."""
    body = assessment(squat_trial("left", valgus_px=30), squat_trial("right", valgus_px=25))
    report = analyse_assessment(AssessmentIn.model_validate(body))
    old_fields = {"left", "right", "difference"}
    old = report.model_copy(
        update={
            "comparison": report.comparison.model_copy(
                update={
                    "within_noise": True,
                    "metrics": {
                        name: SideAsymmetry(**metric.model_dump(include=old_fields))
                        for name, metric in report.comparison.metrics.items()
                    },
                }
            )
        }
    )
    assert 0 < old.comparison.asymmetry_deg < 8 and old.comparison.metrics["fppa_deg"].basis is None
    raw = json.dumps(body).encode()
    upload = Upload(body_gz=gzip.compress(raw), sha256=hashlib.sha256(raw).hexdigest())
    created = get_store().create(AssessmentIn.model_validate(body), old, upload)
    read = (await client.get(f"/api/v1/assessments/{created.id}")).json()["report"]["comparison"]
    assert read["within_noise"] is False
    assert read["metrics"]["fppa_deg"]["basis"] == "rep_spread"
    assert read["metrics"]["fppa_deg"]["beyond_rep_spread"] is True
    assert read["asymmetry_deg"] == pytest.approx(old.comparison.asymmetry_deg)
