"""Recording-quality cues and the flags that tell a runner how to retake a test."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from valgus_pwa.analysis.filtering import DEFAULT_MAX_GAP_MS
from valgus_pwa.analysis.landmarks import (
    LEFT_ANKLE,
    LEFT_FOOT_INDEX,
    LEFT_HIP,
    LEFT_KNEE,
    LEFT_SHOULDER,
    RIGHT_ANKLE,
    RIGHT_FOOT_INDEX,
    RIGHT_HIP,
    RIGHT_KNEE,
    RIGHT_SHOULDER,
    VISIBILITY,
    Leg,
    X,
    Y,
    Z,
    torso_length,
)
from valgus_pwa.schemas import Confidence, FlagParam, QualityFlag, Side, TestName

# Frontal view. Turning the camera by yaw narrows the shoulders and hips in the image by
# cos(yaw) and opens a depth difference across them of tan(yaw) times their width.
# Width is robust but blind to small turns (cos 30° = 0.87) and differs between bodies: a
# roughly frontal real clip (lite model) reads 0.74, a side view 0.38, square synthetic
# frontal frames 0.83. So width alone flags only a side-on camera.
# MediaPipe's z sees smaller turns, but on real clips it is inflated and noisy per frame: the
# frontal clip reads ±50-65° in runs of frames as the man twists while balancing. Its sign
# follows the twist, so over a recording it averages out (+4° there), while a camera that
# stays turned keeps one sign (-39° on the side view; on projected motion capture the body's
# true yaw, which for a camera swung 30° reads 22-30° as the subject twists). The signed mean
# therefore decides, with a limit above 15° (a turn Englander 2019 showed can already flip
# varus into valgus, and that we would rather not reject on its own) and below 22°.
MIN_WIDTH_RATIO = 0.5
MAX_DEPTH_YAW_DEG = 20.0
# Framing: more than this share of frames with a lower-body landmark missing or off-frame.
MAX_OUT_OF_FRAME = 0.2
UNTRUSTED_OUT_OF_FRAME = 0.5
# Visibility: mean MediaPipe visibility of the tested hip, knee and ankle.
MIN_VISIBILITY = 0.6
UNTRUSTED_VISIBILITY = 0.3
MIN_REPS = 3
# Below this, no finding: one dip cannot be told from a wobble of balance (the real frontal clip
# of a man balancing on one leg has one), and gives no rep-to-rep spread.
MIN_REPS_FOR_FINDING = 2
# Frame rate. Below MIN_FPS a recording is flagged (not blocking): the deepest point and a
# landing's contact fall between frames. The floors below are our thresholds, measured, not
# published ones (docs/MEASUREMENT.md §4.4).
MIN_FPS = 24.0
# Below this a trial gets no finding (a blocking low_frame_rate). Squat: on synthetic five-rep
# squats with pose-model jitter (0.006 of the frame) and 10% lost frames, 60 seeds a rate, the
# rep count went wrong in 5 of 60 recordings at 12 fps and 6 of 60 at 10 fps, none from 15 fps;
# the mean's error reached 1.5-1.8° below 20 fps and stayed within 1.33° from 20 fps. At 12 fps
# the squat's 6 Hz low-pass filter reaches the Nyquist limit and is skipped. Landing: its value
# at peak knee flexion stayed within 0.23° of the projected motion capture from 12 to 100 fps,
# so the landing keeps the general flag only.
MIN_SQUAT_FPS = 20.0
# Running: stance lasts 0.2-0.3 s, so below 50 fps a contact or a midstance falls within a
# frame of 20 ms or more; there is no finding below it (docs/MEASUREMENT.md, the running test).
MIN_RUNNING_FPS = 50.0
MIN_FPS_FOR_FINDING: dict[TestName, float] = {
    "single_leg_squat": MIN_SQUAT_FPS,
    "single_leg_landing": 0.0,
    "running": MIN_RUNNING_FPS,
}
# Running: steps a leg for a stable mean (Dingenen et al. 2018 needed 6.3 ± 0.3 and advise 7).
MIN_STEPS_PER_LEG = 7
# A landing's FPPA at initial contact needs this rate, or it is not given (and the trial's
# confidence is at most medium). On the projected motion capture, contact fell +30 ms late at
# 20, 24, 30 and 40 fps and read 3.6-3.7° off the true angle at that instant (camera at 0°;
# 1.7° at 15°), against +10 to +13 ms and 1.4-1.8° (0.5-0.65°) at 50, 60 and 100 fps: the
# angle changes by degrees within the frame in which contact falls. 50 rather than 60, because
# 50 fps did as well as 60 and a phone set to 60 fps delivers slightly fewer frames.
MIN_CONTACT_FPS = 50.0
# Left/right labels corrected in more than this share of frames.
MAX_SWAPPED = 0.1
# Tracking jumps: a measured landmark snapping away from its neighbours by more than this share
# of leg length (the frontal real clip has such snaps where the free leg crosses the stance
# leg), in more than this share of the detected frames.
JUMP_FRACTION = 0.1
MAX_JUMPED = 0.02
# Someone else seen by the landmarker in more than this share of the frames.
MAX_OTHER_PERSON = 0.05

_LOWER_BODY = [
    LEFT_HIP, RIGHT_HIP, LEFT_KNEE, RIGHT_KNEE, LEFT_ANKLE, RIGHT_ANKLE,
    LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX,
]  # fmt: skip


@dataclass(frozen=True)
class Issue:
    """A quality problem by code, with the figures its words quote (valgus_pwa.content renders
    them); blocking ones mean the number must not be trusted."""

    code: str
    params: dict[str, FlagParam] = field(default_factory=dict)
    blocking: bool = False


@dataclass(frozen=True)
class FrontalCues:
    """Over frames: median (shoulder + hip width) / torso length, and mean signed yaw from z.

    The yaw is positive when the person's left side is nearer the camera.
    """

    width_ratio: float | None
    depth_yaw_deg: float | None


def frontal_cues(points: np.ndarray) -> FrontalCues:
    """Measure how squarely the person faces the camera from an (n, 33, 4) pixel array."""
    shoulders = points[:, LEFT_SHOULDER] - points[:, RIGHT_SHOULDER]
    hips = points[:, LEFT_HIP] - points[:, RIGHT_HIP]
    torso = torso_length(points)
    width = np.abs(shoulders[:, X]) + np.abs(hips[:, X])
    # MediaPipe's z grows away from the camera: a nearer left side gives a negative difference.
    nearer_left = -(shoulders[:, Z] + hips[:, Z])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = width / torso
    yaw = np.degrees(np.arctan2(nearer_left, width))
    ratio, yaw = ratio[np.isfinite(ratio)], yaw[np.isfinite(yaw)]
    return FrontalCues(
        width_ratio=float(np.median(ratio)) if ratio.size else None,
        depth_yaw_deg=float(np.mean(yaw)) if yaw.size else None,
    )


def out_of_frame_fraction(points: np.ndarray, width: int, height: int) -> float:
    """Share of frames where a hip, knee, ankle or foot is undetected or outside the image."""
    lower = points[:, _LOWER_BODY]
    inside = (
        (lower[..., X] >= 0) & (lower[..., X] <= width)
        & (lower[..., Y] >= 0) & (lower[..., Y] <= height)
    )  # fmt: skip
    return float(1.0 - np.mean(np.all(inside, axis=1)))


def leg_visibility(points: np.ndarray, leg: Leg) -> float | None:
    """Mean MediaPipe visibility of a leg's hip, knee and ankle over the detected frames."""
    visibility = points[:, [leg.hip, leg.knee, leg.ankle], VISIBILITY]
    return float(np.nanmean(visibility)) if np.isfinite(visibility).any() else None


def frontal_issue(cues: FrontalCues) -> Issue | None:
    """Flag a camera that does not face the person, which can turn varus into apparent valgus."""
    side_on = cues.width_ratio is not None and cues.width_ratio < MIN_WIDTH_RATIO
    turned = cues.depth_yaw_deg is not None and abs(cues.depth_yaw_deg) > MAX_DEPTH_YAW_DEG
    if not (side_on or turned):
        return None
    return Issue("not_frontal", blocking=True)


def framing_issue(fraction: float) -> Issue | None:
    """Flag recordings where the lower body was often cut off or not found."""
    if fraction <= MAX_OUT_OF_FRAME:
        return None
    return Issue(
        "body_not_in_frame", {"fraction": fraction}, blocking=fraction > UNTRUSTED_OUT_OF_FRAME
    )


def visibility_issue(visibility: float | None, side: Side) -> Issue | None:
    """Flag a tested leg the pose model could barely see."""
    if visibility is None or visibility >= MIN_VISIBILITY:
        return None
    return Issue("low_visibility", {"side": side}, blocking=visibility < UNTRUSTED_VISIBILITY)


def reps_issue(test: TestName, valid_reps: int, side: Side) -> Issue | None:
    """Flag a squat trial with too few measurable reps for a stable average."""
    if test != "single_leg_squat" or valid_reps >= MIN_REPS:
        return None
    return Issue(
        "too_few_reps",
        {"reps": valid_reps, "side": side},
        blocking=valid_reps < MIN_REPS_FOR_FINDING,
    )


def frame_rate_issue(fps: float | None, test: TestName) -> Issue | None:
    """Flag recordings too choppy to catch the deepest point of a movement; below the test's
    floor there is no finding."""
    if fps is None or fps >= MIN_FPS:
        return None
    floor = MIN_FPS_FOR_FINDING[test]
    blocking = fps < floor
    return Issue(
        "low_frame_rate",
        {"fps": round(fps, 2), "min_fps": floor if blocking else MIN_FPS, "test": test},
        blocking=blocking,
    )


def running_frame_rate_issue(fps: float | None) -> Issue | None:
    """Flag a running recording below MIN_RUNNING_FPS: there is no finding below it."""
    if fps is None or fps >= MIN_RUNNING_FPS:
        return None
    return Issue(
        "low_frame_rate",
        {"fps": round(fps, 2), "min_fps": MIN_RUNNING_FPS, "test": "running"},
        blocking=True,
    )


def steps_issue(steps: int, side: Side) -> Issue | None:
    """Flag a running trial with too few steps of one leg for a stable mean: no finding."""
    if steps >= MIN_STEPS_PER_LEG:
        return None
    code = "no_steps_detected" if steps == 0 else "too_few_steps"
    return Issue(code, {"steps": steps, "side": side, "min_steps": MIN_STEPS_PER_LEG}, True)


def contact_measurable(fps: float | None) -> bool:
    """Whether a landing's FPPA at initial contact can be read at this frame rate."""
    return fps is not None and fps >= MIN_CONTACT_FPS


def contact_issue(fps: float | None, test: TestName, landed: bool) -> Issue | None:
    """Say that a landing's contact angle was not given: the frame rate is too low for it.

    landed: a landing was seen (without one, no_landing_detected already withholds the trial).
    """
    if test != "single_leg_landing" or not landed or fps is None or contact_measurable(fps):
        return None
    return Issue("contact_not_measured", {"fps": round(fps, 2), "min_fps": MIN_CONTACT_FPS})


def _left_out_blocks(left_out: int, reps: int) -> bool:
    """A finding needs most reps: when more than half are left out, there is none."""
    return 2 * left_out > reps


def very_deep_issue(deep_reps: int, reps: int, test: TestName) -> Issue | None:
    """Flag reps deep enough to distort the angle (hip near knee height); they are left out."""
    if deep_reps == 0:
        return None
    return Issue(
        "very_deep",
        {"reps": deep_reps, "of": reps, "test": test},
        blocking=_left_out_blocks(deep_reps, reps),
    )


def single_leg_issue(
    two_feet_reps: int, reps: int, side: Side, test: TestName, feet_down_throughout: bool = False
) -> Issue | None:
    """Flag reps done with the free foot on the floor: that is not the single-leg test.

    feet_down_throughout: no rep was found, and both feet were down for most of the recording;
    the flag then counts 0 of 0 reps.
    """
    if two_feet_reps == 0 and not feet_down_throughout:
        return None
    return Issue(
        "not_single_leg",
        {"reps": two_feet_reps, "of": reps, "side": side, "test": test},
        blocking=feet_down_throughout or _left_out_blocks(two_feet_reps, reps),
    )


def plausibility_issue(fppa_deg: float | None, bounds: tuple[float, float]) -> Issue | None:
    """Withhold a mean angle beyond what any study of the test reports: a tracking error."""
    low, high = bounds
    if fppa_deg is None or low <= fppa_deg <= high:
        return None
    return Issue("implausible_angle", {"fppa_deg": fppa_deg}, blocking=True)


def other_person_issue(fraction: float | None) -> Issue | None:
    """Say that someone else was in view: the runner was followed, but could have been lost."""
    if fraction is None or fraction <= MAX_OTHER_PERSON:
        return None
    return Issue("other_person_in_view", {"fraction": fraction})


def landing_issue(found: bool) -> Issue | None:
    """Flag a landing trial in which no drop onto the floor was seen: no landing, no finding."""
    if found:
        return None
    return Issue("no_landing_detected", blocking=True)


def swaps_issue(swapped_fraction: float) -> Issue | None:
    """Flag recordings in which the pose model often mixed up left and right."""
    if swapped_fraction <= MAX_SWAPPED:
        return None
    return Issue("label_swap", {"fraction": swapped_fraction})


def gap_issue(longest_gap_ms: float) -> Issue | None:
    """Report a stretch without the stance leg too long to bridge, inside the measured part."""
    if longest_gap_ms <= DEFAULT_MAX_GAP_MS:
        return None
    return Issue("tracking_gap", {"gap_ms": longest_gap_ms})


def jumps_issue(jumped_fraction: float, side: Side) -> Issue | None:
    """Flag recordings in which tracked points often snapped to a wrong place for a frame."""
    if jumped_fraction <= MAX_JUMPED:
        return None
    return Issue("tracking_jump", {"fraction": jumped_fraction, "side": side})


def judge(issues: list[Issue | None], measured: bool) -> tuple[bool, Confidence, list[QualityFlag]]:
    """Combine issues into ok, confidence and flags; a blocking issue or no number means not ok.

    The flags' messages are left empty: they are rendered from code and params on reading.
    """
    found = [issue for issue in issues if issue is not None]
    if not measured and not any(issue.blocking for issue in found):
        found.append(Issue("no_measurement", blocking=True))
    blocking = any(issue.blocking for issue in found)
    confidence: Confidence = "low" if blocking or len(found) >= 2 else "medium" if found else "high"
    flags = [
        QualityFlag(code=i.code, message="", params=i.params, blocking=i.blocking) for i in found
    ]
    return not blocking, confidence, flags
