"""State of the result page: loads one assessment in-process and shapes it for display."""

from __future__ import annotations

import dataclasses

import reflex as rx

from valgus_pwa.api import service
from valgus_pwa.content import category_phrase, confidence_phrase, direction_word
from valgus_pwa.schemas import Report, TrialReport
from valgus_pwa.store import StoreUnavailable

TEST_NAMES = {"single_leg_squat": "single-leg squat", "single_leg_landing": "single-leg drop landing"}


@dataclasses.dataclass
class RepView:
    label: str
    fppa: str


@dataclasses.dataclass
class FlagView:
    code: str
    message: str


@dataclasses.dataclass
class TrialView:
    title: str
    headline: str
    fppa: str
    spread: str
    trustworthy: bool
    confidence: str
    confidence_text: str
    reference: str
    reps: list[RepView]
    flags: list[FlagView]


def _degrees(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}°"


def trial_view(trial: TrialReport) -> TrialView:
    """A trial's report in the words and units a runner reads."""
    leg = f"{trial.side.capitalize()} knee"
    summary = trial.summary
    if summary.fppa_deg is None:
        headline = f"{leg}: no angle could be measured from this recording."
    elif not trial.quality.ok:
        headline = f"{leg}: this recording is not good enough to give a reliable number."
    else:
        reference = summary.reference
        typical = f" (typical {reference.low_deg:.0f}–{reference.high_deg:.0f}°)" if reference else ""
        headline = (
            f"{leg}: {abs(summary.fppa_deg):.1f}° {direction_word(summary.fppa_deg)}, "
            f"{category_phrase(summary.category)}{typical}."
        )
    return TrialView(
        title=f"{trial.side.capitalize()} leg · {TEST_NAMES[trial.test]}",
        headline=headline,
        fppa=_degrees(summary.fppa_deg),
        spread="" if summary.fppa_sd_deg is None else f"± {summary.fppa_sd_deg:.1f}° between reps",
        trustworthy=trial.quality.ok and summary.fppa_deg is not None,
        confidence=trial.quality.confidence,
        confidence_text=confidence_phrase(trial.quality.confidence),
        reference=(
            f"Reference: {summary.reference.label}, {summary.reference.low_deg:.0f}–"
            f"{summary.reference.high_deg:.0f}° ({summary.reference.citation})"
            if summary.reference
            else ""
        ),
        reps=[
            RepView(label=f"Rep {index}", fppa=_degrees(rep.fppa_deg))
            for index, rep in enumerate(trial.reps, start=1)
        ],
        flags=[FlagView(code=flag.code, message=flag.message) for flag in trial.quality.flags],
    )


def asymmetry_text(report: Report) -> str:
    comparison = report.comparison
    if comparison is None or comparison.asymmetry_deg is None:
        return ""
    return (
        f"Difference between your left and right knee: {comparison.asymmetry_deg:.1f}°. "
        "Differences under about 8° are within measurement noise."
    )


class ResultState(rx.State):
    """The assessment shown at /r/<id>."""

    status: str = "loading"
    created_at: str = ""
    trials: list[TrialView] = []
    asymmetry: str = ""

    @rx.event
    def load(self):
        assessment_id = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.status, self.trials, self.asymmetry = "loading", [], ""
        try:
            found = service.load_assessment(assessment_id)
        except StoreUnavailable:
            self.status = "unavailable"
            return
        if found is None:
            self.status = "not_found"
            return
        self.created_at = found.created_at[:16].replace("T", " ") + " UTC"
        self.trials = [trial_view(trial) for trial in found.report.trials]
        self.asymmetry = asymmetry_text(found.report)
        self.status = "found"
