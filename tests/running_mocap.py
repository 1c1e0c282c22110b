"""Real treadmill running seen by a virtual phone behind or in front of the treadmill.

Three recordings, CC BY 4.0, markers in mm, converted to metres, x forward, y right, z up:
- RBDS001 of the Running Biomechanics Data Set (Fukuchi, Fukuchi & Duarte 2017, PeerJ 5:e3298):
  30 s at 2.5 m/s (a marker text file) and at 3.5 m/s (a c3d), 150 Hz;
- one runner of the Running Injury Clinic's data set (Calgary; 20140515T133244), 25 s at 200 Hz,
  a c3d with four-marker clusters on the pelvis (sacrum), thighs, shanks and shoe heels; its
  static trial adds the greater trochanters, epicondyles and malleoli.
Joint centres:
- hips, RBDS001: Harrington et al. 2007 (J Biomech 40:595-602) from the ASIS and PSIS, in the
  pelvis's axes at the mid-ASIS: 0.24·PD + 9.9 mm back, 0.30·PW + 10.9 mm down, 0.33·PW + 7.3 mm
  out (PW the inter-ASIS width, PD the mid-ASIS to mid-PSIS depth);
- hips, RIC (no ASIS or PSIS markers): the Running Injury Clinic's own rule, a quarter of the
  way from each greater trochanter of the static trial to the other, carried into each running
  frame by the pelvis cluster;
- knees and ankles: the midpoint of the lateral and medial epicondyle (malleolus) markers of the
  static trial, carried into each running frame by the rigid fit (Kabsch) of the four-marker
  thigh (shank) cluster;
- feet, RBDS001: the heel's bottom marker, and the midpoint of the first and fifth metatarsal
  heads as the toe (MediaPipe's foot index); RIC (shoe-heel markers only): a heel and a
  metatarsal point placed from the static ankle centre where RBDS001's lie from its own, scaled
  by the shank length, carried by the heel cluster;
- the trunk has no markers: the shoulders (and the face and arms, which only complete the
  skeleton) are fixed in the pelvis's axes, so the trunk moves rigidly with the pelvis and trunk
  lean checks geometry only.
The RIC recording loses its right heel cluster at times (and its left heel's and left thigh's
more rarely): those frames are interpolated in the neighbouring segment's frame (_refill).
True gait events come from the markers: contact when the lowest of the heel and metatarsal
points comes within CONTACT_MM of its floor height, toe-off when it leaves that band, midstance
at the lowest mid-hip in between (true_events).
"""

from __future__ import annotations

import json
import math
from functools import cache

import numpy as np

from tests.e2e.media import fixture_video
from tests.skeletons import normalized
from valgus_pwa.schemas import Frame, Trial

# Each recording: its running trial and its static trial (RBDS001 at two speeds, one RIC runner).
RECORDINGS = {
    "RBDS001 2.5 m/s": ("running/RBDS001runT25markers.txt", "running/RBDS001static.txt"),
    "RBDS001 3.5 m/s": ("running/RBDS001runT35.c3d", "running/RBDS001static.c3d"),
    "RIC 20140515T133244": (
        "running/RIC_20140515T133244_run.c3d",
        "running/RIC_20140515T133244_static.c3d",
    ),
}
FIRST_RECORDING = "RBDS001 2.5 m/s"
WIDTH, HEIGHT = 720, 1280
FOCAL_PX = 1100.0
DISTANCE_M = 3.0  # from the runner's mean pelvis
CAMERA_HEIGHT_M = 0.7  # between knee and hip height
CONTACT_MM = 15.0
BRIDGE_S = 0.05
MIN_STANCE_S = 0.1
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
    """As _read, from a c3d: RBDS001's lab has x forward, y up, z right (labels "L.ASIS" become
    "LASIS"), the Running Injury Clinic's x right, y up, z back; mm. A marker the cameras lost is
    stored as all zeros: a gap, filled."""
    import ezc3d  # the test dependency that reads c3d

    c3d = ezc3d.c3d(str(fixture_video(name)))
    points = c3d["data"]["points"][:3]  # (3, markers, frames)
    rate = float(c3d["parameters"]["POINT"]["RATE"]["value"][0])
    t_s = np.arange(points.shape[2]) / rate
    labels = c3d["parameters"]["POINT"]["LABELS"]["value"]
    ric = "pelvis_1" in labels
    markers = {}
    for index, label in enumerate(labels):
        if ric:
            right, up, back = points[:, index, :]
            forward = -back
        else:
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


def _floor_offsets(joints: dict[str, np.ndarray], run: dict[str, np.ndarray]) -> None:
    """Each foot's lowest point, and its lowest height above each point's own floor level."""
    for s in "RL":
        points = [joints[f"{s}Heel"][:, 2], joints[f"{s}Toe"][:, 2]]
        if f"{s}MT1" in run:
            points = [run[f"{s}HeelBottom"][:, 2], run[f"{s}MT1"][:, 2], run[f"{s}MT5"][:, 2]]
        joints[f"{s}FootLow"] = np.minimum.reduce(points)
        joints[f"{s}FootLowFloor"] = np.minimum.reduce([p - np.percentile(p, 2) for p in points])


# RBDS001's static heel-bottom and metatarsal points from its ankle centre (forward, up; m), and
# its shank length (knee to ankle centre): the RIC runner's foot points, scaled.
_RBDS_HEEL = (-0.083, -0.071)
_RBDS_TOE = (0.128, -0.054)
_RBDS_SHANK_M = 0.433


# A cluster whose inter-marker distances differ from the static trial's by more than this is
# lost (tracked, they agree within 0.1 mm in half the frames; the shanks and the pelvis, never
# lost, within 0.6 mm in every frame).
_CLUSTER_LOST_M = 0.003


def _refill(
    static: dict[str, np.ndarray], run: dict[str, np.ndarray], cluster: str, frame: str
) -> None:
    """Where a RIC cluster is lost (a marker or four jump, the cluster no longer rigid), those
    frames and two either side are interpolated, marker by marker, in the frame of the
    neighbouring cluster (a foot's in its shank's, a thigh's in the pelvis's)."""
    markers = [f"{cluster}_{i}" for i in range(1, 5)]
    pairs = [(a, b) for i, a in enumerate(markers) for b in markers[i + 1 :]]
    misfit = np.max(
        [
            np.abs(
                np.linalg.norm(run[a] - run[b], axis=1)
                - np.linalg.norm(static[a] - static[b], axis=1).mean()
            )
            for a, b in pairs
        ],
        axis=0,
    )
    lost = np.convolve(misfit > _CLUSTER_LOST_M, np.ones(5), mode="same") > 0
    if not lost.any():
        return
    reference = [f"{frame}_{i}" for i in range(1, 5)]
    source = np.array([static[name].mean(axis=0) for name in reference])
    rotation, shift = _kabsch(source, np.stack([run[name] for name in reference], axis=1))
    frames = np.arange(len(lost))
    for name in markers:
        local = np.einsum("nji,nj->ni", rotation, run[name] - shift)  # Rᵀ (p - t)
        for axis in range(3):
            local[lost, axis] = np.interp(frames[lost], frames[~lost], local[~lost, axis])
        run[name] = np.einsum("nij,nj->ni", rotation, local) + shift


def _load_ric(static: dict[str, np.ndarray], run: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The Running Injury Clinic's marker set: joint centres and foot points, pelvis axes."""
    # Lost at times: the right heel cluster in 14% of the frames (28 bursts of 90-245 ms with
    # their margins, often in stance, its markers collapsing together up to 0.5 m from the
    # ankle), the left in 2% (5 bursts), the left thigh in 2% (3 bursts: 7.2, 20.0, 24.6 s);
    # the pelvis, the shanks and the right thigh never.
    for s in "RL":
        _refill(static, run, f"{s}_foot", f"{s}_shank")
        _refill(static, run, f"{s}_thigh", "pelvis")
    still = {name: xyz.mean(axis=0) for name, xyz in static.items()}
    hips = {"R": still["R_hip"] + (still["L_hip"] - still["R_hip"]) / 4,
            "L": still["L_hip"] + (still["R_hip"] - still["L_hip"]) / 4}  # fmt: skip
    pelvis = [f"pelvis_{i}" for i in range(1, 5)]
    joints = {}
    for s in "RL":
        knee = (still[f"{s}_lat_knee"] + still[f"{s}_med_knee"]) / 2
        ankle = (still[f"{s}_lat_ankle"] + still[f"{s}_med_ankle"]) / 2
        scale = float(np.linalg.norm(knee - ankle)) / _RBDS_SHANK_M
        forward, up = np.array([1.0, 0.0, 0.0]), np.array([0.0, 0.0, 1.0])
        heel = ankle + scale * (_RBDS_HEEL[0] * forward + _RBDS_HEEL[1] * up)
        toe = ankle + scale * (_RBDS_TOE[0] * forward + _RBDS_TOE[1] * up)
        cluster = {part: [f"{s}_{part}_{i}" for i in range(1, 5)] for part in ("thigh", "shank")}
        foot = [f"{s}_foot_{i}" for i in range(1, 5)]
        joints[f"{s}HJC"] = _carried(static, run, pelvis, hips[s])
        joints[f"{s}KJC"] = _carried(static, run, cluster["thigh"], knee)
        joints[f"{s}AJC"] = _carried(static, run, cluster["shank"], ankle)
        joints[f"{s}Heel"] = _carried(static, run, foot, heel)
        joints[f"{s}Toe"] = _carried(static, run, foot, toe)
    # The pelvis's axes in the static trial (right along the hip centres, up the lab's), carried
    # by the cluster; the origin about where the mid-ASIS lies (Harrington's offsets reversed).
    right = _unit(hips["R"] - hips["L"])
    up = np.array([0.0, 0.0, 1.0])
    up = _unit(up - (up @ right) * right)
    forward = np.cross(right, up)
    origin = (hips["R"] + hips["L"]) / 2 + 0.05 * forward + 0.08 * up
    source = np.array([still[name] for name in pelvis])
    rotation, _ = _kabsch(source, np.stack([run[name] for name in pelvis], axis=1))
    joints["origin"] = _carried(static, run, pelvis, origin)
    for name, axis in (("right", right), ("forward", forward), ("up", up)):
        joints[name] = np.einsum("nij,j->ni", rotation, axis)
    return joints


@cache
def load_running(recording: str = FIRST_RECORDING) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Time (s) and joint centres and foot points (n, 3) of both legs, metres."""
    run_name, static_name = RECORDINGS[recording]
    _, static = _read_any(static_name)
    t_s, run = _read_any(run_name)
    if "pelvis_1" in run:
        joints = _load_ric(static, run)
        _floor_offsets(joints, run)
        return t_s, joints
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
    _floor_offsets(joints, run)
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
    """Every stance of both feet from the markers: side, contact, midstance, toe-off (s).

    A foot is down while its lowest point is within CONTACT_MM of its floor level; a lift
    shorter than BRIDGE_S is bridged (a heel hovering at the band's edge before it lands) and
    a touch shorter than MIN_STANCE_S is no stance."""
    mid_hip = (joints["LHJC"][:, 2] + joints["RHJC"][:, 2]) / 2
    rate = 1.0 / float(np.median(np.diff(t_s)))
    events: list[dict[str, float | str]] = []
    for side, name in (("L", "left"), ("R", "right")):
        down = joints[f"{side}FootLowFloor"] <= CONTACT_MM / 1000
        starts = list(np.flatnonzero(~down[:-1] & down[1:]) + 1)
        ends = list(np.flatnonzero(down[:-1] & ~down[1:]) + 1)
        ends = [e for e in ends if e > starts[0]] if starts else []
        runs = [(a, b) for a, b in zip(starts, ends, strict=False)]
        merged: list[tuple[int, int]] = []
        for a, b in runs:
            if merged and a - merged[-1][1] < BRIDGE_S * rate:
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        for contact, end in merged:
            if end - contact < MIN_STANCE_S * rate:
                continue
            mid = contact + int(np.argmin(mid_hip[contact:end]))
            events.append(
                {"side": name, "contact": t_s[contact], "midstance": t_s[mid], "toe_off": t_s[end]}
            )
    return sorted(events, key=lambda e: float(e["midstance"]))


def drifted(t_s: np.ndarray, world: np.ndarray, metres: float) -> np.ndarray:
    """The runner drifting sideways across the belt (to their right), at a steady speed, by
    metres over the recording sent (SECONDS), centred on where they ran: a copy."""
    shift = (np.clip(t_s / SECONDS, 0.0, 1.0) - 0.5) * metres
    moved = world.copy()
    moved[..., 1] += shift[:, None]
    return moved


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


# What the browser and API tests post: about 20 steps at 60 fps, both legs past the 7 a leg needs.
UPLOAD_SECONDS = 8.0


@cache
def _upload(view: str, fps: float, seconds: float, recording: str) -> str:
    t_s, joints = load_running(recording)
    t_phone, world = resample(t_s, body(joints), fps, seconds)
    return phone_trial(project(world, joints, view), t_phone, view).model_dump_json()


def mocap_running_trial(
    view: str = "back",
    fps: float = 60.0,
    seconds: float = UPLOAD_SECONDS,
    recording: str = FIRST_RECORDING,
) -> dict:
    """The recording's first seconds projected onto a phone's image, as the phone would upload
    them (a trial's JSON, a fresh copy each call): the browser and API tests' running trial."""
    return json.loads(_upload(view, fps, seconds, recording))


def heading_deg(joints: dict[str, np.ndarray]) -> float:
    """The runner's mean heading in the lab, degrees from +x towards +y (a check)."""
    forward = joints["forward"].mean(axis=0)
    return math.degrees(math.atan2(forward[1], forward[0]))
