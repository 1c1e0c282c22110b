"""Use cases shared by the HTTP API and the Reflex UI: analyse, store, load, delete."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from valgus_pwa.analysis import analyse_assessment, compare_reports
from valgus_pwa.analysis.compact_frames import stored_trial
from valgus_pwa.analysis.followup import (
    RunningChange,
    compare_running,
    comparison_warnings,
    running_comparison_warnings,
)
from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.analysis.report import compare_sides
from valgus_pwa.content.change_texts import warning_message
from valgus_pwa.content.render import rendered, rendered_changes
from valgus_pwa.schemas import (
    AssessmentComparison,
    AssessmentCreated,
    AssessmentIn,
    AssessmentOut,
    ComparisonWarning,
    Report,
    SideChange,
    Subject,
)
from valgus_pwa.store import (
    AssessmentRecord,
    Created,
    DeleteOutcome,
    StoreUnavailable,
    Upload,
    get_store,
)

# The UI states talk to this layer only: what they need of the store comes through here.
__all__ = [
    "AnalysisFailed",
    "DeleteOutcome",
    "EarlierIsLater",
    "StoreUnavailable",
    "compare_assessments",
    "compare_running_assessments",
    "create_assessment",
    "delete_assessment",
    "load_assessment",
    "report_url",
]

log = logging.getLogger(__name__)

# A follow-up's change of one measure: a SideChange (squat, landing) or a RunningChange.
_Change = TypeVar("_Change", SideChange, RunningChange)


class AnalysisFailed(ValueError):
    """Valid input the analysis could not process; reported to the client, never as a 500."""


class EarlierIsLater(ValueError):
    """A follow-up asked with its two assessments the wrong way round; the client's mistake."""

    def __init__(self, earlier_created_at: str, created_at: str) -> None:
        super().__init__(f"earlier {earlier_created_at} is after current {created_at}")
        self.earlier_created_at, self.created_at = earlier_created_at, created_at


def report_url(assessment_id: str) -> str:
    return f"/r/{assessment_id}"


def _analyse(assessment: AssessmentIn) -> Report:
    try:
        return analyse_assessment(assessment)
    except Exception as error:  # A defect here must not lose the client's upload as a 500.
        log.exception("analysis failed")
        raise AnalysisFailed("The recording could not be analysed.") from error


def _read(stored: dict[str, Any]) -> Report:
    """A stored report as it is shown: validated, with its words rendered from its codes.

    The left-right comparison is derived from the stored trials, so it is worked out again:
    reports stored before it was judged against the reps' spread get that judgement too.
    """
    report = Report.model_validate(stored)
    comparison = compare_sides(report.trials)
    if comparison is None and report.comparison is not None:
        # Trials without per-metric stats: the stored verdict used the between-day figure and
        # there is no rep spread to judge the difference again, so it is left unjudged.
        comparison = report.comparison.model_copy(update={"within_noise": None})
    return rendered(report.model_copy(update={"comparison": comparison}))


def _answer(created: Created) -> AssessmentCreated:
    return AssessmentCreated(
        id=created.id,
        owner_key=created.owner_key,
        report_url=report_url(created.id),
        report=_read(created.report),
    )


def create_assessment(
    assessment: AssessmentIn, upload: Upload, idempotency_key: str | None = None
) -> AssessmentCreated:
    """Analyse an uploaded assessment, store it, and return its share id and owner key.

    A retry carrying the Idempotency-Key of an earlier upload gets that upload's answer again,
    owner key included, and stores nothing new.
    """
    store = get_store()
    if idempotency_key is not None:
        earlier = store.find_by_idempotency_key(idempotency_key, upload.sha256)
        if earlier is not None:
            return _answer(earlier)
    return _answer(store.create(assessment, _analyse(assessment), upload, idempotency_key))


def assessment_exists(assessment_id: str) -> bool:
    """Whether the assessment may still be shown: stored, not deleted, not expired."""
    return get_store().exists(assessment_id)


def load_assessment(assessment_id: str, include_frames: bool = False) -> AssessmentOut | None:
    """The stored assessment, or None when the id is unknown, deleted or expired (all alike)."""
    store = get_store()
    record = store.get(assessment_id)
    if record is None:
        return None
    trials = None
    if include_frames:
        stored_trials = store.get_trials(assessment_id) or []
        trials = [stored_trial(trial) for trial in stored_trials]  # either upload form
    return AssessmentOut(
        id=record.id,
        created_at=record.created_at.isoformat(),
        expires_at=record.expires_at.isoformat(),
        report_url=report_url(record.id),
        subject=None if record.subject is None else Subject.model_validate(record.subject),
        report=_read(record.report),
        trials=trials,
        recorded_at=None if record.recorded_at is None else record.recorded_at.isoformat(),
    )


def delete_assessment(assessment_id: str, owner_key: str) -> DeleteOutcome:
    return get_store().delete(assessment_id, owner_key)


def _test_time(record: AssessmentRecord) -> dt.datetime:
    """When the test was done: the phone's recording time if sent, else the upload's arrival."""
    return record.recorded_at or record.created_at


def _ordered_reports(
    assessment_id: str, earlier_id: str
) -> tuple[AssessmentRecord, AssessmentRecord] | None:
    """The current and the earlier stored assessment; None if either does not exist.

    Raises EarlierIsLater when the "earlier" test was done after the current one (each dated by
    the phone's recorded_at if it sent one, else by when the server received it).
    """
    store = get_store()
    current, earlier = store.get(assessment_id), store.get(earlier_id)
    if current is None or earlier is None:
        return None
    earlier_time, current_time = _test_time(earlier), _test_time(current)
    if earlier_time > current_time:
        raise EarlierIsLater(earlier_time.isoformat(), current_time.isoformat())
    return current, earlier


def _compared(
    assessment_id: str,
    earlier_id: str,
    compare: Callable[[Report, Report], list[_Change]],
    warn: Callable[[Report, Report, list[_Change]], list[ComparisonWarning]],
) -> tuple[AssessmentRecord, AssessmentRecord, list[_Change], list[ComparisonWarning]] | None:
    """The two records (current, earlier) in order, the changes `compare` finds from the earlier
    report to the current one, and `warn`'s warnings of how the two were recorded differently;
    None if either record is missing."""
    ordered = _ordered_reports(assessment_id, earlier_id)
    if ordered is None:
        return None
    current, earlier = ordered
    current_report = Report.model_validate(current.report)
    earlier_report = Report.model_validate(earlier.report)
    changes = compare(earlier_report, current_report)
    return current, earlier, changes, warn(earlier_report, current_report, changes)


def compare_assessments(assessment_id: str, earlier_id: str) -> AssessmentComparison | None:
    """How each leg changed since an earlier assessment; None if either does not exist.

    Raises EarlierIsLater when the two are the wrong way round (_ordered_reports).
    Warns when the two were recorded differently (pose model, frame rate).
    """
    compared = _compared(assessment_id, earlier_id, compare_reports, comparison_warnings)
    if compared is None:
        return None
    current, earlier, changes, warnings = compared
    return AssessmentComparison(
        id=current.id,
        earlier_id=earlier.id,
        created_at=current.created_at.isoformat(),
        earlier_created_at=earlier.created_at.isoformat(),
        smallest_detectable_difference_deg=SMALLEST_DETECTABLE_DIFFERENCE_DEG,
        sides=rendered_changes(changes),
        warnings=[w.model_copy(update={"message": warning_message(w)}) for w in warnings],
    )


def compare_running_assessments(
    assessment_id: str, earlier_id: str
) -> tuple[list[RunningChange], list[str]] | None:
    """Each leg's change of each running measure since an earlier assessment, and the worded
    warnings of how the two runs were recorded differently; None if either does not exist.

    Raises EarlierIsLater as compare_assessments does.
    """
    compared = _compared(assessment_id, earlier_id, compare_running, running_comparison_warnings)
    if compared is None:
        return None
    _, _, changes, warnings = compared
    return changes, [warning_message(w) for w in warnings]
