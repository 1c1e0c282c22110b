"""MediaPipe Pose landmark indices and conversion of a trial's frames to pixel arrays."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

import numpy as np

from valgus_pwa.analysis.compact_frames import PackedFrames
from valgus_pwa.schemas import LANDMARK_COUNT, Side, Trial

# Labels are anatomical: LEFT_HIP is the person's left hip, whichever side of the image it is on.
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_HIP, RIGHT_HIP = 23, 24
LEFT_KNEE, RIGHT_KNEE = 25, 26
LEFT_ANKLE, RIGHT_ANKLE = 27, 28
LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX = 31, 32

# Every (left, right) pair of the 33-landmark model: eyes, ears, mouth, arms, hands, legs, feet.
LEFT_RIGHT_PAIRS: tuple[tuple[int, int], ...] = (
    (1, 4), (2, 5), (3, 6), (7, 8), (9, 10),
    (11, 12), (13, 14), (15, 16), (17, 18), (19, 20), (21, 22),
    (23, 24), (25, 26), (27, 28), (29, 30), (31, 32),
)  # fmt: skip

# Channels of the last axis of a landmark array.
X, Y, Z, VISIBILITY = 0, 1, 2, 3


def _swap_order(pairs: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Index permutation that exchanges the left and right landmark of each given pair."""
    order = np.arange(LANDMARK_COUNT)
    for left, right in pairs:
        order[left], order[right] = right, left
    return order


SWAP_LEFT_RIGHT = _swap_order(LEFT_RIGHT_PAIRS)


@dataclass(frozen=True)
class Leg:
    """Landmark indices of one stance leg, the free side's hip and ankle, and the image x
    direction (+1 or -1) of the stance leg's medial side."""

    hip: int
    knee: int
    ankle: int
    other_hip: int
    other_ankle: int
    medial_x: float


# Facing the camera, the person's left leg is on the image's right, so its midline side is -x.
# fix_label_swaps makes every frame follow this convention.
LEGS: dict[Side, Leg] = {
    "left": Leg(LEFT_HIP, LEFT_KNEE, LEFT_ANKLE, RIGHT_HIP, RIGHT_ANKLE, medial_x=-1.0),
    "right": Leg(RIGHT_HIP, RIGHT_KNEE, RIGHT_ANKLE, LEFT_HIP, LEFT_ANKLE, medial_x=1.0),
}


def to_pixels(trial: Trial, landmarks: Sequence[int] | None = None) -> np.ndarray:
    """Return the trial as an (n_frames, 33, 4) float array of x, y, z in pixels and visibility.

    Angles need pixels: on normalized coordinates of a non-square frame they are wrong.
    z is scaled by the frame width because MediaPipe gives it on roughly the same scale as x.
    Frames without a detected person are all NaN. A mirrored trial is flipped back (x -> 1 - x)
    and its left/right labels swapped, so the result always describes the unmirrored scene.
    With `landmarks` (closed under left/right swapping), only those are read and the rest stay
    NaN: reading Python floats is most of the cost of scoring a long trial.
    """
    wanted = list(range(LANDMARK_COUNT)) if landmarks is None else list(landmarks)
    if isinstance(trial.frames, PackedFrames):  # a compact upload: decoded as arrays already
        detected = np.flatnonzero(trial.frames.detected).tolist()
        values = trial.frames.detected_points(wanted)
    else:
        rows = [frame.landmarks for frame in trial.frames if frame.landmarks is not None]
        detected = [i for i, frame in enumerate(trial.frames) if frame.landmarks is not None]
        pick = itemgetter(*wanted)
        values = np.fromiter(
            chain.from_iterable(chain.from_iterable(map(pick, rows))),
            dtype=float,
            count=len(rows) * len(wanted) * 4,
        ).reshape(len(rows), len(wanted), 4)
    if trial.mirrored:
        values[..., X] = 1.0 - values[..., X]
        # The landmark read as the left one is the person's right one, and vice versa.
        wanted = [int(SWAP_LEFT_RIGHT[index]) for index in wanted]
    values *= (trial.frame_width, trial.frame_height, trial.frame_width, 1.0)
    array = np.full((len(trial.frames), LANDMARK_COUNT, 4), np.nan)
    array[np.ix_(detected, wanted)] = values
    return array


def timestamps_ms(trial: Trial) -> np.ndarray:
    """Return the frame timestamps of a trial in milliseconds."""
    if isinstance(trial.frames, PackedFrames):
        return trial.frames.t_ms.copy()
    return np.array([frame.t_ms for frame in trial.frames], dtype=float)


@dataclass(frozen=True)
class _SwapGroup:
    """Landmarks whose labels MediaPipe trades together, and the pairs that decide."""

    order: np.ndarray
    deciding: tuple[tuple[int, int], ...]


# On real clips MediaPipe swaps the torso, the knees and the feet independently; face and arms
# are not measured and simply follow the torso.
_SWAP_GROUPS = (
    _SwapGroup(
        _swap_order(tuple(pair for pair in LEFT_RIGHT_PAIRS if pair[0] <= LEFT_HIP)),
        ((LEFT_SHOULDER, RIGHT_SHOULDER), (LEFT_HIP, RIGHT_HIP)),
    ),
    _SwapGroup(_swap_order(((LEFT_KNEE, RIGHT_KNEE),)), ((LEFT_KNEE, RIGHT_KNEE),)),
    _SwapGroup(
        _swap_order(tuple(pair for pair in LEFT_RIGHT_PAIRS if pair[0] >= LEFT_ANKLE)),
        ((LEFT_ANKLE, RIGHT_ANKLE),),
    ),
)
# Below this left-right x gap (summed over the deciding pairs, as a share of torso length) the
# points are too close to order by side.
_SEPARATED = 0.15
# Between close points, continuity overrules MediaPipe's labels only when this much cheaper:
# near-ties would otherwise lock in a coin-flip identity for the rest of the trial.
_DECISIVE = 0.5


def torso_length(points: np.ndarray) -> np.ndarray:
    """Per-frame pixel distance from mid-shoulder to mid-hip: the body's own scale."""
    shoulders = (points[:, LEFT_SHOULDER, :2] + points[:, RIGHT_SHOULDER, :2]) / 2
    hips = (points[:, LEFT_HIP, :2] + points[:, RIGHT_HIP, :2]) / 2
    return np.hypot(*(shoulders - hips).T)


def fix_label_swaps(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relabel left/right so every frame shows a person facing the camera, as the protocol asks.

    On real clips MediaPipe trades left and right labels in some frames, for the torso, the
    knees or the feet separately. Where a pair is clearly apart, the person's left one must be
    at the larger image x; where the pair is too close to tell, MediaPipe's labels stand unless
    swapping them clearly moves the points less since the previous frame. Returns the
    relabelled (n, 33, 4) array and a mask of the frames in which anything was swapped.
    """
    corrected = points.copy()
    swapped_any = np.zeros(len(points), dtype=bool)
    scale = torso_length(points)
    for group in _SWAP_GROUPS:
        left_xy = points[:, [left for left, _ in group.deciding], :2]
        right_xy = points[:, [right for _, right in group.deciding], :2]
        seen = np.isfinite(left_xy).all(axis=(1, 2)) & np.isfinite(right_xy).all(axis=(1, 2))
        with np.errstate(divide="ignore", invalid="ignore"):  # a collapsed torso gives NaN
            gap = np.sum(left_xy[..., X] - right_xy[..., X], axis=1) / scale
        apart = seen & (np.abs(gap) >= _SEPARATED)
        swap = apart & (gap < 0)
        seen_frames = np.flatnonzero(seen)
        close = np.flatnonzero(seen & ~apart)
        positions = np.searchsorted(seen_frames, close)
        close, before = close[positions > 0], seen_frames[positions[positions > 0] - 1]
        # Pixels moved since the previous seen frame, each point to the same label there
        # (same) or to the other one (crossed); both are known before any label is decided.
        same = _moved_px(left_xy[close], left_xy[before]) + _moved_px(
            right_xy[close], right_xy[before]
        )
        crossed = _moved_px(left_xy[close], right_xy[before]) + _moved_px(
            right_xy[close], left_xy[before]
        )
        # Under the previous frame's final labels, keeping costs `same` if it kept its labels
        # and `crossed` if it swapped them; swapping costs the other one.
        swap_after_kept = (crossed < _DECISIVE * same).tolist()
        swap_after_swapped = (same < _DECISIVE * crossed).tolist()
        # Close pairs depend on the previous seen frame's final labels, so go in time order.
        decided: list[bool] = swap.tolist()
        for index, previous, if_kept, if_swapped in zip(
            close.tolist(), before.tolist(), swap_after_kept, swap_after_swapped, strict=True
        ):
            decided[index] = if_swapped if decided[previous] else if_kept
        swap = np.array(decided, dtype=bool)
        corrected[swap] = corrected[swap][:, group.order]
        swapped_any |= swap
    return corrected, swapped_any


def _moved_px(points: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Per frame, the pixels that (frames, k, 2) points moved from previous ones, summed over k."""
    return np.hypot(*np.moveaxis(points - previous, -1, 0)).sum(axis=1)
