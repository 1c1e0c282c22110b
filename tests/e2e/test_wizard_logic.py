"""The wizard's browser-side rules, run in Chromium on real and synthetic landmarks.

The modules are the ones the app serves; the landmarks are MediaPipe's output for the fixture
clips (tests/data) and the synthetic squats the API tests use.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import synthetic
from tests.skeletons import box_landings, make_trial

MODULES = "/external/valgus_pwa/components/capture"
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def page(app_url, browser):
    page = browser.new_page()
    page.goto(f"{app_url}/offline.html")
    yield page
    page.close()


def as_frames(trial: dict) -> list[dict]:
    """Frames as the live loop sees them: {t, landmarks: [{x, y, z, visibility}] | None}."""
    return [
        {
            "t": frame["t_ms"],
            "landmarks": None
            if frame["landmarks"] is None
            else [{"x": x, "y": y, "z": z, "visibility": v} for x, y, z, v in frame["landmarks"]],
        }
        for frame in trial["frames"]
    ]


def clip(name: str) -> dict:
    """MediaPipe's landmarks of a real fixture clip (skipped when not extracted)."""
    path = DATA / f"{name}.landmarks.json"
    if not path.exists():
        pytest.skip(f"{path.name} has not been extracted")
    return json.loads(path.read_text())


def readiness(page, trial: dict, options: dict | None = None) -> dict:
    return page.evaluate(
        """async ([modules, frames, width, height, options]) => {
            const { evaluateReadiness } = await import(`${modules}/readiness.js`);
            return evaluateReadiness(frames, width, height, null, options).checks;
        }""",
        [MODULES, as_frames(trial), trial["frame_width"], trial["frame_height"], options or {}],
    )


def test_standing_on_one_leg_is_checked_for_the_squat_only(page):
    two_legs, balance = clip("squat_two_leg_frontal"), clip("one_leg_balance_frontal")
    failing = readiness(page, two_legs, {"oneLeg": True, "leg": "right"})["oneLeg"]
    assert failing["status"] == "fail" and failing["value"] > 0.5
    assert failing["message"].startswith("Both feet are on the floor. Stand on your right leg")
    assert readiness(page, balance, {"oneLeg": True, "leg": "left"})["oneLeg"]["status"] == "pass"
    assert "oneLeg" not in readiness(page, two_legs)


def test_someone_else_in_view_is_a_note_that_does_not_block(page):
    crowded = [{**frame, "others": 1} for frame in as_frames(clip("one_leg_balance_frontal"))]
    result = page.evaluate(
        """async ([modules, frames]) => {
            const { evaluateReadiness } = await import(`${modules}/readiness.js`);
            const alone = evaluateReadiness(frames.map((f) => ({ ...f, others: 0 })), 1080, 1920, null);
            return [alone, evaluateReadiness(frames, 1080, 1920, null)];
        }""",
        [MODULES, crowded],
    )
    alone, with_others = result
    assert alone["checks"]["alone"]["status"] == "pass"
    assert with_others["checks"]["alone"]["status"] == "note"
    assert with_others["checks"]["alone"]["message"].startswith("Someone else is in the picture.")
    assert with_others["ready"] == alone["ready"]


def test_the_runner_is_followed_when_someone_else_comes_nearer(page):
    # Two people: the runner on the left, someone taller (nearer) on the right from frame 1.
    picks = page.evaluate(
        """async (modules) => {
            const { createRunnerTracker } = await import(`${modules}/runner.js`);
            const person = (x, height) => Array.from({ length: 33 }, (_, i) => ({
                x, y: i === 0 ? 0.5 - height / 2 : i >= 27 ? 0.5 + height / 2 : 0.5, z: 0, visibility: 1 }));
            const runner = person(0.3, 0.5), other = person(0.7, 0.8);
            const follow = createRunnerTracker();
            return [follow([runner]), follow([other, runner]), follow([runner, other]), follow([])]
                .map(({ landmarks, others }) => [landmarks ? landmarks[23].x : null, others]);
        }""",
        MODULES,
    )
    assert picks == [[0.3, 0], [0.3, 1], [0.3, 1], [None, 0]]


def test_real_frontal_clip_passes_and_side_view_fails_the_frontal_check(page):
    frontal = json.loads((DATA / "one_leg_balance_frontal.landmarks.json").read_text())
    side = json.loads((DATA / "jump_landing_side_view.landmarks.json").read_text())
    frontal_checks = readiness(page, frontal)
    side_checks = readiness(page, side)
    assert frontal_checks["frontal"]["status"] == "pass"
    assert frontal_checks["body"]["status"] == "pass"
    assert frontal_checks["visibility"]["status"] == "pass"
    assert side_checks["frontal"]["status"] == "fail"
    assert side_checks["frontal"]["message"].startswith("Turn to face the phone")
    assert side_checks["frontal"]["value"] < 0.5 < frontal_checks["frontal"]["value"]


def test_frontal_ratio_is_measured_in_pixels_not_normalized_units(page):
    # The same normalized pose is twice as wide in pixels on a frame twice as wide.
    ratios = page.evaluate(
        """async (modules) => {
            const { frontalRatio } = await import(`${modules}/readiness.js`);
            const pose = Array.from({ length: 33 }, () => ({ x: 0.5, y: 0.5 }));
            Object.assign(pose[11], { x: 0.45, y: 0.3 }); Object.assign(pose[12], { x: 0.55, y: 0.3 });
            Object.assign(pose[23], { x: 0.47, y: 0.5 }); Object.assign(pose[24], { x: 0.53, y: 0.5 });
            return [frontalRatio(pose, 1000, 1000), frontalRatio(pose, 2000, 1000)];
        }""",
        MODULES,
    )
    assert ratios[0] == pytest.approx(0.8)
    assert ratios[1] == pytest.approx(1.6)


def count_reps(page, trial: dict) -> int:
    return page.evaluate(
        """async ([modules, frames, width, height]) => {
            const { createRepCounter } = await import(`${modules}/reps.js`);
            const push = createRepCounter();
            let count = 0;
            for (const frame of frames) count = push(frame.landmarks, width, height);
            return count;
        }""",
        [MODULES, as_frames(trial), trial["frame_width"], trial["frame_height"]],
    )


def test_rep_counter_counts_squats_and_not_a_held_balance(page):
    assert count_reps(page, synthetic.squat_trial(reps=5)) == 5
    assert count_reps(page, synthetic.squat_trial(reps=3, fps=15)) == 3
    assert count_reps(page, clip("one_leg_balance_frontal")) == 0


def test_rep_counter_does_not_count_two_leg_squats(page):
    # The real two-leg clip has three deep squats; none is on one leg, as the server finds.
    assert count_reps(page, clip("squat_two_leg_frontal")) == 0


def count_landings(page, trial: dict) -> int:
    return page.evaluate(
        """async ([modules, frames, width, height, leg]) => {
            const { createLandingCounter } = await import(`${modules}/reps.js`);
            const push = createLandingCounter(leg);
            let count = 0;
            for (const frame of frames) count = push(frame.landmarks, width, height, frame.t);
            return count;
        }""",
        [MODULES, as_frames(trial), trial["frame_width"], trial["frame_height"], trial["side"]],
    )


@pytest.mark.parametrize("fps", [15.0, 30.0])
@pytest.mark.parametrize("landings", [1, 3])
def test_landing_counter_counts_each_drop_and_not_the_step_back_up(page, fps, landings):
    # As the server: every drop onto the floor is a landing, stepping back onto the box is not.
    for side in ("left", "right"):
        t_ms, skeletons, _, _ = box_landings(side, [(800.0, 10.0, 1200.0)] * landings, fps)
        trial = make_trial(skeletons, t_ms, side=side, test="single_leg_landing").model_dump()
        assert count_landings(page, trial) == landings
    # He balances on his left leg, swinging the other: no drop, as the server finds.
    assert count_landings(page, clip("one_leg_balance_frontal")) == 0


@pytest.mark.parametrize(
    ("setting", "speeds", "expected"),
    [
        ("auto", {}, "pose_landmarker_lite"),
        ("auto", {"pose_landmarker_lite": 20, "pose_landmarker_full": 35}, "pose_landmarker_full"),
        ("auto", {"pose_landmarker_lite": 30, "pose_landmarker_full": 55}, "pose_landmarker_lite"),
        ("lite", {"pose_landmarker_lite": 5, "pose_landmarker_full": 9}, "pose_landmarker_lite"),
        ("full", {"pose_landmarker_lite": 50}, "pose_landmarker_full"),
    ],
)
def test_model_choice_follows_measured_speed_unless_overridden(page, setting, speeds, expected):
    chosen = page.evaluate(
        "async ([modules, setting, speeds]) => (await import(`${modules}/pose.js`)).chooseModel(setting, speeds)",
        [MODULES, setting, speeds],
    )
    assert chosen == expected


def test_full_model_is_only_tried_online_when_lite_leaves_headroom(page):
    tries = page.evaluate(
        """async (modules) => {
            const { shouldTryFull } = await import(`${modules}/pose.js`);
            return [
                shouldTryFull("auto", { pose_landmarker_lite: 15 }),
                shouldTryFull("auto", { pose_landmarker_lite: 50 }),
                shouldTryFull("lite", { pose_landmarker_lite: 15 }),
                shouldTryFull("auto", { pose_landmarker_lite: 15, pose_landmarker_full: 30 }),
                shouldTryFull("auto", { pose_landmarker_lite: 15 }, false),
            ];
        }""",
        MODULES,
    )
    assert tries == [True, False, False, False, False]
