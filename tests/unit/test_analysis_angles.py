"""FPPA geometry: exact on known skeletons, pixel-correct, sign-correct for both legs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.skeletons import body, leg_with_fppa, make_trial, medial_of
from valgus_pwa.analysis.angles import fppa_deg, knee_medial_offset_px
from valgus_pwa.analysis.kinematics import kinematics
from valgus_pwa.analysis.landmarks import LEGS, SWAP_LEFT_RIGHT, fix_label_swaps, to_pixels

WIDTH, HEIGHT = 720, 1280


def _frame_fppa(points: np.ndarray, side: str, *, mirrored: bool = False) -> float:
    """FPPA of one synthetic frame sent through the wire format and pixel conversion."""
    trial = make_trial([points], [0.0], side=side, width=WIDTH, height=HEIGHT, mirrored=mirrored)
    pixels, _ = fix_label_swaps(to_pixels(trial))
    leg = LEGS[side]
    return float(
        fppa_deg(pixels[0, leg.hip], pixels[0, leg.knee], pixels[0, leg.ankle], leg.medial_x)
    )


def _skeleton(side: str, fppa: float, hip=(400.0, 640.0), segment=220.0) -> np.ndarray:
    knee, ankle = leg_with_fppa(hip, segment, fppa, medial_of(side))
    return body(side, np.array(hip), knee, ankle)


def _reflect(points: np.ndarray) -> np.ndarray:
    """The same scene mirrored across the frame's vertical midline, labels kept anatomical."""
    reflected = points.copy()
    reflected[:, 0] = WIDTH - reflected[:, 0]
    return reflected


def test_fppa_exact_in_pixels_of_a_non_square_frame():
    # Left leg (medial is -x): thigh 20° and shank 8° off vertical towards the midline, so the
    # knee lies medial of the hip-ankle line and FPPA is 12° exactly, in pixels.
    hip = np.array([400.0, 600.0])
    knee = hip + 250 * np.array([-math.sin(math.radians(20)), math.cos(math.radians(20))])
    ankle = knee + 250 * np.array([-math.sin(math.radians(8)), math.cos(math.radians(8))])
    points = body("left", hip, knee, ankle)
    assert _frame_fppa(points, "left") == pytest.approx(12.0, abs=1e-3)
    # The same angle on normalized coordinates of a 720x1280 frame is wrong by several degrees.
    scale = np.array([WIDTH, HEIGHT])
    wrong = fppa_deg(hip / scale, knee / scale, ankle / scale, medial_x=-1.0)
    assert abs(float(wrong) - 12.0) > 3.0


@pytest.mark.parametrize("fppa", [-15.0, -4.0, 0.0, 6.0, 25.0])
@pytest.mark.parametrize("side", ["left", "right"])
def test_fppa_exact_for_both_legs_and_signs(side, fppa):
    assert _frame_fppa(_skeleton(side, fppa), side) == pytest.approx(fppa, abs=1e-3)


def test_mirror_image_of_a_left_valgus_is_the_same_right_valgus():
    left = _skeleton("left", 14.0)
    right = body("right", *(_reflect(left)[i, :2] for i in (23, 25, 27)))
    assert _frame_fppa(left, "left") == pytest.approx(14.0, abs=1e-3)
    assert _frame_fppa(right, "right") == pytest.approx(14.0, abs=1e-3)


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("fppa", [11.0, -9.0])
def test_mirrored_input_gives_the_same_result(side, fppa):
    points = _skeleton(side, fppa)
    assert _frame_fppa(points, side, mirrored=True) == pytest.approx(
        _frame_fppa(points, side), abs=1e-3
    )


def test_varus_is_negative():
    assert _frame_fppa(_skeleton("right", -10.0), "right") < 0


def test_missing_or_horizontal_leg_gives_nan():
    nan = np.array([np.nan, np.nan])
    assert np.isnan(fppa_deg(nan, np.array([0.0, 1.0]), np.array([0.0, 2.0]), 1.0))
    horizontal = fppa_deg(np.array([0.0, 0.0]), np.array([1.0, 0.1]), np.array([2.0, 0.0]), 1.0)
    assert np.isnan(horizontal)


coordinate = st.floats(-2000, 2000, allow_nan=False)


@given(
    fppa=st.floats(-40, 40),
    medial=st.sampled_from([-1.0, 1.0]),
    hip=st.tuples(coordinate, coordinate),
    segment=st.floats(20, 2000),
    shift=st.tuples(coordinate, coordinate),
    scale=st.floats(0.05, 20),
)
def test_fppa_invariant_to_translation_and_uniform_scale(fppa, medial, hip, segment, shift, scale):
    knee, ankle = leg_with_fppa(hip, segment, fppa, medial)
    points = np.array([hip, knee, ankle])
    moved = points * scale + np.array(shift)
    assert float(fppa_deg(*points, medial)) == pytest.approx(fppa, abs=1e-6)
    assert float(fppa_deg(*moved, medial)) == pytest.approx(fppa, abs=1e-6)


def _pose(side: str, *, drop: float, lean: float, adduction: float, fppa: float) -> np.ndarray:
    """A standing skeleton with an exact pelvic drop, trunk lean, hip adduction and FPPA (deg).

    Built for a person facing the camera: medial is towards the other hip.
    """
    medial = medial_of(side)
    hip = np.array([360.0 - medial * 40, 640.0])
    pelvis_width, thigh, torso = 80.0, 230.0, 300.0
    drop_rad = math.radians(drop)
    other_hip = hip + pelvis_width * np.array([medial * math.cos(drop_rad), math.sin(drop_rad)])
    # The pelvis perpendicular tilts laterally by the drop; the femur is adducted from it.
    femur_angle = math.radians(adduction) - drop_rad
    knee = hip + thigh * np.array([medial * math.sin(femur_angle), math.cos(femur_angle)])
    # Shank continues the femur turned back laterally by the FPPA.
    shank_angle = femur_angle - math.radians(fppa)
    ankle = knee + thigh * np.array([medial * math.sin(shank_angle), math.cos(shank_angle)])
    points = body(side, hip, knee, ankle)
    other = 24 if side == "left" else 23
    points[other, :2] = other_hip
    # The free leg is held well clear of the stance leg, as the protocol asks.
    points[[other + 2, other + 4, other + 6, other + 8], 0] += medial * 400
    mid_hip = (hip + other_hip) / 2
    # Leaning over the stance leg moves the shoulders away from the midline (-medial).
    shift = mid_hip + torso * np.array(
        [-medial * math.sin(math.radians(lean)), -math.cos(math.radians(lean))]
    )
    shoulders = points[[11, 12], :2]
    points[[11, 12], :2] = shoulders - shoulders.mean(axis=0) + shift
    return points


def _measures(
    points: np.ndarray, side: str, width: int = WIDTH, height: int = HEIGHT, mirrored=False
):
    trial = make_trial([points], [0.0], side=side, width=width, height=height, mirrored=mirrored)
    pixels, _ = fix_label_swaps(to_pixels(trial))
    measures = kinematics(pixels, LEGS[side], leg_length=460.0, thigh_length=230.0)
    return np.array(
        [
            measures.fppa_deg[0],
            measures.hip_adduction_deg[0],
            measures.pelvic_drop_deg[0],
            measures.trunk_lean_deg[0],
        ]
    )


angle = st.floats(-20, 20)


@given(side=st.sampled_from(["left", "right"]), drop=angle, lean=angle, adduction=angle, fppa=angle)
def test_every_frontal_measure_is_exact_with_anatomical_signs(side, drop, lean, adduction, fppa):
    points = _pose(side, drop=drop, lean=lean, adduction=adduction, fppa=fppa)
    assert _measures(points, side) == pytest.approx([fppa, adduction, drop, lean], abs=1e-6)


@given(
    side=st.sampled_from(["left", "right"]),
    pose=st.tuples(angle, angle, angle, angle),
    shift=st.tuples(st.floats(-300, 300), st.floats(-300, 300)),
    scale=st.floats(0.3, 3),
    frame=st.tuples(st.integers(240, 4000), st.integers(240, 4000)),
)
def test_measures_invariant_to_translation_scale_and_frame_aspect(side, pose, shift, scale, frame):
    drop, lean, adduction, fppa = pose
    points = _pose(side, drop=drop, lean=lean, adduction=adduction, fppa=fppa)
    moved = points.copy()
    moved[:, :2] = points[:, :2] * scale + np.array(shift)
    # The same scene uploaded from a frame of any size and aspect ratio.
    assert _measures(moved, side, *frame) == pytest.approx(_measures(points, side), abs=1e-3)


@given(side=st.sampled_from(["left", "right"]), pose=st.tuples(angle, angle, angle, angle))
def test_mirrored_upload_and_the_other_leg_give_the_same_measures(side, pose):
    drop, lean, adduction, fppa = pose
    points = _pose(side, drop=drop, lean=lean, adduction=adduction, fppa=fppa)
    expected = [fppa, adduction, drop, lean]
    assert _measures(points, side, mirrored=True) == pytest.approx(expected, abs=1e-3)
    # The mirror image of this scene is the same movement on the other leg: same signs.
    other_side = "right" if side == "left" else "left"
    reflected = _reflect(points)[SWAP_LEFT_RIGHT]
    assert _measures(reflected, other_side) == pytest.approx(expected, abs=1e-3)


def test_knee_medial_offset_is_the_horizontal_distance_from_the_hip_ankle_line():
    hip, ankle = np.array([400.0, 600.0]), np.array([400.0, 1100.0])
    for medial, knee_x, expected in ((-1.0, 370.0, 30.0), (-1.0, 420.0, -20.0), (1.0, 430.0, 30.0)):
        offset = knee_medial_offset_px(hip, np.array([knee_x, 850.0]), ankle, medial)
        assert float(offset) == pytest.approx(expected)
