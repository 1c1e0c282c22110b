"""Assemble the report of an assessment: per-trial kinematics, reps, quality and references."""

from __future__ import annotations

import numpy as np

from valgus_pwa.analysis.angles import fppa_deg
from valgus_pwa.analysis.filtering import estimate_fps, fill_gaps, lowpass
from valgus_pwa.analysis.landmarks import (
    LEFT_HIP,
    LEGS,
    RIGHT_HIP,
    X,
    Y,
    fix_label_swaps,
    timestamps_ms,
    to_pixels,
)
from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG, categorize, norm_for
from valgus_pwa.analysis.quality import (
    Issue,
    deep_issue,
    frame_rate_issue,
    framing_issue,
    frontal_cues,
    frontal_issue,
    judge,
    landing_issue,
    leg_visibility,
    out_of_frame_fraction,
    reps_issue,
    swaps_issue,
    visibility_issue,
)
from valgus_pwa.analysis.reps import detect_landing, detect_squat_reps
from valgus_pwa.schemas import (
    AssessmentIn,
    Comparison,
    Quality,
    Rep,
    Report,
    Series,
    Sex,
    Side,
    TestName,
    Trial,
    TrialReport,
    TrialSummary,
)

ANALYSIS_VERSION = "0.1.0"
# FPPA inflates when the hip nears knee height: flag a rep whose hip-to-knee height at the
# bottom is below this share of the standing thigh length (thigh about 70° from vertical).
DEEP_THIGH_FRACTION = 0.35
_DECIMALS = 2


def _number(value: float | None) -> float | None:
    """Round a float for the report, mapping NaN to None."""
    return round(float(value), _DECIMALS) if value is not None and np.isfinite(value) else None


def _typical_length(a: np.ndarray, b: np.ndarray) -> float:
    """Return a segment's near-full pixel length: the 90th percentile resists flexed frames."""
    lengths = np.hypot(*(a[:, :2] - b[:, :2]).T)
    return float(np.nanpercentile(lengths, 90)) if np.isfinite(lengths).any() else float("nan")


def _summary(reps: list[Rep], test: TestName, sex: Sex) -> TrialSummary:
    """Average the reps' FPPA and place it against the published reference."""
    values = np.array([rep.fppa_deg for rep in reps if rep.fppa_deg is not None])
    norm = norm_for(test, sex)
    mean = _number(values.mean()) if values.size else None
    return TrialSummary(
        fppa_deg=mean,
        fppa_sd_deg=_number(values.std(ddof=1)) if values.size >= 2 else None,
        n_reps=int(values.size),
        category=categorize(mean, norm) if mean is not None else None,
        reference=norm.reference,
        well_above_deg=norm.well_above_deg,
        reference_note=norm.note,
    )


def _reps(
    trial: Trial, t_ms: np.ndarray, points: np.ndarray, fppa: np.ndarray
) -> tuple[list[Rep], Issue | None]:
    """Find the squat reps or the landing event and score FPPA at each deepest point."""
    leg = LEGS[trial.side]
    hip_y = (points[:, LEFT_HIP, Y] + points[:, RIGHT_HIP, Y]) / 2
    leg_length = _typical_length(points[:, leg.hip], points[:, leg.ankle])
    thigh_length = _typical_length(points[:, leg.hip], points[:, leg.knee])
    knee_below_hip = points[:, leg.knee, Y] - points[:, leg.hip, Y]
    ankle_below_hip = points[:, leg.ankle, Y] - points[:, leg.hip, Y]
    landing = trial.test == "single_leg_landing"
    issue = None
    if landing:
        event = detect_landing(t_ms, hip_y, points[:, leg.ankle, Y], leg_length)
        windows = [event[0]] if event else []
        # With no landmarks at all there is no event; the framing flag explains that instead.
        issue = landing_issue(found=event is None or event[1])
    else:
        windows = detect_squat_reps(t_ms, hip_y, leg_length)
    reps = [
        Rep(
            start_ms=float(t_ms[w.start]),
            bottom_ms=float(t_ms[w.bottom]),
            end_ms=float(t_ms[w.end]),
            fppa_deg=_number(fppa[w.bottom]),
            fppa_contact_deg=_number(fppa[w.start]) if landing else None,
            depth=_number(1 - ankle_below_hip[w.bottom] / leg_length),
            too_deep=bool(knee_below_hip[w.bottom] < DEEP_THIGH_FRACTION * thigh_length),
        )
        for w in windows
    ]
    return reps, issue


def _quality(
    trial: Trial,
    pixels: np.ndarray,
    swapped: np.ndarray,
    reps: list[Rep],
    summary: TrialSummary,
    test_issues: list[Issue | None],
) -> Quality:
    """Check the recording and say whether, and how far, the trial's number can be trusted."""
    fps = estimate_fps(timestamps_ms(trial))
    cues = frontal_cues(pixels)
    visibility = leg_visibility(pixels, LEGS[trial.side])
    issues = [
        frontal_issue(cues),
        framing_issue(out_of_frame_fraction(pixels, trial.frame_width, trial.frame_height)),
        visibility_issue(visibility, trial.side),
        reps_issue(trial.test, summary.n_reps, trial.side),
        frame_rate_issue(fps),
        swaps_issue(float(np.mean(swapped))),
        deep_issue(any(rep.too_deep for rep in reps)),
        *test_issues,
    ]
    ok, confidence, flags = judge(issues, measured=summary.fppa_deg is not None)
    return Quality(
        ok=ok,
        confidence=confidence,
        flags=flags,
        fps=_number(fps),
        detected_fraction=float(np.mean(np.isfinite(pixels[:, 0, X]))),
        frontal_width_ratio=_number(cues.width_ratio),
        frontal_depth_yaw_deg=_number(cues.depth_yaw_deg),
        leg_visibility=_number(visibility),
    )


def analyse_trial(trial: Trial, sex: Sex = "unspecified") -> TrialReport:
    """Measure one trial: filtered FPPA per frame, reps or landing, quality and summary."""
    t_ms = timestamps_ms(trial)
    # Unfiltered pixels, relabelled to face the camera: the quality cues read these.
    pixels, swapped = fix_label_swaps(to_pixels(trial))
    points = lowpass(t_ms, fill_gaps(t_ms, pixels[..., :3]))
    leg = LEGS[trial.side]
    fppa = fppa_deg(points[:, leg.hip], points[:, leg.knee], points[:, leg.ankle], leg.medial_x)
    reps, landing_problem = _reps(trial, t_ms, points, fppa)
    summary = _summary(reps, trial.test, sex)
    return TrialReport(
        test=trial.test,
        side=trial.side,
        landmark_model=trial.landmark_model,
        quality=_quality(trial, pixels, swapped, reps, summary, [landing_problem]),
        reps=reps,
        summary=summary,
        series=Series(t_ms=t_ms.tolist(), fppa_deg=[_number(value) for value in fppa]),
    )


def compare_sides(trials: list[TrialReport]) -> Comparison | None:
    """Left-right difference of mean FPPA for the first test measured on both sides.

    Only trusted trials count (quality ok, with a number); several trials of one side average.
    """
    for test in ("single_leg_squat", "single_leg_landing"):
        means: dict[Side, float] = {}
        for side in ("left", "right"):
            values = [
                trial.summary.fppa_deg
                for trial in trials
                if trial.test == test and trial.side == side and trial.quality.ok
                and trial.summary.fppa_deg is not None
            ]  # fmt: skip
            if values:
                means[side] = float(np.mean(values))
        if len(means) == 2:
            asymmetry = abs(means["left"] - means["right"])
            return Comparison(
                asymmetry_deg=_number(asymmetry),
                test=test,
                left_fppa_deg=_number(means["left"]),
                right_fppa_deg=_number(means["right"]),
                within_noise=asymmetry < SMALLEST_DETECTABLE_DIFFERENCE_DEG,
            )
    return None


def analyse_assessment(assessment: AssessmentIn) -> Report:
    """Analyse every trial of an assessment and compare left with right."""
    sex: Sex = assessment.subject.sex if assessment.subject else "unspecified"
    trials = [analyse_trial(trial, sex) for trial in assessment.trials]
    return Report(
        analysis_version=ANALYSIS_VERSION, trials=trials, comparison=compare_sides(trials)
    )
