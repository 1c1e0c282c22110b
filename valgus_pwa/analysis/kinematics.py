"""Per-frame kinematics of a trial's stance leg, and the scoring of each rep from them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valgus_pwa.analysis.angles import (
    fppa_deg,
    hip_adduction_deg,
    knee_medial_offset_px,
    pelvic_drop_deg,
    trunk_lean_deg,
)
from valgus_pwa.analysis.filtering import estimate_fps
from valgus_pwa.analysis.landmarks import LEFT_HIP, LEFT_SHOULDER, RIGHT_HIP, RIGHT_SHOULDER, Leg, Y
from valgus_pwa.analysis.quality import contact_measurable
from valgus_pwa.analysis.reps import BOTTOM_FIT_SHARE, RepWindow, fit_quadratic
from valgus_pwa.schemas import Rep, RepLeftOut, TiltReference, Trial

# FPPA inflates when the thigh points towards the camera and its image shortens: flag a rep
# whose hip-to-knee height at the bottom is below this share of the standing thigh length
# (thigh more than about 60° from vertical, i.e. past about 90° of knee flexion). The
# countermovement of the motion capture reads 0.47 here, with its 2D FPPA inflated to -54°.
DEEP_THIGH_FRACTION = 0.5
# Single-leg stance. Both feet are on the floor in a frame when the two ankles are at the same
# image height within this share of leg length. On the real two-leg squat clip they always
# are (|difference| 0.03-0.05: one foot a little further back); a free foot held up behind, or
# forward (it then appears lower, being nearer the camera), is outside the band. The man
# balancing on one leg in the real frontal clip swings his free foot through the band in 30%
# of the frames. The wizard asks for the foot a hand's width up (about 0.12).
FLOOR_BAND = 0.07
# A rep is not a single-leg rep when both feet were down in more than this share of its frames
# from the start of the descent (a landing's contact) to the bottom.
MAX_FEET_DOWN = 0.5
# Rep fields that are averaged per trial and compared between legs.
REP_METRICS = (
    "fppa_deg",
    "fppa_peak_deg",
    "fppa_contact_deg",
    "hip_adduction_deg",
    "pelvic_drop_deg",
    "trunk_lean_deg",
    "knee_medial_displacement",
    "depth",
)
_DECIMALS = 2


def reported(value: float | None) -> float | None:
    """Round a float for the report, mapping NaN to None."""
    return round(float(value), _DECIMALS) if value is not None and np.isfinite(value) else None


def reported_series(values: np.ndarray) -> list[float | None]:
    """Round a series for the report, mapping NaN to None."""
    return [None if v != v else v for v in np.round(values, _DECIMALS).tolist()]


@dataclass(frozen=True)
class Kinematics:
    """Per-frame measures of one trial's stance leg, pelvis and trunk, from filtered pixels."""

    fppa_deg: np.ndarray
    hip_adduction_deg: np.ndarray
    pelvic_drop_deg: np.ndarray
    trunk_lean_deg: np.ndarray
    knee_medial_displacement: np.ndarray  # share of leg length
    depth: np.ndarray  # 1 - hip height above the ankle / leg length
    too_deep: np.ndarray  # hip within DEEP_THIGH_FRACTION of a thigh above the knee


def scene_roll_deg(trial: Trial) -> float | None:
    """The phone's roll in the unmirrored frame the analysis reads, or None if none was sent.

    The roll is sent in the frames' own coordinates; flipping a mirrored trial's x back
    (landmarks.to_pixels) mirrors the vertical's lean too.
    """
    if trial.device_roll_deg is None:
        return None
    return -trial.device_roll_deg if trial.mirrored else trial.device_roll_deg


def tilt_reference(roll_deg: float | None) -> TiltReference:
    """What trunk lean and pelvic drop were measured against: level, or the picture's axes."""
    return "image_axes" if roll_deg is None else "device_level"


def kinematics(
    points: np.ndarray,
    leg: Leg,
    leg_length: float,
    thigh_length: float,
    roll_deg: float | None = None,
) -> Kinematics:
    """Measure every frame of an (n, 33, 2+) filtered pixel array for the given stance leg.

    With the phone's roll (scene_roll_deg), pelvic drop and trunk lean are against the true
    horizontal and vertical; without it, against the image's axes.
    """
    roll = 0.0 if roll_deg is None else roll_deg
    hip, knee, ankle, other_hip = (
        points[:, i] for i in (leg.hip, leg.knee, leg.ankle, leg.other_hip)
    )
    mid_hip = (points[:, LEFT_HIP] + points[:, RIGHT_HIP]) / 2
    mid_shoulder = (points[:, LEFT_SHOULDER] + points[:, RIGHT_SHOULDER]) / 2
    # A collapsed or undetected body gives a zero length and NaN points: NaN measures, no warning.
    with np.errstate(divide="ignore", invalid="ignore"):
        return Kinematics(
            fppa_deg=fppa_deg(hip, knee, ankle, leg.medial_x),
            hip_adduction_deg=hip_adduction_deg(hip, other_hip, knee, leg.medial_x),
            pelvic_drop_deg=pelvic_drop_deg(hip, other_hip, roll),
            trunk_lean_deg=trunk_lean_deg(mid_hip, mid_shoulder, leg.medial_x, roll),
            knee_medial_displacement=knee_medial_offset_px(hip, knee, ankle, leg.medial_x)
            / leg_length,
            depth=1 - (ankle[:, Y] - hip[:, Y]) / leg_length,
            too_deep=knee[:, Y] - hip[:, Y] < DEEP_THIGH_FRACTION * thigh_length,
        )


def _bottom_fit(t_ms: np.ndarray, values: np.ndarray, window: RepWindow) -> float:
    """A squat's value at its bottom from a local quadratic fit (a Savitzky-Golay estimate).

    Frame noise averages out over the fit, while a quadratic follows the turn at the bottom
    without flattening it. The fit spans the bottom +- BOTTOM_FIT_SHARE of the rep's duration;
    with fewer than five known samples there, or none at the bottom, the filtered value at the
    bottom stands.
    """
    half = BOTTOM_FIT_SHARE * (t_ms[window.end] - t_ms[window.start])
    centre = t_ms[window.bottom]
    near = (np.abs(t_ms - centre) <= half) & np.isfinite(values)
    if near.sum() < 5 or not np.isfinite(values[window.bottom]):
        return float(values[window.bottom])
    # Centred and scaled time keeps the fit well conditioned; the value at 0 is the constant.
    return fit_quadratic((t_ms[near] - centre) / half, values[near])[2]


def feet_down_share(
    pixels: np.ndarray, leg: Leg, leg_length: float, first: int, last: int
) -> float | None:
    """Share of the frames from first to last, with both ankles seen, in which both feet were
    on the floor: the two ankles at one image height, within FLOOR_BAND leg lengths."""
    span = slice(first, last + 1)
    # A collapsed body has no leg length: every gap is NaN, and so is the answer.
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.abs(pixels[span, leg.ankle, Y] - pixels[span, leg.other_ankle, Y]) / leg_length
    seen = np.isfinite(gap)
    return float(np.mean(gap[seen] <= FLOOR_BAND)) if seen.any() else None


def score_rep(
    t_ms: np.ndarray,
    window: RepWindow,
    measures: Kinematics,
    landing: bool,
    feet_down: float | None,
) -> Rep:
    """Score one rep: every measure at its deepest point, FPPA's peak, and at contact if landing.

    A landing's contact value is withheld below quality.MIN_CONTACT_FPS: contact then falls
    within a frame in which the angle changes by degrees. A rep is left out of the trial's mean when the free foot was down (not a single-leg rep) or
    the hips went so deep that the angle is distorted.
    """
    bottom = window.bottom
    over_rep = measures.fppa_deg[window.start : window.end + 1]
    fppa = measures.fppa_deg[bottom] if landing else _bottom_fit(t_ms, measures.fppa_deg, window)
    too_deep = bool(measures.too_deep[bottom])
    left_out: RepLeftOut | None = None
    if feet_down is not None and feet_down > MAX_FEET_DOWN:
        left_out = "not_single_leg"
    elif too_deep:
        left_out = "very_deep"
    return Rep(
        start_ms=float(t_ms[window.start]),
        bottom_ms=float(t_ms[bottom]),
        end_ms=float(t_ms[window.end]),
        fppa_deg=reported(fppa),
        fppa_contact_deg=reported(measures.fppa_deg[window.start])
        if landing and contact_measurable(estimate_fps(t_ms))
        else None,
        depth=reported(measures.depth[bottom]),
        too_deep=too_deep,
        # The bottom's fitted value is an estimate too; the peak is never below it.
        fppa_peak_deg=reported(np.nanmax([*over_rep, fppa]))
        if np.isfinite(over_rep).any()
        else None,
        hip_adduction_deg=reported(measures.hip_adduction_deg[bottom]),
        pelvic_drop_deg=reported(measures.pelvic_drop_deg[bottom]),
        trunk_lean_deg=reported(measures.trunk_lean_deg[bottom]),
        knee_medial_displacement=reported(measures.knee_medial_displacement[bottom]),
        feet_down_share=reported(feet_down),
        left_out=left_out,
    )
