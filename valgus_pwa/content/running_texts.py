"""The running test's words: each measure's name, the step rate and its 5–10% rise, the step-time
line, and which education texts a running trial calls for (texts/<voice>/running_*.md).

A running trial holds both legs and has no reference range (docs/MEASUREMENT.md §9), so it gets
its own texts instead of the squat's per-leg result texts.
"""

from __future__ import annotations

import dataclasses

from valgus_pwa.analysis.running_norms import RUNNING_REFERENCES
from valgus_pwa.analysis.step_rate import StepRateTarget, step_rate_target
from valgus_pwa.content.education import (
    Section,
    Voice,
    education,
    findings_from,
    render,
    texts,
)
from valgus_pwa.content.references import REFERENCES, Source
from valgus_pwa.content.result_texts import degrees
from valgus_pwa.schemas import CameraView, Report, TrialReport

# Each midstance measure in a runner's words, in the order the pages give them: pelvic drop and
# hip adduction first, as 2D video of running follows them best; the knee angle after them.
MEASURE_NAMES: dict[str, str] = {
    "pelvic_drop_deg": "Pelvic drop",
    "hip_adduction_deg": "Hip adduction",
    "fppa_deg": "Knee angle (FPPA)",
    "trunk_lean_deg": "Trunk lean",
}

CAMERA_VIEWS: dict[CameraView, str] = {"back": "from behind", "front": "from the front"}

# The replay of a run: the stride whose two steps lie nearest each leg's median angles
# (analysis.running.representative_stride), its marked frames the two midstances.
STRIDE_EVENT = "most typical stride"
STRIDE_MOMENT = "midstance"
STRIDE_REPLAY_LABEL = "Replay of one typical stride: a step of each leg, nearest its usual angles"

# Texts given for every running trial, in reading order around the flags' texts.
_BEFORE_FLAGS = ("running_screen", "running_measures")
_AFTER_FLAGS = ("running_evidence",)
STEP_RATE_KEY = "running_step_rate"


def trial_step_rate_target(trial: TrialReport) -> StepRateTarget | None:
    """The step rate's rise for a trusted running trial; none for an untrusted one, whose rate
    is not a finding to build advice on."""
    rate = trial.running.step_rate_spm if trial.running else None
    return step_rate_target(rate) if rate is not None and trial.summary.trusted else None


def step_rate_text(target: StepRateTarget, voice: Voice) -> str:
    """The measured rate and the range of the rise as concrete numbers."""
    rise = f"{target.low_pct:g}–{target.high_pct:g}%"
    if voice == "clinician":
        return (
            f"Step rate {target.measured_spm} steps/min; +{rise} at the same speed:"
            f" {target.low_spm}–{target.high_spm} steps/min."
        )
    return (
        f"You ran at {target.measured_spm} steps a minute; {target.low_spm}–{target.high_spm}"
        f" a minute is {rise} more."
    )


def step_time_text(asymmetry_pct: float | None, voice: Voice) -> str:
    """The step-time asymmetry between the legs, midstance to midstance; empty when unknown."""
    if asymmetry_pct is None:
        return ""
    if voice == "clinician":
        return (
            f"Step-time asymmetry {asymmetry_pct:+.1f}% (100 · (left − right) / mean step time,"
            " midstance to midstance)".replace("-", "−")
        )
    if round(abs(asymmetry_pct), 1) == 0:
        return "Your left and right steps took the same time."
    longer, shorter = ("left", "right") if asymmetry_pct > 0 else ("right", "left")
    return f"Your {longer} steps took {abs(asymmetry_pct):.1f}% longer than your {shorter} steps."


def measure_value(value: float | None, unit: str = "°") -> str:
    """A midstance angle as a table cell: one decimal, the typographic minus, a dash when not
    measured."""
    return "–" if value is None else f"{value:.1f}{unit}".replace("-", "−")


# Where a healthy runners' range was measured: a video angle and a 3D one are not the same.
_DIMENSIONS = {"2d": "2D video", "3d": "3D motion capture, not the same as a video angle"}


def typical_range_text(measure: str) -> str:
    """The healthy runners' range of a measure with its source; empty where none was found."""
    reference = RUNNING_REFERENCES.get(measure)
    if reference is None:
        return ""
    source = REFERENCES[reference.source]
    return (
        f"{MEASURE_NAMES[measure]}: typical in healthy runners"
        f" {degrees(reference.low_deg).removesuffix('°')}–{degrees(reference.high_deg)}"
        f" ({source.short}; {_DIMENSIONS[reference.dimension]})."
    )


def typical_range_sources() -> list[Source]:
    """The sources of the healthy runners' ranges, for the clinical view's references."""
    keys = dict.fromkeys(reference.source for reference in RUNNING_REFERENCES.values())
    return [REFERENCES[key] for key in keys]


def step_rate_section(target: StepRateTarget | None, voice: Voice) -> Section:
    """What the step rate means: the runner's own numbers first, then the evidence and its limit."""
    evidence = render(STEP_RATE_KEY, voice)
    if target is None:
        return evidence
    numbers = step_rate_text(target, voice)
    return dataclasses.replace(evidence, markdown=f"{numbers}\n\n{evidence.markdown}")


def _flag_key(code: str, voice: Voice) -> str:
    """A flag's text: the running wording where there is one, else the general one."""
    for key in (f"running_retake_{code}", f"retake_{code}"):
        if (voice, key) in texts():
            return key
    return "retake_other"


def running_education(trials: list[TrialReport], voice: Voice) -> list[Section]:
    """The texts the running trials call for: the screen, the measures, each raised flag's
    text, the step rate (with each trusted trial's numbers) and the evidence."""
    flags = [_flag_key(flag.code, voice) for trial in trials for flag in trial.quality.flags]
    targets = [trial_step_rate_target(trial) for trial in trials]
    return [
        *(render(key, voice) for key in _BEFORE_FLAGS),
        *(render(key, voice) for key in dict.fromkeys(flags)),
        *(step_rate_section(target, voice) for target in targets),
        *(render(key, voice) for key in _AFTER_FLAGS),
    ]


def report_education(report: Report, voice: Voice) -> list[Section]:
    """Every text of a report: the squat and landing texts for those trials (education.py), the
    running texts for running trials."""
    running = [trial for trial in report.trials if trial.test == "running"]
    findings = findings_from(report)
    others = tuple(trial for trial in findings.trials if trial.test != "running")
    sections = (
        education(dataclasses.replace(findings, trials=others), voice)
        if others or not running
        else []
    )
    return sections + (running_education(running, voice) if running else [])
