"""Follow-up: did each leg's valgus change between two assessments by more than noise?"""

from __future__ import annotations

from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.analysis.report import side_means
from valgus_pwa.schemas import Report, Side, SideChange, TestName

_SOURCE = "Munro, Herrington & Carolan 2012"
_TEST_WORDS: dict[TestName, str] = {
    "single_leg_squat": "single-leg squat",
    "single_leg_landing": "single-leg landing",
}


def _fppa(report: Report, test: TestName, side: Side) -> float | None:
    return side_means(report.trials, test, side).get("fppa_deg")


def _message(test: TestName, side: Side, earlier: float | None, current: float | None) -> str:
    task = _TEST_WORDS[test]
    if earlier is None or current is None:
        which = (
            "either assessment"
            if earlier is None and current is None
            else ("the earlier assessment" if earlier is None else "this assessment")
        )
        return (
            f"No trustworthy {task} result for the {side} knee in {which}, so no change can be"
            " given. Record the test again with the same set-up."
        )
    change = current - earlier
    direction = "more" if change > 0 else "less"
    size = f"{abs(change):.1f}° {direction} valgus than before"
    sdd = f"{SMALLEST_DETECTABLE_DIFFERENCE_DEG:.0f}°"
    if abs(change) < SMALLEST_DETECTABLE_DIFFERENCE_DEG:
        return (
            f"{side.capitalize()} knee, {task}: {size}. That is below the {sdd} a 2D video"
            f" measurement must change by to show a real change, so it is within measurement"
            f" noise ({_SOURCE})."
        )
    return (
        f"{side.capitalize()} knee, {task}: {size}. That is more than the {sdd} smallest"
        f" detectable difference, so it is a real change ({_SOURCE})."
    )


def compare_reports(earlier: Report, current: Report) -> list[SideChange]:
    """Change of each leg's mean FPPA, per test, from an earlier report to a current one.

    A leg and test appear when either report has them. Only trusted trials count; a change
    below the smallest detectable difference (Munro 2012, about 8°) is within noise.
    """
    pairs = sorted(
        {(trial.test, trial.side) for trial in (*earlier.trials, *current.trials)},
        key=lambda pair: (list(_TEST_WORDS).index(pair[0]), pair[1]),
    )
    changes = []
    for test, side in pairs:
        before, after = _fppa(earlier, test, side), _fppa(current, test, side)
        comparable = before is not None and after is not None
        change = round(after - before, 2) if comparable else None
        if not comparable:
            verdict = "not_comparable"
        elif abs(change) < SMALLEST_DETECTABLE_DIFFERENCE_DEG:
            verdict = "within_noise"
        else:
            verdict = "real_change"
        changes.append(
            SideChange(
                test=test,
                side=side,
                earlier_fppa_deg=None if before is None else round(before, 2),
                current_fppa_deg=None if after is None else round(after, 2),
                change_deg=change,
                verdict=verdict,
                message=_message(test, side, before, after),
            )
        )
    return changes
