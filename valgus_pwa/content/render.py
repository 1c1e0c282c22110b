"""Words into a report as it is read: every message and note, from the codes and figures stored.

Reports are stored with codes and params only, so a wording fix reaches every stored report.
Reports stored before flags carried params keep the message they were stored with when its
words need figures they do not have.
"""

from __future__ import annotations

from valgus_pwa.content.change_texts import change_message
from valgus_pwa.content.flag_texts import QUALITY_NOTE, flag_message
from valgus_pwa.content.references import RANGE_SOURCES, REFERENCES, range_label, range_note
from valgus_pwa.schemas import QualityFlag, Reference, Report, SideChange, TrialReport


def _flag(flag: QualityFlag) -> QualityFlag:
    message = flag_message(flag.code, flag.params, flag.blocking)
    return flag if message is None else flag.model_copy(update={"message": message})


def _reference(reference: Reference | None) -> Reference | None:
    if reference is None or reference.code is None:
        return reference
    return reference.model_copy(
        update={
            "label": range_label(reference.code),
            "citation": REFERENCES[RANGE_SOURCES[reference.code]].citation,
        }
    )


def _trial(trial: TrialReport) -> TrialReport:
    quality, summary = trial.quality, trial.summary
    note_code = summary.reference_note_code
    words = {
        "reference": _reference(summary.reference),
        "reference_note": range_note(note_code) if note_code else summary.reference_note,
        "quality_note": None if quality.ok else QUALITY_NOTE,
    }
    return trial.model_copy(
        update={
            "quality": quality.model_copy(update={"flags": [_flag(f) for f in quality.flags]}),
            "summary": summary.model_copy(update=words),
        }
    )


def rendered(report: Report) -> Report:
    """The report with every flag message, reference label, citation and note worded."""
    return report.model_copy(update={"trials": [_trial(trial) for trial in report.trials]})


def rendered_changes(changes: list[SideChange]) -> list[SideChange]:
    """The follow-up changes, each with its message worded."""
    return [change.model_copy(update={"message": change_message(change)}) for change in changes]
