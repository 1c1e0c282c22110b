"""Frontal plane projection angle (FPPA) of the knee from pixel coordinates."""

from __future__ import annotations

import numpy as np


def fppa_deg(hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray, medial_x: float) -> np.ndarray:
    """Return the FPPA in degrees: 180° minus the interior knee angle, positive for valgus.

    hip, knee and ankle are (..., 2+) pixel arrays; only x and y are used. Valgus means the knee
    lies on the medial side of the hip-ankle line, measured horizontally at the knee's height;
    medial_x (+1 or -1) is the image x direction of the body's midline from this leg. Where the
    leg is horizontal or a point is missing, the result is NaN.
    """
    hip, knee, ankle = (np.asarray(p, dtype=float)[..., :2] for p in (hip, knee, ankle))
    thigh = knee - hip
    shank = ankle - knee
    cross = thigh[..., 0] * shank[..., 1] - thigh[..., 1] * shank[..., 0]
    dot = np.sum(thigh * shank, axis=-1)
    # Angle between thigh and shank directions equals 180° minus the interior angle at the knee.
    magnitude = np.degrees(np.abs(np.arctan2(cross, dot)))
    leg = ankle - hip
    # Knee's horizontal offset from the hip-ankle line at the knee's height, times leg height;
    # undefined (NaN) for a horizontal leg.
    scaled_offset = thigh[..., 0] * leg[..., 1] - leg[..., 0] * thigh[..., 1]
    direction = np.sign(scaled_offset) * np.sign(leg[..., 1]) * medial_x
    return np.where(leg[..., 1] == 0, np.nan, direction * magnitude)
