"""Short texts for the result page: the headline per leg and how far to trust it."""

from __future__ import annotations

from valgus_pwa.schemas import Confidence, Sex, TestName, TrialReport

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
    "high": "Recording quality is good: this is a reliable measurement.",
    "medium": "Recording quality is fair: treat the number with some caution.",
    "low": "Recording quality is poor: record again following the tips below before relying on it.",
}


def degrees(value: float) -> str:
    """An angle as a runner reads it: one decimal at most, no trailing '.0'."""
    return f"{value:.1f}".removesuffix(".0").replace("-", "−") + "°"


def reference_group(test: TestName, sex: Sex) -> str:
    """Who the reference range describes, in plain words."""
    if test == "single_leg_squat":
        return "pain-free women"  # the only published single-leg-squat sample
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


# Why a rep is not in the mean, as its row on the result page says it.
LEFT_OUT_WORDS = {"not_single_leg": "left out: both feet down", "very_deep": "left out: too deep"}


def rep_label(trial: TrialReport, number: int) -> str:
    """The row title of a rep: "Rep 2", "Landing 1", with why it was left out if it was."""
    rep = trial.reps[number - 1]
    name = "Rep" if trial.test == "single_leg_squat" else "Landing"
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
        return f"{leg}: {degrees(summary.fppa_deg)} at the deepest point of your squats."
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
