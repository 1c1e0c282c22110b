"""Rep detection on synthetic squats and drop landings of known timing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.skeletons import landing_skeletons, make_trial, squat_profile, squat_skeletons
from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.reps import detect_squat_reps


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n_reps=st.integers(1, 10),
    seed=st.integers(0, 2**32 - 1),
    fps=st.sampled_from([25.0, 30.0, 60.0]),
    depth=st.floats(0.12, 0.35),
    noise_px=st.floats(0.0, 3.0),
    n_dropped=st.integers(0, 5),
    side=st.sampled_from(["left", "right"]),
)
def test_rep_count_recovered_under_noise_and_dropped_frames(
    n_reps, seed, fps, depth, noise_px, n_dropped, side
):
    rng = np.random.default_rng(seed)
    rep_ms = list(rng.uniform(1200, 3000, n_reps))
    pause_ms = list(rng.uniform(0, 1000, n_reps + 1))
    pause_ms[0] = pause_ms[-1] = 600.0  # stand still at both ends of the recording
    t_ms, progress = squat_profile(rep_ms, pause_ms, fps, rng)
    skeletons = squat_skeletons(
        side, progress, fppa_bottom=10.0, depth=depth, noise_px=noise_px, rng=rng
    )
    for index in rng.choice(np.arange(1, len(skeletons) - 1), n_dropped, replace=False):
        skeletons[index] = None
    report = analyse_trial(make_trial(skeletons, t_ms, side=side))
    assert len(report.reps) == n_reps
    for rep in report.reps:
        assert rep.start_ms < rep.bottom_ms < rep.end_ms
        assert rep.fppa_deg == pytest.approx(10.0, abs=1.0 + noise_px)


def test_rep_windows_bracket_each_bottom_and_skip_pauses():
    t_ms, progress = squat_profile([2000, 2000], [1500, 2000, 1500], fps=30)
    hip_y = 600 + 120 * progress
    reps = detect_squat_reps(t_ms, hip_y, leg_length_px=500)
    assert [round(t_ms[rep.bottom]) for rep in reps] == pytest.approx([2500, 6500], abs=20)
    for rep in reps:
        # Start and end sit near the rep's own ends, not somewhere in the 2 s pauses.
        assert t_ms[rep.bottom] - t_ms[rep.start] < 1000
        assert t_ms[rep.end] - t_ms[rep.bottom] < 1000


def test_wobbles_below_the_prominence_threshold_are_not_reps():
    t_ms = np.arange(300) * 33.3
    hip_y = 600 + 10 * np.sin(t_ms / 200)  # 2% of leg length
    assert detect_squat_reps(t_ms, hip_y, leg_length_px=500) == []


@pytest.mark.parametrize("side", ["left", "right"])
def test_landing_scored_at_peak_flexion_after_contact(side):
    t_ms = np.arange(0, 2500, 1000 / 60)
    skeletons = landing_skeletons(side, t_ms, contact_ms=800.0, fppa_peak=14.0)
    report = analyse_trial(make_trial(skeletons, t_ms, side=side, test="single_leg_landing"))
    assert [flag.code for flag in report.quality.flags] == []
    (rep,) = report.reps
    assert rep.start_ms == pytest.approx(800.0, abs=70)  # initial contact
    assert rep.bottom_ms == pytest.approx(1100.0, abs=40)  # peak knee flexion
    assert rep.fppa_deg == pytest.approx(14.0, abs=0.5)
    assert rep.fppa_contact_deg is not None and abs(rep.fppa_contact_deg) < 5.0
    assert report.summary.n_reps == 1 and report.summary.fppa_deg == rep.fppa_deg
