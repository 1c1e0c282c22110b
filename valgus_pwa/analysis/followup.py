"""Follow-up: did each leg's valgus change between two assessments by more than noise?"""

from __future__ import annotations

from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.analysis.report import side_means
from valgus_pwa.schemas import Report, Side, SideChange, TestName, Verdict

_TESTS: tuple[TestName, ...] = ("single_leg_squat", "single_leg_landing")


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
