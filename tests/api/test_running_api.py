"""The running test through the API: a running trial posts and its report returns every step and
each leg's statistics, worded flags read back the same, and bad running input gets a clear 422."""

from __future__ import annotations

from tests.synthetic import assessment, squat_trial
from tests.synthetic_running import standard_running
from valgus_pwa.analysis.quality import MIN_STEPS_PER_LEG
from valgus_pwa.content.flag_texts import flag_message


def _running(fps: float = 60.0, view: str = "back", n_steps: int = 20) -> dict:
    trial, _ = standard_running(fps, view, n_steps=n_steps)  # type: ignore[arg-type]
    return trial.model_dump(mode="json")


async def _posted(client, *trials: dict) -> dict:
    created = await client.post("/api/v1/assessments", json=assessment(*trials))
    assert created.status_code == 201, created.text
    read = await client.get(f"/api/v1/assessments/{created.json()['id']}")
    assert read.status_code == 200
    assert read.json()["report"] == created.json()["report"]
    return read.json()["report"]


async def test_a_running_trial_returns_its_steps_and_each_legs_statistics(client):
    report = await _posted(client, _running())
    (trial,) = report["trials"]
    assert trial["test"] == "running" and trial["reps"] == []
    running = trial["running"]
    assert running["camera_view"] == "back"
    assert len(running["steps"]) == 20
    assert {step["side"] for step in running["steps"]} == {"left", "right"}
    step = running["steps"][0]
    assert step["toe_off_ms"] is not None and step["contact_ms"] is None  # from behind
    for name in ("pelvic_drop_deg", "hip_adduction_deg", "fppa_deg", "trunk_lean_deg"):
        assert isinstance(step[name], float)
    left, right = running["sides"]
    assert (left["side"], right["side"]) == ("left", "right")
    assert left["n_steps"] == right["n_steps"] == 10
    assert left["metrics"]["pelvic_drop_deg"]["n"] == 10
    assert abs(left["metrics"]["pelvic_drop_deg"]["mean"] - 6.0) < 1.0
    assert abs(running["step_rate_spm"] - 60 / 0.36) < 2.0
    assert running["step_time_asymmetry_pct"] is not None
    assert trial["quality"]["ok"] and trial["summary"]["trusted"]
    assert report["comparison"] is None  # a running trial is not a leg's squat or landing


async def test_running_and_squats_in_one_assessment(client):
    report = await _posted(client, squat_trial("left"), _running(view="front"))
    squat, running = report["trials"]
    assert squat["running"] is None and squat["reps"]
    assert running["running"]["camera_view"] == "front"
    assert running["running"]["steps"][0]["contact_ms"] is not None


async def test_too_few_steps_are_flagged_in_words(client):
    report = await _posted(client, _running(n_steps=2 * MIN_STEPS_PER_LEG - 4))
    (trial,) = report["trials"]
    flags = {f["code"]: f for f in trial["quality"]["flags"]}
    flag = flags["too_few_steps"]
    assert flag["blocking"] and flag["params"]["min_steps"] == MIN_STEPS_PER_LEG
    assert flag["message"] == flag_message(flag["code"], flag["params"], flag["blocking"])
    assert "at least 7 steps" in flag["message"]
    assert not trial["summary"]["trusted"]


async def test_a_30_fps_run_gets_the_running_floor_in_words(client):
    report = await _posted(client, _running(fps=30.0))
    (trial,) = report["trials"]
    (flag,) = [f for f in trial["quality"]["flags"] if f["code"] == "low_frame_rate"]
    assert flag["blocking"] and flag["params"] == {"fps": 30.0, "min_fps": 50.0, "test": "running"}
    assert "running needs at least 50 frames per second" in flag["message"]


async def _refused(client, body: dict) -> dict:
    response = await client.post("/api/v1/assessments", json=body)
    assert response.status_code == 422, response.text
    return response.json()["error"]


async def test_a_running_trial_without_camera_view_is_refused(client):
    trial = _running()
    del trial["camera_view"]
    error = await _refused(client, assessment(trial))
    assert any("camera_view" in d["message"] for d in error["details"]), error


async def test_a_squat_filmed_from_behind_is_refused(client):
    trial = squat_trial("left")
    trial["camera_view"] = "back"
    error = await _refused(client, assessment(trial))
    assert any("'back' is for running" in d["message"] for d in error["details"]), error


async def test_an_unknown_camera_view_is_refused(client):
    trial = _running()
    trial["camera_view"] = "side"
    error = await _refused(client, assessment(trial))
    assert any("camera_view" in [str(part) for part in d["loc"]] for d in error["details"]), error
