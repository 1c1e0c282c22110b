"""Synthetic treadmill running of known geometry, seen from the front or from behind.

Steps alternate left and right every `step_s`; step k's midstance is where the mid-hip is
lowest. Around it the stance foot rests on a belt line (drifting at `drift_px_s`, as the belt
carries it towards or away from the camera) for `stance_s`; the swing foot is lifted by a
smooth arc. Each step's pelvic drop, femur and shank angles and trunk lean hold exactly at its
midstance and blend smoothly into the neighbours' (raised-cosine weights summing to one), so
the true midstance angles of every step are known.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tests.skeletons import normalized
from valgus_pwa.schemas import CameraView, Frame, Side, Trial

WIDTH, HEIGHT = 720, 1280
LEG = 420.0  # hip to ankle, px
HIP_WIDTH = 0.2 * LEG
TORSO = 0.65 * LEG
FLOOR_Y = 1100.0


@dataclass(frozen=True)
class StepTruth:
    side: Side
    midstance_ms: float
    contact_ms: float
    toe_off_ms: float
    pelvic_drop_deg: float
    femur_deg: float  # from the downward vertical, + towards the midline
    shank_deg: float
    trunk_lean_deg: float

    @property
    def fppa_deg(self) -> float:
        """With equal thigh and shank, the knee is medial of the hip-ankle line by a - b."""
        return self.femur_deg - self.shank_deg


def _weights(t: np.ndarray, centres: np.ndarray, width: float) -> np.ndarray:
    """(n_t, n_centres) raised-cosine weights: 1 at a centre, 0 from `width` away; they sum
    to one between centres `width` apart."""
    tau = (t[:, None] - centres[None, :]) / width
    return np.where(np.abs(tau) < 1, np.cos(np.pi * tau / 2) ** 2, 0.0)


def running_steps(
    n_steps: int,
    step_s: float,
    stance_s: float,
    rng: np.random.Generator,
    means: dict[Side, tuple[float, float, float, float]],
    spread_deg: float = 1.0,
    first_side: Side = "left",
    start_s: float = 0.4,
) -> list[StepTruth]:
    """n_steps alternating steps; per side the means of (pelvic drop, femur, shank, trunk)."""
    steps = []
    for k in range(n_steps):
        side: Side = first_side if k % 2 == 0 else ("right" if first_side == "left" else "left")
        mid = 1000 * (start_s + k * step_s)
        drop, femur, shank, trunk = (m + rng.normal(0, spread_deg) for m in means[side])
        steps.append(
            StepTruth(
                side, mid, mid - 500 * stance_s, mid + 500 * stance_s, drop, femur, shank, trunk
            )
        )
    return steps


def running_trial(
    steps: list[StepTruth],
    fps: float,
    view: CameraView = "back",
    *,
    step_s: float,
    stance_s: float,
    drift_px_s: float = 150.0,
    dip_px: float = 30.0,
    lift_px: float = 150.0,
    noise_px: float = 0.0,
    rng: np.random.Generator | None = None,
    end_pad_s: float = 0.4,
    unchecked: bool = False,
) -> Trial:
    """The running as a phone sends it; from behind the picture is the front view mirrored."""
    rng = rng or np.random.default_rng(0)
    end_s = steps[-1].midstance_ms / 1000 + end_pad_s
    t = np.arange(0.0, end_s, 1.0 / fps)
    mids = np.array([s.midstance_ms / 1000 for s in steps])
    sign = np.array([1.0 if s.side == "left" else -1.0 for s in steps])
    w_step = _weights(t, mids, step_s)
    # Image tilt of the hip line, + when the right hip is lower (a left step's free side).
    tilt = np.radians(w_step @ (sign * [s.pelvic_drop_deg for s in steps]))
    # Trunk lean towards the stance leg: +x for a left step (facing the camera).
    lean = np.radians(w_step @ (sign * [s.trunk_lean_deg for s in steps]))
    phase = np.pi * (t - mids[0]) / step_s
    hip_y = FLOOR_Y - LEG + dip_px * np.cos(phase) ** 2
    centre = np.column_stack([np.full_like(t, WIDTH / 2), hip_y])
    half = HIP_WIDTH / 2
    hips = {
        "left": centre + half * np.column_stack([np.cos(tilt), -np.sin(tilt)]),
        "right": centre + half * np.column_stack([-np.cos(tilt), np.sin(tilt)]),
    }
    points = np.zeros((len(t), 33, 4))
    points[..., 3] = 0.95
    for side, column, medial in (("left", 0, -1.0), ("right", 1, 1.0)):
        own = [s for s in steps if s.side == side]
        own_mids = np.array([s.midstance_ms / 1000 for s in own])
        w_leg = _weights(t, own_mids, 2 * step_s)
        femur = np.radians(w_leg @ np.array([s.femur_deg for s in own]))
        shank = np.radians(w_leg @ np.array([s.shank_deg for s in own]))
        # Time from this leg's nearest midstance, wrapped into one stride.
        tau = (t - own_mids[0] + step_s) % (2 * step_s) - step_s
        in_swing = np.abs(tau) > stance_s / 2
        swing_phase = (np.abs(tau) - stance_s / 2) / (2 * step_s - stance_s)
        lift = np.where(in_swing, lift_px * np.sin(np.pi * swing_phase) ** 2, 0.0)
        belt = drift_px_s * step_s / np.pi * np.sin(np.pi * tau / step_s)
        ankle_y = FLOOR_Y + belt - lift
        hip = hips[side]
        down = ankle_y - hip[:, 1]
        # Equal segments scaled so the ankle lands at ankle_y: the leg's angles are unchanged.
        unit_f = np.column_stack([medial * np.sin(femur), np.cos(femur)])
        unit_s = np.column_stack([medial * np.sin(shank), np.cos(shank)])
        segment = down / (unit_f[:, 1] + unit_s[:, 1])
        knee = hip + segment[:, None] * unit_f
        ankle = knee + segment[:, None] * unit_s
        points[:, 23 + column, :2] = hip
        points[:, 25 + column, :2] = knee
        points[:, 27 + column, :2] = ankle
        points[:, 29 + column, :2] = ankle + np.array([0.0, 0.03 * LEG])
        points[:, 31 + column, :2] = ankle + np.array([0.0, 0.08 * LEG])
    mid_hip = (points[:, 23, :2] + points[:, 24, :2]) / 2
    mid_shoulder = mid_hip + TORSO * np.column_stack([np.sin(lean), -np.cos(lean)])
    for column, outward in ((0, 1.0), (1, -1.0)):
        shoulder = mid_shoulder + np.array([outward * 0.2 * LEG, 0.0])
        points[:, 11 + column, :2] = shoulder
        points[:, 13 + column, :2] = shoulder + np.array([outward * 0.05 * LEG, 0.3 * LEG])
        for index in (15, 17, 19, 21):
            points[:, index + column, :2] = shoulder + np.array([outward * 0.05 * LEG, 0.55 * LEG])
    for index in range(11):
        points[:, index, :2] = mid_shoulder + np.array([(index - 5) * 4.0, -0.3 * LEG])
    if noise_px:
        points[..., :2] += rng.normal(0.0, noise_px, points[..., :2].shape)
    if view == "back":
        # From behind, the runner's left is on the image's left: the mirror of the front view.
        points[..., 0] = WIDTH - points[..., 0]
    frames = [
        Frame(t_ms=float(1000 * time), landmarks=normalized(p, WIDTH, HEIGHT))
        for p, time in zip(points, t, strict=True)
    ]
    fields = {
        "test": "running",
        "side": "left",
        "frame_width": WIDTH,
        "frame_height": HEIGHT,
        "camera_view": view,
        "frames": frames,
    }
    # Unchecked, a trial may hold more frames than the JSON form's 6,000 (the compact form
    # takes 14,400 a trial): benchmarks score a minute at 240 fps.
    return Trial.model_construct(**fields) if unchecked else Trial(**fields)  # type: ignore[arg-type]


def standard_running(
    fps: float = 60.0, view: CameraView = "back", n_steps: int = 20, seed: int = 0
) -> tuple[Trial, list[StepTruth]]:
    """A steady run: 0.36 s steps (167 a minute), 0.25 s on the belt, typical angles."""
    rng = np.random.default_rng(seed)
    means: dict[Side, tuple[float, float, float, float]] = {
        "left": (6.0, 8.0, 2.0, 3.0),
        "right": (4.0, 6.0, 1.0, 2.0),
    }
    steps = running_steps(n_steps, 0.36, 0.25, rng, means)
    return running_trial(steps, fps, view, step_s=0.36, stance_s=0.25, rng=rng), steps


def step_rate_spm(step_s: float) -> float:
    return 60.0 / step_s
