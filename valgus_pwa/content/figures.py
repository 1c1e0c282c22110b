"""Every figure the texts quote, taken from the analysis so no text can drift from it.

Texts name a figure as a placeholder, e.g. `{sdd_deg:.0f}°`; `with_figures` fills it. Figures
from the literature that the analysis does not use (study sizes, effect sizes) stay in the texts.
"""

from __future__ import annotations

import string

from valgus_pwa import contract
from valgus_pwa.analysis import filtering, kinematics, norms, quality, reps, running
from valgus_pwa.analysis.report import SIDE_DIFFERENCE_CONFIDENCE
from valgus_pwa.schemas import FlagParam

FIGURES: dict[str, float] = {
    # Filtering, rep detection and depth.
    "max_gap_ms": filtering.DEFAULT_MAX_GAP_MS,
    "order": filtering.DEFAULT_ORDER,
    "cutoff_hz": filtering.DEFAULT_CUTOFF_HZ,
    "landing_cutoff_hz": filtering.LANDING_CUTOFF_HZ,
    "prominence_pct": reps.PROMINENCE_FRACTION * 100,
    "deep_pct": kinematics.DEEP_THIGH_FRACTION * 100,
    "floor_band": kinematics.FLOOR_BAND,
    # Quality thresholds.
    "min_width_ratio": quality.MIN_WIDTH_RATIO,
    "max_depth_yaw": quality.MAX_DEPTH_YAW_DEG,
    "max_out_pct": quality.MAX_OUT_OF_FRAME * 100,
    "min_visibility": quality.MIN_VISIBILITY,
    "min_reps": quality.MIN_REPS,
    "target_reps": contract.TARGET_REPS["single_leg_squat"],
    "min_fps": quality.MIN_FPS,
    "min_squat_fps": quality.MIN_SQUAT_FPS,
    "min_contact_fps": quality.MIN_CONTACT_FPS,
    "max_swapped_pct": quality.MAX_SWAPPED * 100,
    "max_jumped_pct": quality.MAX_JUMPED * 100,
    "jump_fraction": quality.JUMP_FRACTION,
    "max_other_person_pct": quality.MAX_OTHER_PERSON * 100,
    # The running test: its frame-rate floor, the steps a leg for a mean, its filter and what
    # counts as a midstance.
    "min_running_fps": quality.MIN_RUNNING_FPS,
    "min_steps_per_leg": quality.MIN_STEPS_PER_LEG,
    "running_cutoff_hz": running.RUNNING_CUTOFF_HZ,
    "min_step_ms": running.MIN_STEP_MS,
    "min_pelvis_dip": running.MIN_PELVIS_DIP,
    # Measurement noise (Munro 2012).
    "sdd_deg": norms.SMALLEST_DETECTABLE_DIFFERENCE_DEG,
    "sdd_low_deg": norms.SDD_RANGE_DEG[0],
    "sdd_high_deg": norms.SDD_RANGE_DEG[1],
    # Left against right in one session: the two-sided interval of the difference.
    "side_confidence_pct": SIDE_DIFFERENCE_CONFIDENCE * 100,
    # Reference groups (Herrington 2014, Ghulam 2021, Herrington & Munro 2010) and the
    # plausible bounds.
    "squat_mean_deg": norms.SQUAT_PAIN_FREE.mean_deg,
    "squat_sd_deg": norms.SQUAT_PAIN_FREE.sd_deg,
    "squat_low_deg": norms.norm_for("single_leg_squat", "female").reference.low_deg,
    "squat_high_deg": norms.norm_for("single_leg_squat", "female").reference.high_deg,
    "squat_pain_mean_deg": norms.SQUAT_PAIN.mean_deg,
    "squat_pain_sd_deg": norms.SQUAT_PAIN.sd_deg,
    "squat_men_mean_deg": norms.SQUAT_MEN_PAIN_FREE_MEAN_DEG,
    "squat_men_low_deg": norms.norm_for("single_leg_squat", "male").reference.low_deg,
    "squat_men_high_deg": norms.norm_for("single_leg_squat", "male").reference.high_deg,
    "squat_men_pain_mean_deg": norms.SQUAT_MEN_PAIN_MEAN_DEG,
    "squat_adults_low_deg": norms.norm_for("single_leg_squat", "unspecified").reference.low_deg,
    "squat_adults_high_deg": norms.norm_for("single_leg_squat", "unspecified").reference.high_deg,
    "hop_mean_deg": norms.HOP_LANDING_PAIN_FREE.mean_deg,
    "hop_sd_deg": norms.HOP_LANDING_PAIN_FREE.sd_deg,
    "hop_pain_mean_deg": norms.HOP_LANDING_PAIN.mean_deg,
    "hop_pain_sd_deg": norms.HOP_LANDING_PAIN.sd_deg,
    "landing_women_low_deg": norms.LANDING_WOMEN_DEG[0],
    "landing_women_high_deg": norms.LANDING_WOMEN_DEG[1],
    "landing_men_low_deg": norms.LANDING_MEN_DEG[0],
    "landing_men_high_deg": norms.LANDING_MEN_DEG[1],
    "plausible_sd": norms.PLAUSIBLE_SD,
    "plausible_squat_low_deg": norms.PLAUSIBLE_FPPA_DEG["single_leg_squat"][0],
    "plausible_squat_high_deg": norms.PLAUSIBLE_FPPA_DEG["single_leg_squat"][1],
    "plausible_landing_low_deg": norms.PLAUSIBLE_FPPA_DEG["single_leg_landing"][0],
    "plausible_landing_high_deg": norms.PLAUSIBLE_FPPA_DEG["single_leg_landing"][1],
}


class _Typeset(string.Formatter):
    """Writes a negative number with the typographic minus, as the texts do."""

    def format_field(self, value: object, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return text.replace("-", "−") if is_number else text


def with_figures(template: str, **params: FlagParam) -> str:
    """A text with its figure placeholders, and any params of its own, filled in."""
    return _Typeset().vformat(template, (), {**FIGURES, **params})
