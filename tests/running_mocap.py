"""Real treadmill running seen by a virtual phone behind or in front of the treadmill.

RBDS001 of the Running Biomechanics Data Set (Fukuchi, Fukuchi & Duarte 2017, PeerJ 5:e3298,
CC BY 4.0): 30 s of treadmill running at 2.5 m/s (a marker text file) and at 3.5 m/s (a c3d),
markers in mm at 150 Hz (x forward, y up, z to the runner's right). Joint centres:
- hips: Harrington et al. 2007 (J Biomech 40:595-602) from the ASIS and PSIS, in the pelvis's
  axes at the mid-ASIS: 0.24·PD + 9.9 mm back, 0.30·PW + 10.9 mm down, 0.33·PW + 7.3 mm out
  (PW the inter-ASIS width, PD the mid-ASIS to mid-PSIS depth);
- knees and ankles: the midpoint of the lateral and medial epicondyle (malleolus) markers of the
  static trial, carried into each running frame by the rigid fit (Kabsch) of the four-marker
  thigh (shank) cluster;
- feet: the heel's bottom marker, and the midpoint of the first and fifth metatarsal heads as
  the toe (MediaPipe's foot index);
- the trunk has no markers: the shoulders (and the face and arms, which only complete the
  skeleton) are fixed in the pelvis's axes, so the trunk moves rigidly with the pelvis and trunk
  lean checks geometry only.
True gait events come from the markers: contact when the heel's bottom marker comes within
CONTACT_MM of its floor height, toe-off when the lowest of heel and metatarsal markers leaves
its floor band, midstance at the lowest mid-hip in between.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from tests.e2e.media import fixture_video
from tests.skeletons import normalized
from valgus_pwa.schemas import Frame, Trial

# Each recording: its running trial and its static trial (RBDS001 at two speeds).
RECORDINGS = {
    "RBDS001 2.5 m/s": ("running/RBDS001runT25markers.txt", "running/RBDS001static.txt"),
    "RBDS001 3.5 m/s": ("running/RBDS001runT35.c3d", "running/RBDS001static.c3d"),
}
FIRST_RECORDING = "RBDS001 2.5 m/s"
WIDTH, HEIGHT = 720, 1280
FOCAL_PX = 1100.0
DISTANCE_M = 3.0  # from the runner's mean pelvis
CAMERA_HEIGHT_M = 0.7  # between knee and hip height
CONTACT_MM = 15.0
# The recording the phone sends: 20 s (at 240 fps 4,800 frames, within a trial's 6,000).
SECONDS = 20.0
# Shoulders and face in the pelvis axes (right, forward, up) from the mid-ASIS, metres.
_UPPER = {11: (-0.19, -0.05, 0.50), 12: (0.19, -0.05, 0.50), 0: (0.0, 0.05, 0.72),
          2: (-0.03, 0.04, 0.75), 5: (0.03, 0.04, 0.75), 1: (-0.02, 0.04, 0.75),
          3: (-0.045, 0.03, 0.75), 4: (0.02, 0.04, 0.75), 6: (0.045, 0.03, 0.75),
          7: (-0.075, -0.03, 0.73), 8: (0.075, -0.03, 0.73), 9: (-0.02, 0.05, 0.68),
          10: (0.02, 0.05, 0.68), 13: (-0.22, -0.05, 0.22), 14: (0.22, -0.05, 0.22),
          15: (-0.2, 0.1, 0.05), 16: (0.2, 0.1, 0.05), 17: (-0.2, 0.12, 0.02),
          18: (0.2, 0.12, 0.02), 19: (-0.2, 0.13, 0.02), 20: (0.2, 0.13, 0.02),
          21: (-0.19, 0.12, 0.03), 22: (0.19, 0.12, 0.03)}  # fmt: skip


def _read(name: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Time in s and each marker as (n, 3) in metres, x forward, y right, z up; gaps filled."""
    table = np.genfromtxt(fixture_video(name), delimiter="\t", names=True)
    t_s = np.asarray(table["Time"], dtype=float)
    markers = {}
    for column in table.dtype.names:
        if column.endswith("X"):
            label = column[:-1]
            # The file's axes: x forward, y up, z right.
            forward, up, right = (np.asarray(table[label + a], float) for a in "XYZ")
            xyz = np.column_stack([forward, right, up]) / 1000.0
            for axis in range(3):
                known = np.isfinite(xyz[:, axis])
                xyz[:, axis] = np.interp(t_s, t_s[known], xyz[known, axis])
            markers[label] = xyz
    return t_s, markers


def _read_c3d(name: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """As _read, from a c3d of the same lab (x forward, y up, z right, mm; labels "L.ASIS"
    become "LASIS"); a marker the cameras lost is stored as all zeros there: a gap, filled."""
    import ezc3d  # the test dependency that reads c3d

    c3d = ezc3d.c3d(str(fixture_video(name)))
    points = c3d["data"]["points"][:3]  # (3, markers, frames)
    rate = float(c3d["parameters"]["POINT"]["RATE"]["value"][0])
    t_s = np.arange(points.shape[2]) / rate
    markers = {}
    for index, label in enumerate(c3d["parameters"]["POINT"]["LABELS"]["value"]):
        forward, up, right = points[:, index, :]
        xyz = np.column_stack([forward, right, up]) / 1000.0
        lost = np.all(xyz == 0.0, axis=1) | ~np.all(np.isfinite(xyz), axis=1)
        for axis in range(3):
            xyz[:, axis] = np.interp(t_s, t_s[~lost], xyz[~lost, axis])
        markers[label.replace(".", "")] = xyz
    return t_s, markers


def _read_any(name: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    return _read_c3d(name) if name.endswith(".c3d") else _read(name)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _pelvis_axes(m: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Origin (mid-ASIS) and right, forward, up unit axes of the pelvis in each frame."""
    origin = (m["RASIS"] + m["LASIS"]) / 2
    right = _unit(m["RASIS"] - m["LASIS"])
    back = (m["RPSIS"] + m["LPSIS"]) / 2
    forward = origin - back
    forward = _unit(forward - np.sum(forward * right, axis=-1, keepdims=True) * right)
    # Axes (x forward, y right, z up) are left-handed: up = forward × right.
    up = np.cross(forward, right)
    return origin, right, forward, up


def _hip_centres(m: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Harrington et al. 2007 hip joint centres."""
    origin, right, forward, up = _pelvis_axes(m)
    width = np.linalg.norm(m["RASIS"] - m["LASIS"], axis=-1, keepdims=True)
    depth = np.linalg.norm(origin - (m["RPSIS"] + m["LPSIS"]) / 2, axis=-1, keepdims=True)
    back = -(0.24 * depth + 0.0099) * forward
    down = -(0.30 * width + 0.0109) * up
    out = (0.33 * width + 0.0073) * right
    return {"R": origin + back + down + out, "L": origin + back + down - out}


def _kabsch(source: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rotations (n, 3, 3) and translations (n, 3) taking source (k, 3) onto target (n, k, 3)."""
    src_c = source.mean(axis=0)
    tgt_c = target.mean(axis=1)
    h = np.einsum("ki,nkj->nij", source - src_c, target - tgt_c[:, None])
    u, _, vt = np.linalg.svd(h)
    d = np.sign(np.linalg.det(np.einsum("nij,njk->nik", u, vt)))
    fix = np.eye(3)[None].repeat(len(h), axis=0)
    fix[:, 2, 2] = d
    rotation = np.einsum("nji,njk,nlk->nil", vt, fix, u)  # V · D · Uᵀ
    return rotation, tgt_c - np.einsum("nij,j->ni", rotation, src_c)


def _carried(
    static: dict[str, np.ndarray], run: dict[str, np.ndarray], cluster: list[str], point: np.ndarray
) -> np.ndarray:
    """A static-trial point carried into every running frame by its cluster's rigid motion."""
    source = np.array([static[name].mean(axis=0) for name in cluster])
    target = np.stack([run[name] for name in cluster], axis=1)
    rotation, shift = _kabsch(source, target)
    return np.einsum("nij,j->ni", rotation, point) + shift


@cache
def load_running(recording: str = FIRST_RECORDING) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Time (s) and joint centres and foot points (n, 3) of both legs, metres."""
    run_name, static_name = RECORDINGS[recording]
    _, static = _read_any(static_name)
    t_s, run = _read_any(run_name)
    joints = {}
    hips = _hip_centres(run)
    for s in "RL":
        thigh = [f"{s}Thigh{a}{b}" for a in ("Top", "Bottom") for b in ("Lateral", "Medial")]
        shank = [f"{s}Shank{a}{b}" for a in ("Top", "Bottom") for b in ("Lateral", "Medial")]
        knee = (static[f"{s}Knee"].mean(axis=0) + static[f"{s}KneeMedial"].mean(axis=0)) / 2
        ankle = (static[f"{s}Ankle"].mean(axis=0) + static[f"{s}AnkleMedial"].mean(axis=0)) / 2
        joints[f"{s}HJC"] = hips[s]
        joints[f"{s}KJC"] = _carried(static, run, thigh, knee)
        joints[f"{s}AJC"] = _carried(static, run, shank, ankle)
        joints[f"{s}Heel"] = run[f"{s}HeelBottom"]
        joints[f"{s}Toe"] = (run[f"{s}MT1"] + run[f"{s}MT5"]) / 2
        joints[f"{s}FootLow"] = np.minimum.reduce(
            [run[f"{s}HeelBottom"][:, 2], run[f"{s}MT1"][:, 2], run[f"{s}MT5"][:, 2]]
        )
        joints[f"{s}FootLowFloor"] = np.minimum.reduce(
            [
                run[f"{s}HeelBottom"][:, 2] - np.percentile(run[f"{s}HeelBottom"][:, 2], 2),
                run[f"{s}MT1"][:, 2] - np.percentile(run[f"{s}MT1"][:, 2], 2),
                run[f"{s}MT5"][:, 2] - np.percentile(run[f"{s}MT5"][:, 2], 2),
            ]
        )
    origin, right, forward, up = _pelvis_axes(run)
    joints["origin"], joints["right"], joints["forward"], joints["up"] = origin, right, forward, up
    return t_s, joints


def body(joints: dict[str, np.ndarray]) -> np.ndarray:
    """(n, 33, 3) world positions of the MediaPipe landmarks (x forward, y right, z up)."""
    n = len(joints["origin"])
    world = np.zeros((n, 33, 3))
    for index, (r, f, u) in _UPPER.items():
        world[:, index] = (
            joints["origin"] + r * joints["right"] + f * joints["forward"] + u * joints["up"]
        )
    for side, offset in (("L", 0), ("R", 1)):
        world[:, 23 + offset] = joints[f"{side}HJC"]
        world[:, 25 + offset] = joints[f"{side}KJC"]
        world[:, 27 + offset] = joints[f"{side}AJC"]
        world[:, 29 + offset] = joints[f"{side}Heel"]
        world[:, 31 + offset] = joints[f"{side}Toe"]
    return world


def true_events(t_s: np.ndarray, joints: dict[str, np.ndarray]) -> list[dict[str, float | str]]:
    """Every stance of both feet from the markers: side, contact, midstance, toe-off (s)."""
    mid_hip = (joints["LHJC"][:, 2] + joints["RHJC"][:, 2]) / 2
    events: list[dict[str, float | str]] = []
    for side, name in (("L", "left"), ("R", "right")):
        heel = joints[f"{side}Heel"][:, 2]
        heel_height = heel - np.percentile(heel, 2)
        down = joints[f"{side}FootLowFloor"] <= CONTACT_MM / 1000
        starts = np.flatnonzero(~down[:-1] & down[1:]) + 1
        for start in starts:
            ends = np.flatnonzero(~down[start:])
            if not ends.size:
                break
            end = start + int(ends[0])
            # Contact: the heel itself reaches its floor band (a rearfoot strike).
            heel_down = np.flatnonzero(heel_height[start - 20 : end] <= CONTACT_MM / 1000)
            contact = start - 20 + int(heel_down[0]) if heel_down.size else start
            contact = min(contact, start)
            mid = contact + int(np.argmin(mid_hip[contact:end]))
            events.append(
                {"side": name, "contact": t_s[contact], "midstance": t_s[mid], "toe_off": t_s[end]}
            )
    return sorted(events, key=lambda e: float(e["midstance"]))


def resample(
    t_s: np.ndarray, world: np.ndarray, fps: float, seconds: float = SECONDS
) -> tuple[np.ndarray, np.ndarray]:
    """The first seconds of the capture at a phone's frame rate, by linear interpolation."""
    t_new = np.arange(0.0, min(seconds, t_s[-1]), 1.0 / fps)
    flat = world.reshape(len(t_s), -1)
    out = np.column_stack([np.interp(t_new, t_s, column) for column in flat.T])
    return t_new, out.reshape(len(t_new), *world.shape[1:])


def project(
    world: np.ndarray, joints: dict[str, np.ndarray], view: str, yaw_deg: float = 0.0
) -> np.ndarray:
    """(n, 33, 4) pixels seen by a level phone DISTANCE_M behind (or in front of) the runner;
    with yaw_deg, the phone stands that far round the runner (about the vertical through the
    mean pelvis) and still looks at them: a camera not square to the runner."""
    centre = joints["origin"].mean(axis=0)
    heading = joints["forward"].mean(axis=0)
    heading = _unit(np.array([heading[0], heading[1], 0.0]))
    look = heading if view == "back" else -heading  # the camera's viewing direction
    turn = math.radians(yaw_deg)
    look = np.array(
        [
            look[0] * math.cos(turn) - look[1] * math.sin(turn),
            look[0] * math.sin(turn) + look[1] * math.cos(turn),
            0.0,
        ]
    )
    camera = np.array([centre[0], centre[1], CAMERA_HEIGHT_M]) - DISTANCE_M * look
    # Image +x: the camera's right (the runner's right from behind, their left from the front).
    image_right = np.array([-look[1], look[0], 0.0])
    relative = world - camera
    depth = relative @ look
    pixels = np.empty((*world.shape[:2], 4))
    pixels[..., 0] = WIDTH / 2 + FOCAL_PX * (relative @ image_right) / depth
    pixels[..., 1] = HEIGHT / 2 - FOCAL_PX * relative[..., 2] / depth
    hip_depth = (depth[:, 23] + depth[:, 24])[:, None] / 2
    pixels[..., 2] = FOCAL_PX * (depth - hip_depth) / hip_depth
    pixels[..., 3] = 0.99
    return pixels


def phone_trial(pixels: np.ndarray, t_s: np.ndarray, view: str) -> Trial:
    """The projected running as the phone would send it."""
    frames = [
        Frame(t_ms=float(t), landmarks=normalized(p, WIDTH, HEIGHT))
        for p, t in zip(pixels, t_s * 1000, strict=True)
    ]
    return Trial(
        test="running",
        side="left",
        frame_width=WIDTH,
        frame_height=HEIGHT,
        camera_view=view,
        frames=frames,
    )


def heading_deg(joints: dict[str, np.ndarray]) -> float:
    """The runner's mean heading in the lab, degrees from +x towards +y (a check)."""
    forward = joints["forward"].mean(axis=0)
    return math.degrees(math.atan2(forward[1], forward[0]))
