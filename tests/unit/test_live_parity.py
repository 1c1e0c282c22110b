"""The live checks (readiness.js, reps.js, run in Node) against the server's analysis of the
same frames: real MediaPipe output of the fixture clips and synthetic edge cases.

Each check the live side shares with the server must come to the same verdict: facing the
camera (width and body turn), the tested leg's visibility, standing on one leg, someone else in
view; and the body check, stricter on purpose (head to heels), must never pass what the server
would flag. The counters must count what the server counts.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests import synthetic
from tests.skeletons import box_landings, make_trial
from valgus_pwa import contract
from valgus_pwa.analysis import quality
from valgus_pwa.analysis.landmarks import LEGS, X, Y, fix_label_swaps, to_pixels
from valgus_pwa.analysis.report import FLOOR_BAND, MAX_FEET_DOWN
from valgus_pwa.schemas import Trial

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
RUNNER = ROOT / "tests" / "js" / "live_runner.mjs"
CLIPS = sorted(path.name.removesuffix(".landmarks.json") for path in DATA.glob("*.landmarks.json"))

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")


@pytest.fixture(scope="module", autouse=True)
def generated_contract() -> None:
    contract.write()


def live(calls: list[dict[str, Any]]) -> list[Any]:
    """Run the live functions in Node on each call's frames."""
    answer = subprocess.run(
        ["node", str(RUNNER)],
        input=json.dumps({"calls": calls}),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(answer.stdout)


def live_frames(trial: dict[str, Any]) -> list[dict[str, Any]]:
    """Frames as the live loop sees them: {t, landmarks: [{x, y, z, visibility}] | None, others}."""
    others = iter([1] * (trial.get("other_person_frames") or 0) + [0] * len(trial["frames"]))
    return [
        {
            "t": frame["t_ms"],
            "others": next(others),
            "landmarks": None
            if frame["landmarks"] is None
            else [{"x": x, "y": y, "z": z, "visibility": v} for x, y, z, v in frame["landmarks"]],
        }
        for frame in trial["frames"]
    ]


def call(fn: str, trial: dict[str, Any], **options: Any) -> dict[str, Any]:
    return {
        "fn": fn,
        "frames": live_frames(trial),
        "width": trial["frame_width"],
        "height": trial["frame_height"],
        "options": options,
    }


def clip(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.landmarks.json").read_text())


def server_verdicts(trial_data: dict[str, Any]) -> dict[str, Any]:
    """The server's reading of the shared checks, on its relabelled pixels."""
    trial = Trial.model_validate(trial_data)
    points, _ = fix_label_swaps(to_pixels(trial))
    leg = LEGS[trial.side]
    cues = quality.frontal_cues(points)
    visibility = quality.leg_visibility(points, leg)
    # Both feet down, label-free, against each frame's longer hip-ankle distance (as the live side).
    lengths = np.fmax(
        *(np.hypot(*(points[:, s.hip, :2] - points[:, s.ankle, :2]).T) for s in LEGS.values())
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        gap = np.abs(points[:, leg.ankle, Y] - points[:, leg.other_ankle, Y]) / lengths
    seen = np.isfinite(gap)
    others = (trial.other_person_frames or 0) / len(trial.frames)
    return {
        "frontal": quality.frontal_issue(cues) is None,
        "width_ratio": cues.width_ratio,
        "yaw": cues.depth_yaw_deg,
        "visibility": visibility is not None and visibility >= quality.MIN_VISIBILITY,
        "visibility_value": visibility,
        "body": quality.out_of_frame_fraction(points, trial.frame_width, trial.frame_height)
        <= quality.MAX_OUT_OF_FRAME,
        "feet_down": float(np.mean(gap[seen] <= FLOOR_BAND)),
        "alone": quality.other_person_issue(others) is None,
    }


def turned(trial: dict[str, Any], yaw_deg: float) -> dict[str, Any]:
    """The trial with the body turned in depth: z differences opened across shoulders and hips."""
    turned = copy.deepcopy(trial)
    for frame in turned["frames"]:
        rows = frame["landmarks"]
        if rows is None:
            continue
        for left, right in ((11, 12), (23, 24)):
            width = abs(rows[left][X] - rows[right][X]) * trial["frame_width"]
            half = np.tan(np.radians(yaw_deg)) * width / trial["frame_width"] / 2
            rows[left][2], rows[right][2] = -half, half
    return turned


def dimmed(trial: dict[str, Any], indices: tuple[int, ...], visibility: float) -> dict[str, Any]:
    dim = copy.deepcopy(trial)
    for frame in dim["frames"]:
        for index in indices if frame["landmarks"] else ():
            frame["landmarks"][index][3] = visibility
    return dim


def crowded(trial: dict[str, Any], share: float) -> dict[str, Any]:
    return {**trial, "other_person_frames": round(share * len(trial["frames"]))}


def cases() -> dict[str, dict[str, Any]]:
    squat = synthetic.squat_trial(reps=3)
    return {
        **{name: clip(name) for name in CLIPS},
        "synthetic squat": squat,
        "turned 30 degrees": turned(squat, 30.0),
        "turned 10 degrees": turned(squat, 10.0),
        # The tested (left) leg dim, the other one clear: only the tested leg counts.
        "tested leg dim": dimmed(squat, (23, 25, 27), 0.3),
        "other leg dim": dimmed(squat, (24, 26, 28), 0.1),
        "both feet down": {**clip("squat_two_leg_frontal"), "side": "right"},
        "someone else now and then": crowded(squat, 0.04),
        "someone else often": crowded(squat, 0.3),
    }


CASES = cases()


@pytest.fixture(scope="module")
def verdicts() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    names = list(CASES)
    checks = live([call("readiness", CASES[n], leg=CASES[n]["side"], oneLeg=True) for n in names])
    return {
        name: (live_checks, server_verdicts(CASES[name]))
        for name, live_checks in zip(names, checks, strict=True)
    }


@pytest.mark.parametrize("name", list(CASES))
def test_live_and_server_agree_on_every_shared_check(verdicts, name):
    checks, server = verdicts[name]
    assert (checks["frontal"]["status"] == "pass") == server["frontal"]
    assert checks["frontal"]["value"] == pytest.approx(server["width_ratio"], rel=1e-3)
    # Yaw and visibility read relabelled points. Where the left and right points are clearly apart
    # both sides label them alike; where they are close (side-on, legs crossing) the server also
    # follows labels from frame to frame, and the readings may differ a little.
    assert checks["frontal"]["yaw"] == pytest.approx(server["yaw"], abs=5.0)
    assert (checks["visibility"]["status"] == "pass") == server["visibility"]
    assert checks["visibility"]["value"] == pytest.approx(server["visibility_value"], abs=0.02)
    assert checks["oneLeg"]["value"] == pytest.approx(server["feet_down"], abs=0.02)
    assert (checks["oneLeg"]["status"] == "pass") == (server["feet_down"] <= MAX_FEET_DOWN)
    assert (checks["alone"]["status"] == "pass") == server["alone"]
    if checks["body"]["status"] == "pass":
        assert server["body"]


def test_the_synthetic_cases_cover_both_verdicts(verdicts):
    # Each edge case flips the check it is about, on both sides.
    assert verdicts["turned 30 degrees"][0]["frontal"]["status"] == "fail"
    assert verdicts["turned 10 degrees"][0]["frontal"]["status"] == "pass"
    assert verdicts["tested leg dim"][0]["visibility"]["status"] == "fail"
    assert verdicts["other leg dim"][0]["visibility"]["status"] == "pass"
    assert verdicts["both feet down"][0]["oneLeg"]["status"] == "fail"
    assert verdicts["someone else now and then"][0]["alone"]["status"] == "pass"
    assert verdicts["someone else often"][0]["alone"]["status"] == "note"
    assert verdicts["jump_landing_side_view"][0]["frontal"]["status"] == "fail"
    assert verdicts["one_leg_balance_frontal"][0]["frontal"]["status"] == "pass"


def test_rep_counter_counts_squats_on_one_leg_as_the_server_does():
    squats = [synthetic.squat_trial(reps=5), synthetic.squat_trial(reps=3, fps=15)]
    held, two_legs = clip("one_leg_balance_frontal"), clip("squat_two_leg_frontal")
    counts = live([call("reps", trial) for trial in (*squats, held, two_legs)])
    # A held balance is no rep; the real two-leg clip's three squats are not on one leg.
    assert counts == [5, 3, 0, 0]


@pytest.mark.parametrize("fps", [15.0, 30.0])
@pytest.mark.parametrize("landings", [1, 3])
def test_landing_counter_counts_each_drop_and_not_the_step_back_up(fps, landings):
    trials = []
    for side in ("left", "right"):
        t_ms, skeletons, _, _ = box_landings(side, [(800.0, 10.0, 1200.0)] * landings, fps)
        trials.append(
            make_trial(skeletons, t_ms, side=side, test="single_leg_landing").model_dump()
        )
    balance = clip("one_leg_balance_frontal")
    counts = live([call("landings", trial, leg=trial["side"]) for trial in (*trials, balance)])
    # He balances on his left leg, swinging the other: no drop, as the server finds.
    assert counts == [landings, landings, 0]
