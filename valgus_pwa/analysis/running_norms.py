"""Published values of the running test's midstance angles (docs/MEASUREMENT.md §9): the range
seen in healthy runners, where one was found, and each measure's test-retest smallest detectable
difference (SDD). Ranges and sources are named by code; valgus_pwa.content words and cites them.

Sex-specific 2D running norms were not found, and no study gives a running angle that predicts
injury: a category here is a screening description, never a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RunningCategory = Literal["below", "within", "above"]

# Dingenen et al. 2018, 21 recreational runners filmed twice a week apart (2D, treadmill,
# midstance, 10 steps a leg). Each measure's SDD was given as a range over the two legs; the
# upper bound is used, so that a change is called real only when it exceeds the noise of either
# leg. Trunk (lateral trunk position) and femoral adduction 1.3-2.3°; hip adduction 2.3-3.8°;
# contralateral pelvic drop 2.7-2.8°. Knee FPPA was not among its measures: None.
PELVIC_DROP_SDD_DEG = 2.8
HIP_ADDUCTION_SDD_DEG = 3.8
TRUNK_LEAN_SDD_DEG = 2.3
RUNNING_SDD_DEG: dict[str, float | None] = {
    "pelvic_drop_deg": PELVIC_DROP_SDD_DEG,
    "hip_adduction_deg": HIP_ADDUCTION_SDD_DEG,
    "fppa_deg": None,
    "trunk_lean_deg": TRUNK_LEAN_SDD_DEG,
}


@dataclass(frozen=True)
class RunningReference:
    """The range of a running measure seen in healthy runners, and where it comes from."""

    measure: str  # a RunningStep field: "pelvic_drop_deg" | "hip_adduction_deg" | ...
    low_deg: float
    high_deg: float
    source: str  # a key of valgus_pwa.content.references.REFERENCES
    dimension: Literal["2d", "3d"]  # "3d" where only 3D values were found
    sdd_deg: float | None  # test-retest smallest detectable difference (Dingenen et al. 2018)


# Matsuzaki et al. 2024 (HSS J, doi:10.1177/15563316241234045): 2D treadmill video (markers,
# Dartfish) of 53 healthy adolescent distance runners (14-18 years), contralateral pelvic drop
# 6.0 ± 2.2° (its abstract); the range is mean ± 1 SD. The
# only healthy 2D value found; adults' 2D values could not be read, so the range is the
# adolescents'.
PELVIC_DROP_HEALTHY_MEAN_DEG, PELVIC_DROP_HEALTHY_SD_DEG = 6.0, 2.2
# Noehren et al. 2014 (J Orthop Sports Phys Ther 44(3):217-222): 3D hip adduction during early
# stance about 13° in its 17 healthy men; men with iliotibial band syndrome did not differ in it
# (they did in hip internal rotation and knee adduction). The abstract gives no hip adduction
# value and the 13° could not be checked against the full text. Only 3D values were found, and
# no SD could be read: the range is our choice, the mean ± the hip adduction SDD (values within
# measurement noise of the healthy mean count as within). 2D hip adduction of this app includes pelvic drop, as 3D hip
# adduction does (docs/MEASUREMENT.md §9), but 2D and 3D values are not interchangeable.
HIP_ADDUCTION_HEALTHY_MEAN_DEG = 13.0


def _reference(
    measure: str,
    mean_deg: float,
    half_width_deg: float,
    source: str,
    dimension: Literal["2d", "3d"],
) -> RunningReference:
    """A range of mean ± half_width_deg, rounded to 0.1° as the squat's ranges are."""
    return RunningReference(
        measure=measure,
        low_deg=round(mean_deg - half_width_deg, 1),
        high_deg=round(mean_deg + half_width_deg, 1),
        source=source,
        dimension=dimension,
        sdd_deg=RUNNING_SDD_DEG[measure],
    )


# Knee FPPA and trunk lean have no entry: no range in healthy runners was found for them.
RUNNING_REFERENCES: dict[str, RunningReference] = {
    reference.measure: reference
    for reference in (
        _reference(
            "pelvic_drop_deg",
            PELVIC_DROP_HEALTHY_MEAN_DEG,
            PELVIC_DROP_HEALTHY_SD_DEG,
            "matsuzaki2024",
            "2d",
        ),
        _reference(
            "hip_adduction_deg",
            HIP_ADDUCTION_HEALTHY_MEAN_DEG,
            HIP_ADDUCTION_SDD_DEG,
            "noehren2014",
            "3d",
        ),
    )
}


def running_category(measure: str, value_deg: float) -> RunningCategory:
    """Place a leg's mean running angle against the healthy runners' range of its measure.

    Raises KeyError for a measure without a range (knee FPPA, trunk lean).
    """
    reference = RUNNING_REFERENCES[measure]
    if value_deg < reference.low_deg:
        return "below"
    return "within" if value_deg <= reference.high_deg else "above"
