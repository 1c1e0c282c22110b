"""Assemble the report of an assessment: per-trial kinematics, reps, quality and references.

The measures per frame and per rep are in kinematics.py, a trial's summary and quality verdict
in summary.py; this module runs them over a trial and compares the legs.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.stats import t as student_t

from valgus_pwa.analysis.filtering import (
    DEFAULT_CUTOFF_HZ,
    LANDING_CUTOFF_HZ,
    fill_gaps,
    find_tracking_jumps,
    longest_gap_ms,
    lowpass,
)
from valgus_pwa.analysis.kinematics import (
    DEEP_THIGH_FRACTION,
    FLOOR_BAND,
    MAX_FEET_DOWN,
    REP_METRICS,
    Kinematics,
    feet_down_share,
    kinematics,
    reported,
    reported_series,
    scene_roll_deg,
    score_rep,
    tilt_reference,
)
from valgus_pwa.analysis.landmarks import (
    LEFT_ANKLE,
    LEFT_FOOT_INDEX,
    LEFT_HIP,
    LEFT_KNEE,
    LEFT_SHOULDER,
    LEGS,
    RIGHT_ANKLE,
    RIGHT_FOOT_INDEX,
    RIGHT_HIP,
    RIGHT_KNEE,
    RIGHT_SHOULDER,
    Leg,
    X,
    Y,
    fix_label_swaps,
    timestamps_ms,
    to_pixels,
)
from valgus_pwa.analysis.quality import JUMP_FRACTION, Issue, landing_issue
from valgus_pwa.analysis.reps import RepWindow, detect_landings, detect_squat_reps
from valgus_pwa.analysis.running import analyse_running
from valgus_pwa.analysis.summary import TrackingProblems, judged, trial_quality, trial_summary
from valgus_pwa.schemas import (
    AssessmentIn,
    Comparison,
    MetricStats,
    Report,
    Series,
    Sex,
    Side,
    SideAsymmetry,
    TestName,
    Trial,
    TrialReport,
)

# The protocol constants live with the rep scoring; they are part of this module's interface.
__all__ = [
    "ANALYSIS_VERSION",
    "DEEP_THIGH_FRACTION",
    "FLOOR_BAND",
    "MAX_FEET_DOWN",
    "READ_LANDMARKS",
    "REP_METRICS",
    "SIDE_DIFFERENCE_CONFIDENCE",
    "analyse_assessment",
    "analyse_trial",
    "compare_sides",
    "side_difference",
    "side_means",
    "side_stats",
]

# 0.4.0: trunk lean and pelvic drop levelled by the phone's roll, per-test frame-rate floors,
# the left-right verdict from the rep spread, and the running test.
ANALYSIS_VERSION = "0.4.0"
# A left-right difference is larger than the rep-to-rep variation when it lies outside this
# two-sided interval of itself: |D| > t · SE, t the Student's t quantile at Welch's degrees of
# freedom (2.31 for five reps a side, 4.30 for two; 2 SE would call 8-10% of equal legs unequal).
SIDE_DIFFERENCE_CONFIDENCE = 0.95
# Landmarks the analysis reads: shoulders for the trunk and the frontal check, hips, knees,
# ankles (relabelling, measures) and toes (framing). Face, arms and heels are not measured.
READ_LANDMARKS = (
    LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP, LEFT_KNEE, RIGHT_KNEE,
    LEFT_ANKLE, RIGHT_ANKLE, LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX,
)  # fmt: skip


def _typical_length(a: np.ndarray, b: np.ndarray) -> float:
    """Return a segment's near-full pixel length: the 90th percentile resists flexed frames."""
    lengths = np.hypot(*(a[:, :2] - b[:, :2]).T)
    return float(np.nanpercentile(lengths, 90)) if np.isfinite(lengths).any() else float("nan")


def _measured_landmarks(leg: Leg) -> list[int]:
    """Landmarks a trial's measures read: shoulders, hips, and the stance knee and ankle."""
    return [LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP, leg.knee, leg.ankle]


def _windows(
    trial: Trial, t_ms: np.ndarray, points: np.ndarray, leg_length: float
) -> tuple[list[RepWindow], Issue | None]:
    """Find the squat reps, or the landing event, of a trial's filtered pixels."""
    leg = LEGS[trial.side]
    hip_y = (points[:, LEFT_HIP, Y] + points[:, RIGHT_HIP, Y]) / 2
    if trial.test == "single_leg_squat":
        return detect_squat_reps(t_ms, hip_y, points[:, leg.ankle, :2], leg_length), None
    landings, dropped = detect_landings(t_ms, hip_y, points[:, leg.ankle, Y], leg_length)
    # With no landmarks at all there is no event; the framing flag explains that instead.
    return landings, landing_issue(found=dropped or not landings)


def _trajectories(
    t_ms: np.ndarray, pixels: np.ndarray, leg: Leg, leg_length: float, landing: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Tracking jumps of the measured landmarks, and their cleaned, filled, filtered x and y.

    Snapped landmarks are removed and bridged like short dropouts, not smoothed into the data.
    Landmarks that are not measured stay NaN.
    """
    measured = _measured_landmarks(leg)
    jumps = find_tracking_jumps(pixels[:, measured, :2], JUMP_FRACTION * leg_length)
    cleaned = pixels[:, measured, :2].copy()
    cleaned[jumps.any(axis=-1)] = np.nan
    cutoff_hz = LANDING_CUTOFF_HZ if landing else DEFAULT_CUTOFF_HZ
    points = np.full((len(t_ms), pixels.shape[1], 2), np.nan)
    points[:, measured] = lowpass(t_ms, fill_gaps(t_ms, cleaned), cutoff_hz)
    return jumps, points


def _lowest_point_fppa(points: np.ndarray, measures: Kinematics) -> float | None:
    """FPPA in the frame where the mid-hip is lowest (largest image y) and the angle is known."""
    hip_y = (points[:, LEFT_HIP, Y] + points[:, RIGHT_HIP, Y]) / 2
    hip_y = np.where(np.isfinite(measures.fppa_deg), hip_y, np.nan)
    if not np.isfinite(hip_y).any():
        return None
    return reported(measures.fppa_deg[int(np.nanargmax(hip_y))])


def _tracking_problems(
    t_ms: np.ndarray,
    pixels: np.ndarray,
    points: np.ndarray,
    leg: Leg,
    leg_length: float,
    swapped: np.ndarray,
    jumps: np.ndarray,
    windows: list[RepWindow],
) -> TrackingProblems:
    """Measure how the tracking went over the part of the recording the reps span."""
    detected = np.isfinite(pixels[:, LEFT_HIP, X])
    span = _span(windows)
    # Holes left after filling, in the stance leg over the measured part: reported, not invented.
    stance_seen = np.isfinite(points[:, [leg.hip, leg.knee, leg.ankle], X]).all(axis=1)
    # Over the reps' descents together, or the whole recording without reps.
    descents = np.zeros(len(t_ms), dtype=bool)
    for window in windows:
        descents[window.start : window.bottom + 1] = True
    return TrackingProblems(
        swapped_fraction=float(np.mean(swapped)),
        jumped_fraction=float(jumps.any(axis=(1, 2)).sum() / max(detected.sum(), 1)),
        longest_gap_ms=longest_gap_ms(t_ms[span], stance_seen[span]),
        feet_down_share=feet_down_share(
            pixels[descents if windows else slice(None)], leg, leg_length, 0, len(t_ms)
        ),
    )


def _span(windows: list[RepWindow]) -> slice:
    """The frames from the first rep's start to the last rep's end; every frame without reps."""
    if not windows:
        return slice(None)
    return slice(min(w.start for w in windows), max(w.end for w in windows) + 1)


def analyse_trial(trial: Trial, sex: Sex = "unspecified") -> TrialReport:
    """Measure one trial: filtered kinematics per frame, reps or landing, quality and summary."""
    if trial.test == "running":  # both legs' steps, not reps of one leg (analysis/running.py)
        return analyse_running(trial)
    t_ms = timestamps_ms(trial)
    leg = LEGS[trial.side]
    # Unfiltered pixels, relabelled to face the camera: the quality cues read these.
    pixels, swapped = fix_label_swaps(to_pixels(trial, READ_LANDMARKS))
    leg_length = _typical_length(pixels[:, leg.hip], pixels[:, leg.ankle])
    thigh_length = _typical_length(pixels[:, leg.hip], pixels[:, leg.knee])
    landing = trial.test == "single_leg_landing"
    jumps, points = _trajectories(t_ms, pixels, leg, leg_length, landing)
    roll = scene_roll_deg(trial)
    measures = kinematics(points, leg, leg_length, thigh_length, roll)
    windows, landing_problem = _windows(trial, t_ms, points, leg_length)
    feet_down = [feet_down_share(pixels, leg, leg_length, w.start, w.bottom) for w in windows]
    reps = [
        score_rep(t_ms, w, measures, landing, d) for w, d in zip(windows, feet_down, strict=True)
    ]
    summary = trial_summary(reps, trial.test, sex)
    problems = _tracking_problems(t_ms, pixels, points, leg, leg_length, swapped, jumps, windows)
    quality = trial_quality(
        trial, t_ms, pixels[_span(windows)], problems, reps, summary, [landing_problem]
    )
    summary = summary.model_copy(
        update={"lowest_point_fppa_deg": _lowest_point_fppa(points, measures)}
    )
    return TrialReport(
        test=trial.test,
        side=trial.side,
        landmark_model=trial.landmark_model,
        quality=quality,
        reps=reps,
        summary=judged(summary, quality),
        series=Series(t_ms=t_ms.tolist(), fppa_deg=reported_series(measures.fppa_deg)),
        tilt_reference=tilt_reference(roll),
        device_roll_deg=roll,
    )


def side_means(trials: list[TrialReport], test: TestName, side: Side) -> dict[str, float]:
    """Each metric's mean over a leg's trusted trials of one test (several trials average)."""
    trusted = [
        trial
        for trial in trials
        if trial.test == test and trial.side == side and trial.summary.trusted
    ]
    means: dict[str, float] = {}
    for name in REP_METRICS:
        values = [
            s.mean for t in trusted if (s := t.summary.metrics.get(name)) and s.mean is not None
        ]
        if values:
            means[name] = float(np.mean(values))
    return means


def side_stats(
    trials: list[TrialReport], test: TestName, side: Side
) -> dict[str, list[MetricStats]]:
    """Each metric's per-trial stats (mean, rep SD, reps) over a leg's trusted trials of a test."""
    stats: dict[str, list[MetricStats]] = {}
    for trial in trials:
        if trial.test == test and trial.side == side and trial.summary.trusted:
            for name, metric in trial.summary.metrics.items():
                if metric.mean is not None:
                    stats.setdefault(name, []).append(metric)
    return stats


class _Spread(NamedTuple):
    se_squared: float  # squared standard error of the side's mean
    rep_sd: float  # rep-to-rep SD, pooled within the side's trials
    df: int  # degrees of freedom of its SDs: Σ (n_i - 1)


def _spread(trials: list[MetricStats]) -> _Spread | None:
    """How precisely a side's value is known from the spread of its reps.

    The side's value is the mean of its k trial means, so its squared standard error is
    Σ sd_i²/n_i / k² (sd²/n for one trial). None when a trial has fewer than two reps (no SD).
    """
    spreads = [(t.sd, t.n) for t in trials if t.sd is not None and t.n >= 2]
    if len(spreads) < len(trials):
        return None
    se_squared = sum(sd**2 / n for sd, n in spreads) / len(spreads) ** 2
    df = sum(n - 1 for _, n in spreads)
    pooled_variance = sum((n - 1) * sd**2 for sd, n in spreads) / df
    return _Spread(se_squared=se_squared, rep_sd=float(np.sqrt(pooled_variance)), df=df)


def _welch_df(left: _Spread, right: _Spread) -> float:
    """Welch-Satterthwaite degrees of freedom of the difference (both SDs zero: their sum)."""
    quarter = left.se_squared**2 / left.df + right.se_squared**2 / right.df
    total = left.se_squared + right.se_squared
    return float(total**2 / quarter) if quarter > 0 else float(left.df + right.df)


def side_difference(left: list[MetricStats], right: list[MetricStats]) -> SideAsymmetry:
    """One metric's left-right difference, judged against the spread of the reps.

    Both legs are measured in one session, so the noise that matters is how much the reps vary
    within it, not a between-day figure: the difference counts as beyond that spread when
    |difference| > t · SE, with SE = sqrt(SE_left² + SE_right²) and t the two-sided
    SIDE_DIFFERENCE_CONFIDENCE quantile of Student's t at Welch's degrees of freedom.
    """
    left_mean = float(np.mean([t.mean for t in left if t.mean is not None]))
    right_mean = float(np.mean([t.mean for t in right if t.mean is not None]))
    difference = left_mean - right_mean
    means = SideAsymmetry(
        left=round(left_mean, 2),
        right=round(right_mean, 2),
        difference=round(difference, 2),
        n_left=sum(t.n for t in left),
        n_right=sum(t.n for t in right),
    )
    left_spread, right_spread = _spread(left), _spread(right)
    if left_spread is None or right_spread is None:
        return means.model_copy(update={"basis": "too_few_reps"})
    se = float(np.sqrt(left_spread.se_squared + right_spread.se_squared))
    df = _welch_df(left_spread, right_spread)
    critical = float(student_t.ppf(0.5 + SIDE_DIFFERENCE_CONFIDENCE / 2, df))
    return means.model_copy(
        update={
            "basis": "rep_spread",
            "difference_se": round(se, 2),
            "sd_left": round(left_spread.rep_sd, 2),
            "sd_right": round(right_spread.rep_sd, 2),
            "degrees_of_freedom": round(df, 1),
            "critical_t": round(critical, 2),
            "beyond_rep_spread": bool(abs(difference) > critical * se),
        }
    )


def compare_sides(trials: list[TrialReport]) -> Comparison | None:
    """Left-right difference of every metric for the first test measured on both sides.

    Only trusted trials count; several trials of one side average. Each difference is judged
    against the reps' spread (side_difference); `within_noise` is the FPPA one's verdict.
    """
    for test in ("single_leg_squat", "single_leg_landing"):
        left, right = side_stats(trials, test, "left"), side_stats(trials, test, "right")
        if "fppa_deg" in left and "fppa_deg" in right:
            metrics = {
                name: side_difference(left[name], right[name])
                for name in REP_METRICS
                if name in left and name in right
            }
            fppa = metrics["fppa_deg"]
            return Comparison(
                asymmetry_deg=reported(abs(fppa.difference)),
                test=test,
                left_fppa_deg=reported(fppa.left),
                right_fppa_deg=reported(fppa.right),
                within_noise=None if fppa.beyond_rep_spread is None else not fppa.beyond_rep_spread,
                metrics=metrics,
            )
    return None


def analyse_assessment(assessment: AssessmentIn) -> Report:
    """Analyse every trial of an assessment and compare left with right."""
    sex: Sex = assessment.subject.sex if assessment.subject else "unspecified"
    trials = [analyse_trial(trial, sex) for trial in assessment.trials]
    return Report(
        analysis_version=ANALYSIS_VERSION, trials=trials, comparison=compare_sides(trials)
    )
