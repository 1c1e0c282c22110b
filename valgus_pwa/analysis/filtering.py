"""Gap filling and zero-phase low-pass filtering of landmark trajectories on real timestamps."""

from __future__ import annotations

from functools import lru_cache

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


def longest_gap_ms(t_ms: np.ndarray, known: np.ndarray) -> float:
    """Longest time between two known samples with unknown ones between them (0 if none)."""
    indices = np.flatnonzero(known)
    holes = np.diff(indices) > 1
    if not holes.any():
        return 0.0
    return float(np.diff(np.asarray(t_ms, dtype=float)[indices])[holes].max())


def _column_groups(finite: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Group the columns of an (n, k) mask by identical pattern: [(pattern, columns)].

    Usually every column shares one pattern (whole frames missing), so the work per group is
    done once for all of them.
    """
    groups: dict[bytes, list[int]] = {}
    for column, key in enumerate(np.packbits(finite, axis=0).T):
        groups.setdefault(key.tobytes(), []).append(column)
    return [(finite[:, columns[0]], np.array(columns)) for columns in groups.values()]


def _interpolate(t_new: np.ndarray, t_ms: np.ndarray, block: np.ndarray) -> np.ndarray:
    """np.interp of every column of block at once (t_ms increasing, edges held)."""
    if len(t_ms) == 1:
        return np.repeat(block, len(t_new), axis=0)
    after = np.clip(np.searchsorted(t_ms, t_new), 1, len(t_ms) - 1)
    before = after - 1
    span = t_ms[after] - t_ms[before]
    weight = np.clip((t_new - t_ms[before]) / span, 0.0, 1.0)[:, None]
    return block[before] * (1 - weight) + block[after] * weight


def fill_gaps(
    t_ms: np.ndarray, values: np.ndarray, max_gap_ms: float = DEFAULT_MAX_GAP_MS
) -> np.ndarray:
    """Linearly interpolate NaN runs whose bounding samples are at most max_gap_ms apart.

    values has frames on axis 0; any trailing shape is treated column by column.
    """
    t_ms = np.asarray(t_ms, dtype=float)
    flat = np.array(values, dtype=float).reshape(len(t_ms), -1)
    for known_mask, columns in _column_groups(np.isfinite(flat)):
        known = np.flatnonzero(known_mask)
        if known.size < 2 or known.size == len(t_ms):
            continue
        holes = np.flatnonzero(~known_mask)
        holes = holes[(holes > known[0]) & (holes < known[-1])]
        after = np.searchsorted(known, holes)
        span = t_ms[known[after]] - t_ms[known[after - 1]]
        holes = holes[span <= max_gap_ms]
        flat[np.ix_(holes, columns)] = _interpolate(
            t_ms[holes], t_ms[known], flat[np.ix_(known, columns)]
        )
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
    resampled = _interpolate(grid, t_ms, block)
    # Even (mirror) padding: the default odd padding pins the first and last samples to their
    # raw values, so one jittered edge frame became a phantom rep or hid a real one
    # (docs/MEASUREMENT.md, section 6.5). The default padding length fails on very short trials.
    padlen = min(3 * max(len(a), len(b)), len(grid) - 1)
    smoothed = filtfilt(b, a, resampled, axis=0, padlen=padlen, padtype="even")
    return _interpolate(t_ms, grid, smoothed)


@lru_cache(maxsize=32)
def _butter(order: int, normalized_cutoff: float) -> tuple[np.ndarray, np.ndarray]:
    """Butterworth low-pass coefficients; phones deliver a handful of frame rates, so cache."""
    return butter(order, normalized_cutoff)


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
    b, a = _butter(order, cutoff_hz / (fps / 2))
    step_ms = 1000.0 / fps
    for pattern, columns in _column_groups(np.isfinite(flat)):
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
    for known_mask, columns in _column_groups(np.isfinite(flat)):
        known = np.flatnonzero(known_mask)
        if known.size < window:
            continue
        seen = flat[np.ix_(known, columns)]
        padded = np.pad(seen, ((half, half), (0, 0)), mode="edge")
        windows = np.lib.stride_tricks.sliding_window_view(padded, window, axis=0)
        median = np.partition(windows, half, axis=-1)[..., half]
        jumps[np.ix_(known, columns)] = np.abs(seen - median) > threshold
    return jumps.reshape(np.shape(values))
