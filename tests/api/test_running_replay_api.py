"""A run's replay: one stride, both legs down to the toes as filmed, each frame's stance leg."""

from __future__ import annotations

import numpy as np
import pytest

from tests.synthetic import assessment, squat_trial
from tests.synthetic_running import standard_running
from valgus_pwa.analysis.running import representative_stride
from valgus_pwa.schemas import RunningResult

STRIDE_LANDMARKS = [11, 12, 23, 24, 25, 26, 27, 28, 31, 32]


@pytest.mark.parametrize("view", ["back", "front"])
async def test_a_stride_replay_holds_both_legs_as_filmed_and_each_frames_stance_leg(client, view):
    trial, _ = standard_running(view=view)
    created = await client.post(
        "/api/v1/assessments", json=assessment(trial.model_dump(mode="json"))
    )
    assert created.status_code == 201, created.text
    assessment_id = created.json()["id"]
    result = RunningResult.model_validate(created.json()["report"]["trials"][0]["running"])
    stride = representative_stride(result)
    assert stride is not None
    answer = await client.get(
        f"/api/v1/assessments/{assessment_id}/replay/0",
        params={"start_ms": stride.start_ms, "end_ms": stride.end_ms},
    )
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    t_ms = np.array([frame.t_ms for frame in trial.frames])
    inside = np.flatnonzero((t_ms >= stride.start_ms) & (t_ms <= stride.end_ms))
    assert shown["t_ms"] == pytest.approx(t_ms[inside].tolist())
    assert shown["landmarks"] == STRIDE_LANDMARKS
    # The points stand where the phone saw them: a back view is not left mirrored.
    for at, frame in enumerate(inside):
        seen = np.array(trial.frames[frame].landmarks)[STRIDE_LANDMARKS, :2]
        np.testing.assert_allclose(
            shown["points"][at], seen * [trial.frame_width, trial.frame_height], atol=0.051
        )
    # The stride's three midstances, and each frame's leg is the one of the nearest of them.
    first, second = stride.steps
    assert shown["midstance_ms"] == [first.midstance_ms, second.midstance_ms, stride.end_ms]
    midstances = np.array(shown["midstance_ms"])
    legs = [first.side, second.side, first.side]
    for t, side in zip(shown["t_ms"], shown["stance_sides"], strict=True):
        assert side == legs[int(np.argmin(np.abs(midstances - t)))]
    # At a midstance the angle drawn is the step's own knee angle.
    for step in stride.steps:
        at = shown["t_ms"].index(step.midstance_ms)
        assert shown["fppa_deg"][at] == pytest.approx(step.fppa_deg, abs=0.051)


async def test_a_squat_rep_replay_names_no_stance_legs(client):
    created = await client.post("/api/v1/assessments", json=assessment(squat_trial()))
    assert created.status_code == 201, created.text
    answer = await client.get(f"/api/v1/assessments/{created.json()['id']}/replay/0")
    assert answer.status_code == 200
    assert answer.json()["stance_sides"] is None and answer.json()["midstance_ms"] == []
