"""Published FPPA reference ranges (docs/MEASUREMENT.md) and the category of a measured value.

Ranges and notes are named by code; valgus_pwa.content words them and cites their sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from valgus_pwa.schemas import Category, Reference, Sex, TestName


@dataclass(frozen=True)
class GroupMean:
    """A published group's mean FPPA and its SD, in degrees."""

    mean_deg: float
    sd_deg: float


# Herrington 2014: single-leg squat and single-leg hop landing, pain-free women and women with
# patellofemoral pain (mean ± SD, from its abstract).
SQUAT_PAIN_FREE = GroupMean(8.4, 5.1)
SQUAT_PAIN = GroupMean(16.8, 5.4)
# The hop landing is not the app's landing (a step-off from a box): these two groups only widen
# the plausible bounds below, and are never a reference range.
HOP_LANDING_PAIN_FREE = GroupMean(13.5, 5.7)
HOP_LANDING_PAIN = GroupMean(21.7, 3.6)
# Ghulam 2021: single-leg squat (2D FPPA) in men, 45 pain-free controls and 20 men with unilateral
# patellofemoral pain, whose painful knee read this mean. Its abstract gives the means only; we
# could not read the SDs, so none is used.
SQUAT_MEN_PAIN_FREE_MEAN_DEG = 6.96
SQUAT_MEN_PAIN_MEAN_DEG = 15.04
# Munro, Herrington & Carolan 2012 tested 10 women and 10 men (single-leg squat, step landing and
# drop jump) and found women's FPPA significantly higher in every test but the left single-leg
# squat. Its abstract gives no values per sex, and we could not read its tables, so it supplies
# none here: it supports giving men a range of their own.
# Herrington & Munro 2010: typical ranges of 100 active adults in a single-leg step landing
# (the app's landing: a step-off from a box about 30 cm high onto one leg). The same study's
# drop-jump ranges (women 7-13°, men 3-8°) belong to a two-leg jump and are not used.
LANDING_WOMEN_DEG = (5.0, 12.0)
LANDING_MEN_DEG = (1.0, 9.0)
# Munro 2012: between-session smallest detectable difference of 2D FPPA over the tasks.
SDD_RANGE_DEG = (7.5, 8.9)
# Its upper end, rounded: differences smaller than this are within measurement noise.
SMALLEST_DETECTABLE_DIFFERENCE_DEG = 8.0

# Our bounds, not a published threshold: a mean FPPA beyond every published group's mean ± 4 SD
# (99.99% of a normal population) is taken for a tracking error, never a finding. Squat:
# pain-free women and women with patellofemoral pain give 8.4 - 4 x 5.1 = -12.0° to
# 16.8 + 4 x 5.4 = 38.4°. Landing: the step-landing study gives ranges without SDs, so the
# widest published single-leg landing groups with an SD, the hop landings, set the upper bound
# (21.7 + 4 x 3.6 = 36.1°); the lower bound is the squat's, because men land with a few degrees
# less valgus (Herrington & Munro 2010, men 1-9°).
PLAUSIBLE_SD = 4
_SQUAT_LOWEST = round(SQUAT_PAIN_FREE.mean_deg - PLAUSIBLE_SD * SQUAT_PAIN_FREE.sd_deg, 1)
PLAUSIBLE_FPPA_DEG: dict[TestName, tuple[float, float]] = {
    "single_leg_squat": (
        _SQUAT_LOWEST,
        round(SQUAT_PAIN.mean_deg + PLAUSIBLE_SD * SQUAT_PAIN.sd_deg, 1),
    ),
    "single_leg_landing": (
        _SQUAT_LOWEST,
        round(HOP_LANDING_PAIN.mean_deg + PLAUSIBLE_SD * HOP_LANDING_PAIN.sd_deg, 1),
    ),
}

# Codes of the reference notes: how the range and the "well above" value were chosen.
SQUAT_NOTE = "squat_female"
SQUAT_NOTE_MALE = "squat_male"
SQUAT_NOTE_UNSPECIFIED = "squat_unspecified"
# Reports stored before men had a range of their own carry this note (men and unspecified were
# compared with the women's range); it is no longer given, but is still worded when read.
SQUAT_NOTE_NOT_FEMALE = "squat_not_female"
LANDING_NOTE = "landing"


@dataclass(frozen=True)
class Norm:
    """A reference range, the value from which a result resembles knee-pain groups, and the
    code of the note saying why."""

    reference: Reference
    well_above_deg: float
    note_code: str


def _range(code: str, low_deg: float, high_deg: float) -> Reference:
    """A reference range by code; content renders its label and citation when it is read."""
    return Reference(code=code, label="", citation="", low_deg=low_deg, high_deg=high_deg)


# Herrington 2014, pain-free women; the range is mean ± 1 SD. From the patellofemoral pain
# group's mean a result is "similar to groups with knee pain".
_SQUAT_WOMEN = Norm(
    _range(
        "squat_pain_free_women",
        round(SQUAT_PAIN_FREE.mean_deg - SQUAT_PAIN_FREE.sd_deg, 1),
        round(SQUAT_PAIN_FREE.mean_deg + SQUAT_PAIN_FREE.sd_deg, 1),
    ),
    SQUAT_PAIN.mean_deg,
    SQUAT_NOTE,
)
# Men: the pain-free men's mean of Ghulam 2021 ± 1 SD, "well above" from its patellofemoral pain
# group's mean. The SD is our choice, because no men's SD was available to us: the women's SD
# (Herrington 2014, the same task and measure), so the men's range is as wide as the women's.
_SQUAT_MEN = Norm(
    _range(
        "squat_pain_free_men",
        round(SQUAT_MEN_PAIN_FREE_MEAN_DEG - SQUAT_PAIN_FREE.sd_deg, 1),
        round(SQUAT_MEN_PAIN_FREE_MEAN_DEG + SQUAT_PAIN_FREE.sd_deg, 1),
    ),
    SQUAT_MEN_PAIN_MEAN_DEG,
    SQUAT_NOTE_MALE,
)
# Sex not given: within either sex's range counts as within, and only from the higher of the two
# knee-pain means is a result "similar to groups with knee pain"; so it errs towards "within".
_SQUAT_ADULTS = Norm(
    _range(
        "squat_pain_free_adults",
        min(_SQUAT_WOMEN.reference.low_deg, _SQUAT_MEN.reference.low_deg),
        max(_SQUAT_WOMEN.reference.high_deg, _SQUAT_MEN.reference.high_deg),
    ),
    max(SQUAT_PAIN.mean_deg, SQUAT_MEN_PAIN_MEAN_DEG),
    SQUAT_NOTE_UNSPECIFIED,
)
_SQUAT: dict[Sex, Norm] = {"female": _SQUAT_WOMEN, "male": _SQUAT_MEN, "unspecified": _SQUAT_ADULTS}
# Herrington & Munro 2010 typical step-landing ranges. The study gives no knee-pain group, so
# "well above" starts one smallest detectable difference (Munro 2012) above the range: our
# threshold, because a result that far above the range is beyond measurement noise.
_LANDING: dict[Sex, Reference] = {
    "female": _range("landing_women", *LANDING_WOMEN_DEG),
    "male": _range("landing_men", *LANDING_MEN_DEG),
    "unspecified": _range(
        "landing_adults",
        min(LANDING_WOMEN_DEG[0], LANDING_MEN_DEG[0]),
        max(LANDING_WOMEN_DEG[1], LANDING_MEN_DEG[1]),
    ),
}


def norm_for(test: TestName, sex: Sex) -> Norm:
    """Return the reference range a trial of this test is compared with, for this sex."""
    if test == "single_leg_squat":
        return _SQUAT[sex]
    reference = _LANDING[sex]
    return Norm(reference, reference.high_deg + SMALLEST_DETECTABLE_DIFFERENCE_DEG, LANDING_NOTE)


def categorize(fppa_deg: float, norm: Norm) -> Category:
    """Place a mean FPPA against a norm. A screening category, never a diagnosis."""
    if fppa_deg < norm.reference.low_deg:
        return "below"
    if fppa_deg <= norm.reference.high_deg:
        return "within"
    if fppa_deg < norm.well_above_deg:
        return "above"
    return "well_above"
