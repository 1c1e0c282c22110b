"""Synthetic MediaPipe skeletons of exactly known geometry (FPPA, yaw, mirroring) for the
analysis tests; tests/synthetic.py holds the API tests' simpler upload-shaped squat."""

from __future__ import annotations

import math

import numpy as np

from valgus_pwa.analysis.landmarks import LEFT_RIGHT_PAIRS, SWAP_LEFT_RIGHT
from valgus_pwa.schemas import Frame, Side, TestName, Trial

# Body proportions as shares of standing leg length (hip to ankle), as MediaPipe places its
# landmarks on a real frontal clip: shoulders ~0.55 and hips ~0.28 of torso length apart.
HIP_WIDTH = 0.17
SHOULDER_WIDTH = 0.33
TORSO = 0.6


def medial_of(side: Side) -> float:
    """Image x direction towards the midline for a stance leg of a person facing the camera."""
    # Facing the camera, the person's left leg is on the image's right, so medial is -x.
    return -1.0 if side == "left" else 1.0


def leg_with_fppa(
    hip: tuple[float, float], segment: float, fppa_deg: float, medial: float
) -> tuple[np.ndarray, np.ndarray]:
    """Knee and ankle below a hip with equal thigh and shank and an exact FPPA (valgus > 0)."""
    half = math.radians(fppa_deg) / 2
    knee = np.array(hip) + segment * np.array([medial * math.sin(half), math.cos(half)])
    ankle = knee + segment * np.array([-medial * math.sin(half), math.cos(half)])
    return knee, ankle


# Eyes (inner, centre, outer), ear and mouth corner of the person's left side, relative to
# mid-shoulder in leg lengths; the right side mirrors them.
_FACE = np.array([[0.02, -0.27], [0.04, -0.27], [0.06, -0.27], [0.09, -0.25], [0.03, -0.2]])


def body(
    side: Side,
    hip: np.ndarray,
    knee: np.ndarray,
    ankle: np.ndarray,
    *,
    yaw_deg: float = 0.0,
    visibility: float = 0.95,
    two_legs: bool = False,
) -> np.ndarray:
    """A (33, 4) pixel skeleton facing the camera, standing on `side` with the given leg.

    The other leg is lifted, as in a single-leg squat: its foot stays 0.2 leg lengths above
    the floor however deep the squat (the free knee bends). With two_legs, the other leg
    mirrors the stance leg about the body's midline, both feet on the floor, as in a two-leg
    squat. yaw_deg turns the whole body about the vertical axis through the mid-hip: widths
    shrink by cos(yaw) and z opens by sin(yaw).
    """
    hip, knee, ankle = (np.asarray(p, dtype=float) for p in (hip, knee, ankle))
    leg = float(np.hypot(*(ankle - hip)))
    down = np.array([0.0, leg])
    shift = np.array([medial_of(side) * HIP_WIDTH * leg, 0.0])
    other_hip = hip + shift
    if two_legs:
        mirror = np.array([-1.0, 1.0])
        midline = hip[0] + shift[0] / 2
        lifted = tuple(
            np.array([2 * midline, 0.0]) + mirror * point for point in (hip, knee, ankle)
        )
    else:
        lifted_ankle = np.array(
            [other_hip[0], min(other_hip[1] + 0.65 * leg, ankle[1] - 0.2 * leg)]
        )
        lifted = (
            other_hip,
            (other_hip + lifted_ankle) / 2 + np.array([0.0, 0.05 * leg]),
            lifted_ankle,
        )
    legs = {side: (hip, knee, ankle), ("right" if side == "left" else "left"): lifted}
    mid_hip = (hip + other_hip) / 2
    mid_shoulder = mid_hip - TORSO * down
    points = np.zeros((33, 4))
    points[:, 3] = visibility
    points[0, :2] = mid_shoulder - 0.25 * down  # nose
    # Facing the camera, the person's left side is at +x in the image.
    for name, outward, column in (("left", 1.0, 0), ("right", -1.0, 1)):
        for pair, (dx, dy) in zip(LEFT_RIGHT_PAIRS[:5], _FACE, strict=True):
            points[pair[column], :2] = mid_shoulder + np.array([outward * dx, dy]) * leg
        shoulder = mid_shoulder + np.array([outward * SHOULDER_WIDTH / 2 * leg, 0.0])
        hand = shoulder + np.array([outward * 0.05 * leg, 0.6 * leg])
        points[11 + column, :2] = shoulder
        points[13 + column, :2] = (shoulder + hand) / 2  # elbow
        points[[15 + column, 17 + column, 19 + column, 21 + column], :2] = hand  # wrist, fingers
        leg_hip, leg_knee, leg_ankle = legs[name]
        points[23 + column, :2] = leg_hip
        points[25 + column, :2] = leg_knee
        points[27 + column, :2] = leg_ankle
        points[29 + column, :2] = leg_ankle + 0.03 * down  # heel
        points[31 + column, :2] = leg_ankle + 0.08 * down  # foot index
    offset = points[:, 0] - mid_hip[0]
    yaw = math.radians(yaw_deg)
    points[:, 0] = mid_hip[0] + offset * math.cos(yaw)
    points[:, 2] = offset * math.sin(yaw)
    return points


def normalized(points: np.ndarray, width: int, height: int, mirrored: bool = False) -> list:
    """Pixel skeleton -> MediaPipe landmark rows, as a pose model on a mirrored image sees it."""
    rows = points / [width, height, width, 1.0]
    if mirrored:
        rows[:, 0] = 1.0 - rows[:, 0]
        rows = rows[SWAP_LEFT_RIGHT]
    return rows.tolist()


def make_trial(
    skeletons: list[np.ndarray | None],
    t_ms: list[float] | np.ndarray,
    *,
    side: Side = "left",
    test: TestName = "single_leg_squat",
    width: int = 720,
    height: int = 1280,
    mirrored: bool = False,
) -> Trial:
    """A Trial of pixel skeletons (None = no person detected in that frame)."""
    frames = [
        Frame(
            t_ms=float(t), landmarks=None if s is None else normalized(s, width, height, mirrored)
        )
        for s, t in zip(skeletons, t_ms, strict=True)
    ]
    return Trial(
        test=test,
        side=side,
        frame_width=width,
        frame_height=height,
        mirrored=mirrored,
        frames=frames,
    )


def squat_profile(
    rep_ms: list[float], pause_ms: list[float], fps: float, rng: np.random.Generator | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Timestamps and squat progress in [0, 1] (1 = bottom) for reps separated by pauses.

    With rng, frame intervals jitter by up to ±10%, as a phone's do.
    """
    total = pause_ms[0] + sum(r + p for r, p in zip(rep_ms, pause_ms[1:], strict=True))
    steps = np.full(int(total * fps / 1000) + 1, 1000.0 / fps)
    if rng is not None:
        steps *= rng.uniform(0.9, 1.1, steps.size)
    t_ms = np.concatenate(([0.0], np.cumsum(steps)[:-1]))
    progress = np.zeros_like(t_ms)
    start = pause_ms[0]
    for duration, pause in zip(rep_ms, pause_ms[1:], strict=True):
        inside = (t_ms >= start) & (t_ms <= start + duration)
        progress[inside] = (1 - np.cos(2 * np.pi * (t_ms[inside] - start) / duration)) / 2
        start += duration + pause
    return t_ms, progress


def squat_skeletons(
    side: Side,
    progress: np.ndarray,
    *,
    fppa_bottom: float,
    depth: float = 0.25,
    leg: float = 500.0,
    ankle: tuple[float, float] = (360.0, 1150.0),
    noise_px: float = 0.0,
    yaw_deg: float = 0.0,
    visibility: float = 0.95,
    rng: np.random.Generator | None = None,
    two_legs: bool = False,
) -> list[np.ndarray]:
    """Skeletons squatting on one leg (on both with two_legs): the hip drops depth * leg and
    the FPPA reaches its bottom value at progress 1, both in proportion to progress."""
    rng = rng or np.random.default_rng(0)
    medial = medial_of(side)
    skeletons = []
    for p in progress:
        fppa = fppa_bottom * p
        segment = leg * (1 - depth * p) / (2 * math.cos(math.radians(fppa) / 2))
        # Hip placed straight above the ankle, so the leg built downwards lands on the ankle.
        hip = (ankle[0], ankle[1] - 2 * segment * math.cos(math.radians(fppa) / 2))
        knee, foot = leg_with_fppa(hip, segment, fppa, medial)
        points = body(
            side,
            np.array(hip),
            knee,
            foot,
            yaw_deg=yaw_deg,
            visibility=visibility,
            two_legs=two_legs,
        )
        points[:, :2] += rng.normal(0.0, noise_px, (33, 2)) if noise_px else 0.0
        skeletons.append(points)
    return skeletons


def landing_skeletons(
    side: Side,
    t_ms: np.ndarray,
    *,
    contact_ms: float,
    fppa_peak: float,
    fall_ms: float = 300.0,
    absorb_ms: float = 600.0,
    hold_ms: float = 0.0,
    leg: float = 500.0,
) -> list[np.ndarray]:
    """A drop landing: a straight-legged free fall of fall_ms ending at contact_ms, then the
    hips sink and the knee caves in to fppa_peak at contact_ms + absorb_ms / 2, held there for
    hold_ms, before the runner stands back up."""
    sinking = np.clip((t_ms - contact_ms) / absorb_ms, 0.0, 0.5)
    rising = np.clip((t_ms - contact_ms - hold_ms) / absorb_ms, 0.5, 1.0)
    progress = np.sin(np.pi * np.where(t_ms - contact_ms < absorb_ms / 2, sinking, rising))
    skeletons = squat_skeletons(side, progress, fppa_bottom=fppa_peak, depth=0.2, leg=leg)
    airborne = np.clip((contact_ms - t_ms) / fall_ms, 0.0, 1.0)
    drop = 0.3 * leg  # box height
    for points, remaining in zip(skeletons, airborne, strict=True):
        # Free fall: height above ground is drop * (remaining fall time / fall_ms) ** 2.
        points[:, 1] -= drop * remaining**2
    return skeletons


def walking_skeletons(
    side: Side,
    t_ms: np.ndarray,
    *,
    stride_ms: float = 1000.0,
    leg: float = 500.0,
    ankle: tuple[float, float] = (360.0, 1150.0),
    approach_px: float = 150.0,
) -> list[np.ndarray]:
    """Walking towards the camera into the standing position at `ankle`, arriving at t_ms[-1].

    The body grows from 70% to full size and its feet move approach_px down the image as it
    comes nearer. In the first half of every stride the tested foot swings: it lifts by 25% of
    leg length and lands one step further down the image, where it stays planted.
    """
    duration = max(float(t_ms[-1] - t_ms[0]), 1.0)
    strides = math.ceil(duration / stride_ms)

    def planted_y(steps: float) -> float:
        return ankle[1] - approach_px * (1 - min(steps / strides, 1.0))

    skeletons = []
    for t in np.asarray(t_ms) - t_ms[0]:
        scale = leg * (0.7 + 0.3 * t / duration)
        stride, phase = divmod(t / stride_ms, 1.0)
        swing = min(2 * phase, 1.0)  # 0 -> 1 over the swing, then planted
        lift = 0.25 * scale * math.sin(math.pi * swing)
        foot = np.array([ankle[0], planted_y(stride + swing) - lift])
        hip = np.array([ankle[0], ankle[1] - approach_px * (1 - t / duration) - scale])
        knee = (hip + foot) / 2
        skeletons.append(body(side, hip, knee, foot))
    return skeletons


def _per_rep(value, n_reps: int) -> list:
    """A per-rep sequence from one value for every rep, or from a sequence of n_reps values."""
    values = list(value) if isinstance(value, list | tuple | np.ndarray) else [value] * n_reps
    if len(values) != n_reps:
        raise ValueError(f"{len(values)} values for {n_reps} reps")
    return values


def rep_by_rep_squat(
    side: Side,
    rep_ms: list[float],
    pause_ms: list[float],
    fps: float,
    *,
    fppa_bottom: float | list[float],
    depth: float | list[float] = 0.25,
    two_legs: bool | list[bool] = False,
    noise_px: float = 0.0,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Timestamps and skeletons of a squat_profile whose reps each have their own bottom FPPA,
    depth and stance (two_legs: the free foot down for that rep).

    The recording is cut into one stretch per rep at the middle of each pause, where the body
    stands straight (progress 0), and the stretches' skeletons are concatenated; so FPPA and
    depth change nowhere, and only the free foot moves, between a pause's two halves.
    """
    n_reps = len(rep_ms)
    fppas, depths, stances = (_per_rep(v, n_reps) for v in (fppa_bottom, depth, two_legs))
    t_ms, progress = squat_profile(rep_ms, pause_ms, fps, rng)
    starts = pause_ms[0] + np.cumsum(
        [0.0, *(r + p for r, p in zip(rep_ms, pause_ms[1:], strict=True))]
    )
    # Mid-pause cuts between rep k (starting at starts[k]) and rep k + 1.
    cuts = [starts[k] + rep_ms[k] + pause_ms[k + 1] / 2 for k in range(n_reps - 1)]
    stretch = np.searchsorted(cuts, t_ms, side="right")
    skeletons: list[np.ndarray] = []
    for k in range(n_reps):
        skeletons += squat_skeletons(
            side,
            progress[stretch == k],
            fppa_bottom=fppas[k],
            depth=depths[k],
            two_legs=bool(stances[k]),
            noise_px=noise_px,
            rng=rng,
        )
    return t_ms, skeletons


def landmark_jitter(
    skeletons: list[np.ndarray | None],
    sigma: float,
    width: int,
    height: int,
    rng: np.random.Generator,
) -> list[np.ndarray | None]:
    """Add pose-model jitter: independent Gaussian noise of sigma (normalized image units) to
    every landmark's x and y in every frame, i.e. sigma * width px in x and sigma * height px
    in y."""
    scale = np.array([sigma * width, sigma * height])
    return [
        None if points is None
        else np.column_stack([points[:, :2] + rng.normal(0.0, 1.0, (len(points), 2)) * scale, points[:, 2:]])
        for points in skeletons
    ]  # fmt: skip


def drop_frames(
    skeletons: list[np.ndarray | None], share: float, rng: np.random.Generator
) -> list[np.ndarray | None]:
    """Lose round(share * n) frames chosen at random (no person detected there)."""
    lost = set(rng.choice(len(skeletons), round(share * len(skeletons)), replace=False).tolist())
    return [None if index in lost else points for index, points in enumerate(skeletons)]


def box_landings(
    side: Side,
    landings: list[tuple[float, float, float]],
    fps: float,
    *,
    fall_ms: float = 300.0,
    absorb_ms: float = 600.0,
    step_up_ms: float = 900.0,
    final_ms: float = 600.0,
    leg: float = 500.0,
    box: float = 0.3,
    step_over: float = 0.15,
) -> tuple[np.ndarray, list[np.ndarray], list[float], list[float]]:
    """Drop landings off a box and back, in one recording at a steady fps.

    landings holds (ms standing on the box, FPPA at peak knee flexion, ms standing on the
    floor) per landing. Each is: stand on the box (box leg lengths high); a straight-legged
    free fall of fall_ms to initial contact; the hips sink and the knee caves in to the FPPA at
    contact + absorb_ms / 2, then stand back up by contact + absorb_ms; stand on the floor;
    step back up onto the box in step_up_ms: the body rises to step_over leg lengths above the
    box in the first 70% and comes down onto it in the last 30%, a quick downward move of the
    ankle like a fall's, which ends on the box, not the floor. The recording ends final_ms
    after the last step up. Returns timestamps, skeletons, and each landing's true initial
    contact and peak knee flexion times.
    """
    phases: list[tuple[float, str, float]] = []  # (duration, kind, FPPA)
    for on_box, fppa, on_floor in landings:
        phases += [(on_box, "box", 0.0), (fall_ms, "fall", 0.0), (absorb_ms, "absorb", fppa)]
        phases += [(on_floor, "floor", 0.0), (step_up_ms, "step_up", 0.0)]
    phases.append((final_ms, "box", 0.0))
    total = sum(duration for duration, _, _ in phases)
    t_ms = np.arange(0.0, total, 1000.0 / fps)
    skeletons: list[np.ndarray] = []
    contacts, bottoms = [], []
    start = 0.0
    for duration, kind, fppa in phases:
        inside = (t_ms >= start) & (t_ms < start + duration)
        share = (t_ms[inside] - start) / duration  # 0 -> 1 over the phase
        progress = np.sin(np.pi * share) if kind == "absorb" else np.zeros_like(share)
        if kind == "box":
            height = np.full_like(share, box)
        elif kind == "fall":
            height = box * (1 - share) ** 2  # free fall: height goes with remaining time squared
        elif kind == "step_up":
            rise = np.clip(share / 0.7, 0.0, 1.0)
            set_down = np.clip((share - 0.7) / 0.3, 0.0, 1.0)
            height = (box + step_over) * (1 - np.cos(np.pi * rise)) / 2
            height -= step_over * (1 - np.cos(np.pi * set_down)) / 2
        else:
            height = np.zeros_like(share)
        if kind == "absorb":
            contacts.append(start)
            bottoms.append(start + duration / 2)
        for points, lift in zip(
            squat_skeletons(side, progress, fppa_bottom=fppa, depth=0.2, leg=leg),
            height,
            strict=True,
        ):
            points[:, 1] -= lift * leg
            skeletons.append(points)
        start += duration
    return t_ms, skeletons, contacts, bottoms


# Three step-offs, each (ms on the box, FPPA at peak knee flexion, ms on the floor).
THREE_LANDINGS = [(600.0, 8.0, 800.0), (700.0, 10.0, 900.0), (650.0, 9.0, 850.0)]


def landing_trial(
    side: Side = "left",
    fps: float = 60.0,
    landings: list[tuple[float, float, float]] = THREE_LANDINGS,
) -> dict:
    """A drop-landing trial of box_landings in the API's JSON shape."""
    t_ms, skeletons, _, _ = box_landings(side, landings, fps)
    return make_trial(skeletons, t_ms, side=side, test="single_leg_landing").model_dump(mode="json")
