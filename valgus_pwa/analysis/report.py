"""Assemble the report of an assessment: per-trial kinematics, reps, quality and references."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valgus_pwa.analysis.angles import (
    fppa_deg,
    hip_adduction_deg,
    knee_medial_offset_px,
    pelvic_drop_deg,
    trunk_lean_deg,
)
from valgus_pwa.analysis.filtering import (
    DEFAULT_CUTOFF_HZ,
    LANDING_CUTOFF_HZ,
    estimate_fps,
    fill_gaps,
    find_tracking_jumps,
    longest_gap_ms,
    lowpass,
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
from valgus_pwa.analysis.norms import (
    PLAUSIBLE_FPPA_DEG,
    SMALLEST_DETECTABLE_DIFFERENCE_DEG,
    categorize,
    norm_for,
)
from valgus_pwa.analysis.quality import (
    JUMP_FRACTION,
    Issue,
    frame_rate_issue,
    framing_issue,
    frontal_cues,
    frontal_issue,
    gap_issue,
    judge,
    jumps_issue,
    landing_issue,
    leg_visibility,
    other_person_issue,
    out_of_frame_fraction,
    plausibility_issue,
    reps_issue,
    single_leg_issue,
    swaps_issue,
    very_deep_issue,
    visibility_issue,
)
from valgus_pwa.analysis.reps import (
    BOTTOM_FIT_SHARE,
    RepWindow,
    detect_landings,
    detect_squat_reps,
    fit_quadratic,
)
from valgus_pwa.schemas import (
    AssessmentIn,
    Comparison,
    MetricStats,
    Quality,
    Rep,
    RepLeftOut,
    Report,
    Series,
    Sex,
    Side,
    SideAsymmetry,
    TestName,
    Trial,
    TrialReport,
    TrialSummary,
)

ANALYSIS_VERSION = "0.3.0"
# FPPA inflates when the thigh points towards the camera and its image shortens: flag a rep
# whose hip-to-knee height at the bottom is below this share of the standing thigh length
# (thigh more than about 60° from vertical, i.e. past about 90° of knee flexion). The
# countermovement of the motion capture reads 0.47 here, with its 2D FPPA inflated to -54°.
DEEP_THIGH_FRACTION = 0.5
# Single-leg stance. Both feet are on the floor in a frame when the two ankles are at the same
# image height within this share of leg length. On the real two-leg squat clip they always
# are (|difference| 0.03-0.05: one foot a little further back); a free foot held up behind, or
# forward (it then appears lower, being nearer the camera), is outside the band. The man
# balancing on one leg in the real frontal clip swings his free foot through the band in 30%
# of the frames. The wizard asks for the foot a hand's width up (about 0.12).
FLOOR_BAND = 0.07
# A rep is not a single-leg rep when both feet were down in more than this share of its frames
# from the start of the descent (a landing's contact) to the bottom.
MAX_FEET_DOWN = 0.5
# Rep fields that are averaged per trial and compared between legs.
REP_METRICS = (
    "fppa_deg",
    "fppa_peak_deg",
    "fppa_contact_deg",
    "hip_adduction_deg",
    "pelvic_drop_deg",
    "trunk_lean_deg",
    "knee_medial_displacement",
    "depth",
)
_DECIMALS = 2
# Landmarks the analysis reads: shoulders for the trunk and the frontal check, hips, knees,
# ankles (relabelling, measures) and toes (framing). Face, arms and heels are not measured.
READ_LANDMARKS = (
    LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP, LEFT_KNEE, RIGHT_KNEE,
    LEFT_ANKLE, RIGHT_ANKLE, LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX,
)  # fmt: skip


def _number(value: float | None) -> float | None:
    """Round a float for the report, mapping NaN to None."""
    return round(float(value), _DECIMALS) if value is not None and np.isfinite(value) else None


def _typical_length(a: np.ndarray, b: np.ndarray) -> float:
    """Return a segment's near-full pixel length: the 90th percentile resists flexed frames."""
    lengths = np.hypot(*(a[:, :2] - b[:, :2]).T)
    return float(np.nanpercentile(lengths, 90)) if np.isfinite(lengths).any() else float("nan")


def _measured_landmarks(leg: Leg) -> list[int]:
    """Landmarks a trial's measures read: shoulders, hips, and the stance knee and ankle."""
    return [LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP, leg.knee, leg.ankle]


def _rounded(values: np.ndarray) -> list[float | None]:
    """Round a series for the report, mapping NaN to None."""
    return [None if v != v else v for v in np.round(values, _DECIMALS).tolist()]


@dataclass(frozen=True)
class Kinematics:
    """Per-frame measures of one trial's stance leg, pelvis and trunk, from filtered pixels."""

    fppa_deg: np.ndarray
    hip_adduction_deg: np.ndarray
    pelvic_drop_deg: np.ndarray
    trunk_lean_deg: np.ndarray
    knee_medial_displacement: np.ndarray  # share of leg length
    depth: np.ndarray  # 1 - hip height above the ankle / leg length
    too_deep: np.ndarray  # hip within DEEP_THIGH_FRACTION of a thigh above the knee


def kinematics(points: np.ndarray, leg: Leg, leg_length: float, thigh_length: float) -> Kinematics:
    """Measure every frame of an (n, 33, 2+) filtered pixel array for the given stance leg."""
    hip, knee, ankle, other_hip = (
        points[:, i] for i in (leg.hip, leg.knee, leg.ankle, leg.other_hip)
    )
    mid_hip = (points[:, LEFT_HIP] + points[:, RIGHT_HIP]) / 2
    mid_shoulder = (points[:, LEFT_SHOULDER] + points[:, RIGHT_SHOULDER]) / 2
    # A collapsed or undetected body gives a zero length and NaN points: NaN measures, no warning.
    with np.errstate(divide="ignore", invalid="ignore"):
        return Kinematics(
            fppa_deg=fppa_deg(hip, knee, ankle, leg.medial_x),
            hip_adduction_deg=hip_adduction_deg(hip, other_hip, knee, leg.medial_x),
            pelvic_drop_deg=pelvic_drop_deg(hip, other_hip),
            trunk_lean_deg=trunk_lean_deg(mid_hip, mid_shoulder, leg.medial_x),
            knee_medial_displacement=knee_medial_offset_px(hip, knee, ankle, leg.medial_x)
            / leg_length,
            depth=1 - (ankle[:, Y] - hip[:, Y]) / leg_length,
            too_deep=knee[:, Y] - hip[:, Y] < DEEP_THIGH_FRACTION * thigh_length,
        )


def _bottom_fit(t_ms: np.ndarray, values: np.ndarray, window: RepWindow) -> float:
    """A squat's value at its bottom from a local quadratic fit (a Savitzky-Golay estimate).

    Frame noise averages out over the fit, while a quadratic follows the turn at the bottom
    without flattening it. The fit spans the bottom +- BOTTOM_FIT_SHARE of the rep's duration;
    with fewer than five known samples there, or none at the bottom, the filtered value at the
    bottom stands.
    """
    half = BOTTOM_FIT_SHARE * (t_ms[window.end] - t_ms[window.start])
    centre = t_ms[window.bottom]
    near = (np.abs(t_ms - centre) <= half) & np.isfinite(values)
    if near.sum() < 5 or not np.isfinite(values[window.bottom]):
        return float(values[window.bottom])
    # Centred and scaled time keeps the fit well conditioned; the value at 0 is the constant.
    return fit_quadratic((t_ms[near] - centre) / half, values[near])[2]


def feet_down_share(
    pixels: np.ndarray, leg: Leg, leg_length: float, first: int, last: int
) -> float | None:
    """Share of the frames from first to last, with both ankles seen, in which both feet were
    on the floor: the two ankles at one image height, within FLOOR_BAND leg lengths."""
    span = slice(first, last + 1)
    # A collapsed body has no leg length: every gap is NaN, and so is the answer.
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.abs(pixels[span, leg.ankle, Y] - pixels[span, leg.other_ankle, Y]) / leg_length
    seen = np.isfinite(gap)
    return float(np.mean(gap[seen] <= FLOOR_BAND)) if seen.any() else None


def _rep(
    t_ms: np.ndarray,
    window: RepWindow,
    measures: Kinematics,
    landing: bool,
    feet_down: float | None,
) -> Rep:
    """Score one rep: every measure at its deepest point, FPPA's peak, and at contact if landing.

    A rep is left out of the trial's mean when the free foot was down (not a single-leg rep) or
    the hips went so deep that the angle is distorted.
    """
    bottom = window.bottom
    over_rep = measures.fppa_deg[window.start : window.end + 1]
    fppa = measures.fppa_deg[bottom] if landing else _bottom_fit(t_ms, measures.fppa_deg, window)
    too_deep = bool(measures.too_deep[bottom])
    left_out: RepLeftOut | None = None
    if feet_down is not None and feet_down > MAX_FEET_DOWN:
        left_out = "not_single_leg"
    elif too_deep:
        left_out = "very_deep"
    return Rep(
        start_ms=float(t_ms[window.start]),
        bottom_ms=float(t_ms[bottom]),
        end_ms=float(t_ms[window.end]),
        fppa_deg=_number(fppa),
        fppa_contact_deg=_number(measures.fppa_deg[window.start]) if landing else None,
        depth=_number(measures.depth[bottom]),
        too_deep=too_deep,
        # The bottom's fitted value is an estimate too; the peak is never below it.
        fppa_peak_deg=_number(np.nanmax([*over_rep, fppa]))
        if np.isfinite(over_rep).any()
        else None,
        hip_adduction_deg=_number(measures.hip_adduction_deg[bottom]),
        pelvic_drop_deg=_number(measures.pelvic_drop_deg[bottom]),
        trunk_lean_deg=_number(measures.trunk_lean_deg[bottom]),
        knee_medial_displacement=_number(measures.knee_medial_displacement[bottom]),
        feet_down_share=_number(feet_down),
        left_out=left_out,
    )


def _stats(values: list[float]) -> MetricStats:
    """Mean and sample SD (None below two values) of one metric."""
    array = np.array(values, dtype=float)
    return MetricStats(
        mean=_number(array.mean()) if array.size else None,
        sd=_number(array.std(ddof=1)) if array.size >= 2 else None,
        n=int(array.size),
    )


def _summary(reps: list[Rep], test: TestName, sex: Sex) -> TrialSummary:
    """Average each measure over the reps with an FPPA that are not left out, and place FPPA
    against the reference."""
    measured = [rep for rep in reps if rep.fppa_deg is not None and rep.left_out is None]
    metrics = {
        name: _stats(values)
        for name in REP_METRICS
        if (values := [v for rep in measured if (v := getattr(rep, name)) is not None])
    }
    fppa = metrics.get("fppa_deg", MetricStats())
    norm = norm_for(test, sex)
    return TrialSummary(
        fppa_deg=fppa.mean,
        fppa_sd_deg=fppa.sd,
        n_reps=fppa.n,
        n_reps_found=len(reps),
        category=categorize(fppa.mean, norm) if fppa.mean is not None else None,
        reference=norm.reference,
        well_above_deg=norm.well_above_deg,
        reference_note=norm.note,
        metrics=metrics,
    )


def _judged(summary: TrialSummary, quality: Quality) -> TrialSummary:
    """Withhold the category of a recording whose quality is not ok, and say why."""
    if quality.ok:
        return summary.model_copy(update={"trusted": summary.fppa_deg is not None})
    return summary.model_copy(
        update={
            "category": None,
            "trusted": False,
            "quality_note": "This recording is not good enough to compare with the reference."
            " The quality flags say how to record it again.",
        }
    )


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


def _quality(
    trial: Trial,
    t_ms: np.ndarray,
    pixels: np.ndarray,
    problems: dict[str, float],
    reps: list[Rep],
    summary: TrialSummary,
    test_issues: list[Issue | None],
) -> Quality:
    """Check the recording and say whether, and how far, the trial's number can be trusted.

    pixels are the frames the reps span (all frames without reps), so walking into position
    before the test does not count against it. problems["feet_down"] is the share of frames
    with both feet on the floor over the reps' descents, or over the whole recording when no rep
    was found.
    """
    fps = estimate_fps(t_ms)
    cues = frontal_cues(pixels)
    visibility = leg_visibility(pixels, LEGS[trial.side])
    feet_down = problems["feet_down"]
    two_feet = sum(rep.left_out == "not_single_leg" for rep in reps)
    left_out_issues = [
        single_leg_issue(
            two_feet,
            len(reps),
            trial.side,
            trial.test,
            feet_down_throughout=not reps and feet_down > MAX_FEET_DOWN,
        ),
        very_deep_issue(sum(rep.too_deep for rep in reps), len(reps), trial.test),
    ]
    # When most reps were left out, those flags say why; "too few reps" would only repeat it.
    explained = any(issue is not None and issue.blocking for issue in left_out_issues)
    other_people = (
        None if trial.other_person_frames is None else trial.other_person_frames / len(trial.frames)
    )
    issues = [
        frontal_issue(cues),
        framing_issue(out_of_frame_fraction(pixels, trial.frame_width, trial.frame_height)),
        visibility_issue(visibility, trial.side),
        *left_out_issues,
        None if explained else reps_issue(trial.test, summary.n_reps, trial.side),
        plausibility_issue(summary.fppa_deg, PLAUSIBLE_FPPA_DEG[trial.test]),
        frame_rate_issue(fps),
        swaps_issue(problems["swapped"]),
        jumps_issue(problems["jumped"], trial.side),
        gap_issue(problems["longest_gap_ms"]),
        other_person_issue(other_people),
        *test_issues,
    ]
    ok, confidence, flags = judge(issues, measured=summary.fppa_deg is not None)
    return Quality(
        ok=ok,
        confidence=confidence,
        flags=flags,
        fps=_number(fps),
        detected_fraction=float(np.mean(np.isfinite(pixels[:, LEFT_HIP, X]))),
        frontal_width_ratio=_number(cues.width_ratio),
        frontal_depth_yaw_deg=_number(cues.depth_yaw_deg),
        leg_visibility=_number(visibility),
        label_swap_fraction=_number(problems["swapped"]),
        tracking_jump_fraction=_number(problems["jumped"]),
        longest_gap_ms=_number(problems["longest_gap_ms"]),
        feet_down_share=_number(feet_down),
        other_person_fraction=_number(other_people),
    )


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
    return _number(measures.fppa_deg[int(np.nanargmax(hip_y))])


def analyse_trial(trial: Trial, sex: Sex = "unspecified") -> TrialReport:
    """Measure one trial: filtered kinematics per frame, reps or landing, quality and summary."""
    t_ms = timestamps_ms(trial)
    leg = LEGS[trial.side]
    # Unfiltered pixels, relabelled to face the camera: the quality cues read these.
    pixels, swapped = fix_label_swaps(to_pixels(trial, READ_LANDMARKS))
    leg_length = _typical_length(pixels[:, leg.hip], pixels[:, leg.ankle])
    thigh_length = _typical_length(pixels[:, leg.hip], pixels[:, leg.knee])
    landing = trial.test == "single_leg_landing"
    jumps, points = _trajectories(t_ms, pixels, leg, leg_length, landing)
    measures = kinematics(points, leg, leg_length, thigh_length)
    windows, landing_problem = _windows(trial, t_ms, points, leg_length)
    feet_down = [feet_down_share(pixels, leg, leg_length, w.start, w.bottom) for w in windows]
    reps = [_rep(t_ms, w, measures, landing, d) for w, d in zip(windows, feet_down, strict=True)]
    summary = _summary(reps, trial.test, sex)
    detected = np.isfinite(pixels[:, LEFT_HIP, X])
    problems = {
        "swapped": float(np.mean(swapped)),
        "jumped": float(jumps.any(axis=(1, 2)).sum() / max(detected.sum(), 1)),
    }
    span = (
        slice(min(w.start for w in windows), max(w.end for w in windows) + 1)
        if windows
        else slice(None)
    )
    # Holes left after filling, in the stance leg over the measured part: reported, not invented.
    stance_seen = np.isfinite(points[:, [leg.hip, leg.knee, leg.ankle], X]).all(axis=1)
    problems["longest_gap_ms"] = longest_gap_ms(t_ms[span], stance_seen[span])
    # Over the reps' descents together, or the whole recording without reps.
    descents = np.zeros(len(t_ms), dtype=bool)
    for window in windows:
        descents[window.start : window.bottom + 1] = True
    share = feet_down_share(
        pixels[descents if windows else slice(None)], leg, leg_length, 0, len(t_ms)
    )
    problems["feet_down"] = float("nan") if share is None else share
    quality = _quality(trial, t_ms, pixels[span], problems, reps, summary, [landing_problem])
    summary = summary.model_copy(
        update={"lowest_point_fppa_deg": _lowest_point_fppa(points, measures)}
    )
    return TrialReport(
        test=trial.test,
        side=trial.side,
        landmark_model=trial.landmark_model,
        quality=quality,
        reps=reps,
        summary=_judged(summary, quality),
        series=Series(t_ms=t_ms.tolist(), fppa_deg=_rounded(measures.fppa_deg)),
    )


def side_means(trials: list[TrialReport], test: TestName, side: Side) -> dict[str, float]:
    """Each metric's mean over a leg's trusted trials of one test (several trials average)."""
    trusted = [
        trial for trial in trials
        if trial.test == test and trial.side == side and trial.quality.ok
        and trial.summary.fppa_deg is not None
    ]  # fmt: skip
    means: dict[str, float] = {}
    for name in REP_METRICS:
        values = [
            s.mean for t in trusted if (s := t.summary.metrics.get(name)) and s.mean is not None
        ]
        if values:
            means[name] = float(np.mean(values))
    return means


def compare_sides(trials: list[TrialReport]) -> Comparison | None:
    """Left-right difference of every metric for the first test measured on both sides.

    Only trusted trials count (quality ok, with a number); several trials of one side average.
    """
    for test in ("single_leg_squat", "single_leg_landing"):
        left, right = side_means(trials, test, "left"), side_means(trials, test, "right")
        if "fppa_deg" in left and "fppa_deg" in right:
            asymmetry = abs(left["fppa_deg"] - right["fppa_deg"])
            return Comparison(
                asymmetry_deg=_number(asymmetry),
                test=test,
                left_fppa_deg=_number(left["fppa_deg"]),
                right_fppa_deg=_number(right["fppa_deg"]),
                within_noise=asymmetry < SMALLEST_DETECTABLE_DIFFERENCE_DEG,
                metrics={
                    name: SideAsymmetry(
                        left=_number(left[name]),
                        right=_number(right[name]),
                        difference=_number(left[name] - right[name]),
                    )
                    for name in REP_METRICS
                    if name in left and name in right
                },
            )
    return None


def analyse_assessment(assessment: AssessmentIn) -> Report:
    """Analyse every trial of an assessment and compare left with right."""
    sex: Sex = assessment.subject.sex if assessment.subject else "unspecified"
    trials = [analyse_trial(trial, sex) for trial in assessment.trials]
    return Report(
        analysis_version=ANALYSIS_VERSION, trials=trials, comparison=compare_sides(trials)
    )
