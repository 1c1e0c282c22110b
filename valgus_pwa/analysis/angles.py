"""Frontal-plane angles and offsets of the stance leg, pelvis and trunk from pixel coordinates.

Every function takes (..., 2+) pixel arrays (image y grows downwards; only x and y are used) and
medial_x, the image x direction (+1 or -1) from the stance leg towards the body's midline. Signs
are anatomical, so a left and a right leg doing the same thing give the same number.

Pelvic drop and trunk lean are against the horizontal and the vertical, which a phone rolled
about its camera's axis turns in the picture; roll_deg (+ when the true vertical, drawn
upwards, leans towards image +x) turns them back. The other measures are angles between body
segments, which a roll of the whole picture leaves unchanged.
"""

from __future__ import annotations

import numpy as np


def _xy(*points: np.ndarray) -> tuple[np.ndarray, ...]:
    return tuple(np.asarray(p, dtype=float)[..., :2] for p in points)


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]


def knee_medial_offset_px(
    hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray, medial_x: float
) -> np.ndarray:
    """Horizontal distance of the knee from the hip-ankle line at the knee's height, medial > 0.

    NaN where the leg is horizontal or a point is missing.
    """
    hip, knee, ankle = _xy(hip, knee, ankle)
    leg = ankle - hip
    with np.errstate(divide="ignore", invalid="ignore"):
        offset = _cross(knee - hip, leg) / leg[..., 1]
    return np.where(leg[..., 1] == 0, np.nan, offset * medial_x)


def fppa_deg(hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray, medial_x: float) -> np.ndarray:
    """Return the FPPA in degrees: 180° minus the interior knee angle, positive for valgus.

    Valgus means the knee lies on the medial side of the hip-ankle line (knee_medial_offset_px
    > 0). Where the leg is horizontal or a point is missing, the result is NaN.
    """
    hip, knee, ankle = _xy(hip, knee, ankle)
    thigh = knee - hip
    shank = ankle - knee
    # Angle between thigh and shank directions equals 180° minus the interior angle at the knee.
    magnitude = np.degrees(np.abs(np.arctan2(_cross(thigh, shank), np.sum(thigh * shank, axis=-1))))
    return np.sign(knee_medial_offset_px(hip, knee, ankle, medial_x)) * magnitude


def hip_adduction_deg(
    hip: np.ndarray, other_hip: np.ndarray, knee: np.ndarray, medial_x: float
) -> np.ndarray:
    """Femur (hip to knee) against the downward perpendicular of the hip-hip line; adduction > 0.

    Because it is measured against the pelvis, a dropping free-side hip adds to it, as in 3D.
    """
    hip, other_hip, knee = _xy(hip, other_hip, knee)
    pelvis = other_hip - hip
    # The pelvis perpendicular that points down the image (towards the feet).
    down = np.stack([-pelvis[..., 1], pelvis[..., 0]], axis=-1)
    down = np.where(down[..., 1:2] < 0, -down, down)
    femur = knee - hip
    return -medial_x * np.degrees(np.arctan2(_cross(down, femur), np.sum(down * femur, axis=-1)))


def levelled(vector: np.ndarray, roll_deg: float) -> np.ndarray:
    """Image vectors (..., 2) in a frame whose axes are level, for a picture rolled by roll_deg.

    The rolled picture shows the true vertical leaning roll_deg towards +x: turning it back by
    -roll_deg (y grows downwards) maps that direction onto the image's up again.
    """
    if roll_deg == 0:
        return vector
    cos, sin = np.cos(np.radians(roll_deg)), np.sin(np.radians(roll_deg))
    x, y = vector[..., 0], vector[..., 1]
    return np.stack([cos * x + sin * y, cos * y - sin * x], axis=-1)


def pelvic_drop_deg(hip: np.ndarray, other_hip: np.ndarray, roll_deg: float = 0.0) -> np.ndarray:
    """Tilt of the hip-hip line against the horizontal; > 0 when the free-side hip is lower.

    The free-side (contralateral) hip dropping is the Trendelenburg sign of weak stance-side
    hip abductors. The horizontal is the image's, turned back by roll_deg.
    """
    hip, other_hip = _xy(hip, other_hip)
    pelvis = levelled(other_hip - hip, roll_deg)
    return np.degrees(np.arctan2(pelvis[..., 1], np.abs(pelvis[..., 0])))


def trunk_lean_deg(
    mid_hip: np.ndarray, mid_shoulder: np.ndarray, medial_x: float, roll_deg: float = 0.0
) -> np.ndarray:
    """Mid-hip to mid-shoulder line against the vertical; > 0 leaning over the stance leg.

    Leaning the trunk over the stance leg (away from the midline side) is the usual way to
    unload weak hip abductors. The vertical is the image's, turned back by roll_deg.
    """
    mid_hip, mid_shoulder = _xy(mid_hip, mid_shoulder)
    trunk = levelled(mid_shoulder - mid_hip, roll_deg)
    return np.degrees(np.arctan2(-medial_x * trunk[..., 0], -trunk[..., 1]))
