"""Follow-up: did each leg's valgus change between two assessments by more than noise?

Two assessments are two days, so a change is judged against a between-day figure: the smallest
detectable difference of Munro, Herrington & Carolan 2012, which was measured on manually
digitised 2D video, not on this app's automatic landmarks (the closest published figure).
A running test's measures are judged against their own running figures (Dingenen et al. 2018,
analysis/running_norms.py), each measure its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.analysis.report import side_means
from valgus_pwa.analysis.running import RUNNING_METRICS, SIDES
from valgus_pwa.analysis.running_norms import RUNNING_SDD_DEG
from valgus_pwa.schemas import (
    ComparisonWarning,
    Report,
    Side,
    SideChange,
    TestName,
    TrialReport,
    Verdict,
)

_TESTS: tuple[TestName, ...] = ("single_leg_squat", "single_leg_landing")
# Frame rates further apart than this share (30 against 60 fps, not 29 against 31) change the
# filtering's sampling and when events are caught, so a change may come from the recording.
FRAME_RATE_TOLERANCE = 0.2


def _fppa(report: Report, test: TestName, side: Side) -> float | None:
    return side_means(report.trials, test, side).get("fppa_deg")


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _verdict(change: float | None, sdd_deg: float) -> Verdict:
    if change is None:
        return "not_comparable"
    return "within_noise" if abs(change) < sdd_deg else "real_change"


@dataclass(frozen=True)
class _Judged:
    """Two means, their change (each to 0.01) and its verdict against a smallest detectable
    difference; the change is None unless both were measured."""

    earlier: float | None
    current: float | None
    change: float | None
    verdict: Verdict


def _judged(before: float | None, after: float | None, sdd_deg: float) -> _Judged:
    change = round(after - before, 2) if before is not None and after is not None else None
    return _Judged(_rounded(before), _rounded(after), change, _verdict(change, sdd_deg))


def compare_reports(earlier: Report, current: Report) -> list[SideChange]:
    """Change of each leg's mean FPPA, per test, from an earlier report to a current one.

    A leg and test appear when either report has them. Only trusted trials count; a change
    below the smallest detectable difference (Munro 2012) is within noise. The message is left
    empty: valgus_pwa.content renders it when the comparison is read.
    """
    pairs = sorted(
        {
            (trial.test, trial.side)
            for trial in (*earlier.trials, *current.trials)
            if trial.test in _TESTS  # a running trial holds both legs: compare_running
        },
        key=lambda pair: (_TESTS.index(pair[0]), pair[1]),
    )
    changes = []
    for test, side in pairs:
        judged = _judged(
            _fppa(earlier, test, side),
            _fppa(current, test, side),
            SMALLEST_DETECTABLE_DIFFERENCE_DEG,
        )
        changes.append(
            SideChange(
                test=test,
                side=side,
                earlier_fppa_deg=judged.earlier,
                current_fppa_deg=judged.current,
                change_deg=judged.change,
                verdict=judged.verdict,
                message="",
            )
        )
    return changes


def running_side_means(trials: list[TrialReport], side: Side) -> dict[str, float]:
    """Each running measure's mean for one leg over the trusted running trials (several
    trials average), as side_means does for a squat's reps."""
    sides = [
        running_side
        for trial in trials
        if trial.test == "running" and trial.summary.trusted and trial.running is not None
        for running_side in trial.running.sides
        if running_side.side == side
    ]
    means: dict[str, float] = {}
    for name in RUNNING_METRICS:
        values = [s.mean for leg in sides if (s := leg.metrics.get(name)) and s.mean is not None]
        if values:
            means[name] = float(np.mean(values))
    return means


# Knee FPPA has no running test-retest figure (Dingenen et al. 2018 did not measure it): its
# change is judged against the 2D FPPA figure of the squat and landing (Munro 2012), borrowed.
RUNNING_CHANGE_SDD_DEG: dict[str, float] = {
    name: SMALLEST_DETECTABLE_DIFFERENCE_DEG if sdd is None else sdd
    for name, sdd in RUNNING_SDD_DEG.items()
}


@dataclass(frozen=True)
class RunningChange:
    """The change of one leg's mean running measure between two assessments."""

    side: Side
    measure: str  # a RunningStep field, e.g. "hip_adduction_deg"
    earlier_deg: float | None
    current_deg: float | None
    change_deg: float | None
    sdd_deg: float  # the smallest detectable difference it was judged against
    sdd_borrowed: bool  # True when the figure is not a running one (knee FPPA)
    verdict: Verdict


def compare_running(earlier: Report, current: Report) -> list[RunningChange]:
    """Each leg's change of each running measure, judged against that measure's own
    test-retest smallest detectable difference. Empty when neither report has a running trial;
    only trusted running trials count."""
    if not any(t.test == "running" for t in (*earlier.trials, *current.trials)):
        return []
    changes = []
    for side in SIDES:
        before, after = (
            running_side_means(earlier.trials, side),
            running_side_means(current.trials, side),
        )
        for name in RUNNING_METRICS:
            sdd = RUNNING_CHANGE_SDD_DEG[name]
            judged = _judged(before.get(name), after.get(name), sdd)
            changes.append(
                RunningChange(
                    side=side,
                    measure=name,
                    earlier_deg=judged.earlier,
                    current_deg=judged.current,
                    change_deg=judged.change,
                    sdd_deg=sdd,
                    sdd_borrowed=RUNNING_SDD_DEG[name] is None,
                    verdict=judged.verdict,
                )
            )
    return changes


def _compared_trials(report: Report, changes: list[SideChange]) -> list[TrialReport]:
    """The report's trusted trials behind a change that could be given."""
    compared = {(c.test, c.side) for c in changes if c.verdict != "not_comparable"}
    return [t for t in report.trials if t.summary.trusted and (t.test, t.side) in compared]


def _compared_running_trials(report: Report, changes: list[RunningChange]) -> list[TrialReport]:
    """The report's trusted running trials, when a running change could be given."""
    if all(change.verdict == "not_comparable" for change in changes):
        return []
    return [t for t in report.trials if t.test == "running" and t.summary.trusted]


def _median_fps(trials: list[TrialReport]) -> float | None:
    rates = [t.quality.fps for t in trials if t.quality.fps is not None and t.quality.fps > 0]
    return float(np.median(rates)) if rates else None


def _rates_differ(a: float, b: float) -> bool:
    return max(a, b) > (1 + FRAME_RATE_TOLERANCE) * min(a, b)


def comparison_warnings(
    earlier: Report, current: Report, changes: list[SideChange]
) -> list[ComparisonWarning]:
    """Codes for differences in how the compared trials were recorded: pose model, frame rate.

    Only trials behind a change count. The message is left empty for valgus_pwa.content.
    """
    return _recording_warnings(
        _compared_trials(earlier, changes), _compared_trials(current, changes)
    )


def running_comparison_warnings(
    earlier: Report, current: Report, changes: list[RunningChange]
) -> list[ComparisonWarning]:
    """comparison_warnings for the running trials behind the running changes."""
    return _recording_warnings(
        _compared_running_trials(earlier, changes), _compared_running_trials(current, changes)
    )


def _recording_warnings(
    before: list[TrialReport], after: list[TrialReport]
) -> list[ComparisonWarning]:
    if not before or not after:
        return []
    warnings = []
    models_before = sorted({t.landmark_model for t in before})
    models_after = sorted({t.landmark_model for t in after})
    if models_before != models_after:
        warnings.append(
            ComparisonWarning(
                code="pose_model_differs",
                message="",
                params={"earlier": ", ".join(models_before), "current": ", ".join(models_after)},
            )
        )
    fps_before, fps_after = _median_fps(before), _median_fps(after)
    if fps_before is not None and fps_after is not None and _rates_differ(fps_before, fps_after):
        warnings.append(
            ComparisonWarning(
                code="frame_rate_differs",
                message="",
                params={"earlier_fps": round(fps_before, 1), "current_fps": round(fps_after, 1)},
            )
        )
    return warnings
