"""Synthetic single-leg squat recordings of known geometry, in the API's trial shape."""

from __future__ import annotations

import gzip
import json
import math
import random

# Standing pose of a person facing the camera, in pixels of a 720x1280 frame. The person's
# left side appears on the image's right, so left landmarks have the larger x.
_STANDING = {
    0: (360, 250),
    11: (420, 380),
    12: (300, 380),
    13: (450, 500),
    14: (270, 500),
    15: (460, 610),
    16: (260, 610),
    23: (400, 640),
    24: (320, 640),
    25: (405, 820),
    26: (315, 820),
    27: (410, 1000),
    28: (310, 1000),
    29: (405, 1020),
    30: (315, 1020),
    31: (430, 1030),
    32: (290, 1030),
}
_FACE = range(1, 11)
_LEFT_LEG = (23, 25, 27, 29, 31)
_RIGHT_LEG = (24, 26, 28, 30, 32)


def _pose(side: str, depth: float, valgus_px: float) -> dict[int, tuple[float, float]]:
    """Landmark pixels at squat depth 0..1 with the stance knee moved medially by valgus_px."""
    points = dict(_STANDING)
    for index in _FACE:
        points[index] = (points[0][0] + (index - 5) * 4, points[0][1] - 10)
    stance, lifted = (_LEFT_LEG, _RIGHT_LEG) if side == "left" else (_RIGHT_LEG, _LEFT_LEG)
    medial = -1.0 if side == "left" else 1.0  # toward the image centre line
    drop = 90.0 * depth
    for index in (0, *_FACE, 11, 12, 13, 14, 15, 16, 23, 24):
        points[index] = (points[index][0], points[index][1] + drop)
    knee = stance[1]
    points[knee] = (points[knee][0] + medial * valgus_px * depth, points[knee][1] + drop * 0.35)
    # The free leg is held up in front, bent at the knee.
    hip_x = points[lifted[0]][0]
    hip_y = points[lifted[0]][1]
    for offset, index in enumerate(lifted[1:], start=1):
        points[index] = (hip_x - medial * 10 * offset, hip_y + 60 + 40 * offset)
    return points


def squat_trial(
    side: str = "left",
    reps: int = 5,
    fps: float = 30.0,
    width: int = 720,
    height: int = 1280,
    valgus_px: float = 30.0,
    seconds_per_rep: float = 2.4,
    rest_seconds: float = 1.0,
) -> dict:
    """A single-leg squat trial with `reps` smooth reps, as the phone would upload it."""
    active = reps * seconds_per_rep
    total = active + 2 * rest_seconds
    frames = []
    for frame_index in range(int(total * fps)):
        t = frame_index / fps
        phase = (t - rest_seconds) / seconds_per_rep
        depth = 0.5 * (1 - math.cos(2 * math.pi * phase)) if 0 <= phase <= reps else 0.0
        points = _pose(side, depth, valgus_px)
        landmarks = []
        for index in range(33):
            x, y = points.get(index, points[0])
            landmarks.append([round(x / width, 4), round(y / height, 4), 0.0, 0.95])
        frames.append({"t_ms": round(t * 1000, 1), "landmarks": landmarks})
    return {
        "test": "single_leg_squat",
        "side": side,
        "frame_width": width,
        "frame_height": height,
        "mirrored": False,
        "landmark_model": "pose_landmarker_lite",
        "frames": frames,
    }


def assessment(*trials: dict, sex: str = "female") -> dict:
    return {"schema_version": 1, "subject": {"sex": sex}, "trials": list(trials or [squat_trial()])}


def jittered(trial: dict, seed: int = 0, noise: float = 0.002) -> dict:
    """The trial with MediaPipe-like landmark jitter, rounded as the phone rounds (4, 4, 3, 2 decimals).

    Gives uploads the size and entropy of real ones (smooth synthetic values compress unrealistically well).
    """
    rng = random.Random(seed)
    frames = [
        {
            "t_ms": frame["t_ms"],
            "landmarks": None
            if frame["landmarks"] is None
            else [
                [
                    round(x + rng.gauss(0, noise), 4),
                    round(y + rng.gauss(0, noise), 4),
                    round(z + rng.gauss(0, 5 * noise), 3),
                    round(max(0.0, v - abs(rng.gauss(0, 0.02))), 2),
                ]
                for x, y, z, v in frame["landmarks"]
            ],
        }
        for frame in trial["frames"]
    ]
    return {**trial, "frames": frames}


def realistic_uploads(count: int = 4) -> list[bytes]:
    """Gzipped 900-frame uploads (30 s at 30 fps) with real-sized, real-entropy keypoints."""
    trial = squat_trial(reps=12, seconds_per_rep=2.4, rest_seconds=0.601)
    sides = ["left", "right"] * count
    return [
        gzip.compress(
            json.dumps(assessment(jittered({**trial, "side": sides[seed]}, seed=seed))).encode()
        )
        for seed in range(count)
    ]
