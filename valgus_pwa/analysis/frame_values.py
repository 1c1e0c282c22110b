"""Every per-frame value the analysis computes for one trial, with the points it used, for exports.

The report keeps only the FPPA series. An export that lets a reader recompute the angles needs
the points they were drawn from, raw and filtered; this runs the same steps as
`report.analyse_trial` (same functions, same order), so its FPPA is the report's series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valgus_pwa.analysis.kinematics import Kinematics, kinematics, scene_roll_deg
from valgus_pwa.analysis.landmarks import (
    LEFT_SHOULDER,
    LEGS,
    RIGHT_SHOULDER,
    fix_label_swaps,
    timestamps_ms,
    to_pixels,
)

# The steps of analyse_trial that turn raw pixels into filtered points are private to report.py;
# calling them, rather than copying them, keeps the export on the analysis's own path.
from valgus_pwa.analysis.report import READ_LANDMARKS, _trajectories, _typical_length
from valgus_pwa.schemas import Side, Trial

# Named by role, so one table holds left and right trials: the stance leg's hip, knee and ankle,
# the free side's hip (pelvic drop, hip adduction) and both shoulders (trunk lean).
MEASURED_POINTS = ("hip", "knee", "ankle", "free_hip", "left_shoulder", "right_shoulder")


def measured_point_indices(side: Side) -> dict[str, int]:
    """Landmark index of each measured point for a trial of the given stance side."""
    leg = LEGS[side]
    return {
        "hip": leg.hip,
        "knee": leg.knee,
        "ankle": leg.ankle,
        "free_hip": leg.other_hip,
        "left_shoulder": LEFT_SHOULDER,
        "right_shoulder": RIGHT_SHOULDER,
    }


@dataclass(frozen=True)
class FrameValues:
    """One trial's per-frame times, measured points (pixels, x right, y down) and measures."""

    t_ms: np.ndarray  # (n,)
    raw: dict[str, np.ndarray]  # point -> (n, 2): as uploaded, unmirrored, labels corrected
    filtered: dict[str, np.ndarray]  # point -> (n, 2): jumps removed, gaps filled, low-passed
    measures: Kinematics  # computed from the filtered points
    # The phone's roll in the unmirrored frame, which pelvic drop and trunk lean are levelled
    # by (None: against the image's axes).
    roll_deg: float | None


def frame_values(trial: Trial) -> FrameValues:
    """Per-frame points and measures of a trial, exactly as analyse_trial computes them."""
    t_ms = timestamps_ms(trial)
    leg = LEGS[trial.side]
    pixels, _ = fix_label_swaps(to_pixels(trial, READ_LANDMARKS))
    leg_length = _typical_length(pixels[:, leg.hip], pixels[:, leg.ankle])
    thigh_length = _typical_length(pixels[:, leg.hip], pixels[:, leg.knee])
    landing = trial.test == "single_leg_landing"
    _, points = _trajectories(t_ms, pixels, leg, leg_length, landing)
    indices = measured_point_indices(trial.side)
    roll = scene_roll_deg(trial)
    return FrameValues(
        t_ms=t_ms,
        raw={name: pixels[:, index, :2] for name, index in indices.items()},
        filtered={name: points[:, index, :2] for name, index in indices.items()},
        measures=kinematics(points, leg, leg_length, thigh_length, roll),
        roll_deg=roll,
    )
