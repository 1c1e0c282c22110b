"""A phone rolled about its camera's axis turns the picture: trunk lean and pelvic drop, which
are measured against the vertical and the horizontal, lean with it unless the roll is sent.

Sign of the roll (schemas.Trial.device_roll_deg): + when the true vertical, drawn upwards,
leans towards the frame's +x, i.e. the picture is the scene turned clockwise on screen by the
roll. Without it, the roll adds to one leg and subtracts from the other (the signs of trunk
lean and pelvic drop are anatomical, so mirrored per leg).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.mocap import (
    HEIGHT,
    WIDTH,
    body_from_markers,
    load_markers,
    phone_trial,
    project,
    resample,
    subject_facing,
)
from tests.skeletons import medial_of
from tests.synthetic import squat_trial
from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.angles import (
    fppa_deg,
    hip_adduction_deg,
    knee_medial_offset_px,
    levelled,
    pelvic_drop_deg,
    trunk_lean_deg,
)
from valgus_pwa.analysis.landmarks import SWAP_LEFT_RIGHT
from valgus_pwa.schemas import Trial, TrialReport

TRUE_LEAN_DEG = 5.0
TRUE_DROP_DEG = 5.0
TOLERANCE_DEG = 0.1
UPPER_BODY = range(23)  # face, shoulders, arms: what leans with the trunk
HIPS = {"left": (23, 24), "right": (24, 23)}  # stance hip, free-side hip
FREE_LEG = {"left": (24, 26, 28, 30, 32), "right": (23, 25, 27, 29, 31)}
rolls = st.floats(-10.0, 10.0).filter(lambda roll: abs(roll) > 0.05)


def _rotate(points: np.ndarray, centre: np.ndarray, angle_deg: float) -> np.ndarray:
    """Points (..., 2) turned by angle_deg about centre, clockwise on screen (y grows down)."""
    cos, sin = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    offset = points - centre
    return centre + np.stack(
        [cos * offset[..., 0] - sin * offset[..., 1], sin * offset[..., 0] + cos * offset[..., 1]],
        axis=-1,
    )


def _pixels(trial: dict) -> np.ndarray:
    size = np.array([trial["frame_width"], trial["frame_height"]])
    return np.array([[lm[:2] for lm in frame["landmarks"]] for frame in trial["frames"]]) * size


def _with_pixels(trial: dict, pixels: np.ndarray, **fields) -> Trial:
    size = np.array([trial["frame_width"], trial["frame_height"]])
    frames = [
        {
            "t_ms": frame["t_ms"],
            "landmarks": [
                [*xy, *lm[2:]] for xy, lm in zip(points / size, frame["landmarks"], strict=True)
            ],
        }
        for frame, points in zip(trial["frames"], pixels, strict=True)
    ]
    return Trial.model_validate({**trial, "frames": frames, **fields})


def leaning_squat(side: str) -> tuple[dict, np.ndarray]:
    """tests/synthetic.py's squat with the free-side hip dropped TRUE_DROP_DEG and the trunk
    leaning TRUE_LEAN_DEG over the stance leg, in a level picture: (trial, pixels)."""
    trial = squat_trial(side=side, reps=4)
    pixels = _pixels(trial)
    stance, free = HIPS[side]
    width = np.abs(pixels[:, free, 0] - pixels[:, stance, 0])
    drop = width * math.tan(math.radians(TRUE_DROP_DEG))
    pixels[:, FREE_LEG[side], 1] += drop[:, None]
    mid_hip = (pixels[:, 23] + pixels[:, 24]) / 2
    # Over the stance leg is away from the midline: lateral, -medial in the image.
    turn = -medial_of(side) * TRUE_LEAN_DEG
    pixels[:, UPPER_BODY] = _rotate(pixels[:, UPPER_BODY], mid_hip[:, None], turn)
    return trial, pixels


def filmed_rolled(trial: dict, pixels: np.ndarray, roll_deg: float) -> np.ndarray:
    """The same scene through a phone rolled so that the vertical leans roll_deg towards +x."""
    centre = np.array([trial["frame_width"], trial["frame_height"]]) / 2
    return _rotate(pixels, centre, roll_deg)


def _means(report: TrialReport) -> tuple[float, float]:
    metrics = report.summary.metrics
    return metrics["trunk_lean_deg"].mean, metrics["pelvic_drop_deg"].mean


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_synthetic_lean_reads_true_in_a_level_picture(side):
    trial, pixels = leaning_squat(side)
    report = analyse_trial(_with_pixels(trial, pixels, device_roll_deg=0.0))
    assert report.summary.n_reps == 4
    lean, drop = _means(report)
    assert lean == pytest.approx(TRUE_LEAN_DEG, abs=TOLERANCE_DEG)
    assert drop == pytest.approx(TRUE_DROP_DEG, abs=TOLERANCE_DEG)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roll=rolls)
def test_a_sent_roll_gives_the_true_lean_on_both_legs(roll):
    for side in ("left", "right"):
        trial, pixels = leaning_squat(side)
        rolled = filmed_rolled(trial, pixels, roll)
        corrected = analyse_trial(_with_pixels(trial, rolled, device_roll_deg=roll))
        assert corrected.tilt_reference == "device_level"
        assert corrected.device_roll_deg == roll
        lean, drop = _means(corrected)
        assert lean == pytest.approx(TRUE_LEAN_DEG, abs=TOLERANCE_DEG)
        assert drop == pytest.approx(TRUE_DROP_DEG, abs=TOLERANCE_DEG)

        # Unsent, the roll leaks in with the leg's sign: the old report's false asymmetry.
        leaked = analyse_trial(_with_pixels(trial, rolled))
        assert leaked.tilt_reference == "image_axes" and leaked.device_roll_deg is None
        lean, drop = _means(leaked)
        medial = medial_of(side)
        assert lean == pytest.approx(TRUE_LEAN_DEG - medial * roll, abs=TOLERANCE_DEG)
        assert drop == pytest.approx(TRUE_DROP_DEG + medial * roll, abs=TOLERANCE_DEG)
        # FPPA is a joint angle: the roll changes it by no more than the filter's rounding.
        assert corrected.summary.fppa_deg == pytest.approx(leaked.summary.fppa_deg, abs=0.02)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roll=rolls, side=st.sampled_from(["left", "right"]))
def test_a_mirrored_upload_sends_the_roll_of_its_mirrored_frames(roll, side):
    trial, pixels = leaning_squat(side)
    rolled = filmed_rolled(trial, pixels, roll)
    # The pose model ran on the mirror image: x flipped, labels swapped, the vertical's lean
    # towards +x flipped with it.
    mirrored = rolled[:, SWAP_LEFT_RIGHT].copy()
    mirrored[..., 0] = trial["frame_width"] - mirrored[..., 0]
    report = analyse_trial(_with_pixels(trial, mirrored, mirrored=True, device_roll_deg=-roll))
    assert report.device_roll_deg == pytest.approx(roll)
    lean, drop = _means(report)
    assert lean == pytest.approx(TRUE_LEAN_DEG, abs=TOLERANCE_DEG)
    assert drop == pytest.approx(TRUE_DROP_DEG, abs=TOLERANCE_DEG)


@settings(max_examples=200, deadline=None)
@given(
    hip=st.tuples(st.floats(-200, 200), st.floats(-200, 200)),
    lean=st.floats(-30, 30),
    drop=st.floats(-20, 20),
    roll=st.floats(-45, 45),
    medial=st.sampled_from([-1.0, 1.0]),
)
def test_levelling_undoes_any_roll_exactly(hip, lean, drop, roll, medial):
    hip = np.array(hip)
    world_other_hip = hip + 80 * np.array([medial, math.tan(math.radians(drop))])
    world_shoulder = _rotate(hip + np.array([0.0, -300.0]), hip, -medial * lean)
    image = [_rotate(point, np.zeros(2), roll) for point in (hip, world_other_hip, world_shoulder)]
    assert float(pelvic_drop_deg(image[0], image[1], roll)) == pytest.approx(drop, abs=1e-9)
    assert float(trunk_lean_deg(image[0], image[2], medial, roll)) == pytest.approx(lean, abs=1e-9)
    vector = np.array([3.0, -7.0])
    assert levelled(_rotate(vector, np.zeros(2), roll), roll) == pytest.approx(vector)


@settings(max_examples=200, deadline=None)
@given(
    valgus=st.floats(-30, 30),
    roll=st.floats(-20, 20),
    medial=st.sampled_from([-1.0, 1.0]),
)
def test_fppa_and_hip_adduction_need_no_correction(valgus, roll, medial):
    """Both are angles between body segments; a roll turns every segment alike."""
    hip, other_hip = np.array([0.0, 0.0]), np.array([medial * 80.0, 6.0])
    half = math.radians(valgus) / 2
    knee = hip + 250 * np.array([medial * math.sin(half), math.cos(half)])
    ankle = knee + 250 * np.array([-medial * math.sin(half), math.cos(half)])
    turned = [_rotate(p, np.zeros(2), roll) for p in (hip, other_hip, knee, ankle)]
    assert float(fppa_deg(turned[0], turned[2], turned[3], medial)) == pytest.approx(
        float(fppa_deg(hip, knee, ankle, medial)), abs=1e-9
    )
    assert float(hip_adduction_deg(*turned[:3], medial)) == pytest.approx(
        float(hip_adduction_deg(hip, other_hip, knee, medial)), abs=1e-9
    )
    # The knee's offset is read horizontally, at the knee's height: a roll changes it only by
    # the cosine of the leg's tilt (0.14% at 3°, 1.5% at 10°), so it is left as it is.
    straight = float(knee_medial_offset_px(hip, knee, ankle, medial))
    rolled = float(knee_medial_offset_px(turned[0], turned[2], turned[3], medial))
    assert abs(rolled - straight) <= abs(straight) * (1 / math.cos(math.radians(roll)) - 1) + 1e-9


# ---------------------------------------------------------------- real recordings


def _rep_values(report: TrialReport) -> np.ndarray:
    return np.array(
        [[rep.trunk_lean_deg, rep.pelvic_drop_deg, rep.fppa_deg] for rep in report.reps],
        dtype=float,
    )


@pytest.mark.parametrize("roll", [-6.0, 2.5, 9.0])
@pytest.mark.parametrize("test", ["single_leg_landing", "single_leg_squat"])
def test_motion_capture_through_a_rolled_phone_reads_as_a_level_one(roll, test):
    """The Vicon jump seen by the level virtual phone, and by the same
    phone rolled about its optical axis (a turn of the picture about its centre) that sends
    its roll: every rep's trunk lean and pelvic drop agree."""
    t_s, markers = load_markers()
    t_phone, world = resample(t_s, body_from_markers(markers), 60.0)
    pixels = project(world, 0.0, subject_facing(markers))
    level = analyse_trial(phone_trial(pixels, t_phone, test))
    turned = pixels.copy()
    turned[..., :2] = _rotate(pixels[..., :2], np.array([WIDTH / 2, HEIGHT / 2]), roll)
    sent = phone_trial(turned, t_phone, test).model_copy(update={"device_roll_deg": roll})
    rolled = analyse_trial(sent)
    assert level.reps and len(rolled.reps) == len(level.reps)
    np.testing.assert_allclose(_rep_values(rolled)[:, :2], _rep_values(level)[:, :2], atol=0.05)
    # FPPA itself is unchanged by the roll; the squat's bottom, read from the hips' image
    # height, can move by a frame, and the very deep countermovement's angle moves fast there.
    np.testing.assert_allclose(_rep_values(rolled)[:, 2], _rep_values(level)[:, 2], atol=0.5)
    # Unsent, the right leg (medial +x) leans away from the roll and its pelvis drops with it.
    plain = _rep_values(analyse_trial(phone_trial(turned, t_phone, test)))
    np.testing.assert_allclose(plain[:, 0], _rep_values(level)[:, 0] - roll, atol=0.05)
    np.testing.assert_allclose(plain[:, 1], _rep_values(level)[:, 1] + roll, atol=0.05)


def test_real_mediapipe_landmarks_turned_and_sent_with_the_roll_read_as_before():
    """MediaPipe's own landmarks of a real frontal clip (tests/data), every landmark turned by a
    known roll about the frame's centre and sent with it: the same trunk lean and pelvic drop
    at every rep found, and no change of FPPA."""
    clip = Path(__file__).resolve().parents[1] / "data" / "squat_two_leg_frontal.landmarks.json"
    if not clip.exists():
        pytest.skip(f"{clip.name} has not been extracted")
    trial = json.loads(clip.read_text())
    size = np.array([trial["frame_width"], trial["frame_height"]])
    roll = 4.0
    frames = []
    for frame in trial["frames"]:
        if frame["landmarks"] is None:
            frames.append(frame)
            continue
        landmarks = np.array(frame["landmarks"])
        landmarks[:, :2] = _rotate(landmarks[:, :2] * size, size / 2, roll) / size
        frames.append({**frame, "landmarks": landmarks.tolist()})
    level = analyse_trial(Trial.model_validate(trial))
    rolled = analyse_trial(
        Trial.model_validate({**trial, "frames": frames, "device_roll_deg": roll})
    )
    assert len(level.reps) >= 3 and len(rolled.reps) == len(level.reps)
    np.testing.assert_allclose(_rep_values(rolled)[:, :2], _rep_values(level)[:, :2], atol=0.02)
    np.testing.assert_allclose(_rep_values(rolled)[:, 2], _rep_values(level)[:, 2], atol=0.3)
    # Unsent, the roll is read as the runner's: 4° off both at every rep, signed by the leg.
    plain = analyse_trial(Trial.model_validate({**trial, "frames": frames}))
    leak = _rep_values(plain)[:, :2] - _rep_values(level)[:, :2]
    np.testing.assert_allclose(
        leak,
        [[-medial_of(trial["side"]) * roll, medial_of(trial["side"]) * roll]] * len(leak),
        atol=0.02,
    )
