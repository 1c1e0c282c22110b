"""A trial's summary over its reps and the quality verdict on its recording."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valgus_pwa.analysis.filtering import estimate_fps
from valgus_pwa.analysis.kinematics import MAX_FEET_DOWN, REP_METRICS, reported
from valgus_pwa.analysis.landmarks import LEFT_HIP, LEGS, X
from valgus_pwa.analysis.norms import PLAUSIBLE_FPPA_DEG, categorize, norm_for
from valgus_pwa.analysis.quality import (
    Issue,
    contact_issue,
    frame_rate_issue,
    framing_issue,
    frontal_cues,
    frontal_issue,
    gap_issue,
    judge,
    jumps_issue,
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
from valgus_pwa.schemas import MetricStats, Quality, Rep, Sex, TestName, Trial, TrialSummary


@dataclass(frozen=True)
class TrackingProblems:
    """How far the pose tracking of a trial went wrong, measured while analysing it."""

    swapped_fraction: float  # frames whose left/right labels were corrected
    jumped_fraction: float  # detected frames with a measured landmark snapping away
    longest_gap_ms: float  # longest unbridged loss of the stance leg over the measured part
    # Both feet on the floor, over the reps' descents or the whole recording without reps;
    # None when the ankles were never both seen.
    feet_down_share: float | None


def _stats(values: list[float]) -> MetricStats:
    """Mean and sample SD (None below two values) of one metric."""
    array = np.array(values, dtype=float)
    return MetricStats(
        mean=reported(array.mean()) if array.size else None,
        sd=reported(array.std(ddof=1)) if array.size >= 2 else None,
        n=int(array.size),
    )


def trial_summary(reps: list[Rep], test: TestName, sex: Sex) -> TrialSummary:
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
        reference_note_code=norm.note_code,
        metrics=metrics,
    )


def judged(summary: TrialSummary, quality: Quality) -> TrialSummary:
    """Set whether the trial is trusted; withhold the category of one that is not.

    Its quality_note is worded on reading, from quality.ok.
    """
    if quality.ok:
        return summary.model_copy(update={"trusted": summary.fppa_deg is not None})
    return summary.model_copy(update={"category": None, "trusted": False})


def trial_quality(
    trial: Trial,
    t_ms: np.ndarray,
    pixels: np.ndarray,
    problems: TrackingProblems,
    reps: list[Rep],
    summary: TrialSummary,
    test_issues: list[Issue | None],
) -> Quality:
    """Check the recording and say whether, and how far, the trial's number can be trusted.

    pixels are the frames the reps span (all frames without reps), so walking into position
    before the test does not count against it.
    """
    fps = estimate_fps(t_ms)
    cues = frontal_cues(pixels)
    visibility = leg_visibility(pixels, LEGS[trial.side])
    feet_down = problems.feet_down_share
    two_feet = sum(rep.left_out == "not_single_leg" for rep in reps)
    left_out_issues = [
        single_leg_issue(
            two_feet,
            len(reps),
            trial.side,
            trial.test,
            feet_down_throughout=not reps and feet_down is not None and feet_down > MAX_FEET_DOWN,
        ),
        very_deep_issue(sum(rep.too_deep for rep in reps), len(reps), trial.test),
    ]
    frame_rate = frame_rate_issue(fps, trial.test)
    # When most reps were left out, or the frame rate was too low to find them, those flags say
    # why; "too few reps" would only repeat it.
    explained = any(
        issue is not None and issue.blocking for issue in [*left_out_issues, frame_rate]
    )
    codes = {issue.code for issue in test_issues if issue is not None}
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
        frame_rate,
        contact_issue(fps, trial.test, landed=bool(reps) and "no_landing_detected" not in codes),
        swaps_issue(problems.swapped_fraction),
        jumps_issue(problems.jumped_fraction, trial.side),
        gap_issue(problems.longest_gap_ms),
        other_person_issue(other_people),
        *test_issues,
    ]
    ok, confidence, flags = judge(issues, measured=summary.fppa_deg is not None)
    return Quality(
        ok=ok,
        confidence=confidence,
        flags=flags,
        fps=reported(fps),
        detected_fraction=float(np.mean(np.isfinite(pixels[:, LEFT_HIP, X]))),
        frontal_width_ratio=reported(cues.width_ratio),
        frontal_depth_yaw_deg=reported(cues.depth_yaw_deg),
        leg_visibility=reported(visibility),
        label_swap_fraction=reported(problems.swapped_fraction),
        tracking_jump_fraction=reported(problems.jumped_fraction),
        longest_gap_ms=reported(problems.longest_gap_ms),
        feet_down_share=reported(feet_down),
        other_person_fraction=reported(other_people),
    )
