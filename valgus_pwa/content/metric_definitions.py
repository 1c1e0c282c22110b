"""What each number on the clinical view means: definition, unit and sign (docs/MEASUREMENT.md §1, §4).

Keyed by the report's field names, so the clinician page defines exactly the columns it shows.
Thresholds are quoted through content/figures.py, never typed in. Also the words of the one trust
rule on the clinical pages: a value from a recording that failed its quality check
(`summary.trusted` false) is labelled "not for clinical use" wherever it is shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from valgus_pwa.content.figures import with_figures
from valgus_pwa.content.metrics import metric_label

# The label of every value from an untrusted recording, on the clinician and progress pages.
NOT_FOR_CLINICAL_USE = "not for clinical use"
UNTRUSTED_NOTICE = (
    "Not for clinical use: this recording failed its quality check. Its numbers are shown for"
    " inspection only; they are not compared with the typical range. Record the test again."
)
UNTRUSTED_TABLE_CAPTION = "Not for clinical use: for inspection only."


def chart_caption(trusted: bool, event: str, moment: str) -> str:
    """What the FPPA chart's marks are, in the test's words ("rep", "the deepest point")."""
    if trusted:
        return f"Shaded band: the typical range. Light blue: each {event}."
    return (
        "Not for clinical use: the angle is drawn for inspection only, without the typical range"
        f" or each {event}'s {moment}. Light blue: each {event}."
    )


def step_chart_caption(trusted: bool) -> str:
    """What the running test's per-step charts show."""
    if trusted:
        return "Each dot is one step, at its midstance; the lines join a leg's steps."
    return (
        "Not a finding: the angles are drawn for inspection only. Each dot is one step, at its"
        " midstance."
    )


UNTRUSTED_LEFT_OUT = (
    "Not for clinical use, so left out of the trend and the comparison: these recordings failed"
    " their quality check."
)

TILT_REFERENCE_LABEL = "Trunk lean and pelvic drop measured against"


def tilt_reference_text(reference: str, roll_deg: float | None) -> str:
    """What the trunk lean and pelvic drop of a trial are measured against (FPPA is not affected)."""
    if reference == "device_level" and roll_deg is not None:
        return f"the true horizontal: the phone's roll of {roll_deg:.1f}° was corrected for"
    return "the picture's axes: no tilt reading from the phone, so a tilted phone tilts both"


@dataclasses.dataclass(frozen=True)
class Definition:
    unit: str
    sign: str
    meaning: str
    term: str = ""  # the row's heading where it is not the field's column label


_FPPA_SIGN = "+ valgus (knee medial of the hip–ankle line), − varus"
_SHARE = "share, 0–1"

DEFINITIONS: dict[str, Definition] = {
    # Per rep (docs/MEASUREMENT.md §1)
    "start_ms": Definition("ms", "—", "Time of the rep's start from the start of the recording."),
    "bottom_ms": Definition(
        "ms",
        "—",
        "Time of the rep's deepest point (squat: lowest hip; landing: peak knee flexion after"
        " contact).",
    ),
    "end_ms": Definition("ms", "—", "Time the rep ends: the hips back near standing."),
    "fppa_deg": Definition(
        "°",
        _FPPA_SIGN,
        "Frontal plane projection angle of the stance knee at the deepest point of the rep:"
        " 180° minus the angle at the knee between knee→hip and knee→ankle, in the image plane.",
    ),
    "fppa_peak_deg": Definition(
        "°", "as FPPA", "The most valgus (largest) FPPA from the start to the end of the rep."
    ),
    "fppa_contact_deg": Definition("°", "as FPPA", "Landings only: FPPA at initial contact."),
    "depth": Definition(
        "share of standing leg length",
        "—",
        "1 − hip height above the ankle at the bottom / standing leg length. 0 = standing;"
        " about 0.3 ≈ 90° of knee flexion.",
    ),
    "too_deep": Definition(
        "yes/no",
        "—",
        "At the bottom the hip is less than {deep_pct:.0f}% of thigh length above the knee;"
        " FPPA inflates there, so the rep is left out of the mean.",
    ),
    "hip_adduction_deg": Definition(
        "°",
        "+ adduction (knee towards the midline)",
        "Femur (hip→knee) against the downward perpendicular of the hip–hip line; measured"
        " against the pelvis, so it includes pelvic drop.",
    ),
    "pelvic_drop_deg": Definition(
        "°",
        "+ free-side (contralateral) hip lower",
        "Tilt of the hip–hip line against the image horizontal (a phone held off level adds its"
        " roll).",
    ),
    "trunk_lean_deg": Definition(
        "°",
        "+ leaning over the stance leg",
        "Mid-hip→mid-shoulder line against the image vertical (a phone held off level adds its"
        " roll).",
    ),
    "knee_medial_displacement": Definition(
        "share of standing leg length",
        "+ medial",
        "Horizontal distance of the knee from the hip–ankle line at the knee's height, divided"
        " by the standing leg length (hip to ankle).",
    ),
    "feet_down_share": Definition(
        _SHARE,
        "—",
        "Share of the frames from the start of the descent (landing: contact) to the bottom with"
        " both feet on the floor (ankles at one height within {floor_band} leg lengths); above"
        " one half the rep is not single-leg.",
    ),
    "left_out": Definition(
        "code",
        "—",
        "Why the rep is not in the mean: not_single_leg (both feet down in more than half of its"
        " descent) or very_deep (too deep). Empty for a rep in the mean.",
    ),
    "trusted": Definition(
        "yes/no",
        "—",
        "Whether the rep's numbers are a finding: its trial passed its quality check and the rep"
        " is in the trial's mean (JSON `trusted` per rep; the CSVs' Rep trusted column).",
        term="Rep trusted",
    ),
    # Summary
    "fppa_sd_deg": Definition(
        "°",
        "—",
        "Sample standard deviation (n − 1) of FPPA over the reps in the mean.",
        term="SD between reps",
    ),
    "category": Definition(
        "—",
        "—",
        "The mean FPPA against the published range for the test and sex (see References): below,"
        " within, above or well above the typical range. A screening category, not a diagnosis;"
        " withheld when the recording is not for clinical use.",
        term="Category",
    ),
    # Recording quality (docs/MEASUREMENT.md §4)
    "ok": Definition(
        "yes/no",
        "—",
        "No blocking quality flag fired and an angle was measured. When no, the trial is not for"
        " clinical use.",
    ),
    "confidence": Definition(
        "high/medium/low", "—", "High without flags, medium with one non-blocking flag, else low."
    ),
    "fps": Definition("frames/s", "—", "Median frame rate; below {min_fps:.0f} fps is flagged."),
    "detected_fraction": Definition(_SHARE, "—", "Share of frames with a person detected."),
    "frontal_width_ratio": Definition(
        "ratio",
        "—",
        "(Shoulder + hip width) / torso length, median; below {min_width_ratio} the camera is"
        " not frontal.",
    ),
    "frontal_depth_yaw_deg": Definition(
        "°",
        "signed mean",
        "Body yaw from MediaPipe depth, averaged with its sign; beyond ±{max_depth_yaw:.0f}° the"
        " camera is not frontal.",
    ),
    "leg_visibility": Definition(
        "0–1",
        "—",
        "Mean MediaPipe visibility of the tested hip, knee and ankle; below {min_visibility} is"
        " flagged.",
    ),
    "label_swap_fraction": Definition(
        _SHARE, "—", "Share of frames whose left/right labels were corrected."
    ),
    "tracking_jump_fraction": Definition(
        _SHARE, "—", "Share of frames with a landmark snapping away and back."
    ),
    "longest_gap_ms": Definition(
        "ms",
        "—",
        "Longest loss of the stance leg within the measured part that gap filling"
        " ({max_gap_ms:.0f} ms) did not bridge.",
    ),
    "other_person_fraction": Definition(
        _SHARE, "—", "Share of frames in which the landmarker saw someone besides the runner."
    ),
}


# The running test's columns (docs/MEASUREMENT.md §9): every angle at midstance, per step.
RUNNING_DEFINITIONS: dict[str, Definition] = {
    "midstance_ms": Definition(
        "ms", "—", "Midstance: the lowest point of the mid-hip in the image during the stance."
    ),
    "contact_ms": Definition(
        "ms", "—", "Initial contact, seen from the front only: the foot reaches its belt line."
    ),
    "toe_off_ms": Definition(
        "ms", "—", "Toe-off, seen from behind only: the last foot point leaves its belt line."
    ),
    "pelvic_drop_deg": Definition(
        "°",
        "+ free-side (swing) hip lower",
        "Hip–hip line against the horizontal at midstance.",
        term="Contralateral pelvic drop (°)",
    ),
    "hip_adduction_deg": Definition(
        "°",
        "+ knee towards the midline",
        "Femur (hip→knee) against the downward perpendicular of the hip–hip line at midstance;"
        " includes pelvic drop.",
    ),
    "fppa_deg": Definition(
        "°",
        _FPPA_SIGN,
        "Knee frontal plane projection angle at midstance; in running it does not follow 3D knee"
        " abduction.",
    ),
    "trunk_lean_deg": Definition(
        "°", "+ over the stance leg", "Mid-hip→mid-shoulder line against the vertical at midstance."
    ),
    "step_time_ms": Definition(
        "ms", "—", "The other leg's midstance to this leg's, mean over alternating steps."
    ),
    "step_rate_spm": Definition(
        "steps/min",
        "—",
        "60 000 / the mean midstance-to-midstance interval (intervals over 1.5 × the median left"
        " out).",
        term="Step rate",
    ),
    "step_time_asymmetry_pct": Definition(
        "%",
        "+ left steps longer",
        "100 · (left − right) / the mean of the two legs' step times.",
        term="Step-time asymmetry",
    ),
}


@dataclasses.dataclass(frozen=True)
class DefinitionText:
    """One metric as the clinical view defines it: its column heading and the words."""

    term: str
    unit: str
    sign: str
    meaning: str


def definitions_for(
    names: Iterable[str], table: dict[str, Definition] = DEFINITIONS
) -> list[DefinitionText]:
    """The definitions in `table` of the named fields that have one, in the order given, each once."""
    seen: list[str] = []
    for name in names:
        if name in table and name not in seen:
            seen.append(name)
    return [
        DefinitionText(
            table[name].term or metric_label(name),
            table[name].unit,
            table[name].sign,
            with_figures(table[name].meaning),
        )
        for name in seen
    ]
