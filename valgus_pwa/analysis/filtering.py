"""Gap filling and zero-phase low-pass filtering of landmark trajectories on real timestamps."""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, filtfilt

# Biomechanics convention for video kinematics of slow movements such as squats (Winter).
DEFAULT_CUTOFF_HZ = 6.0
# A landing's impact has content above 6 Hz: at 6 Hz the FPPA at initial contact of projected
# motion capture came out up to 2.5° off; at 12 Hz within 0.5° (docs/MEASUREMENT.md).
LANDING_CUTOFF_HZ = 12.0
DEFAULT_ORDER = 2
# Longer holes are left as NaN: interpolating across them would invent motion.
DEFAULT_MAX_GAP_MS = 250.0


def estimate_fps(t_ms: np.ndarray) -> float | None:
    """Return the sampling rate in Hz from the median frame interval, or None for one frame."""
    intervals = np.diff(np.asarray(t_ms, dtype=float))
    if intervals.size == 0:
        return None
    return 1000.0 / float(np.median(intervals))


def fill_gaps(
    t_ms: np.ndarray, values: np.ndarray, max_gap_ms: float = DEFAULT_MAX_GAP_MS
) -> np.ndarray:
    """Linearly interpolate NaN runs whose bounding samples are at most max_gap_ms apart.

    values has frames on axis 0; any trailing shape is treated column by column.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    flat = np.array(values, dtype=float).reshape(len(t_ms), -1)
    for column in flat.T:
        known = np.flatnonzero(np.isfinite(column))
        if known.size < 2:
            continue
        holes = np.flatnonzero(~np.isfinite(column))
        holes = holes[(holes > known[0]) & (holes < known[-1])]
        after = np.searchsorted(known, holes)
        span = t_ms[known[after]] - t_ms[known[after - 1]]
        holes = holes[span <= max_gap_ms]
        column[holes] = np.interp(t_ms[holes], t_ms[known], column[known])
    return flat.reshape(np.shape(values))


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Return [start, stop) index pairs of the True runs in a 1-D boolean mask."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def _filter_uniform(
    t_ms: np.ndarray, block: np.ndarray, step_ms: float, b: np.ndarray, a: np.ndarray
) -> np.ndarray:
    """Resample a NaN-free block to a uniform grid, filter it forward and back, sample it back.

    Resampling keeps the cutoff honest when phones deliver frames at uneven intervals.
    """
    grid = np.arange(t_ms[0], t_ms[-1] + step_ms / 2, step_ms)
    resampled = np.column_stack([np.interp(grid, t_ms, column) for column in block.T])
    # filtfilt's default padding (3 * filter length) fails on very short trials.
    padlen = min(3 * max(len(a), len(b)), len(grid) - 1)
    smoothed = filtfilt(b, a, resampled, axis=0, padlen=padlen)
    return np.column_stack([np.interp(t_ms, grid, column) for column in smoothed.T])


def lowpass(
    t_ms: np.ndarray,
    values: np.ndarray,
    cutoff_hz: float = DEFAULT_CUTOFF_HZ,
    order: int = DEFAULT_ORDER,
) -> np.ndarray:
    """Zero-phase Butterworth low-pass of each column, segment by segment between NaN holes.

    The sampling rate comes from the real timestamps. Below twice the cutoff the data cannot
    carry the noise this removes, so it is returned unchanged.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    flat = np.array(values, dtype=float).reshape(len(t_ms), -1)
    fps = estimate_fps(t_ms)
    if fps is None or cutoff_hz >= fps / 2:
        return flat.reshape(np.shape(values))
    b, a = butter(order, cutoff_hz / (fps / 2))
    step_ms = 1000.0 / fps
    finite = np.isfinite(flat)
    # Columns sharing a missing-frame pattern (usually all of them) are filtered together.
    patterns, column_group = np.unique(finite.T, axis=0, return_inverse=True)
    for group, pattern in enumerate(patterns):
        columns = np.flatnonzero(column_group.ravel() == group)
        for start, stop in _runs(pattern):
            if stop - start < 3:
                continue
            flat[start:stop, columns] = _filter_uniform(
                t_ms[start:stop], flat[start:stop][:, columns], step_ms, b, a
            )
    return flat.reshape(np.shape(values))


def find_tracking_jumps(values: np.ndarray, threshold: float, window: int = 5) -> np.ndarray:
    """Mask the samples that jump away from their neighbours by more than threshold.

    A sample is a jump when it differs from the median of the `window` detected samples around
    it by more than threshold. Any steady motion, however fast, follows its running median, so
    only sudden one- or two-frame excursions (a landmark snapping to the wrong place) count.
    values has frames on axis 0 and NaN where nothing was detected.
    """
    flat = np.asarray(values, dtype=float).reshape(len(values), -1)
    jumps = np.zeros(flat.shape, dtype=bool)
    half = window // 2
    for column, out in zip(flat.T, jumps.T, strict=True):
        known = np.flatnonzero(np.isfinite(column))
        if known.size < window:
            continue
        padded = np.pad(column[known], half, mode="edge")
        median = np.median(np.lib.stride_tricks.sliding_window_view(padded, window), axis=1)
        out[known] = np.abs(column[known] - median) > threshold
    return jumps.reshape(np.shape(values))
