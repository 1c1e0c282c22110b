"""Short texts for the result page: the headline per leg and how far to trust it."""

from __future__ import annotations

import dataclasses
import math

from valgus_pwa.analysis.report import SIDE_DIFFERENCE_CONFIDENCE
from valgus_pwa.schemas import (
    Comparison,
    Confidence,
    RunningSide,
    Sex,
    SideAsymmetry,
    TestName,
    TrialReport,
)

CATEGORY_LABELS = {
    "below": "Below the typical range",
    "within": "Within the typical range",
    "above": "Above the typical range",
    "well_above": "Well above the typical range",
}

_MOVEMENT = {
    "within": "moves inward about as much as is typical for {group}",
    "above": "moves inward more than is typical for {group}",
    "well_above": "moves inward far more than is typical for {group}",
    "below": "moves inward less than is typical for {group}",
}

CONFIDENCE_PHRASES = {
    # "Good" vouches for the recording, not for a precise angle: video FPPA still varies by
    # several degrees between days (Munro 2012), so the phrase must not claim more.
    "high": "Recording quality is good: every check passed, so the number stands for this"
    " recording. Expect it to vary by a few degrees from one day to the next.",
    "medium": "Recording quality is fair: treat the number with some caution.",
    "low": "Recording quality is poor: record again following the tips below before relying on it.",
}


def degrees(value: float) -> str:
    """An angle as a runner reads it: one decimal at most, no trailing '.0'."""
    return f"{value:.1f}".removesuffix(".0").replace("-", "−") + "°"


def reference_group(test: TestName, sex: Sex) -> str:
    """Who the reference range describes, in plain words."""
    if test == "single_leg_squat":  # analysis.norms: men have their own range, unspecified both
        return {"female": "pain-free women", "male": "pain-free men"}.get(sex, "pain-free adults")
    return {"female": "active women", "male": "active men"}.get(sex, "active adults")


# When one of these withholds the finding, the headline says why: the movement was not the test.
NOT_THE_TEST = {
    "not_single_leg": "no result: both feet were on the floor, so this was not a single-leg test."
    " Please record it again standing on one leg.",
    "very_deep": "no result: the squats went so deep that the knee angle is distorted."
    " Please record it again, going only about halfway down.",
    "no_landing_detected": "no result: the landing itself was not seen. Please record it again,"
    " starting before you step off.",
    "implausible_angle": "no result: the angle read is beyond anything measured in people, so it"
    " is a tracking error. Please record it again.",
}


@dataclasses.dataclass(frozen=True)
class TaskWords:
    """What a test's repeated movement and its measured moment are called on the pages."""

    event: str  # one repetition: "rep", "landing"
    events: str
    moment: str  # where FPPA is read: "deepest point"
    at_moment: str  # the same with its preposition: "at the deepest point"
    # Column headings of the per-rep table that differ from the squat's (content/metrics.py).
    columns: dict[str, str] = dataclasses.field(default_factory=dict)


TASK_WORDS: dict[TestName, TaskWords] = {
    "single_leg_squat": TaskWords("rep", "reps", "deepest point", "at the deepest point"),
    # A landing rep runs from initial contact to standing again; FPPA is read at peak knee
    # flexion (docs/MEASUREMENT.md §1), so its times are named for those moments.
    "single_leg_landing": TaskWords(
        "landing",
        "landings",
        "peak knee bend",
        "at peak knee bend",
        {"start_ms": "Contact (ms)", "bottom_ms": "Peak knee bend (ms)"},
    ),
    "running": TaskWords("step", "steps", "midstance", "at midstance"),
}


def task_words(test: TestName) -> TaskWords:
    return TASK_WORDS[test]


# Why a rep is not in the mean, as its row on the result page says it.
LEFT_OUT_WORDS = {"not_single_leg": "left out: both feet down", "very_deep": "left out: too deep"}


def rep_label(trial: TrialReport, number: int) -> str:
    """The row title of a rep: "Rep 2", "Landing 1", with why it was left out if it was."""
    rep = trial.reps[number - 1]
    name = task_words(trial.test).event.capitalize()
    return (
        f"{name} {number} ({LEFT_OUT_WORDS[rep.left_out]})" if rep.left_out else f"{name} {number}"
    )


def withheld_by(trial: TrialReport) -> str | None:
    """The first blocking flag that says the recording was not the test, if any."""
    return next(
        (f.code for f in trial.quality.flags if f.blocking and f.code in NOT_THE_TEST), None
    )


def headline(trial: TrialReport, sex: Sex) -> str:
    """One plain sentence per leg; never a finding when the recording cannot be trusted."""
    leg = f"{trial.side.capitalize()} knee"
    summary, reference = trial.summary, trial.summary.reference
    withheld = withheld_by(trial)
    if withheld:
        return f"{leg}: {NOT_THE_TEST[withheld]}"
    if summary.fppa_deg is None:
        return f"{leg}: no angle could be measured from this recording. Please record it again."
    if not summary.trusted:
        return (
            f"{leg}: no reliable result. The recording was not good enough,"
            " so please record it again."
        )
    if summary.category is None or reference is None:
        words = task_words(trial.test)
        return f"{leg}: {degrees(summary.fppa_deg)} {words.at_moment} of your {words.events}."
    group = reference_group(trial.test, sex)
    if summary.category == "below" and summary.fppa_deg < 0:
        movement = f"moves outward, where {group} typically move slightly inward"
    else:
        movement = _MOVEMENT[summary.category].format(group=group)
    typical = f"{degrees(reference.low_deg).removesuffix('°')}–{degrees(reference.high_deg)}"
    numbers = f"({degrees(summary.fppa_deg)}; typical {typical})"
    text = f"{leg}: {movement} {numbers}."
    # A comparison with knee pain weighs on a runner: only a good recording may make it.
    well_above = summary.category == "well_above" and trial.test == "single_leg_squat"
    if well_above and trial.quality.confidence == "high":
        text += " That is similar to groups with knee pain."
    return text


def confidence_phrase(confidence: Confidence) -> str:
    return CONFIDENCE_PHRASES[confidence]


def _rep_variation(fppa: SideAsymmetry) -> float | None:
    """How much the reps vary, both legs together: the root mean square of the two rep SDs."""
    if fppa.sd_left is None or fppa.sd_right is None:
        return None
    return math.sqrt((fppa.sd_left**2 + fppa.sd_right**2) / 2)


def _side_difference(fppa: SideAsymmetry) -> str:
    """The difference with its direction when it counts, without one when it does not."""
    if not fppa.beyond_rep_spread:
        sides = f"Left {degrees(fppa.left)}, right {degrees(fppa.right)}"
        return f"{sides}: a difference of {abs(fppa.difference):.1f}°."
    side, other = ("left", "right") if fppa.difference > 0 else ("right", "left")
    return (
        f"Your {side} knee moved {abs(fppa.difference):.1f}° further inward than your {other}"
        f" (left {degrees(fppa.left)}, right {degrees(fppa.right)})."
    )


def _unjudged(comparison: Comparison | None, words: TaskWords) -> str:
    """A report stored without per-metric statistics: its two numbers, and no verdict."""
    if comparison is None or comparison.left_fppa_deg is None or comparison.right_fppa_deg is None:
        return ""
    return (
        f"Left {degrees(comparison.left_fppa_deg)}, right {degrees(comparison.right_fppa_deg)}."
        f" This report does not keep how much the {words.events} varied, so the difference is"
        " not judged."
    )


def side_comparison_text(comparison: Comparison | None, test: TestName = "single_leg_squat") -> str:
    """The left-right difference of FPPA, judged against how much the reps vary in the session.

    Both legs are filmed in one session, so the noise is the reps' own spread, not the
    between-day figure used for follow-ups.
    """
    words = task_words(test)
    fppa = comparison.metrics.get("fppa_deg") if comparison else None
    if fppa is None:
        return _unjudged(comparison, words)
    variation = _rep_variation(fppa)
    if fppa.basis != "rep_spread" or variation is None:
        return (
            f"{_side_difference(fppa)} A side had too few {words.events} to tell how much they"
            " vary, so this difference cannot be judged."
        )
    between = f"the {words.event}-to-{words.event} variation"
    verdict = (
        f"this difference is larger than {between}."
        if fppa.beyond_rep_spread
        else f"this difference is not larger than {between}: no clear difference between your"
        " sides."
    )
    spread = "less than 0.1°" if variation < 0.05 else f"about {variation:.1f}°"
    return (
        f"{_side_difference(fppa)} Your {words.events} vary by {spread} from one to the next,"
        f" so {verdict}"
    )


def side_comparison_text_clinician(comparison: Comparison | None) -> str:
    """The same judgement with its numbers: the difference, its SE, the rep SDs and counts."""
    fppa = comparison.metrics.get("fppa_deg") if comparison else None
    if fppa is None:
        return ""
    numbers = (
        f"Left − right mean FPPA {fppa.difference:+.1f}° (left {fppa.left:.1f}°, n = {fppa.n_left};"
        f" right {fppa.right:.1f}°, n = {fppa.n_right})"
    ).replace("-", "−")
    if fppa.basis != "rep_spread" or fppa.difference_se is None or fppa.critical_t is None:
        return f"{numbers}. Not judged: a side has a trial with fewer than two reps (no SD)."
    verdict = (
        "larger than the rep-to-rep variation"
        if fppa.beyond_rep_spread
        else "not larger than the rep-to-rep variation"
    )
    return (
        f"{numbers}; rep SD {fppa.sd_left:.1f}° left, {fppa.sd_right:.1f}° right; SE of the"
        f" difference {fppa.difference_se:.1f}°, from the rep SDs and counts. Within-session"
        f" criterion |difference| > t · SE, t = {fppa.critical_t:.2f} (Student's t, two-sided"
        f" {SIDE_DIFFERENCE_CONFIDENCE:.0%}, Welch's df {fppa.degrees_of_freedom:.1f}): {verdict}."
    )


# The running test's measures at midstance, in the order its text gives them: pelvic drop and
# hip adduction first, as 2D video follows them best in running; knee FPPA last.
_RUNNING_MEASURES = (
    ("pelvic_drop_deg", "pelvis dropping on the free side"),
    ("hip_adduction_deg", "hip moving inward"),
    ("trunk_lean_deg", "trunk leaning over the stance leg"),
    ("fppa_deg", "knee angle (FPPA)"),
)


def _running_leg(side: RunningSide) -> str:
    values = [
        f"{words} {degrees(stats.mean)}"
        for name, words in _RUNNING_MEASURES
        if (stats := side.metrics.get(name)) is not None and stats.mean is not None
    ]
    return f"{side.side.capitalize()} leg ({side.n_steps} steps): " + ", ".join(values) + "."


def running_text(trial: TrialReport) -> str:
    """What the running test found, plainly: each leg's mean at midstance and the step rate.

    Descriptive only: no range is given, because no 2D running norms by sex were found, and
    2D knee FPPA in running does not follow the 3D knee angle (docs/MEASUREMENT.md §9).
    """
    result = trial.running
    if result is None or not result.steps:
        return "Running: no steps could be measured from this recording. Please record it again."
    if not trial.summary.trusted:
        return (
            "Running: no reliable result. The recording was not good enough, so please record"
            " it again."
        )
    legs = " ".join(_running_leg(side) for side in result.sides)
    rate = (
        f" You took {result.step_rate_spm:.0f} steps a minute."
        if result.step_rate_spm is not None
        else ""
    )
    return (
        f"At the middle of each step on the belt: {legs}{rate} These are averages of your"
        " steps in this recording; they describe how you ran, they are not a diagnosis."
        " Pelvic drop and hip movement are what video of running measures best; the knee"
        " angle from video matches the knee's true movement less well."
    )
