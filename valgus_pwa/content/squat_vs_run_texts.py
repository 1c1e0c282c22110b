"""The words of a squat set beside a run (analysis/squat_vs_run.py): per leg, the numbers, and
each verdict as a runner's sentence and a clinician's, always with the task-specificity caveat
(Rees et al. 2019) and the reminder that this is a screen, not a diagnosis."""

from __future__ import annotations

from valgus_pwa.analysis.running_norms import RUNNING_REFERENCES
from valgus_pwa.analysis.squat_vs_run import LegSquatVsRun, SquatVsRunVerdict
from valgus_pwa.content.education import Voice
from valgus_pwa.content.references import REFERENCES
from valgus_pwa.content.result_texts import CATEGORY_LABELS, degrees
from valgus_pwa.content.running_texts import MEASURE_NAMES

REES = REFERENCES["rees2019"].short
# Each verdict in a badge's few words.
VERDICT_LABELS: dict[SquatVsRunVerdict, str] = {
    "carries_into_running": "In the squat and the run",
    "squat_only": "In the squat only",
    "running_only": "In the run only",
    "neither": "In neither",
    "not_comparable": "Cannot be compared",
}
_RUNNER: dict[SquatVsRunVerdict, str] = {
    "carries_into_running": "{leg} leg: your knee moved inward more than is typical in the squat,"
    " and when you ran, your hip or pelvis also moved more than is typical for healthy runners.",
    "squat_only": "{leg} leg: your knee moved inward more than is typical in the squat, but when"
    " you ran, your hip and pelvis moved no more than is typical for healthy runners.",
    "running_only": "{leg} leg: your squat was not above the typical range, but when you ran,"
    " your hip or pelvis moved more than is typical for healthy runners.",
    "neither": "{leg} leg: neither your squat nor your running showed more movement than is"
    " typical.",
    "not_comparable": "{leg} leg: there is no reliable result of both tests, so they cannot"
    " be set side by side. Record the one that is missing again.",
}
_CLINICIAN: dict[SquatVsRunVerdict, str] = {
    "carries_into_running": "{leg}: squat FPPA above its reference range, and at least one"
    " running measure (hip adduction or pelvic drop at midstance) above the healthy runners'"
    " range.",
    "squat_only": "{leg}: squat FPPA above its reference range; running hip adduction and pelvic"
    " drop within the healthy runners' ranges.",
    "running_only": "{leg}: squat FPPA within (or below) its reference range; running hip"
    " adduction or pelvic drop above the healthy runners' range.",
    "neither": "{leg}: squat FPPA and running hip adduction and pelvic drop within (or below)"
    " their ranges.",
    "not_comparable": "{leg}: no trusted squat or no trusted running result for this leg; not"
    " compared.",
}
_RUNNER_CAVEAT = (
    "A squat does not show how you run: in one study, knee angles in the squat did not match"
    f" those in running ({REES}), so each test says something of its own. This is a movement"
    " screen, not a diagnosis; if running hurts, see a physiotherapist."
)
_CLINICIAN_CAVEAT = (
    "Single-leg-squat FPPA did not correlate with running FPPA in runners with or without"
    f" patellofemoral pain ({REES}): neither test stands in for the other. Ranges are"
    " descriptive (no running angle is a validated injury threshold); a screen, not a diagnosis."
    " Running knee FPPA has no healthy range here and does not enter the verdict."
)


def verdict_sentence(leg: LegSquatVsRun, voice: Voice) -> str:
    """The verdict of one leg in a runner's or a clinician's words, with the caveat."""
    sentences = _RUNNER if voice == "runner" else _CLINICIAN
    caveat = _RUNNER_CAVEAT if voice == "runner" else _CLINICIAN_CAVEAT
    return f"{sentences[leg.verdict].format(leg=leg.side.capitalize())} {caveat}"


def squat_line(leg: LegSquatVsRun) -> str:
    """The squat's number: "Squat: knee angle 15.2° (above the typical range)"."""
    if leg.squat_fppa_deg is None:
        return "Squat: no reliable result"
    label = CATEGORY_LABELS.get(leg.squat_category or "")
    category = f" ({label.lower()})" if label else ""
    return f"Squat: knee angle {degrees(leg.squat_fppa_deg)}{category}"


def running_lines(leg: LegSquatVsRun) -> list[str]:
    """The running measures, each with its healthy runners' range where one was found:
    "Run: hip adduction 11° (healthy runners 9.2–16.8°, from 3D studies)"."""
    if not leg.running_deg:
        return ["Run: no reliable result"]
    lines = []
    for name, value in leg.running_deg.items():
        reference = RUNNING_REFERENCES.get(name)
        where = ""
        if reference is not None:
            span = f"{degrees(reference.low_deg).removesuffix('°')}–{degrees(reference.high_deg)}"
            dimension = ", from 3D studies" if reference.dimension == "3d" else ""
            where = f" (healthy runners {span}{dimension})"
        measure = MEASURE_NAMES[name][0].lower() + MEASURE_NAMES[name][1:]
        lines.append(f"Run: {measure} {degrees(value)}{where}")
    return lines
