"""Real motion capture seen by a virtual phone: 33 MediaPipe-style landmarks projected from a
Vicon countermovement jump through a pinhole camera, with the analytic 2D FPPA to check against.

The c3d holds the right leg's joint centres (RHJC, RKJC, RAJC), the left hip joint centre
(LHJC), the pelvis markers (LASI/RASI/LPSI/RPSI), right heel and toe markers and a right
shoulder marker. The rest of the body is synthesised consistently with them:
- the left knee, ankle, heel and toe, and the left shoulder, are the right ones mirrored in the
  body's vertical mid-plane (through the ASIS midpoint, normal along LASI->RASI made level); a
  countermovement jump is a two-legged, nearly symmetric movement. The plane is vertical
  because mirroring in the tilted pelvis plane would swing the far-below ankle by twice the
  pelvic obliquity times leg length, crossing the feet in the image;
- the face, elbows and wrists hang at fixed offsets from the shoulders in the pelvis's axes.
Only the hips, right knee and ankle, and both shoulders enter the measures; the rest keeps the
skeleton complete for the pose-quality checks.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from tests.e2e.media import fixture_video
from tests.skeletons import make_trial
from valgus_pwa.schemas import Trial

C3D_NAME = "vicon_countermovement_jump.c3d"
WIDTH, HEIGHT = 720, 1280
FOCAL_PX = 1100.0
DISTANCE_M = 3.5
CAMERA_HEIGHT_M = 0.95

# Face and arm offsets from mid-shoulder in metres along (right, forward, up) of the pelvis;
# the person's left side mirrors the right ones.
_HEAD = {0: (0.0, 0.10, 0.25), 2: (-0.03, 0.08, 0.28), 5: (0.03, 0.08, 0.28),
         1: (-0.02, 0.08, 0.28), 3: (-0.045, 0.07, 0.28), 4: (0.02, 0.08, 0.28),
         6: (0.045, 0.07, 0.28), 7: (-0.075, 0.0, 0.26), 8: (0.075, 0.0, 0.26),
         9: (-0.02, 0.09, 0.21), 10: (0.02, 0.09, 0.21)}  # fmt: skip
_ARM_DROP = {13: 0.3, 15: 0.55, 17: 0.6, 19: 0.62, 21: 0.58}  # left elbow, wrist, hand; right = +1


@cache
def load_markers() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Time in seconds and every marker as an (n, 3) array in metres (x right, y forward, z up)."""
    import ezc3d

    c3d = ezc3d.c3d(str(fixture_video(C3D_NAME)))
    labels = c3d["parameters"]["POINT"]["LABELS"]["value"]
    rate = float(c3d["header"]["points"]["frame_rate"])
    points = c3d["data"]["points"][:3] / 1000.0
    markers = {label: points[:, index].T.copy() for index, label in enumerate(labels)}
    return np.arange(points.shape[2]) / rate, markers


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def body_from_markers(markers: dict[str, np.ndarray]) -> np.ndarray:
    """(n, 33, 3) world positions of the MediaPipe landmarks, in metres."""
    lasi, rasi = markers["LASI"], markers["RASI"]
    psis = (markers["LPSI"] + markers["RPSI"]) / 2
    origin = (lasi + rasi) / 2
    right = _unit(rasi - lasi)
    forward = origin - psis
    forward = _unit(forward - np.sum(forward * right, axis=1, keepdims=True) * right)
    up = np.cross(right, forward)

    level_right = _unit(right * [1.0, 1.0, 0.0])

    def mirrored(point: np.ndarray) -> np.ndarray:
        return (
            point - 2 * np.sum((point - origin) * level_right, axis=1, keepdims=True) * level_right
        )

    world = np.zeros((len(origin), 33, 3))
    real = {24: "RHJC", 23: "LHJC", 26: "RKJC", 28: "RAJC", 30: "Right_TalonInf",
            32: "Right_Meta", 12: "Right_Hombro"}  # fmt: skip
    for index, label in real.items():
        world[:, index] = markers[label]
    for left, right_index in ((25, 26), (27, 28), (29, 30), (31, 32), (11, 12)):
        world[:, left] = mirrored(world[:, right_index])
    mid_shoulder = (world[:, 11] + world[:, 12]) / 2
    for index, (r, f, u) in _HEAD.items():
        world[:, index] = mid_shoulder + r * right + f * forward + u * up
    for left, drop in _ARM_DROP.items():
        world[:, left] = world[:, 11] - drop * up
        world[:, left + 1] = world[:, 12] - drop * up
    return world


def resample(t_s: np.ndarray, world: np.ndarray, fps: float, jitter: float = 0.0, seed: int = 0):
    """Landmarks at a phone's frame rate by linear interpolation of the 200 Hz capture; with
    jitter, each frame interval varies by up to ±jitter of its nominal length, as a phone's do."""
    steps = np.full(int(t_s[-1] * fps), 1.0 / fps)
    steps *= np.random.default_rng(seed).uniform(1 - jitter, 1 + jitter, steps.size)
    t_new = np.concatenate(([0.0], np.cumsum(steps)))
    t_new = t_new[t_new <= t_s[-1]]
    flat = world.reshape(len(t_s), -1)
    out = np.column_stack([np.interp(t_new, t_s, column) for column in flat.T])
    return t_new, out.reshape(len(t_new), *world.shape[1:])


def project(world: np.ndarray, yaw_deg: float, facing: tuple[np.ndarray, float]) -> np.ndarray:
    """(n, 33, 4) pixel skeletons (x, y, MediaPipe-style z, visibility) seen by a level pinhole
    camera DISTANCE_M in front of the subject, swung round them by yaw_deg.

    facing is the subject's pelvis centre and heading (subject_facing)."""
    centre, heading = facing
    yaw = math.radians(yaw_deg) + heading
    look = np.array([math.sin(yaw), math.cos(yaw), 0.0])
    camera = np.array([centre[0], centre[1], CAMERA_HEIGHT_M]) + DISTANCE_M * look
    forward = -look
    right = np.array([forward[1], -forward[0], 0.0])  # the image's +x
    relative = world - camera
    depth = relative @ forward
    pixels = np.empty((*world.shape[:2], 4))
    pixels[..., 0] = WIDTH / 2 + FOCAL_PX * (relative @ right) / depth
    pixels[..., 1] = HEIGHT / 2 - FOCAL_PX * relative[..., 2] / depth
    # MediaPipe's z: depth from the mid-hip, on the scale of x (pixels at the hip's distance).
    hip_depth = (depth[:, 23] + depth[:, 24])[:, None] / 2
    pixels[..., 2] = FOCAL_PX * (depth - hip_depth) / hip_depth
    pixels[..., 3] = 0.99
    return pixels


def subject_facing(markers: dict[str, np.ndarray]) -> tuple[np.ndarray, float]:
    """Mean ASIS midpoint, and mean pelvis heading (radians from +y towards +x), over the capture:
    the point the virtual camera looks at, and the direction a 0° camera looks from."""
    asis = (markers["LASI"] + markers["RASI"]) / 2
    forward = asis - (markers["LPSI"] + markers["RPSI"]) / 2
    return asis.mean(axis=0), float(np.arctan2(forward[:, 0].mean(), forward[:, 1].mean()))


def phone_trial(pixels: np.ndarray, t_s: np.ndarray, test: str, mirrored: bool = False) -> Trial:
    """The projected capture as the phone would send it: the right leg is the one measured."""
    return make_trial(
        list(pixels),
        t_s * 1000,
        side="right",
        test=test,
        width=WIDTH,
        height=HEIGHT,
        mirrored=mirrored,
    )
