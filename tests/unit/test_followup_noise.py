"""Which noise judges which comparison: the reps' spread within a session for left against
right, the borrowed between-day figure for two assessments; and the words of both."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.stats import t as student_t

from tests.skeletons import drop_frames, landmark_jitter, make_trial, rep_by_rep_squat
from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.followup import FRAME_RATE_TOLERANCE, comparison_warnings
from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.analysis.report import compare_sides, side_difference
from valgus_pwa.content.change_texts import change_message
from valgus_pwa.content.result_texts import side_comparison_text, side_comparison_text_clinician
from valgus_pwa.schemas import (
    Comparison,
    MetricStats,
    Quality,
    Report,
    Series,
    SideChange,
    TrialReport,
    TrialSummary,
)

means = st.floats(-30, 40, allow_nan=False).map(lambda v: round(v, 2))
sds = st.floats(0, 12, allow_nan=False).map(lambda v: round(v, 2))
trial_stats = st.builds(MetricStats, mean=means, sd=sds, n=st.integers(2, 12))
sides = st.lists(trial_stats, min_size=1, max_size=3)


@given(left=trial_stats, right=trial_stats)
def test_one_trial_a_side_uses_the_standard_error_of_the_difference(left, right):
    judged = side_difference([left], [right])
    se = math.sqrt(left.sd**2 / left.n + right.sd**2 / right.n)
    assert judged.basis == "rep_spread"
    assert judged.difference == pytest.approx(left.mean - right.mean, abs=0.006)
    assert judged.difference_se == pytest.approx(se, abs=0.006)
    assert (judged.n_left, judged.n_right) == (left.n, right.n)
    assert (judged.sd_left, judged.sd_right) == (pytest.approx(left.sd), pytest.approx(right.sd))
    # Welch-Satterthwaite degrees of freedom, and the two-sided 95% point of Student's t there.
    a, b = left.sd**2 / left.n, right.sd**2 / right.n
    quarter = a**2 / (left.n - 1) + b**2 / (right.n - 1)
    df = (a + b) ** 2 / quarter if quarter else left.n + right.n - 2
    assert judged.degrees_of_freedom == pytest.approx(df, abs=0.06)
    critical = student_t.ppf(0.975, df)
    assert judged.critical_t == pytest.approx(critical, abs=0.006)
    assert 1.95 < critical <= student_t.ppf(0.975, 1)
    difference = left.mean - right.mean
    assume(abs(abs(difference) - critical * se) > 1e-6)  # not on the edge
    assert judged.beyond_rep_spread == (abs(difference) > critical * se)


@given(left=sides, right=sides)
def test_swapping_the_legs_only_turns_the_sign(left, right):
    forward, backward = side_difference(left, right), side_difference(right, left)
    assert forward.difference == pytest.approx(-backward.difference, abs=0.011)
    assert forward.difference_se == backward.difference_se
    assert forward.beyond_rep_spread == backward.beyond_rep_spread


@given(left=sides, right=sides, shift=st.floats(-20, 20).map(lambda v: round(v, 2)))
def test_moving_both_legs_by_the_same_angle_changes_no_verdict(left, right, shift):
    moved = [
        [s.model_copy(update={"mean": s.mean + shift}) for s in side] for side in (left, right)
    ]
    before, after = side_difference(left, right), side_difference(*moved)
    assert after.difference_se == before.difference_se
    edge = (before.critical_t or 0) * (before.difference_se or 0)
    assume(before.difference_se and abs(abs(before.difference) - edge) > 0.1)  # off the edge
    assert after.beyond_rep_spread == before.beyond_rep_spread


@given(left=trial_stats, right=trial_stats, factor=st.floats(1, 5))
def test_more_scattered_reps_never_turn_a_difference_into_a_finding(left, right, factor):
    wider = [s.model_copy(update={"sd": s.sd * factor}) for s in (left, right)]
    if not side_difference([left], [right]).beyond_rep_spread:
        assert not side_difference([wider[0]], [wider[1]]).beyond_rep_spread


@given(stats=trial_stats, k=st.integers(1, 4), other=trial_stats)
def test_repeated_trials_pool_their_reps(stats, k, other):
    """k alike trials of n reps know the side as well as one trial of k·n reps."""
    judged = side_difference([stats] * k, [other])
    pooled = math.sqrt(stats.sd**2 / (k * stats.n) + other.sd**2 / other.n)
    assert judged.difference_se == pytest.approx(pooled, abs=0.006)
    assert judged.n_left == k * stats.n


@given(left=sides, right=sides, which=st.sampled_from(["left", "right"]))
def test_a_trial_without_a_spread_leaves_the_difference_unjudged(left, right, which):
    single = MetricStats(mean=10.0, sd=None, n=1)
    left, right = ([*left, single], right) if which == "left" else (left, [*right, single])
    judged = side_difference(left, right)
    assert judged.basis == "too_few_reps"
    assert judged.beyond_rep_spread is None and judged.difference_se is None
    assert "cannot be judged" in side_comparison_text(Comparison(metrics={"fppa_deg": judged}))


@given(left=trial_stats, right=trial_stats)
def test_the_left_right_words_follow_the_verdict_and_give_a_direction_only_beyond_it(left, right):
    judged = side_difference([left], [right])
    text = side_comparison_text(Comparison(metrics={"fppa_deg": judged}))
    clinician = side_comparison_text_clinician(Comparison(metrics={"fppa_deg": judged}))
    assert "smallest detectable" not in text and "Munro" not in text  # no between-day figure
    if judged.beyond_rep_spread:
        assert "is larger than the rep-to-rep variation" in text
        assert "further inward than your" in text
    else:
        assert "is not larger than the rep-to-rep variation" in text
        assert "further inward" not in text and "no clear difference" in text
    assert f"|difference| > t · SE, t = {judged.critical_t:.2f}" in clinician
    assert f"SE of the difference {judged.difference_se:.1f}°" in clinician


def test_the_left_right_words_name_the_leg_and_the_spread():
    judged = side_difference(
        [MetricStats(mean=18.0, sd=1.5, n=5)], [MetricStats(mean=10.0, sd=1.1, n=5)]
    )
    assert judged.beyond_rep_spread
    assert side_comparison_text(Comparison(metrics={"fppa_deg": judged})) == (
        "Your left knee moved 8.0° further inward than your right (left 18°, right 10°)."
        " Your reps vary by about 1.3° from one to the next, so this difference is larger than"
        " the rep-to-rep variation."
    )
    scattered = side_difference(
        [MetricStats(mean=18.0, sd=9.0, n=3)], [MetricStats(mean=10.0, sd=8.0, n=3)]
    )
    assert scattered.beyond_rep_spread is False
    assert side_comparison_text(Comparison(metrics={"fppa_deg": scattered})).startswith(
        "Left 18°, right 10°: a difference of 8.0°. Your reps vary by about 8.5°"
    )


@given(
    before=st.floats(-10, 30).map(lambda v: round(v, 2)),
    change=st.floats(-20, 20).map(lambda v: round(v, 2)),
)
def test_a_change_inside_the_between_day_noise_has_no_direction(before, change):
    after = round(before + change, 2)
    within = abs(after - before) < SMALLEST_DETECTABLE_DIFFERENCE_DEG
    message = change_message(
        SideChange(
            test="single_leg_squat",
            side="right",
            earlier_fppa_deg=before,
            current_fppa_deg=after,
            change_deg=round(after - before, 2),
            verdict="within_noise" if within else "real_change",
            message="",
        )
    )
    assert "between days" in message and "manual digitising" in message
    if within:
        assert "no clear change" in message
        assert "more valgus" not in message and "less valgus" not in message
    else:
        direction = "more" if after > before else "less"
        assert f"{direction} valgus than before" in message and "a real change" in message


def _trial(side: str, model: str = "pose_landmarker_lite", fps: float = 30.0) -> TrialReport:
    return TrialReport(
        test="single_leg_squat",
        side=side,
        landmark_model=model,
        quality=Quality(ok=True, confidence="high", fps=fps),
        reps=[],
        summary=TrialSummary(
            fppa_deg=10.0, trusted=True, metrics={"fppa_deg": MetricStats(mean=10.0, sd=1, n=5)}
        ),
        series=Series(t_ms=[], fppa_deg=[]),
    )


def _changes(*sides: str) -> list[SideChange]:
    return [
        SideChange(
            test="single_leg_squat",
            side=side,
            earlier_fppa_deg=10.0,
            current_fppa_deg=10.0,
            change_deg=0.0,
            verdict="within_noise",
            message="",
        )
        for side in sides
    ]


@given(earlier_fps=st.floats(15, 240), ratio=st.floats(0.5, 2.0))
def test_a_frame_rate_warning_comes_only_beyond_the_tolerance(earlier_fps, ratio):
    current_fps = earlier_fps * ratio
    assume(abs(max(ratio, 1 / ratio) - (1 + FRAME_RATE_TOLERANCE)) > 1e-6)
    earlier = Report(analysis_version="0.3.0", trials=[_trial("left", fps=earlier_fps)])
    current = Report(analysis_version="0.3.0", trials=[_trial("left", fps=current_fps)])
    codes = [w.code for w in comparison_warnings(earlier, current, _changes("left"))]
    assert codes == (["frame_rate_differs"] if max(ratio, 1 / ratio) > 1.2 else [])


def test_a_pose_model_warning_names_both_models_and_only_compared_legs_count():
    earlier = Report(analysis_version="0.3.0", trials=[_trial("left"), _trial("right")])
    current = Report(
        analysis_version="0.3.0",
        trials=[_trial("left", "pose_landmarker_full"), _trial("right")],
    )
    (warning,) = comparison_warnings(earlier, current, _changes("left", "right"))
    assert warning.code == "pose_model_differs"
    assert warning.params == {
        "earlier": "pose_landmarker_lite",
        "current": "pose_landmarker_full, pose_landmarker_lite",
    }
    # When only the right knee can be compared, the left's other model does not matter.
    assert comparison_warnings(earlier, current, _changes("right")) == []


def _jittered_leg(side: str, fppas: np.ndarray, rng: np.random.Generator) -> TrialReport:
    """Five squat reps with these bottom FPPAs, the pose jitter and dropped frames of the
    protocol tests (σ = 0.006 of the frame, 10% of frames lost), at 30 fps."""
    rep_ms, pause_ms = list(rng.uniform(2000, 3000, 5)), list(rng.uniform(300, 1000, 6))
    t_ms, skeletons = rep_by_rep_squat(side, rep_ms, pause_ms, 30.0, fppa_bottom=list(fppas))
    skeletons = drop_frames(landmark_jitter(skeletons, 0.006, 720, 1280, rng), 0.1, rng)
    return analyse_trial(make_trial(skeletons, t_ms, side=side, width=720, height=1280))


def _called(true_difference: float, seeds: range, rep_sd: float = 2.0) -> tuple[int, int]:
    """How many of these recorded pairs the rule calls different, of how many were judged."""
    called = judged = 0
    for seed in seeds:
        rng = np.random.default_rng(seed)
        base = rng.uniform(2, 18)
        left = _jittered_leg("left", base + true_difference + rng.normal(0, rep_sd, 5), rng)
        right = _jittered_leg("right", base + rng.normal(0, rep_sd, 5), rng)
        comparison = compare_sides([left, right])
        if comparison is not None and comparison.within_noise is not None:
            judged += 1
            called += not comparison.within_noise
    return called, judged


def test_equal_legs_are_rarely_called_different_and_a_clear_difference_is_found():
    """Through the whole analysis: reps that truly scatter by SD 2° plus pose jitter."""
    equal = _called(0.0, range(40))
    clear = _called(5.0, range(1000, 1020))
    print(
        f"equal legs called different: {equal[0]}/{equal[1]}; 5° apart found: {clear[0]}/{clear[1]}"
    )
    assert equal[1] == 40 and clear[1] == 20  # five reps a side: always judged
    assert equal[0] / equal[1] <= 0.125  # a two-sided 95% rule: about 5%
    assert clear[0] / clear[1] >= 0.7


def test_a_report_without_per_metric_statistics_shows_its_numbers_unjudged():
    stored = Comparison(asymmetry_deg=4.0, left_fppa_deg=14.0, right_fppa_deg=10.0)
    text = side_comparison_text(stored)
    assert text.startswith("Left 14°, right 10°.") and "not judged" in text
    assert side_comparison_text(None) == ""
