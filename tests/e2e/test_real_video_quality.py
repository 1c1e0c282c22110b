"""Real clips through the real pipeline: MediaPipe Pose (lite, WASM, CPU) in headless Chromium
on every frame of each fixture video, then the keypoints POSTed to the running app's API.

The frontal clip must be tracked in at least 90% of frames and not be called non-frontal; the
side view must never be given a valgus category: its landing is flagged not_frontal, and read
as a squat, the man's dips on the box before he jumps are on both feet (not_single_leg).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from scripts.extract_fixture_landmarks import extract_in, to_trial
from tests.e2e import media

MIN_DETECTED = 0.90


@pytest.fixture(scope="module")
def pose_url() -> Iterator[str]:
    """The pose runtime, the extraction page and the fixture videos on one local origin."""
    folder = media.fixture_video("one_leg_balance_frontal.mp4").parent
    assert media.fixture_video("jump_landing_side_view.mp4").parent == folder
    with media.serve_static({**media.pose_routes(), "/fixtures/": folder}) as url:
        yield url


def _pose_trial(browser: Browser, pose_url: str, video_name: str, side: str | None) -> dict:
    """A trial as the phone would upload it: every frame's landmarks from the real model."""
    result = extract_in(browser, pose_url, media.fixture_video(video_name), "lite")
    return to_trial(result, "lite", side)


def _post(app_url: str, trials: list[dict]) -> dict:
    response = httpx.post(
        f"{app_url}/api/v1/assessments", json={"schema_version": 1, "trials": trials}, timeout=60
    )
    assert response.status_code == 201, response.text
    return response.json()["report"]


def _codes(trial: dict) -> list[str]:
    return [flag["code"] for flag in trial["quality"]["flags"]]


def test_frontal_clip_is_tracked_and_frontal(browser: Browser, pose_url: str, app_url: str):
    trial = _pose_trial(browser, pose_url, "one_leg_balance_frontal.mp4", None)
    detected = sum(frame["landmarks"] is not None for frame in trial["frames"]) / len(
        trial["frames"]
    )
    assert detected >= MIN_DETECTED
    landing = {**trial, "test": "single_leg_landing"}
    report = _post(app_url, [trial, landing])
    for analysed in report["trials"]:
        print(f"\nfrontal {analysed['test']}: {_codes(analysed)} quality={analysed['quality']}")
        assert "not_frontal" not in _codes(analysed)
        assert analysed["quality"]["detected_fraction"] >= MIN_DETECTED
        assert all(flag["message"] for flag in analysed["quality"]["flags"])


def test_side_view_clip_is_not_frontal_and_not_scored(
    browser: Browser, pose_url: str, app_url: str
):
    trial = _pose_trial(browser, pose_url, "jump_landing_side_view.mp4", "left")
    trials = [
        {**trial, "test": test, "side": side}
        for test in ("single_leg_squat", "single_leg_landing")
        for side in ("left", "right")
    ]
    report = _post(app_url, trials)
    for analysed in report["trials"]:
        print(
            f"\nside view {analysed['test']} {analysed['side']}: {_codes(analysed)}"
            f" quality={analysed['quality']} summary={analysed['summary']['fppa_deg']}"
        )
        # Read as a squat, the dips are the man's on the box, facing the camera on both feet.
        expected = "not_frontal" if analysed["test"] == "single_leg_landing" else "not_single_leg"
        assert expected in _codes(analysed)
        assert analysed["quality"]["ok"] is False
        assert analysed["summary"]["category"] is None and analysed["summary"]["trusted"] is False
    assert report["comparison"] is None  # untrusted trials are never compared either
