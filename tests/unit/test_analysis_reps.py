"""Rep detection on synthetic squats and drop landings of known timing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.skeletons import (
    landing_skeletons,
    make_trial,
    squat_profile,
    squat_skeletons,
    walking_skeletons,
)
from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.reps import detect_squat_reps

STILL_ANKLE = np.zeros((1, 2))


def _ankle(t_ms: np.ndarray) -> np.ndarray:
    return np.repeat(STILL_ANKLE, len(t_ms), axis=0) + np.array([360.0, 1150.0])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_reps=st.integers(1, 15),
    seed=st.integers(0, 2**32 - 1),
    fps=st.sampled_from([25.0, 30.0, 60.0]),
    depth=st.floats(0.12, 0.35),
    noise_px=st.floats(0.0, 3.0),
    n_dropped=st.integers(0, 5),
    side=st.sampled_from(["left", "right"]),
    cut_start=st.one_of(st.none(), st.floats(0.25, 0.9)),
    cut_end=st.one_of(st.none(), st.floats(0.1, 0.75)),
    drift_px=st.tuples(st.floats(-100, 100), st.floats(-100, 100)),
)
def test_rep_count_recovered_under_noise_dropouts_partial_reps_and_drift(
    n_reps, seed, fps, depth, noise_px, n_dropped, side, cut_start, cut_end, drift_px
):
    rng = np.random.default_rng(seed)
    rep_ms = list(rng.uniform(1200, 3000, n_reps + 2))
    pause_ms = list(rng.uniform(0, 1000, n_reps + 3))
    # A recording that starts or ends inside a rep has no pause there.
    pause_ms[0] = 0.0 if cut_start is not None else 600.0
    pause_ms[-1] = 0.0 if cut_end is not None else 600.0
    if cut_start is None:
        rep_ms, pause_ms = rep_ms[1:], pause_ms[1:]
    if cut_end is None:
        rep_ms, pause_ms = rep_ms[:-1], pause_ms[:-1]
    t_ms, progress = squat_profile(rep_ms, pause_ms, fps, rng)
    keep = np.ones(len(t_ms), dtype=bool)
    if cut_start is not None:
        keep &= t_ms >= cut_start * rep_ms[0]
    if cut_end is not None:
        keep &= t_ms <= t_ms[-1] - (1 - cut_end) * rep_ms[-1]
    t_ms, progress = t_ms[keep], progress[keep]
    skeletons = squat_skeletons(
        side, progress, fppa_bottom=10.0, depth=depth, noise_px=noise_px, rng=rng
    )
    # The phone slowly slides: everything drifts by drift_px over the recording.
    for points, share in zip(skeletons, (t_ms - t_ms[0]) / (t_ms[-1] - t_ms[0]), strict=True):
        points[:, :2] += share * np.array(drift_px)
    for index in rng.choice(np.arange(1, len(skeletons) - 1), n_dropped, replace=False):
        skeletons[index] = None
    report = analyse_trial(make_trial(skeletons, t_ms, side=side))
    assert len(report.reps) == n_reps
    for rep in report.reps:
        assert rep.start_ms < rep.bottom_ms < rep.end_ms
        assert rep.fppa_deg == pytest.approx(10.0, abs=1.0 + noise_px)
        assert rep.fppa_peak_deg >= rep.fppa_deg - 0.01


def test_rep_windows_bracket_each_bottom_and_skip_pauses():
    t_ms, progress = squat_profile([2000, 2000], [1500, 2000, 1500], fps=30)
    hip_y = 600 + 120 * progress
    reps = detect_squat_reps(t_ms, hip_y, _ankle(t_ms), leg_length_px=500)
    assert [round(t_ms[rep.bottom]) for rep in reps] == pytest.approx([2500, 6500], abs=20)
    for rep in reps:
        # Start and end sit near the rep's own ends, not somewhere in the 2 s pauses.
        assert t_ms[rep.bottom] - t_ms[rep.start] < 1000
        assert t_ms[rep.end] - t_ms[rep.bottom] < 1000


def test_wobbles_below_the_prominence_threshold_are_not_reps():
    t_ms = np.arange(300) * 33.3
    hip_y = 600 + 10 * np.sin(t_ms / 200)  # 2% of leg length
    assert detect_squat_reps(t_ms, hip_y, _ankle(t_ms), leg_length_px=500) == []


def test_a_dip_while_the_stance_foot_moves_is_a_step_not_a_rep():
    t_ms, progress = squat_profile([2000], [600, 600], fps=30)
    hip_y = 600 + 120 * progress
    stepping = _ankle(t_ms) + np.column_stack([200 * progress, np.zeros_like(progress)])
    assert len(detect_squat_reps(t_ms, hip_y, _ankle(t_ms), leg_length_px=500)) == 1
    assert detect_squat_reps(t_ms, hip_y, stepping, leg_length_px=500) == []


@pytest.mark.parametrize("side", ["left", "right"])
def test_walking_into_position_adds_no_reps(side):
    fps = 30.0
    walk_t = np.arange(0, 4000, 1000 / fps)
    walking = walking_skeletons(side, walk_t)
    t_ms, progress = squat_profile([2000.0] * 3, [600.0] * 4, fps)
    squats = squat_skeletons(side, progress, fppa_bottom=9.0)
    trial = make_trial(walking + squats, np.concatenate([walk_t, t_ms + 4000]), side=side)
    report = analyse_trial(trial)
    assert len(report.reps) == 3
    assert all(rep.start_ms >= 4000 for rep in report.reps)
    assert report.summary.fppa_deg == pytest.approx(9.0, abs=0.5)
    assert [flag.code for flag in report.quality.flags] == []


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("hold_ms", [0.0, 800.0])
def test_landing_scored_at_peak_flexion_after_contact(side, hold_ms):
    t_ms = np.arange(0, 3000, 1000 / 60)
    skeletons = landing_skeletons(side, t_ms, contact_ms=800.0, fppa_peak=14.0, hold_ms=hold_ms)
    report = analyse_trial(make_trial(skeletons, t_ms, side=side, test="single_leg_landing"))
    assert [flag.code for flag in report.quality.flags] == []
    (rep,) = report.reps
    assert rep.start_ms == pytest.approx(800.0, abs=70)  # initial contact
    assert rep.bottom_ms == pytest.approx(1100.0, abs=40)  # peak knee flexion
    assert rep.fppa_deg == pytest.approx(14.0, abs=0.5)
    assert rep.fppa_peak_deg == pytest.approx(14.0, abs=0.5)
    assert rep.fppa_contact_deg is not None and abs(rep.fppa_contact_deg) < 5.0
    # The landing ends once the hips are still: back up after 600 ms, or held at the bottom.
    assert rep.end_ms == pytest.approx(1400.0 if hold_ms == 0 else 1100.0, abs=100)
    assert report.summary.n_reps == 1 and report.summary.fppa_deg == rep.fppa_deg
