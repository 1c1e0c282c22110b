"""Use cases shared by the HTTP API and the Reflex UI: analyse, store, load, delete."""

from __future__ import annotations

import logging

from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.schemas import AssessmentCreated, AssessmentIn, AssessmentOut, Report, Trial
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
