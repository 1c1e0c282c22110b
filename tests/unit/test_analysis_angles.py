"""FPPA geometry: exact on known skeletons, pixel-correct, sign-correct for both legs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.skeletons import body, leg_with_fppa, make_trial, medial_of
from valgus_pwa.analysis.angles import fppa_deg
from valgus_pwa.analysis.landmarks import LEGS, fix_label_swaps, to_pixels

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
