"""Use cases shared by the HTTP API and the Reflex UI: analyse, store, load, delete."""

from __future__ import annotations

import logging

from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.schemas import (
    AssessmentComparison,
    AssessmentCreated,
    AssessmentIn,
    AssessmentOut,
    Report,
    SideChange,
    Trial,
)
from valgus_pwa.store import DeleteOutcome, get_store

log = logging.getLogger(__name__)


class AnalysisFailed(ValueError):
    """Valid input the analysis could not process; reported to the client, never as a 500."""


def report_url(assessment_id: str) -> str:
    return f"/r/{assessment_id}"


def _analyse(assessment: AssessmentIn) -> Report:
    try:
        return analyse_assessment(assessment)
    except Exception as error:  # A defect here must not lose the client's upload as a 500.
        log.exception("analysis failed")
        raise AnalysisFailed("The recording could not be analysed.") from error


def create_assessment(assessment: AssessmentIn) -> AssessmentCreated:
    """Analyse an uploaded assessment, store it, and return its share id and owner key."""
    report = _analyse(assessment)
    assessment_id, owner_key = get_store().create(assessment, report)
    return AssessmentCreated(
        id=assessment_id, owner_key=owner_key, report_url=report_url(assessment_id), report=report
    )


def load_assessment(assessment_id: str, include_frames: bool = False) -> AssessmentOut | None:
    store = get_store()
    record = store.get(assessment_id)
    if record is None:
        return None
    trials = None
    if include_frames:
        stored_trials = store.get_trials(assessment_id) or []
        trials = [Trial.model_validate(trial) for trial in stored_trials]
    return AssessmentOut(
        id=record.id,
        created_at=record.created_at.isoformat(),
        report_url=report_url(record.id),
        subject=record.subject,
        report=Report.model_validate(record.report),
        trials=trials,
    )


def delete_assessment(assessment_id: str, owner_key: str) -> DeleteOutcome:
    return get_store().delete(assessment_id, owner_key)


def _trusted_means(assessment: AssessmentOut) -> dict[tuple[str, str], float]:
    """Mean FPPA per (test, side) over the trials whose quality can be trusted."""
    values: dict[tuple[str, str], list[float]] = {}
    for trial in assessment.report.trials:
        if trial.quality.ok and trial.summary.fppa_deg is not None:
            values.setdefault((trial.test, trial.side), []).append(trial.summary.fppa_deg)
    return {key: sum(group) / len(group) for key, group in values.items()}


def _change_message(side: str, change: float | None, verdict: str) -> str:
    leg = f"{side.capitalize()} knee"
    if verdict == "not_comparable":
        return f"{leg}: cannot be compared, because one of the two tests has no reliable result for it."
    direction = "more" if change > 0 else "less"
    if verdict == "within_noise":
        return (f"{leg}: {abs(change):.1f}° {direction} inward movement, which is within measurement noise"
                f" (under {SMALLEST_DETECTABLE_DIFFERENCE_DEG:.0f}°): no real change.")
    return (f"{leg}: {abs(change):.1f}° {direction} inward movement, more than measurement noise"
            f" ({SMALLEST_DETECTABLE_DIFFERENCE_DEG:.0f}°): a real change.")


def compare_assessments(current_id: str, earlier_id: str) -> AssessmentComparison | None:
    """Per test and side, the change of mean FPPA since an earlier assessment, judged against noise."""
    current, earlier = load_assessment(current_id), load_assessment(earlier_id)
    if current is None or earlier is None:
        return None
    now, before = _trusted_means(current), _trusted_means(earlier)
    tested = {(trial.test, trial.side) for found in (current, earlier) for trial in found.report.trials}
    sides = []
    for test, side in sorted(tested):
        after_deg, before_deg = now.get((test, side)), before.get((test, side))
        change = None if after_deg is None or before_deg is None else round(after_deg - before_deg, 2)
        verdict = ("not_comparable" if change is None
                   else "within_noise" if abs(change) < SMALLEST_DETECTABLE_DIFFERENCE_DEG else "real_change")
        sides.append(SideChange(test=test, side=side, earlier_fppa_deg=before_deg, current_fppa_deg=after_deg,
                                change_deg=change, verdict=verdict, message=_change_message(side, change, verdict)))
    return AssessmentComparison(
        id=current.id, earlier_id=earlier.id, created_at=current.created_at,
        earlier_created_at=earlier.created_at,
        smallest_detectable_difference_deg=SMALLEST_DETECTABLE_DIFFERENCE_DEG, sides=sides,
    )
