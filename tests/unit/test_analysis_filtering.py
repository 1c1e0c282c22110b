"""Gap filling and zero-phase low-pass filtering on real, uneven timestamps."""

from __future__ import annotations

import numpy as np
import pytest

from valgus_pwa.analysis.filtering import estimate_fps, fill_gaps, lowpass


def test_estimate_fps_uses_the_median_interval():
    assert estimate_fps(np.array([0.0, 33.0, 67.0, 100.0, 300.0, 333.0])) == pytest.approx(
        30.3, abs=0.1
    )
    assert estimate_fps(np.array([5.0])) is None


def test_fill_gaps_bridges_short_holes_only():
    t_ms = np.arange(20) * 33.3
    values = np.arange(20, dtype=float)
    values[[3, 4]] = np.nan  # 100 ms hole
    values[10:19] = np.nan  # 330 ms hole, too long to invent
    filled = fill_gaps(t_ms, values, max_gap_ms=250)
    assert filled[3] == pytest.approx(3.0) and filled[4] == pytest.approx(4.0)
    assert np.isnan(filled[10:19]).all()
    assert np.isnan(values[3])  # the input is not modified


def test_lowpass_keeps_movement_and_removes_jitter_on_uneven_timestamps():
    rng = np.random.default_rng(3)
    t_ms = np.cumsum(rng.uniform(28, 38, 300))
    movement = 100 * np.sin(2 * np.pi * 0.5 * t_ms / 1000)  # a squat every 2 s
    jitter = 5 * np.sin(2 * np.pi * 13 * t_ms / 1000)
    smoothed = lowpass(t_ms, movement + jitter)
    core = slice(30, -30)
    assert np.max(np.abs(smoothed[core] - movement[core])) < 1.5
    assert np.allclose(np.mean(smoothed), np.mean(movement + jitter), atol=1.0)


def test_lowpass_filters_segments_between_holes_and_keeps_holes():
    t_ms = np.arange(100) * 33.3
    values = np.column_stack([np.sin(t_ms / 300), np.cos(t_ms / 300)])
    values[40:60] = np.nan
    smoothed = lowpass(t_ms, values)
    assert np.isnan(smoothed[40:60]).all()
    assert np.isfinite(smoothed[:40]).all() and np.isfinite(smoothed[60:]).all()


@pytest.mark.parametrize("n_frames", [1, 2, 3, 4, 8])
def test_lowpass_survives_very_short_trials(n_frames):
    t_ms = np.arange(n_frames) * 33.3
    values = np.linspace(0, 1, n_frames)
    assert lowpass(t_ms, values).shape == values.shape


def test_lowpass_leaves_data_too_slow_to_filter_unchanged():
    t_ms = np.arange(10) * 100.0  # 10 fps: a 6 Hz cutoff is above the Nyquist frequency
    values = np.random.default_rng(0).normal(size=10)
    assert np.array_equal(lowpass(t_ms, values), values)
