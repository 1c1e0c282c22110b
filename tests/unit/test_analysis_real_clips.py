"""Real MediaPipe landmarks of two real clips (tests/data, made by
scripts/extract_fixture_landmarks.py): the frontal-view cues and the left/right relabelling.

Measured with pose_landmarker_lite (analysis 0.2.0):
- one_leg_balance_frontal: width ratio 0.74; MediaPipe z reads ±50-65° of yaw in runs of
  frames as he twists, -4° on average (-11° over his one dip of balance); labels relabelled in 58% of frames, tracking jumps in
  14%; stance-leg visibility 0.94, 60 fps, no squat reps (he balances and swings the other leg).
- jump_landing_side_view: width ratio 0.38 and mean z yaw -39° over the whole clip (0.90 while
  the man stands facing the camera on the box, 0.24 once the woman walks across side-on).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.landmarks import LEFT_ANKLE, LEFT_KNEE, fix_label_swaps, to_pixels
from valgus_pwa.analysis.quality import MAX_DEPTH_YAW_DEG, MIN_WIDTH_RATIO
from valgus_pwa.schemas import Trial

DATA = Path(__file__).resolve().parents[1] / "data"


def _clip(name: str) -> Trial:
    path = DATA / f"{name}.landmarks.json"
    if not path.exists():
        pytest.skip(f"{path.name} has not been extracted")
    return Trial.model_validate(json.loads(path.read_text()))


def _codes(trial: Trial) -> list[str]:
    return [flag.code for flag in analyse_trial(trial).quality.flags]


def test_frontal_clip_is_not_flagged_not_frontal():
    trial = _clip("one_leg_balance_frontal")
    report = analyse_trial(trial)
    assert "not_frontal" not in _codes(trial)
    assert report.quality.frontal_width_ratio > MIN_WIDTH_RATIO + 0.1
    # The cues are read over the rep's frames: over his one half-second dip of balance z reads
    # about -11° of yaw as he twists (over the whole clip -4°).
    assert abs(report.quality.frontal_depth_yaw_deg) < MAX_DEPTH_YAW_DEG * 0.75
    # He balances without squatting: at most one dip, so no number to trust.
    assert len(report.reps) <= 1
    assert "too_few_reps" in _codes(trial) and not report.quality.ok


def test_side_view_landing_is_not_frontal_and_never_categorised():
    trial = _clip("jump_landing_side_view").model_copy(update={"test": "single_leg_landing"})
    report = analyse_trial(trial)
    assert "not_frontal" in _codes(trial)
    assert not report.quality.ok and report.quality.confidence == "low"
    # Side-on: the width cue alone says so (z yaw reads -12° over the landing's frames).
    assert report.quality.frontal_width_ratio < MIN_WIDTH_RATIO
    assert report.summary.category is None and not report.summary.trusted


def test_side_view_clip_read_as_a_squat_follows_the_jumper_and_is_not_scored():
    # Read as a squat, the dips are the man's on the box, facing the camera with both feet
    # down before he jumps; the woman walking past side-on is someone else in view.
    trial = _clip("jump_landing_side_view").model_copy(update={"test": "single_leg_squat"})
    report = analyse_trial(trial)
    assert {"not_single_leg", "other_person_in_view"} <= set(_codes(trial))
    assert all(rep.left_out == "not_single_leg" for rep in report.reps)
    assert report.summary.fppa_deg is None and report.summary.category is None
    assert not report.quality.ok and not report.summary.trusted


def test_relabelling_makes_the_stance_leg_a_continuous_track():
    # MediaPipe trades left and right in many frames of the frontal clip; after relabelling,
    # the standing leg's knee and ankle should move less from frame to frame, not more.
    pixels = to_pixels(_clip("one_leg_balance_frontal"))
    fixed, swapped = fix_label_swaps(pixels)

    def path_px(points: np.ndarray) -> float:
        steps = np.diff(points[:, [LEFT_KNEE, LEFT_ANKLE], :2], axis=0)
        return float(np.nansum(np.hypot(steps[..., 0], steps[..., 1])))

    assert swapped.any()
    assert path_px(fixed) < 0.8 * path_px(pixels)
