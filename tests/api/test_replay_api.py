"""The replay endpoint answers the keypoints as the analysis read them: pixels, legs relabelled."""

from __future__ import annotations

import numpy as np
import pytest

from tests.skeletons import make_trial, squat_profile, squat_skeletons
from tests.synthetic import assessment
from valgus_pwa.analysis.landmarks import SWAP_LEFT_RIGHT
from valgus_pwa.analysis.report import READ_LANDMARKS

WIDTH, HEIGHT = 720, 1280


def _skeletons() -> tuple[np.ndarray, list[np.ndarray]]:
    t_ms, progress = squat_profile([2000.0] * 3, [600.0] * 4, 30.0)
    return t_ms, squat_skeletons("left", progress, fppa_bottom=12.0)


async def _replay(client, *trials) -> dict:
    body = assessment(*(trial.model_dump(mode="json") for trial in trials))
    created = await client.post("/api/v1/assessments", json=body)
    assert created.status_code == 201, created.text
    response = await client.get(f"/api/v1/assessments/{created.json()['id']}/replay")
    assert response.status_code == 200
    return response.json()


def _assert_drawn_at(points: list[list[float]], skeleton: np.ndarray) -> None:
    """The frame's points are the skeleton's read landmarks, within the rounding to 0.1 px."""
    np.testing.assert_allclose(points, skeleton[list(READ_LANDMARKS), :2], atol=0.051)


async def test_the_replay_has_one_point_per_landmark_and_frame_in_pixels(client):
    t_ms, skeletons = _skeletons()
    skeletons_or_gaps: list[np.ndarray | None] = [*skeletons]
    skeletons_or_gaps[5] = None  # nobody detected in this frame
    answer = await _replay(client, make_trial(skeletons_or_gaps, t_ms, width=WIDTH, height=HEIGHT))
    [trial] = answer["trials"]
    assert {key: trial[key] for key in ("test", "side", "frame_width", "frame_height")} == {
        "test": "single_leg_squat",
        "side": "left",
        "frame_width": WIDTH,
        "frame_height": HEIGHT,
    }
    assert trial["landmarks"] == [11, 12, 23, 24, 25, 26, 27, 28, 31, 32]
    assert trial["t_ms"] == pytest.approx(t_ms.tolist())
    assert len(trial["points"]) == len(t_ms)
    assert trial["points"][5] == [None] * len(READ_LANDMARKS)
    for index in (0, 20, 40):
        _assert_drawn_at(trial["points"][index], skeletons[index])
        # Rounded to a tenth of a pixel.
        assert all(round(value, 1) == value for point in trial["points"][index] for value in point)


async def test_swapped_and_mirrored_labels_come_back_as_the_analysis_relabelled_them(client):
    t_ms, skeletons = _skeletons()
    rng = np.random.default_rng(5)
    swapped_frames = [index for index in range(len(skeletons)) if rng.random() < 0.3]
    as_detected = [
        skeleton[SWAP_LEFT_RIGHT] if index in swapped_frames else skeleton
        for index, skeleton in enumerate(skeletons)
    ]
    answer = await _replay(
        client,
        make_trial(as_detected, t_ms, width=WIDTH, height=HEIGHT),
        make_trial(skeletons, t_ms, width=WIDTH, height=HEIGHT, mirrored=True),
    )
    swapped, mirrored = answer["trials"]
    assert swapped_frames
    for index in swapped_frames:
        # The person's left knee where the person's left knee is, not where MediaPipe said.
        _assert_drawn_at(swapped["points"][index], skeletons[index])
    for index in range(0, len(skeletons), 10):
        _assert_drawn_at(mirrored["points"][index], skeletons[index])


@pytest.mark.parametrize("assessment_id", ["A" * 22, "not-an-id"])
async def test_an_unknown_assessment_has_no_replay(client, assessment_id):
    response = await client.get(f"/api/v1/assessments/{assessment_id}/replay")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def _created(client, *trials) -> tuple[str, str, dict]:
    body = assessment(*(trial.model_dump(mode="json") for trial in trials))
    created = await client.post("/api/v1/assessments", json=body)
    assert created.status_code == 201, created.text
    answer = created.json()
    return answer["id"], answer["owner_key"], answer["report"]


def _deepest(report_trial: dict) -> dict:
    return max(report_trial["reps"], key=lambda rep: rep["depth"] or 0.0)


def _rep_url(assessment_id: str, trial_index: int, rep: dict) -> str:
    return (
        f"/api/v1/assessments/{assessment_id}/replay/{trial_index}"
        f"?start_ms={rep['start_ms']}&end_ms={rep['end_ms']}"
    )


async def test_a_rep_replay_holds_the_reps_frames_the_drawn_joints_and_each_frames_angle(client):
    t_ms, skeletons = _skeletons()
    trial = make_trial(skeletons, t_ms, width=WIDTH, height=HEIGHT)
    assessment_id, _, report = await _created(client, trial)
    rep = _deepest(report["trials"][0])
    full = await client.get(f"/api/v1/assessments/{assessment_id}/replay")
    answer = await client.get(_rep_url(assessment_id, 0, rep))
    assert answer.status_code == 200
    shown = answer.json()
    inside = [index for index, t in enumerate(t_ms) if rep["start_ms"] <= t <= rep["end_ms"]]
    assert shown["t_ms"] == pytest.approx([t_ms[index] for index in inside])
    # Shoulders, hips, knees and ankles of both legs, the toes of the stance (left) leg only.
    assert shown["landmarks"] == [11, 12, 23, 24, 25, 26, 27, 28, 31]
    series = report["trials"][0]["series"]["fppa_deg"]
    assert shown["fppa_deg"] == [series[index] for index in inside]
    assert (shown["start_ms"], shown["end_ms"]) == (rep["start_ms"], rep["end_ms"])
    for at, index in enumerate(inside[::10]):
        drawn = [READ_LANDMARKS.index(landmark) for landmark in shown["landmarks"]]
        np.testing.assert_allclose(
            shown["points"][at * 10],
            skeletons[index][[READ_LANDMARKS[i] for i in drawn], :2],
            atol=0.051,
        )
    # One rep of nine joints is a small part of every frame of ten.
    assert len(answer.content) < len(full.content) / 4


async def test_a_rep_replay_is_gzipped_for_clients_that_accept_it(client):
    t_ms, skeletons = _skeletons()
    assessment_id, _, report = await _created(
        client, make_trial(skeletons, t_ms, width=WIDTH, height=HEIGHT)
    )
    url = _rep_url(assessment_id, 0, _deepest(report["trials"][0]))
    plain = await client.get(url, headers={"Accept-Encoding": "identity"})
    gzipped = await client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "content-encoding" not in plain.headers
    assert gzipped.headers["content-encoding"] == "gzip"
    assert gzipped.headers["vary"] == "Accept-Encoding"
    assert gzipped.json() == plain.json()
    assert gzipped.num_bytes_downloaded < plain.num_bytes_downloaded / 2


async def test_a_matching_etag_answers_304_until_the_assessment_is_deleted(client):
    t_ms, skeletons = _skeletons()
    assessment_id, owner_key, report = await _created(
        client, make_trial(skeletons, t_ms, width=WIDTH, height=HEIGHT)
    )
    rep = _deepest(report["trials"][0])
    url = _rep_url(assessment_id, 0, rep)
    first = await client.get(url)
    etag = first.headers["etag"]
    # Kept by the browser only, and checked with the server every time it is used.
    assert first.headers["cache-control"] == "private, no-cache"
    again = await client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["etag"] == etag
    assert again.content == b""
    later_start = {**rep, "start_ms": rep["start_ms"] + 100}
    other_rep = await client.get(
        _rep_url(assessment_id, 0, later_start), headers={"If-None-Match": etag}
    )
    assert other_rep.status_code == 200
    deleted = await client.delete(
        f"/api/v1/assessments/{assessment_id}", headers={"Authorization": f"Bearer {owner_key}"}
    )
    assert deleted.status_code == 204
    for headers in ({}, {"If-None-Match": etag}):
        gone = await client.get(url, headers=headers)
        assert gone.status_code == 404
        assert gone.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("trial_index", [1, -1])
async def test_a_trial_the_assessment_does_not_have_has_no_rep_replay(client, trial_index):
    t_ms, skeletons = _skeletons()
    assessment_id, _, _ = await _created(
        client, make_trial(skeletons, t_ms, width=WIDTH, height=HEIGHT)
    )
    response = await client.get(f"/api/v1/assessments/{assessment_id}/replay/{trial_index}")
    assert response.status_code == 404
