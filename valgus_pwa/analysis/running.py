"""The running test: steps found in 2D keypoints of treadmill running, and the frontal-plane
angles of each step at midstance (Dingenen et al. 2018's protocol; docs/MEASUREMENT.md §9).

One trial holds both legs. Each step is found at its midstance, the lowest point of the
mid-hip (the body's centre of mass is lowest in midstance, where knee flexion peaks: Novacheck
1998); the stance leg is the one whose foot is lower in the image then. At midstance the foot
is flat on the belt, which carries it along a straight line: contact is where the foot arrives
on that line, toe-off where it leaves it (each view sees only one of them, find_steps). A phone
filming from behind sees the runner's left on the image's left: the picture is flipped first,
so every angle keeps the front view's anatomical signs.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy.signal import find_peaks

from valgus_pwa.analysis.filtering import (
    LANDING_CUTOFF_HZ,
    estimate_fps,
    fill_gaps,
    find_tracking_jumps,
    lowpass,
)
from valgus_pwa.analysis.kinematics import (
    Kinematics,
    kinematics,
    reported,
    reported_series,
    scene_roll_deg,
    tilt_reference,
)
from valgus_pwa.analysis.landmarks import (
    LEFT_ANKLE,
    LEFT_FOOT_INDEX,
    LEFT_HIP,
    LEFT_KNEE,
    LEFT_SHOULDER,
    LEGS,
    RIGHT_ANKLE,
    RIGHT_FOOT_INDEX,
    RIGHT_HIP,
    RIGHT_KNEE,
    RIGHT_SHOULDER,
    X,
    Y,
    fix_label_swaps,
    timestamps_ms,
    to_pixels,
)
from valgus_pwa.analysis.quality import (
    JUMP_FRACTION,
    Issue,
    framing_issue,
    frontal_cues,
    frontal_issue,
    judge,
    leg_visibility,
    other_person_issue,
    out_of_frame_fraction,
    running_frame_rate_issue,
    steps_issue,
    swaps_issue,
    visibility_issue,
)
from valgus_pwa.schemas import (
    CameraView,
    MetricStats,
    Quality,
    RunningResult,
    RunningSide,
    RunningStep,
    Series,
    Side,
    Trial,
    TrialReport,
    TrialSummary,
)

LEFT_HEEL, RIGHT_HEEL = 29, 30
# Landmarks the running test reads (closed under left/right swapping, as to_pixels needs).
RUNNING_LANDMARKS = (
    LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP, LEFT_KNEE, RIGHT_KNEE,
    LEFT_ANKLE, RIGHT_ANKLE, LEFT_HEEL, RIGHT_HEEL, LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX,
)  # fmt: skip
_FOOT = {
    "left": (LEFT_ANKLE, LEFT_HEEL, LEFT_FOOT_INDEX),
    "right": (RIGHT_ANKLE, RIGHT_HEEL, RIGHT_FOOT_INDEX),
}
# Running kinematics have content above the squat's 6 Hz; the impacts' cut-off is used.
RUNNING_CUTOFF_HZ = LANDING_CUTOFF_HZ
# Two midstances (one step) are at least this far apart: 300 steps a minute is a sprint.
MIN_STEP_MS = 200.0
# A midstance is a dip of the mid-hip at least this deep (share of leg length): running lowers
# the hips 6-10 cm a step (about 0.08 leg lengths), a standing sway does not.
MIN_PELVIS_DIP = 0.015
# Contact is looked for at most this long before midstance, toe-off at most this long after:
# stance lasts 0.2-0.3 s at running speeds, midstance lies near its middle.
EVENT_WINDOW_MS = 250.0
# A foot point more than this share of leg length off its belt line (in image height) has
# left the belt: about 2 cm at a leg of 0.9 m.
BELT_BAND = 0.02
# A midstance this close to the first or last frame sits in the filter's edge: not a step.
EDGE_MS = 100.0
RUNNING_METRICS = ("pelvic_drop_deg", "hip_adduction_deg", "fppa_deg", "trunk_lean_deg")
SIDES: tuple[Side, Side] = ("left", "right")


def _typical_length(a: np.ndarray, b: np.ndarray) -> float:
    """A segment's near-full pixel length: the 90th percentile resists flexed frames."""
    lengths = np.hypot(*(a[:, :2] - b[:, :2]).T)
    return float(np.nanpercentile(lengths, 90)) if np.isfinite(lengths).any() else float("nan")


def flip_back_view(pixels: np.ndarray, trial: Trial) -> np.ndarray:
    """A back view's pixels mirrored (a copy), others as they are; flipping twice restores them.

    From behind, the runner's left is on the image's left; the mirror image of the picture is
    the front view's geometry, with the same frontal-plane angles.
    """
    if trial.camera_view != "back":
        return pixels
    flipped = pixels.copy()
    flipped[..., X] = trial.frame_width - pixels[..., X]
    return flipped


def scene_pixels(trial: Trial) -> np.ndarray:
    """Pixels of the read landmarks as if filmed from the front (a back view is flipped)."""
    return flip_back_view(to_pixels(trial, RUNNING_LANDMARKS), trial)


def _filtered(t_ms: np.ndarray, pixels: np.ndarray, leg_length: float) -> np.ndarray:
    """Read landmarks cleaned of tracking jumps, gaps filled, low-passed; the rest NaN."""
    read = list(RUNNING_LANDMARKS)
    jumps = find_tracking_jumps(pixels[:, read, :2], JUMP_FRACTION * leg_length)
    cleaned = pixels[:, read, :2].copy()
    cleaned[jumps.any(axis=-1)] = np.nan
    points = np.full((len(t_ms), pixels.shape[1], 2), np.nan)
    points[:, read] = lowpass(t_ms, fill_gaps(t_ms, cleaned), RUNNING_CUTOFF_HZ)
    return points


def foot_y(points: np.ndarray, side: Side) -> np.ndarray:
    """The lowest image point of a foot (largest y of its ankle, heel and toe) in each frame."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # frames without the foot stay NaN
        return np.nanmax(points[:, list(_FOOT[side]), Y], axis=1)


def _midstances(t_ms: np.ndarray, hip_y: np.ndarray, leg_length: float) -> np.ndarray:
    """Frames where the mid-hip is lowest in the image once a step (largest y)."""
    known = np.isfinite(hip_y)
    fps = estimate_fps(t_ms)
    if known.sum() < 5 or fps is None or not np.isfinite(leg_length):
        return np.array([], dtype=int)
    filled = np.where(known, hip_y, np.nanmin(hip_y))
    distance = max(1, int(MIN_STEP_MS * fps / 1000))
    peaks, _ = find_peaks(filled, distance=distance, prominence=MIN_PELVIS_DIP * leg_length)
    inside = (t_ms[peaks] - t_ms[0] >= EDGE_MS) & (t_ms[-1] - t_ms[peaks] >= EDGE_MS)
    return peaks[inside & known[peaks]]


def _off_belt(
    t_ms: np.ndarray,
    points: np.ndarray,
    side: Side,
    midstance: int,
    band_px: float,
    window: tuple[int, int],
) -> np.ndarray:
    """Frames in which no point of the stance foot (ankle, heel, toe) lies on its belt line,
    judged within window (first and last frame; False outside it).

    At midstance the foot is flat on the belt, which carries it in a straight line: in the
    image each point then drifts at a steady rate (towards a camera behind, away from one in
    front). The line is each point's position and image velocity at midstance, continued in
    time; a point more than band_px off its line has left the belt (above or below it: the
    image mixes a point's height with its distance from the camera).
    """
    # The window, widened to midstance's neighbours: np.gradient reads only those there, so
    # the velocity is the whole trial's (and a long trial is not scanned once a step).
    first = max(0, min(window[0], midstance - 1))
    last = min(len(t_ms) - 1, max(window[1], midstance + 1))
    t_s = t_ms[first : last + 1] / 1000
    ys = points[first : last + 1, list(_FOOT[side]), Y]
    at = midstance - first
    velocity = np.gradient(ys, t_s, axis=0)[at] if len(t_s) > 1 else np.zeros(ys.shape[1])
    line = ys[at] + velocity * (t_s - t_s[at])[:, None]
    with np.errstate(invalid="ignore"):
        on_line = np.abs(line - ys) <= band_px
    off = np.zeros(len(t_ms), dtype=bool)
    off[first : last + 1] = ~on_line.any(axis=1)
    return off


def _event(off: np.ndarray, midstance: int, first: int, last: int, forward: bool) -> int | None:
    """Contact (the first frame on the belt before midstance, not forward) or toe-off (the
    first frame off it after), when the foot is seen off the belt within [first, last]."""
    if forward:
        leaving = np.flatnonzero(off[midstance : last + 1])
        return midstance + int(leaving[0]) if leaving.size else None
    arriving = np.flatnonzero(off[first : midstance + 1])
    return first + int(arriving[-1]) + 1 if arriving.size else None


def find_steps(
    t_ms: np.ndarray, points: np.ndarray, leg_length: float, view: CameraView
) -> list[RunningStep]:
    """Every step of filtered front-view pixels: its side and events (angles left empty).

    One camera sees the foot's height and its distance alike, as image height. Just before
    contact the foot moves down and away from a camera behind the runner, and just after
    toe-off up and away from one in front: along the camera's line of sight, so the image
    barely shows the event. On projected motion capture contact from behind was seen in 6 of
    51 steps and 76 ms early, toe-off from the front 47 ms late (docs/MEASUREMENT.md §9). So
    each view gives the event it sees: toe-off from behind, contact from the front.
    """
    hip_y = (points[:, LEFT_HIP, Y] + points[:, RIGHT_HIP, Y]) / 2
    mids = _midstances(t_ms, hip_y, leg_length)
    feet = {side: foot_y(points, side) for side in SIDES}
    steps = []
    for m in mids:
        left, right = feet["left"][m], feet["right"][m]
        if not (np.isfinite(left) and np.isfinite(right)):
            continue
        side: Side = "left" if left > right else "right"
        before = int(np.searchsorted(t_ms, t_ms[m] - EVENT_WINDOW_MS))
        after = int(np.searchsorted(t_ms, t_ms[m] + EVENT_WINDOW_MS, side="right")) - 1
        off = _off_belt(t_ms, points, side, m, BELT_BAND * leg_length, (before, after))
        contact = _event(off, m, before, after, forward=False) if view == "front" else None
        toe_off = _event(off, m, before, after, forward=True) if view == "back" else None
        steps.append(
            RunningStep(
                side=side,
                contact_ms=None if contact is None else float(t_ms[contact]),
                midstance_ms=float(t_ms[m]),
                toe_off_ms=None if toe_off is None else float(t_ms[toe_off]),
            )
        )
    return steps


def _measured(step: RunningStep, frame: int, measures: Kinematics) -> RunningStep:
    """A step with its stance leg's angles at the midstance frame."""
    return step.model_copy(
        update={name: reported(getattr(measures, name)[frame]) for name in RUNNING_METRICS}
    )


def _stats(values: list[float]) -> MetricStats:
    array = np.array(values, dtype=float)
    return MetricStats(
        mean=reported(array.mean()) if array.size else None,
        sd=reported(array.std(ddof=1)) if array.size >= 2 else None,
        n=int(array.size),
    )


def step_times(steps: list[RunningStep]) -> dict[Side, list[float]]:
    """Each leg's step times: from the other leg's midstance to this leg's, alternating steps.

    Midstance, not contact: on projected motion capture from behind, contact was often not
    seen (docs/MEASUREMENT.md §9), while midstance was found within about 13 ms at 60 fps.
    """
    times: dict[Side, list[float]] = {"left": [], "right": []}
    for previous, step in pairwise(steps):
        if previous.side != step.side:
            times[step.side].append(step.midstance_ms - previous.midstance_ms)
    return times


def _mean(values: list[float]) -> float | None:
    return reported(float(np.mean(values))) if values else None


def side_result(steps: list[RunningStep], side: Side, times: list[float]) -> RunningSide:
    """One leg's statistics over its steps."""
    own = [step for step in steps if step.side == side]
    metrics = {
        name: _stats(values)
        for name in RUNNING_METRICS
        if (values := [v for step in own if (v := getattr(step, name)) is not None])
    }
    return RunningSide(
        side=side,
        n_steps=len(own),
        metrics=metrics,
        step_time_ms=_mean(times),
    )


def running_result(trial: Trial, t_ms: np.ndarray, steps: list[RunningStep]) -> RunningResult:
    """Steps, per-leg statistics, step rate and step-time asymmetry of a running trial."""
    times = step_times(steps)
    sides = [side_result(steps, side, times[side]) for side in SIDES]
    intervals = np.diff([step.midstance_ms for step in steps])
    # The mean of the intervals is not quantised to frames as their median is; one over 1.5
    # times the median spans a step that was not found and is left out.
    steady = intervals[intervals < 1.5 * np.median(intervals)] if intervals.size else intervals
    rate = 60000 / float(np.mean(steady)) if steady.size else None
    left, right = sides[0].step_time_ms, sides[1].step_time_ms
    asymmetry = 100 * (left - right) / ((left + right) / 2) if left is not None and right else None
    return RunningResult(
        camera_view=trial.camera_view or "back",
        steps=steps,
        sides=sides,
        step_rate_spm=reported(rate),
        step_time_asymmetry_pct=reported(asymmetry),
    )


def _quality(
    trial: Trial, t_ms: np.ndarray, pixels: np.ndarray, swapped: np.ndarray, result: RunningResult
) -> Quality:
    fps = estimate_fps(t_ms)
    cues = frontal_cues(pixels)
    visibility = {side: leg_visibility(pixels, LEGS[side]) for side in SIDES}
    counts = {side.side: side.n_steps for side in result.sides}
    step_issues = (
        [Issue("no_steps_detected", blocking=True)]
        if not result.steps
        else [steps_issue(counts[side], side) for side in SIDES]
    )
    other_people = (
        None if trial.other_person_frames is None else trial.other_person_frames / len(trial.frames)
    )
    swapped_fraction = float(np.mean(swapped))
    issues: list[Issue | None] = [
        running_frame_rate_issue(fps),
        *step_issues,
        frontal_issue(cues),
        framing_issue(out_of_frame_fraction(pixels, trial.frame_width, trial.frame_height)),
        *(visibility_issue(visibility[side], side) for side in SIDES),
        swaps_issue(swapped_fraction),
        other_person_issue(other_people),
    ]
    ok, confidence, flags = judge(issues, measured=bool(result.steps))
    return Quality(
        ok=ok,
        confidence=confidence,
        flags=flags,
        fps=reported(fps),
        detected_fraction=float(np.mean(np.isfinite(pixels[:, LEFT_HIP, X]))),
        frontal_width_ratio=reported(cues.width_ratio),
        frontal_depth_yaw_deg=reported(cues.depth_yaw_deg),
        leg_visibility=reported(visibility[trial.side]),
        label_swap_fraction=reported(swapped_fraction),
        other_person_fraction=reported(other_people),
    )


@dataclass(frozen=True)
class RunningRead:
    """A running trial as the analysis reads it, before steps are found."""

    t_ms: np.ndarray
    pixels: np.ndarray  # relabelled, in front-view geometry (a back view flipped), unfiltered
    swapped: np.ndarray  # frames whose left/right labels were swapped back
    points: np.ndarray  # pixels cleaned of tracking jumps, gaps filled, low-passed
    leg_length: float
    roll_deg: float | None  # the phone's roll in front-view geometry, None if not sent
    measures: dict[Side, Kinematics]  # each leg's per-frame angles, that leg as the stance leg


def read_running(trial: Trial) -> RunningRead:
    """Relabel, clean and filter a running trial's landmarks; each leg's per-frame angles."""
    t_ms = timestamps_ms(trial)
    pixels, swapped = fix_label_swaps(scene_pixels(trial))
    leg_length = float(
        np.nanmean(
            [
                _typical_length(pixels[:, LEGS[side].hip], pixels[:, LEGS[side].ankle])
                for side in SIDES
            ]
        )
        if np.isfinite(pixels[:, [LEFT_HIP, RIGHT_HIP, LEFT_ANKLE, RIGHT_ANKLE], X]).any()
        else np.nan
    )
    points = _filtered(t_ms, pixels, leg_length)
    # The flip of a back view mirrors the vertical's lean, as a mirrored upload does.
    roll = scene_roll_deg(trial)
    if roll is not None and trial.camera_view == "back":
        roll = -roll
    measures = {
        side: kinematics(
            points,
            LEGS[side],
            leg_length,
            _typical_length(pixels[:, LEGS[side].hip], pixels[:, LEGS[side].knee]),
            roll,
        )
        for side in SIDES
    }
    return RunningRead(t_ms, pixels, swapped, points, leg_length, roll, measures)


def analyse_running(trial: Trial) -> TrialReport:
    """Measure a running trial: every step's events and midstance angles, per leg."""
    read = read_running(trial)
    t_ms = read.t_ms
    frame_of = {float(t): index for index, t in enumerate(t_ms)}
    steps = [
        _measured(step, frame_of[step.midstance_ms], read.measures[step.side])
        for step in find_steps(t_ms, read.points, read.leg_length, trial.camera_view or "back")
    ]
    result = running_result(trial, t_ms, steps)
    quality = _quality(trial, t_ms, read.pixels, read.swapped, result)
    return TrialReport(
        test=trial.test,
        side=trial.side,
        landmark_model=trial.landmark_model,
        quality=quality,
        reps=[],
        summary=TrialSummary(
            n_reps=len(steps), n_reps_found=len(steps), trusted=quality.ok and bool(steps)
        ),
        series=Series(
            t_ms=t_ms.tolist(), fppa_deg=reported_series(read.measures[trial.side].fppa_deg)
        ),
        tilt_reference=tilt_reference(read.roll_deg),
        device_roll_deg=read.roll_deg,
        running=result,
    )


@dataclass(frozen=True)
class Stride:
    """Two steps in a row, one of each leg: from a midstance to the same leg's next one."""

    start_ms: float
    end_ms: float
    steps: tuple[RunningStep, RunningStep]  # the first leg's step, then the other leg's


# A step whose angle is missing counts as this many spreads from its leg's median.
MISSING_SPREADS = 3.0
# Spreads below this (degrees) are taken as this: a leg whose steps all read alike must not
# make a hundredth of a degree decide.
MIN_SPREAD_DEG = 0.5


def _median_distance(
    step: RunningStep, medians: dict[str, float], spreads: dict[str, float]
) -> float:
    """How far a step's angles lie from its leg's medians, in each measure's own spread; an
    angle not measured counts as far (MISSING_SPREADS) so a complete step is preferred."""
    total = 0.0
    for name in RUNNING_METRICS:
        value = getattr(step, name)
        if value is None or name not in medians:
            total += MISSING_SPREADS
        else:
            total += abs(value - medians[name]) / spreads[name]
    return total


def representative_stride(result: RunningResult) -> Stride | None:
    """The stride whose two steps lie nearest their legs' median angles, for the replay.

    A stride is three midstances in a row on alternating legs (left, right, left or the other
    way round), so a step not found never makes one. Each measure's distance is counted in its
    leg's spread (the median absolute deviation), so no one measure outweighs the others; of
    equally near strides the earliest is taken. None when no three midstances alternate.
    """
    by_side: dict[Side, dict[str, np.ndarray]] = {
        side: {
            name: np.array(values, dtype=float)
            for name in RUNNING_METRICS
            if (
                values := [
                    v
                    for s in result.steps
                    if s.side == side and (v := getattr(s, name)) is not None
                ]
            )
        }
        for side in SIDES
    }
    medians = {side: {n: float(np.median(v)) for n, v in by_side[side].items()} for side in SIDES}
    spreads = {
        side: {
            n: max(float(np.median(np.abs(v - medians[side][n]))), MIN_SPREAD_DEG)
            for n, v in by_side[side].items()
        }
        for side in SIDES
    }
    best: tuple[float, Stride] | None = None
    for first, second, third in zip(result.steps, result.steps[1:], result.steps[2:], strict=False):
        if not (first.side == third.side != second.side):
            continue
        distance = sum(
            _median_distance(step, medians[step.side], spreads[step.side])
            for step in (first, second)
        )
        if best is None or distance < best[0]:
            best = (distance, Stride(first.midstance_ms, third.midstance_ms, (first, second)))
    return None if best is None else best[1]
