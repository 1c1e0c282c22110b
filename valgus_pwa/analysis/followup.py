"""Follow-up: did each leg's valgus change between two assessments by more than noise?

Two assessments are two days, so a change is judged against a between-day figure: the smallest
detectable difference of Munro, Herrington & Carolan 2012, which was measured on manually
digitised 2D video, not on this app's automatic landmarks (the closest published figure).
"""

from __future__ import annotations

import numpy as np

from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.analysis.report import side_means
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


def _verdict(change: float | None) -> Verdict:
    if change is None:
        return "not_comparable"
    return "within_noise" if abs(change) < SMALLEST_DETECTABLE_DIFFERENCE_DEG else "real_change"


def compare_reports(earlier: Report, current: Report) -> list[SideChange]:
    """Change of each leg's mean FPPA, per test, from an earlier report to a current one.

    A leg and test appear when either report has them. Only trusted trials count; a change
    below the smallest detectable difference (Munro 2012) is within noise. The message is left
    empty: valgus_pwa.content renders it when the comparison is read.
    """
    pairs = sorted(
        {(trial.test, trial.side) for trial in (*earlier.trials, *current.trials)},
        key=lambda pair: (_TESTS.index(pair[0]), pair[1]),
    )
    changes = []
    for test, side in pairs:
        before, after = _fppa(earlier, test, side), _fppa(current, test, side)
        change = round(after - before, 2) if before is not None and after is not None else None
        changes.append(
            SideChange(
                test=test,
                side=side,
                earlier_fppa_deg=_rounded(before),
                current_fppa_deg=_rounded(after),
                change_deg=change,
                verdict=_verdict(change),
                message="",
            )
        )
    return changes


def _compared_trials(report: Report, changes: list[SideChange]) -> list[TrialReport]:
    """The report's trusted trials behind a change that could be given."""
    compared = {(c.test, c.side) for c in changes if c.verdict != "not_comparable"}
    return [t for t in report.trials if t.summary.trusted and (t.test, t.side) in compared]


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
    before, after = _compared_trials(earlier, changes), _compared_trials(current, changes)
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
