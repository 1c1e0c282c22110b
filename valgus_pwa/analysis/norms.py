"""Published FPPA reference ranges (DESIGN §5) and the category of a measured value."""

from __future__ import annotations

from dataclasses import dataclass

from valgus_pwa.schemas import Category, Reference, Sex, TestName

HERRINGTON_2014 = (
    "Herrington L. Knee valgus angle during single leg squat and landing in patellofemoral"
    " pain patients and controls. Knee. 2014;21(2):514-517."
)
HERRINGTON_MUNRO_2010 = (
    "Herrington L, Munro A. Drop jump landing knee valgus angle; normative data in a physically"
    " active population. Phys Ther Sport. 2010;11(2):56-59."
)
MUNRO_2012 = (
    "Munro A, Herrington L, Carolan M. Reliability of 2-dimensional video assessment of"
    " frontal-plane dynamic knee valgus during common athletic screening tasks."
    " J Sport Rehabil. 2012;21(1):7-11."
)
# Upper end of Munro 2012's smallest detectable difference (7.5-8.9°), rounded: differences
# smaller than this are within measurement noise.
SMALLEST_DETECTABLE_DIFFERENCE_DEG = 8.0


# Our bounds, not a published threshold: a mean FPPA beyond every published group's mean ± 4 SD
# (99.99% of a normal population) is taken for a tracking error, never a finding. Squat:
# pain-free women 8.4 ± 5.1° and women with patellofemoral pain 16.8 ± 5.4° (Herrington 2014)
# give 8.4 - 4 x 5.1 = -12.0° to 16.8 + 4 x 5.4 = 38.4°. Landing: the hop landing groups of the
# same study, 13.5 ± 5.7° and 21.7 ± 3.6°, give -9.3° to 36.1°; widened to the squat's lower
# bound because men land with a few degrees less valgus (Herrington & Munro 2010, men 1-9°).
PLAUSIBLE_FPPA_DEG: dict[TestName, tuple[float, float]] = {
    "single_leg_squat": (-12.0, 38.4),
    "single_leg_landing": (-12.0, 36.1),
}


@dataclass(frozen=True)
class Norm:
    """A reference range, the value from which a result resembles knee-pain groups, and why."""

    reference: Reference
    well_above_deg: float
    note: str


# Herrington 2014, pain-free women 8.4 ± 5.1°; the range is mean ± 1 SD. The patellofemoral
# pain group averaged 16.8 ± 5.4°, so from 16.8° a result is "similar to groups with knee pain".
_SQUAT = Reference(
    label="pain-free women, single-leg squat (mean ± 1 SD of 8.4 ± 5.1°)",
    low_deg=3.3,
    high_deg=13.5,
    citation=HERRINGTON_2014,
)
_SQUAT_PAIN_MEAN_DEG = 16.8
_SQUAT_NOTE = (
    "From 16.8°, the average of women with patellofemoral pain in the same study, a result is"
    " similar to groups with knee pain."
)
# The sources hold no single-leg-squat values for men, so men are compared with the women's
# range; in landings men show a few degrees less valgus, so this errs towards "within".
_SQUAT_NOTE_NOT_FEMALE = (
    f"{_SQUAT_NOTE} No published single-leg-squat range exists for men; in landings men show a"
    " few degrees less valgus than women, so for men this range is lenient."
)

# Herrington & Munro 2010 typical single-leg landing ranges. The study gives no knee-pain group,
# so "well above" starts one smallest detectable difference (Munro 2012) above the range.
_LANDING = {
    "female": Reference(
        label="typical women, single-leg landing", low_deg=5.0, high_deg=12.0,
        citation=HERRINGTON_MUNRO_2010,
    ),
    "male": Reference(
        label="typical men, single-leg landing", low_deg=1.0, high_deg=9.0,
        citation=HERRINGTON_MUNRO_2010,
    ),
    "unspecified": Reference(
        label="typical adults, single-leg landing (men 1-9°, women 5-12°)", low_deg=1.0,
        high_deg=12.0, citation=HERRINGTON_MUNRO_2010,
    ),
}  # fmt: skip
_LANDING_NOTE = (
    f"No knee-pain group exists for this task; 'well above' starts"
    f" {SMALLEST_DETECTABLE_DIFFERENCE_DEG:.0f}° (the smallest detectable difference) above the"
    f" range. {MUNRO_2012}"
)


def norm_for(test: TestName, sex: Sex) -> Norm:
    """Return the reference range a trial of this test is compared with, for this sex."""
    if test == "single_leg_squat":
        note = _SQUAT_NOTE if sex == "female" else _SQUAT_NOTE_NOT_FEMALE
        return Norm(_SQUAT, _SQUAT_PAIN_MEAN_DEG, note)
    reference = _LANDING[sex]
    return Norm(reference, reference.high_deg + SMALLEST_DETECTABLE_DIFFERENCE_DEG, _LANDING_NOTE)


def categorize(fppa_deg: float, norm: Norm) -> Category:
    """Place a mean FPPA against a norm. A screening category, never a diagnosis."""
    if fppa_deg < norm.reference.low_deg:
        return "below"
    if fppa_deg <= norm.reference.high_deg:
        return "within"
    if fppa_deg < norm.well_above_deg:
        return "above"
    return "well_above"
