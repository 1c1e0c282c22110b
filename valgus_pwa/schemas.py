"""The wire contract (API v1): request and report models shared by the API, the store and the UI.

Field names here are public and must stay stable; the README's API section lists them and
docs/MEASUREMENT.md defines what each measure and flag means.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1
LANDMARK_COUNT = 33
MAX_FRAMES_PER_TRIAL = 6000
# The compact upload (schema_version 2) is decoded as arrays, so it may carry more frames: a
# minute at 240 fps.
MAX_COMPACT_FRAMES_PER_TRIAL = 14_400
COMPACT_SCHEMA_VERSION = 2
# One coordinate column at the largest trial: up to 6 base-64 digits a value.
_COLUMN_CHARS = 6 * LANDMARK_COUNT * MAX_COMPACT_FRAMES_PER_TRIAL
MAX_TRIALS_PER_ASSESSMENT = 8
LANDMARK_MODEL_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
# A phone held further than this from upright is not in portrait: its roll is not a tilt.
MAX_DEVICE_ROLL_DEG = 45.0
# recorded_at is the phone's clock: a little ahead of the server's is a clock's drift, more
# is a wrong clock; a test kept unsent on the phone for longer than a year is not plausible.
# Either way the time is ignored, not the test.
RECORDED_AT_MAX_AHEAD = dt.timedelta(minutes=5)
RECORDED_AT_MAX_AGE = dt.timedelta(days=366)

TestName = Literal["single_leg_squat", "single_leg_landing", "running"]
Side = Literal["left", "right"]
Sex = Literal["female", "male", "unspecified"]
Confidence = Literal["high", "medium", "low"]
Category = Literal["within", "above", "well_above", "below"]
RepLeftOut = Literal["not_single_leg", "very_deep"]
TiltReference = Literal["image_axes", "device_level"]
# Where the phone films a running trial from: behind the treadmill (the published protocols) or
# in front of it. Squats and landings are filmed from the front.
CameraView = Literal["front", "back"]

# A JSON number and nothing else: no `true`, no "0.5", no NaN (the schema says number).
StrictFiniteFloat = Annotated[float, Field(strict=True, allow_inf_nan=False)]
# One landmark: x, y (normalized image coordinates), z (relative depth), visibility.
Landmark = Annotated[
    tuple[StrictFiniteFloat, StrictFiniteFloat, StrictFiniteFloat, StrictFiniteFloat], Field()
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Subject(_Strict):
    sex: Sex = "unspecified"
    age_years: StrictInt | None = Field(default=None, ge=5, le=110)


class Frame(_Strict):
    t_ms: StrictFiniteFloat = Field(ge=0)
    landmarks: list[Landmark] | None = Field(
        default=None, min_length=LANDMARK_COUNT, max_length=LANDMARK_COUNT
    )


class TrialInfo(_Strict):
    """A trial without its frames: what both upload forms say about it in the same words."""

    test: TestName
    side: Side
    frame_width: StrictInt = Field(gt=0, le=10_000)
    frame_height: StrictInt = Field(gt=0, le=10_000)
    mirrored: StrictBool = False
    # Shown on the clinician page and in exports: a model's file name (pose_landmarker_lite,
    # pose_landmarker_full), never free text.
    landmark_model: str = Field(
        default="pose_landmarker_lite", max_length=64, pattern=LANDMARK_MODEL_PATTERN
    )
    # Frames in which the landmarker saw someone besides the runner (the client follows the
    # runner among up to two people); absent from clients that look for one person only.
    other_person_frames: StrictInt | None = Field(
        default=None, ge=0, le=MAX_COMPACT_FRAMES_PER_TRIAL
    )
    # The phone's roll while recording (median of its motion sensor), in the coordinates of the
    # frames the landmarks come from: + when the true vertical, drawn upwards, leans towards
    # the frame's +x. Absent without a sensor reading (a gallery video, no motion sensor): then
    # trunk lean and pelvic drop are measured against the picture's axes (docs/MEASUREMENT.md).
    device_roll_deg: StrictFiniteFloat | None = Field(
        default=None, ge=-MAX_DEVICE_ROLL_DEG, le=MAX_DEVICE_ROLL_DEG
    )
    # Which side of the runner the phone films from: required for running ("back" or "front");
    # a squat or landing may only say "front". From behind, the runner's left is on the
    # image's left. A running trial holds both legs; its
    # `side` names the leg of interest (the runner's choice) and is only echoed.
    camera_view: CameraView | None = None

    @model_validator(mode="after")
    def _camera_view_fits_the_test(self) -> TrialInfo:
        if self.test == "running" and self.camera_view is None:
            raise ValueError("a running trial needs camera_view: 'back' or 'front'")
        if self.test != "running" and self.camera_view == "back":
            raise ValueError(
                f"{self.test} is filmed from the front: camera_view 'back' is for running"
            )
        return self


class Trial(TrialInfo):
    frames: list[Frame] = Field(min_length=1, max_length=MAX_FRAMES_PER_TRIAL)

    @field_validator("frames")
    @classmethod
    def _timestamps_strictly_increase(cls, frames: list[Frame]) -> list[Frame]:
        for index in range(1, len(frames)):
            if frames[index].t_ms <= frames[index - 1].t_ms:
                raise ValueError(
                    f"t_ms must strictly increase (frame {index} has {frames[index].t_ms}"
                    f" after {frames[index - 1].t_ms})"
                )
        return frames

    @model_validator(mode="after")
    def _other_person_frames_within_the_trial(self) -> Trial:
        if self.other_person_frames is not None and self.other_person_frames > len(self.frames):
            raise ValueError(
                f"other_person_frames ({self.other_person_frames}) exceeds the number of frames"
                f" ({len(self.frames)})"
            )
        return self


class AssessmentIn(_Strict):
    # Required: a body without it may come from a client that speaks another version.
    schema_version: Literal[1]
    subject: Subject | None = None
    trials: list[Trial] = Field(min_length=1, max_length=MAX_TRIALS_PER_ASSESSMENT)
    # When the phone recorded the test (its first trial), ISO 8601 with a UTC offset: a test
    # kept offline and sent days later keeps its real date. Absent from older clients.
    recorded_at: Annotated[dt.datetime, Field(strict=True)] | None = None

    @field_validator("recorded_at")
    @classmethod
    def _recorded_at_is_plausible(cls, value: dt.datetime | None) -> dt.datetime | None:
        return _plausible_recorded_at(value)


def _plausible_recorded_at(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("recorded_at needs a UTC offset (for example 2026-03-01T09:30:00+01:00)")
    # A phone whose clock is wrong must not cost the runner the test: the time is dropped,
    # and the pages show when the server received it instead.
    now = dt.datetime.now(dt.UTC)
    if value - now > RECORDED_AT_MAX_AHEAD or now - value > RECORDED_AT_MAX_AGE:
        return None
    return value


class CompactColumns(_Strict):
    """A compact trial's frames, column by column (README, "The compact upload").

    Each is text of base-64 digit planes of zigzagged deltas; the numbers are checked when
    decoded (analysis/compact_frames.py), not here, so no Python object is made per value.
    """

    t_us: str = Field(max_length=_COLUMN_CHARS // LANDMARK_COUNT)
    x: str = Field(max_length=_COLUMN_CHARS)
    y: str = Field(max_length=_COLUMN_CHARS)
    z: str = Field(max_length=_COLUMN_CHARS)
    visibility: str = Field(max_length=_COLUMN_CHARS)


class CompactTrial(TrialInfo):
    frame_count: StrictInt = Field(ge=1, le=MAX_COMPACT_FRAMES_PER_TRIAL)
    # Indices of the frames in which no person was found, increasing; the columns skip them.
    missing_frames: list[Annotated[StrictInt, Field(ge=0, lt=MAX_COMPACT_FRAMES_PER_TRIAL)]] = (
        Field(default=[], max_length=MAX_COMPACT_FRAMES_PER_TRIAL)
    )
    columns: CompactColumns

    @model_validator(mode="after")
    def _counts_within_the_trial(self) -> CompactTrial:
        if self.other_person_frames is not None and self.other_person_frames > self.frame_count:
            raise ValueError(
                f"other_person_frames ({self.other_person_frames}) exceeds frame_count"
                f" ({self.frame_count})"
            )
        if len(self.missing_frames) >= self.frame_count:
            raise ValueError("missing_frames leaves no frame with a person")
        return self


class AssessmentInCompact(_Strict):
    """The compact upload: the same assessment, its frames as integer columns."""

    schema_version: Literal[2]
    subject: Subject | None = None
    trials: list[CompactTrial] = Field(min_length=1, max_length=MAX_TRIALS_PER_ASSESSMENT)
    recorded_at: Annotated[dt.datetime, Field(strict=True)] | None = None

    @field_validator("recorded_at")
    @classmethod
    def _recorded_at_is_plausible(cls, value: dt.datetime | None) -> dt.datetime | None:
        return _plausible_recorded_at(value)


# ---------------------------------------------------------------- report


# A figure a flag's words quote: a count, a share, an angle, a side or a test name.
FlagParam = float | int | str


class QualityFlag(BaseModel):
    code: str
    # Rendered from code and params when the report is read (valgus_pwa.content.render); the
    # analysis leaves it empty, so a stored report always shows the current wording.
    message: str
    blocking: bool = False  # this flag alone withholds the finding (quality.ok is false)
    # The figures message quotes; empty in reports stored before flags carried them.
    params: dict[str, FlagParam] = {}


class Quality(BaseModel):
    ok: bool
    confidence: Confidence
    flags: list[QualityFlag] = []
    fps: float | None = None
    detected_fraction: float = 0.0
    # Cues behind the flags, so a physio can see how close to a threshold a recording was.
    frontal_width_ratio: float | None = None  # (shoulder + hip width) / torso length, median
    frontal_depth_yaw_deg: float | None = None  # body yaw from MediaPipe z, signed mean
    leg_visibility: float | None = None  # mean visibility of the tested hip, knee and ankle
    label_swap_fraction: float | None = None  # share of frames whose left/right was corrected
    tracking_jump_fraction: float | None = None  # share of frames with a landmark snapping away
    longest_gap_ms: float | None = None  # longest unbridged loss of the stance leg while measured
    feet_down_share: float | None = None  # share of the reps' descents with both feet down
    other_person_fraction: float | None = None  # share of frames with someone else in view


class Rep(BaseModel):
    start_ms: float
    bottom_ms: float
    end_ms: float
    fppa_deg: float | None
    fppa_contact_deg: float | None = None  # landing only: FPPA at initial contact
    depth: float | None = None  # 1 - hip-to-ankle height at the bottom / standing leg length
    too_deep: bool = False  # hip near knee height, where FPPA inflates
    # At the deepest point unless named otherwise; signs are anatomical, see docs/MEASUREMENT.md.
    fppa_peak_deg: float | None = None  # most valgus FPPA from start to end of the rep
    hip_adduction_deg: float | None = None  # femur against the pelvis perpendicular
    pelvic_drop_deg: float | None = None  # free-side hip below the stance-side hip
    trunk_lean_deg: float | None = None  # trunk leaning over the stance leg
    knee_medial_displacement: float | None = None  # knee medial of hip-ankle line / leg length
    # Share of the frames from the start of the descent (landing: contact) to the bottom in
    # which both feet were on the floor; above one half the rep is not a single-leg rep.
    feet_down_share: float | None = None
    # Why the rep is not in the trial's mean, if it is not: its angle is not the test's.
    left_out: RepLeftOut | None = None
    # Whether the rep's numbers are a finding: its trial is trusted and the rep is in its mean.
    # Set by its TrialReport on every read, so stored reports carry it too.
    trusted: bool = False

    @property
    def in_mean(self) -> bool:
        """The analysis scored the rep: FPPA measured, and not left out of the trial's mean."""
        return self.fppa_deg is not None and self.left_out is None


class Reference(BaseModel):
    """A published range the trial is compared with, and where it comes from.

    label and citation are rendered from code when the report is read; reports stored before
    codes existed carry them as they were written.
    """

    label: str
    low_deg: float
    high_deg: float
    citation: str
    code: str | None = None  # which published range (analysis/norms.py)


class MetricStats(BaseModel):
    """Mean and sample SD of one rep metric over the trial's measured reps."""

    mean: float | None = None
    sd: float | None = None
    n: int = 0


class TrialSummary(BaseModel):
    fppa_deg: float | None = None
    fppa_sd_deg: float | None = None
    n_reps: int = 0  # reps in the mean: measured and not left out
    n_reps_found: int = 0  # every rep (or landing) found, including those left out
    category: Category | None = None
    reference: Reference | None = None
    well_above_deg: float | None = None  # from here the category is "well_above"
    reference_note: str | None = None  # how the reference and well_above_deg were chosen
    reference_note_code: str | None = None  # which note: rendered into reference_note on reading
    metrics: dict[str, MetricStats] = {}  # by Rep field name, e.g. "hip_adduction_deg"
    # True when the recording's quality is ok and FPPA was measured: the one test every reader
    # applies. When False, category is None and the number is shown for inspection only, never
    # as a finding; quality_note says why in plain words.
    trusted: bool = False
    quality_note: str | None = None
    # FPPA where the hip was lowest in the whole recording: shown, for inspection only, when no
    # complete rep was found, so the runner still sees what the camera measured.
    lowest_point_fppa_deg: float | None = None


class Series(BaseModel):
    """Per-frame values after filtering, for charts and exports."""

    t_ms: list[float]
    fppa_deg: list[float | None]


class RunningStep(BaseModel):
    """One step of a running trial: its events and the frontal-plane angles at midstance."""

    side: Side  # the stance leg
    # Initial contact (front view only) and toe-off (back view only): each view sees one of
    # them (docs/MEASUREMENT.md); None where not seen.
    contact_ms: float | None = None
    midstance_ms: float  # lowest mid-hip point of the stance
    toe_off_ms: float | None = None
    # At midstance; signs anatomical, as for a rep (docs/MEASUREMENT.md).
    pelvic_drop_deg: float | None = None  # free-side (swing-side) hip below the stance hip
    hip_adduction_deg: float | None = None
    fppa_deg: float | None = None
    trunk_lean_deg: float | None = None  # trunk leaning over the stance leg


class RunningSide(BaseModel):
    """One leg's steps: each midstance measure's mean, SD and count, and its step timing."""

    side: Side
    n_steps: int = 0
    metrics: dict[str, MetricStats] = {}  # by RunningStep field name, e.g. "pelvic_drop_deg"
    step_time_ms: float | None = None  # mean time from the other leg's midstance to this one's


class RunningResult(BaseModel):
    """What a running trial measured: every step, both legs, the step rate."""

    camera_view: CameraView
    steps: list[RunningStep] = []
    sides: list[RunningSide] = []  # left, then right
    step_rate_spm: float | None = None  # steps per minute, from the midstance intervals
    # 100 · (left − right) / their mean, of the mean step times; + when left steps take longer.
    step_time_asymmetry_pct: float | None = None


class TrialReport(BaseModel):
    test: TestName
    side: Side
    landmark_model: str
    quality: Quality
    reps: list[Rep]
    summary: TrialSummary
    series: Series
    # What trunk lean and pelvic drop are measured against: "device_level" when the phone sent
    # its roll and the image's axes were turned back to level, "image_axes" when it did not
    # (and in reports stored before the roll was sent). FPPA does not depend on it.
    tilt_reference: TiltReference = "image_axes"
    device_roll_deg: float | None = None  # the roll corrected for, in the unmirrored frame
    running: RunningResult | None = None  # running trials only: steps and per-leg statistics

    @model_validator(mode="after")
    def _reps_carry_the_trust_rule(self) -> TrialReport:
        for rep in self.reps:
            rep.trusted = self.summary.trusted and rep.in_mean
        return self


# How a left-right difference was judged: against the reps' own spread in the session, or not
# at all because a side had a trial with fewer than two reps (no spread to judge it by).
SideBasis = Literal["rep_spread", "too_few_reps"]


class SideAsymmetry(BaseModel):
    """One metric's mean on each leg and their difference, left minus right.

    The difference is judged against the variability of the reps in this session (not against
    a between-day figure): its standard error comes from each side's rep-to-rep SD.
    Reports stored before the fields after `difference` existed get them when read.
    """

    left: float
    right: float
    difference: float
    difference_se: float | None = None  # sqrt(sd_left²/n_left + sd_right²/n_right), one trial
    n_left: int | None = None  # reps in the left mean (all its trusted trials)
    n_right: int | None = None
    sd_left: float | None = None  # rep-to-rep SD on the left, pooled within its trials
    sd_right: float | None = None
    degrees_of_freedom: float | None = None  # Welch-Satterthwaite, of the difference
    critical_t: float | None = None  # Student's t, two-sided 95%, at those degrees of freedom
    beyond_rep_spread: bool | None = None  # |difference| > critical_t · difference_se
    basis: SideBasis | None = None


class Comparison(BaseModel):
    asymmetry_deg: float | None = None
    test: TestName | None = None
    left_fppa_deg: float | None = None
    right_fppa_deg: float | None = None
    # FPPA difference not larger than the reps' spread (metrics['fppa_deg'].beyond_rep_spread)
    within_noise: bool | None = None
    metrics: dict[str, SideAsymmetry] = {}  # by Rep field name, same trials as asymmetry_deg


class Report(BaseModel):
    analysis_version: str
    trials: list[TrialReport]
    comparison: Comparison | None = None


class AssessmentCreated(BaseModel):
    id: str
    owner_key: str
    report_url: str
    report: Report


class AssessmentOut(BaseModel):
    id: str
    created_at: str  # when the server received the upload (UTC)
    expires_at: str | None = None
    report_url: str
    subject: Subject | None = None
    report: Report
    trials: list[Trial] | None = None
    # When the phone recorded the test (UTC), if the upload said; pages show it as the test's
    # time and fall back to created_at.
    recorded_at: str | None = None


Verdict = Literal["within_noise", "real_change", "not_comparable"]


class SideChange(BaseModel):
    """The change of one leg's mean FPPA between an earlier and a later assessment."""

    test: TestName
    side: Side
    earlier_fppa_deg: float | None
    current_fppa_deg: float | None
    change_deg: float | None
    verdict: Verdict
    message: str  # rendered from the fields above when the comparison is read


ComparisonWarningCode = Literal["pose_model_differs", "frame_rate_differs"]


class ComparisonWarning(BaseModel):
    """Why a follow-up comparison may mislead: the two assessments were recorded differently."""

    code: ComparisonWarningCode
    message: str  # rendered from code and params when the comparison is read
    params: dict[str, FlagParam] = {}


class AssessmentComparison(BaseModel):
    """Answer of GET /api/v1/assessments/{id}/compare/{earlier_id}."""

    id: str
    earlier_id: str
    created_at: str
    earlier_created_at: str
    smallest_detectable_difference_deg: float
    sides: list[SideChange]
    # The two recordings were not made alike (pose model, frame rate): changes may come from that.
    warnings: list[ComparisonWarning] = []


class ErrorDetail(BaseModel):
    loc: list[str | int] = []
    message: str


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorResponse(BaseModel):
    error: ErrorBody
