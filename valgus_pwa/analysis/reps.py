"""Rep detection: squat cycles of the hip's height above the stance ankle, and the landing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks

# A squat must lower the hips by at least this share of leg length to count as a rep.
PROMINENCE_FRACTION = 0.06
# Start and end of a rep: where the hips are back within this share of its depth from standing.
STANDING_FRACTION = 0.1
# A rep cut by the start or end of the recording has one side shorter than the other: both
# the descent and the ascent must cover at least this share of the larger of the two.
COMPLETE_FRACTION = 0.7
# The stance foot stays planted while the hips go down; a larger ankle excursion (share of leg
# length) is a step, as when walking into position, not a squat. (On the way up a heel may
# rise, as in the push-off of a jump.)
PLANTED_FRACTION = 0.15
# Even a brisk dip (the 0.58 s countermovement of a jump) takes longer than this from standing
# back to standing; quicker dips are a wobble of balance (0.3 s on the frontal real clip).
MIN_REP_MS = 400.0
# Slower ankle falls than this (leg lengths per second) are not a drop onto the floor.
MIN_FALL_SPEED = 0.5
# Initial contact: the ankle's downward speed has fallen below this share of its peak.
CONTACT_SPEED_FRACTION = 0.1
# Peak knee flexion after contact is looked for within this time.
LANDING_WINDOW_MS = 1000.0
# End of the landing: the hips have stayed slower than this (leg lengths per second) for
# SETTLE_MS, i.e. the runner has stood up or held the landing still.
SETTLED_SPEED = 0.2
SETTLE_MS = 200.0
# Without settling, the landing ends this long after contact.
MAX_LANDING_MS = 2500.0


@dataclass(frozen=True)
class RepWindow:
    """Frame indices of one rep: start of the descent, deepest point and return to standing."""

    start: int
    bottom: int
    end: int


def bridge_nans(t_ms: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Linearly bridge NaNs (holding the edge values) so events see a continuous signal."""
    known = np.isfinite(values)
    if not known.any():
        return np.zeros_like(values, dtype=float)
    return np.interp(t_ms, t_ms[known], values[known])


def detect_squat_reps(
    t_ms: np.ndarray,
    hip_y: np.ndarray,
    ankle_xy: np.ndarray,
    leg_length_px: float,
    prominence_fraction: float = PROMINENCE_FRACTION,
) -> list[RepWindow]:
    """Return the complete reps of a squat trial, in pixels (image y grows downwards).

    The signal is the mid-hip's height above the stance ankle, so a drifting or shifted camera
    moves both together and changes nothing. A rep is a dip of that height deeper than
    prominence_fraction of the leg length whose descent and ascent are both (nearly) whole,
    that lasts at least MIN_REP_MS, and in whose descent the stance ankle stays planted. A
    partial rep at either end of the recording and the steps of walking into position are
    therefore not reps.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    if not np.isfinite(leg_length_px) or leg_length_px <= 0:
        return []
    ankle = np.column_stack([bridge_nans(t_ms, column) for column in np.asarray(ankle_xy).T])
    lowering = bridge_nans(t_ms, np.asarray(hip_y, dtype=float) - np.asarray(ankle_xy)[:, 1])
    bottoms, _ = find_peaks(lowering, prominence=prominence_fraction * leg_length_px)
    edges = np.concatenate(([0], bottoms, [len(lowering) - 1]))
    reps = []
    for k, bottom in enumerate(bottoms):
        before = lowering[edges[k] : bottom + 1]
        after = lowering[bottom : edges[k + 2] + 1]
        descent = lowering[bottom] - before.min()
        ascent = lowering[bottom] - after.min()
        if min(descent, ascent) < COMPLETE_FRACTION * max(descent, ascent):
            continue
        start_level = before.min() + STANDING_FRACTION * descent
        end_level = after.min() + STANDING_FRACTION * ascent
        start = edges[k] + int(np.flatnonzero(before <= start_level)[-1])
        end = bottom + int(np.flatnonzero(after <= end_level)[0])
        if np.ptp(ankle[start : bottom + 1], axis=0).max() > PLANTED_FRACTION * leg_length_px:
            continue
        if t_ms[end] - t_ms[start] < MIN_REP_MS:
            continue
        reps.append(RepWindow(start, int(bottom), end))
    return reps


def _settled_index(t_ms: np.ndarray, moving: np.ndarray, first: int, last: int) -> int | None:
    """First index in [first, last] from which nothing moves for SETTLE_MS, if any."""
    indices = np.arange(first, last + 1)
    moving_at = np.flatnonzero(moving[first : last + 1]) + first
    position = np.searchsorted(moving_at, indices)
    # Up to the next moving frame, or to the end of the landing if none follows.
    still_until = np.append(moving_at, last)[position]
    settled = indices[t_ms[still_until] - t_ms[indices] >= SETTLE_MS]
    return int(settled[0]) if settled.size else None


def detect_landing(
    t_ms: np.ndarray,
    hip_y: np.ndarray,
    ankle_y: np.ndarray,
    leg_length_px: float,
    window_ms: float = LANDING_WINDOW_MS,
) -> tuple[RepWindow, bool] | None:
    """Return the landing (initial contact, peak knee flexion, end) and whether a fall was seen.

    Initial contact is where the stance ankle's downward velocity stops after its fastest fall;
    peak knee flexion is the lowest mid-hip point within window_ms after contact; the landing
    ends once the hips have settled (standing up or holding still). Without a clear fall that
    comes to a stop, the whole trial is treated as after contact, from its first detected frame.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    known = np.isfinite(np.asarray(hip_y)) & np.isfinite(np.asarray(ankle_y))
    if known.sum() < 2 or not np.isfinite(leg_length_px) or leg_length_px <= 0:
        return None
    hip = bridge_nans(t_ms, np.asarray(hip_y, dtype=float))
    ankle = bridge_nans(t_ms, np.asarray(ankle_y, dtype=float))
    downward = np.gradient(ankle, t_ms) * 1000.0
    fastest = int(np.argmax(downward))
    fell = downward[fastest] >= MIN_FALL_SPEED * leg_length_px
    slowed = np.flatnonzero(downward[fastest:] <= CONTACT_SPEED_FRACTION * downward[fastest])
    if fell and slowed.size:
        contact = fastest + int(slowed[0])
        last_bottom = int(np.searchsorted(t_ms, t_ms[contact] + window_ms, side="right")) - 1
        last = int(np.searchsorted(t_ms, t_ms[contact] + MAX_LANDING_MS, side="right")) - 1
    else:
        fell = False
        contact, last = int(np.flatnonzero(known)[0]), int(np.flatnonzero(known)[-1])
        last_bottom = last
    bottom = contact + int(np.argmax(hip[contact : last_bottom + 1]))
    moving = np.abs(np.gradient(hip, t_ms)) * 1000.0 > SETTLED_SPEED * leg_length_px
    settled = _settled_index(t_ms, moving, bottom, last)
    return RepWindow(contact, bottom, last if settled is None else settled), fell
