"""Rep detection: squat cycles of the mid-hip height, and the landing event."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks

# A squat must lower the hips by at least this share of leg length to count as a rep.
PROMINENCE_FRACTION = 0.06
# Start and end of a rep: where the hips are back within this share of its depth from standing.
STANDING_FRACTION = 0.1
# Slower ankle falls than this (leg lengths per second) are not a drop onto the floor.
MIN_FALL_SPEED = 0.5
# Initial contact: the ankle's downward speed has fallen below this share of its peak.
CONTACT_SPEED_FRACTION = 0.1
# Peak knee flexion after contact is looked for within this time.
LANDING_WINDOW_MS = 1000.0


@dataclass(frozen=True)
class RepWindow:
    """Frame indices of one rep: start of the descent, deepest point and return to standing."""

    start: int
    bottom: int
    end: int


def _bridge_nans(t_ms: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Linearly bridge NaNs (holding the edge values) so peak finding sees a continuous signal."""
    known = np.isfinite(values)
    if not known.any():
        return np.zeros_like(values)
    return np.interp(t_ms, t_ms[known], values[known])


def detect_squat_reps(
    t_ms: np.ndarray,
    hip_y: np.ndarray,
    leg_length_px: float,
    prominence_fraction: float = PROMINENCE_FRACTION,
) -> list[RepWindow]:
    """Return the reps of a squat trial from the mid-hip y trajectory in pixels (y grows down).

    Each rep is a peak of hip y whose drop on both sides exceeds prominence_fraction of the leg
    length, so jitter and small wobbles in a held pose do not count as reps.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    y = _bridge_nans(t_ms, np.asarray(hip_y, dtype=float))
    if not np.isfinite(leg_length_px) or leg_length_px <= 0:
        return []
    bottoms, _ = find_peaks(y, prominence=prominence_fraction * leg_length_px)
    edges = np.concatenate(([0], bottoms, [len(y) - 1]))
    reps = []
    for k, bottom in enumerate(bottoms):
        before = y[edges[k] : bottom + 1]
        after = y[bottom : edges[k + 2] + 1]
        start_level = before.min() + STANDING_FRACTION * (y[bottom] - before.min())
        end_level = after.min() + STANDING_FRACTION * (y[bottom] - after.min())
        start = edges[k] + int(np.flatnonzero(before <= start_level)[-1])
        end = bottom + int(np.flatnonzero(after <= end_level)[0])
        reps.append(RepWindow(start, int(bottom), end))
    return reps


def detect_landing(
    t_ms: np.ndarray,
    hip_y: np.ndarray,
    ankle_y: np.ndarray,
    leg_length_px: float,
    window_ms: float = LANDING_WINDOW_MS,
) -> tuple[RepWindow, bool] | None:
    """Return the landing event (contact, peak knee flexion, end of window) and whether a fall
    before contact was seen.

    Initial contact is where the stance ankle's downward velocity stops after its fastest fall;
    peak knee flexion is the lowest mid-hip point within window_ms after contact. Without a
    clear fall that comes to a stop, the whole trial is treated as after contact, from its
    first detected frame.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    known = np.isfinite(np.asarray(hip_y)) & np.isfinite(np.asarray(ankle_y))
    if known.sum() < 2 or not np.isfinite(leg_length_px) or leg_length_px <= 0:
        return None
    hip = _bridge_nans(t_ms, np.asarray(hip_y, dtype=float))
    ankle = _bridge_nans(t_ms, np.asarray(ankle_y, dtype=float))
    downward = np.gradient(ankle, t_ms) * 1000.0
    fastest = int(np.argmax(downward))
    if downward[fastest] >= MIN_FALL_SPEED * leg_length_px:
        slowed = np.flatnonzero(downward[fastest:] <= CONTACT_SPEED_FRACTION * downward[fastest])
        if slowed.size:
            contact = fastest + int(slowed[0])
            last = int(np.searchsorted(t_ms, t_ms[contact] + window_ms, side="right")) - 1
            bottom = contact + int(np.argmax(hip[contact : last + 1]))
            return RepWindow(contact, bottom, last), True
    first, last = int(np.flatnonzero(known)[0]), int(np.flatnonzero(known)[-1])
    bottom = first + int(np.argmax(hip[first : last + 1]))
    return RepWindow(first, bottom, last), False
