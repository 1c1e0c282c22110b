"""Rep detection: squat cycles of the hip's height above the stance ankle, and each landing."""

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
# The bottom of a rep, and its angle there, are read off local quadratic fits over the bottom
# +- this share of the rep's duration (docs/MEASUREMENT.md, section 2.6).
BOTTOM_FIT_SHARE = 0.2
# A dip less than this share of the trial's median rep depth is a wobble between reps, not a rep.
MIN_RELATIVE_DEPTH = 0.5
# Even a brisk dip (the 0.58 s countermovement of a jump) takes longer than this from standing
# back to standing; quicker dips are a wobble of balance (0.3 s on the frontal real clip).
MIN_REP_MS = 400.0
# Slower ankle falls than this (leg lengths per second) are not a drop onto the floor.
MIN_FALL_SPEED = 0.5
# A drop lowers the ankle by at least this share of leg length (the wizard's step is 20-30 cm,
# about a third of a leg) and ends on the floor: within this share of leg length of the lowest
# ankle position of the trial. Stepping back onto the box ends above the floor and is no landing.
MIN_DROP_FRACTION = 0.1
FLOOR_TOLERANCE = 0.1
# Two landings are at least this far apart: stepping back up and off again takes longer.
MIN_LANDING_GAP_MS = 800.0
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
    that lasts at least MIN_REP_MS, in whose descent the stance ankle stays planted, and that
    starts after the first frame and ends before the last (the standing before and after it was
    seen), and is at least MIN_RELATIVE_DEPTH as deep as the trial's median rep. A partial rep
    at either end of the recording, a wobble of balance and the steps of walking into position
    are therefore not reps.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    if not np.isfinite(leg_length_px) or leg_length_px <= 0:
        return []
    ankle = np.column_stack([bridge_nans(t_ms, column) for column in np.asarray(ankle_xy).T])
    lowering = bridge_nans(t_ms, np.asarray(hip_y, dtype=float) - np.asarray(ankle_xy)[:, 1])
    bottoms, _ = find_peaks(lowering, prominence=prominence_fraction * leg_length_px)
    edges = np.concatenate(([0], bottoms, [len(lowering) - 1]))
    candidates: list[tuple[RepWindow, float]] = []
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
        if t_ms[end] - t_ms[start] < MIN_REP_MS or start == 0 or end == len(lowering) - 1:
            continue
        bottom = _refined_bottom(t_ms, lowering, int(bottom), start, end)
        candidates.append((RepWindow(start, bottom, end), min(descent, ascent)))
    if not candidates:
        return []
    typical = float(np.median([depth for _, depth in candidates]))
    return [window for window, depth in candidates if depth >= MIN_RELATIVE_DEPTH * typical]


def fit_quadratic(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Least-squares a*x**2 + b*x + c through the points, as (a, b, c).

    The 3x3 normal equations, for x scaled to about [-1, 1] by the caller: a tenth of
    np.polyfit's cost, which matters at two fits per rep.
    """
    powers = np.vander(x, 3)
    a, b, c = np.linalg.solve(powers.T @ powers, powers.T @ y)
    return float(a), float(b), float(c)


def _refined_bottom(
    t_ms: np.ndarray, lowering: np.ndarray, bottom: int, start: int, end: int
) -> int:
    """The frame nearest the vertex of a quadratic fitted to the hips' lowering around its peak.

    The hips are nearly still at the bottom, so the single deepest frame wanders with landmark
    jitter (up to a quarter of a second on 0.006 of jitter); the vertex of a fit over the bottom
    +- BOTTOM_FIT_SHARE of the rep averages it out. Kept within the rep, and the frame found by
    the peak stands when the fit has no maximum there.
    """
    half = BOTTOM_FIT_SHARE * (t_ms[end] - t_ms[start])
    near = np.flatnonzero(np.abs(t_ms - t_ms[bottom]) <= half)
    if near.size < 5:
        return bottom
    curvature, slope, _ = fit_quadratic((t_ms[near] - t_ms[bottom]) / half, lowering[near])
    if curvature >= 0:
        return bottom
    vertex_ms = t_ms[bottom] - half * slope / (2 * curvature)
    if not t_ms[start] <= vertex_ms <= t_ms[end]:
        return bottom
    return int(np.argmin(np.abs(t_ms - vertex_ms)))


def _settled_index(t_ms: np.ndarray, moving: np.ndarray, first: int, last: int) -> int | None:
    """First index in [first, last] from which nothing moves for SETTLE_MS, if any."""
    indices = np.arange(first, last + 1)
    moving_at = np.flatnonzero(moving[first : last + 1]) + first
    position = np.searchsorted(moving_at, indices)
    # Up to the next moving frame, or to the end of the landing if none follows.
    still_until = np.append(moving_at, last)[position]
    settled = indices[t_ms[still_until] - t_ms[indices] >= SETTLE_MS]
    return int(settled[0]) if settled.size else None


def _contacts(t_ms: np.ndarray, ankle: np.ndarray, leg_length_px: float) -> list[int]:
    """Initial contacts: each fast fall of the ankle that drops it onto the floor and stops.

    A fall is a peak of downward ankle speed of at least MIN_FALL_SPEED leg lengths a second;
    contact is where that speed has dropped below CONTACT_SPEED_FRACTION of the peak. The fall
    must have lowered the ankle by MIN_DROP_FRACTION of leg length and ended on the floor, and
    the recording must go on for SETTLE_MS after contact: a landing cut off by the end of the
    recording cannot be scored, like a partial squat rep.
    """
    downward = np.gradient(ankle, t_ms) * 1000.0
    fps = 1000.0 / float(np.median(np.diff(t_ms)))
    peaks, _ = find_peaks(
        downward,
        height=MIN_FALL_SPEED * leg_length_px,
        distance=max(1, int(MIN_LANDING_GAP_MS * fps / 1000.0)),
    )
    floor = float(np.max(ankle))
    contacts: list[int] = []
    for peak in peaks:
        slowed = np.flatnonzero(downward[peak:] <= CONTACT_SPEED_FRACTION * downward[peak])
        rising = np.flatnonzero(downward[: peak + 1] <= 0)
        if not slowed.size:
            continue
        contact = int(peak + slowed[0])
        fall_start = int(rising[-1]) if rising.size else 0
        dropped = ankle[contact] - ankle[fall_start] >= MIN_DROP_FRACTION * leg_length_px
        on_floor = floor - ankle[contact] <= FLOOR_TOLERANCE * leg_length_px
        seen_after = t_ms[-1] - t_ms[contact] >= SETTLE_MS
        if dropped and on_floor and seen_after and (not contacts or contact > contacts[-1]):
            contacts.append(contact)
    return contacts


def detect_landings(
    t_ms: np.ndarray,
    hip_y: np.ndarray,
    ankle_y: np.ndarray,
    leg_length_px: float,
    window_ms: float = LANDING_WINDOW_MS,
) -> tuple[list[RepWindow], bool]:
    """Return every landing (initial contact, peak knee flexion, end) and whether a drop was seen.

    Peak knee flexion is the lowest mid-hip point within window_ms after contact; a landing
    ends once the hips have settled (standing up or holding still), at most MAX_LANDING_MS after
    contact, and always before the next landing's fall begins. Without any drop onto the floor,
    the whole trial is one window scored as after contact, from its first detected frame, and
    the second value is False.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    known = np.isfinite(np.asarray(hip_y)) & np.isfinite(np.asarray(ankle_y))
    if known.sum() < 2 or not np.isfinite(leg_length_px) or leg_length_px <= 0:
        return [], False
    hip = bridge_nans(t_ms, np.asarray(hip_y, dtype=float))
    ankle = bridge_nans(t_ms, np.asarray(ankle_y, dtype=float))
    moving = np.abs(np.gradient(hip, t_ms)) * 1000.0 > SETTLED_SPEED * leg_length_px
    contacts = _contacts(t_ms, ankle, leg_length_px)
    if not contacts:
        first, last = int(np.flatnonzero(known)[0]), int(np.flatnonzero(known)[-1])
        bottom = first + int(np.argmax(hip[first : last + 1]))
        settled = _settled_index(t_ms, moving, bottom, last)
        return [RepWindow(first, bottom, last if settled is None else settled)], False
    landings = []
    for k, contact in enumerate(contacts):
        # The next landing's fall starts before its contact: stop at the last still frame.
        limit = (
            len(t_ms) - 1 if k + 1 == len(contacts) else _fall_start(ankle, t_ms, contacts[k + 1])
        )
        last_bottom = min(
            limit, int(np.searchsorted(t_ms, t_ms[contact] + window_ms, side="right")) - 1
        )
        last = min(
            limit, int(np.searchsorted(t_ms, t_ms[contact] + MAX_LANDING_MS, side="right")) - 1
        )
        bottom = contact + int(np.argmax(hip[contact : max(contact, last_bottom) + 1]))
        settled = _settled_index(t_ms, moving, bottom, max(bottom, last))
        landings.append(
            RepWindow(contact, bottom, max(bottom, last) if settled is None else settled)
        )
    return landings, True


def _fall_start(ankle: np.ndarray, t_ms: np.ndarray, contact: int) -> int:
    """Last frame before `contact` in which the ankle was not going down."""
    downward = np.gradient(ankle, t_ms)
    still = np.flatnonzero(downward[:contact] <= 0)
    return int(still[-1]) if still.size else 0
