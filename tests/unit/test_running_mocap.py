"""Real treadmill running (RBDS001 at 2.5 and 3.5 m/s, 150 Hz markers; a Running Injury Clinic
runner, 200 Hz) seen by a virtual phone behind and in front of the treadmill at 60, 120 and
240 fps (tests/running_mocap.py), through the running analysis: the steps found against the
markers' own gait events, and each step's midstance angles against the analytic 2D angles of
the same projected points at that instant; 30 fps and a camera turned 30° off the runner's line
are flagged.

Run with -s to print the figures docs/MEASUREMENT.md §9 quotes.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.e2e.media import FixtureMissing
from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.angles import (
    fppa_deg,
    hip_adduction_deg,
    pelvic_drop_deg,
    trunk_lean_deg,
)
from valgus_pwa.schemas import RunningResult

try:
    from tests import running_mocap as mocap

    for _recording in mocap.RECORDINGS:
        mocap.load_running(_recording)
except (FixtureMissing, FileNotFoundError) as missing:  # pragma: no cover - fixture absent
    pytest.skip(f"running motion capture not here: {missing}", allow_module_level=True)

VIEWS = ("back", "front")
RATES = (60.0, 120.0, 240.0)
MATCH_MS = 150.0
# Limits from the figures measured (docs/MEASUREMENT.md §9), with a little room.
MIDSTANCE_MAX_MS = 17.0  # a frame at 60 fps
ANGLE_MAX_DEG = 0.5  # pelvic drop, hip adduction and knee FPPA
DRIFT_M = 0.3  # sideways across the belt over the recording sent
# Trunk lean is geometry only here (the shoulders ride on the pelvis, tests/running_mocap.py).
TRUNK_MAX_DEG = 0.6


RECORDINGS = tuple(mocap.RECORDINGS)
# The recordings whose feet carry markers at the heel and metatarsal heads.
EVENT_RECORDINGS = tuple(r for r in RECORDINGS if r.startswith("RBDS"))


def _truth(recording: str) -> list[dict[str, float | str]]:
    """The markers' steps whose midstance lies inside the recording sent, away from its edges."""
    return [
        e
        for e in mocap.true_events(*mocap.load_running(recording))
        if 0.1 <= float(e["midstance"]) <= mocap.SECONDS - 0.1
    ]


def _analytic(recording: str, view: str, drift_m: float = 0.0) -> dict[str, dict[str, np.ndarray]]:
    """Each leg's four angles, per motion-capture frame, of the projected joint centres (no
    pipeline); drift_m, the runner drifting that far sideways (mocap.drifted).

    Computed in the picture as filmed: from behind, a leg's medial side is the image's other
    way than from the front (no flip), so this also checks the analysis's flip of a back view.
    """
    t_s, joints = mocap.load_running(recording)
    pixels = mocap.project(mocap.drifted(t_s, mocap.body(joints), drift_m), joints, view)
    mid_hip = (pixels[:, 23] + pixels[:, 24]) / 2
    mid_shoulder = (pixels[:, 11] + pixels[:, 12]) / 2
    angles = {}
    for side, (hip, other, knee, ankle) in {
        "left": (23, 24, 25, 27),
        "right": (24, 23, 26, 28),
    }.items():
        # From the front the left leg's midline is at -x; from behind at +x.
        medial = (-1.0 if side == "left" else 1.0) * (1.0 if view == "front" else -1.0)
        angles[side] = {
            "pelvic_drop_deg": pelvic_drop_deg(pixels[:, hip], pixels[:, other]),
            "hip_adduction_deg": hip_adduction_deg(
                pixels[:, hip], pixels[:, other], pixels[:, knee], medial
            ),
            "fppa_deg": fppa_deg(pixels[:, hip], pixels[:, knee], pixels[:, ankle], medial),
            "trunk_lean_deg": trunk_lean_deg(mid_hip, mid_shoulder, medial),
        }
    return angles


def _run(recording: str, view: str, fps: float) -> RunningResult:
    t_s, joints = mocap.load_running(recording)
    t_phone, world = mocap.resample(t_s, mocap.body(joints), fps)
    report = analyse_trial(mocap.phone_trial(mocap.project(world, joints, view), t_phone, view))
    assert report.quality.ok, [f.code for f in report.quality.flags]
    assert report.running is not None
    return report.running


def _compare(recording: str, view: str, fps: float) -> dict[str, object]:
    result = _run(recording, view, fps)
    truth = _truth(recording)
    analytic = _analytic(recording, view)
    t_s = mocap.load_running(recording)[0]
    matched, wrong_side = 0, 0
    errors: dict[str, list[float]] = {"contact": [], "midstance": [], "toe_off": []}
    angle_errors: dict[str, list[float]] = {name: [] for name in analytic["left"]}
    for event in truth:
        step = min(
            result.steps, key=lambda s: abs(s.midstance_ms - 1000 * float(event["midstance"]))
        )
        if abs(step.midstance_ms - 1000 * float(event["midstance"])) > MATCH_MS:
            continue
        matched += 1
        wrong_side += step.side != event["side"]
        for name in errors:
            found = getattr(step, f"{name}_ms")
            if found is not None:
                errors[name].append(found - 1000 * float(event[name]))
        for name, series in analytic[step.side].items():
            exact = float(np.interp(step.midstance_ms / 1000, t_s, series))
            angle_errors[name].append(getattr(step, name) - exact)
    true_steps = len(truth)
    return {
        "result": result,
        "true_steps": true_steps,
        "matched": matched,
        "wrong_side": wrong_side,
        "errors": errors,
        "angle_errors": angle_errors,
    }


def _ms(values: list[float]) -> str:
    if not values:
        return "not seen"
    array = np.array(values)
    return (
        f"{array.mean():+.1f} ± {array.std():.1f} (max {np.abs(array).max():.1f}; n {array.size})"
    )


@pytest.mark.parametrize("recording", RECORDINGS)
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fps", RATES)
def test_steps_events_and_angles_follow_the_motion_capture(
    recording: str, view: str, fps: float
) -> None:
    figures = _compare(recording, view, fps)
    result: RunningResult = figures["result"]  # type: ignore[assignment]
    errors: dict[str, list[float]] = figures["errors"]  # type: ignore[assignment]
    angle_errors: dict[str, list[float]] = figures["angle_errors"]  # type: ignore[assignment]
    print(
        f"\n{recording} {view} {fps:.0f} fps: steps found {len(result.steps)}, true {figures['true_steps']},"
        f" matched {figures['matched']}, wrong side {figures['wrong_side']};"
        f" step rate {result.step_rate_spm} spm, asymmetry {result.step_time_asymmetry_pct}%"
    )
    for name, values in errors.items():
        print(f"  {name} error ms: {_ms(values)}")
    for name, values in angle_errors.items():
        print(f"  {name} error deg: mean {np.mean(values):+.3f}, max {np.max(np.abs(values)):.3f}")
    # Every true step is found once, on the right leg; at most one more at the recording's edges.
    assert figures["matched"] == figures["true_steps"]
    assert figures["wrong_side"] == 0
    assert len(result.steps) - figures["true_steps"] <= 1
    assert max(abs(e) for e in errors["midstance"]) <= MIDSTANCE_MAX_MS
    for name, values in angle_errors.items():
        limit = TRUNK_MAX_DEG if name == "trunk_lean_deg" else ANGLE_MAX_DEG
        assert max(abs(e) for e in values) <= limit, name
    # Seven steps a leg and more: every leg has its statistics.
    assert all(side.n_steps >= 7 and side.metrics for side in result.sides)


@pytest.mark.parametrize("recording", RECORDINGS)
def test_step_rate_matches_the_markers(recording: str) -> None:
    """Within 1 step a minute of the rate of the markers' own midstances (the mean interval,
    as the analysis takes it)."""
    mids = np.array([float(e["midstance"]) for e in _truth(recording)])
    true_rate = 60 / float(np.mean(np.diff(mids)))
    for view in VIEWS:
        result = _run(recording, view, 60.0)
        assert result.step_rate_spm is not None
        print(
            f"\n{recording} {view}: step rate {result.step_rate_spm} spm, markers {true_rate:.2f}"
        )
        assert abs(result.step_rate_spm - true_rate) <= 1.0


@pytest.mark.parametrize("recording", EVENT_RECORDINGS)
@pytest.mark.parametrize("fps", RATES)
def test_each_view_gives_the_event_it_sees(recording: str, fps: float) -> None:
    """Toe-off from behind and contact from the front, for every step, within 20 ms on average
    (at 3.5 m/s and 60 fps contact is a frame late on average) and 35 ms at most of the
    markers' events; the other event is not given. Not the RIC runner's: its heel and toe
    points are placed, not marked (tests/running_mocap.py), and their floor band's events
    move by 20-35 ms with the band's width (docs/MEASUREMENT.md §9.1)."""
    for view, seen, unseen in (("back", "toe_off", "contact"), ("front", "contact", "toe_off")):
        errors = _compare(recording, view, fps)["errors"]
        found = np.array(errors[seen])  # type: ignore[index]
        assert found.size == len(_truth(recording))
        assert abs(found.mean()) <= 20.0 and np.abs(found).max() <= 35.0
        assert not errors[unseen]  # type: ignore[index]


def _report(recording: str, view: str, fps: float, yaw_deg: float = 0.0):
    t_s, joints = mocap.load_running(recording)
    t_phone, world = mocap.resample(t_s, mocap.body(joints), fps)
    pixels = mocap.project(world, joints, view, yaw_deg)
    return analyse_trial(mocap.phone_trial(pixels, t_phone, view))


@pytest.mark.parametrize("recording", RECORDINGS)
@pytest.mark.parametrize("view", VIEWS)
def test_30_fps_is_too_slow_and_a_camera_30_degrees_round_is_not_square(
    recording: str, view: str
) -> None:
    slow = _report(recording, view, 30.0)
    assert not slow.quality.ok and not slow.summary.trusted
    assert "low_frame_rate" in {flag.code for flag in slow.quality.flags}
    turned = _report(recording, view, 60.0, yaw_deg=30.0)
    print(
        f"\n{recording} {view} 30° round: flags {[f.code for f in turned.quality.flags]},"
        f" depth yaw {turned.quality.frontal_depth_yaw_deg}°"
    )
    assert not turned.quality.ok and not turned.summary.trusted
    assert "not_frontal" in {flag.code for flag in turned.quality.flags}


@pytest.mark.parametrize("recording", RECORDINGS)
@pytest.mark.parametrize("view", VIEWS)
def test_a_runner_drifting_across_the_belt_keeps_every_step_and_angle(
    recording: str, view: str
) -> None:
    """A drift of 0.3 m across the belt over the 20 s (60 fps): every step still found once on
    its leg, its angles within 0.5° of the drifted picture's. The picture itself changes: off
    the camera's axis the flexed knee is seen obliquely (docs/MEASUREMENT.md §9.1)."""
    t_s, joints = mocap.load_running(recording)
    world = mocap.drifted(t_s, mocap.body(joints), DRIFT_M)
    t_phone, phone_world = mocap.resample(t_s, world, 60.0)
    report = analyse_trial(
        mocap.phone_trial(mocap.project(phone_world, joints, view), t_phone, view)
    )
    assert report.running is not None
    analytic = _analytic(recording, view, DRIFT_M)
    print(
        f"\n{recording} {view} drifting {DRIFT_M} m: flags {[f.code for f in report.quality.flags]}"
    )
    for event in _truth(recording):
        mid = 1000 * float(event["midstance"])
        step = min(report.running.steps, key=lambda s: abs(s.midstance_ms - mid))
        assert abs(step.midstance_ms - mid) <= MATCH_MS and step.side == event["side"]
        for name in ("pelvic_drop_deg", "hip_adduction_deg", "fppa_deg"):
            exact = float(np.interp(step.midstance_ms / 1000, t_s, analytic[step.side][name]))
            assert abs(getattr(step, name) - exact) <= ANGLE_MAX_DEG, name


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("sigma", [0.002, 0.004])
def test_pose_jitter_keeps_the_steps_and_the_leg_means(view: str, sigma: float) -> None:
    """Landmark jitter (σ a share of the frame, independent per point and frame) at 60 fps:
    every step still found on its leg; each leg's means stay near the analytic ones, though
    single steps scatter (the hip-hip line is short: 66 px here)."""
    recording = RECORDINGS[0]
    t_s, joints = mocap.load_running(recording)
    analytic = _analytic(recording, view)
    truth = _truth(recording)
    for seed in range(3):
        t_phone, world = mocap.resample(t_s, mocap.body(joints), 60.0)
        pixels = mocap.project(world, joints, view)
        rng = np.random.default_rng(seed)
        pixels[..., 0] += rng.normal(0, sigma * mocap.WIDTH, pixels[..., 0].shape)
        pixels[..., 1] += rng.normal(0, sigma * mocap.HEIGHT, pixels[..., 1].shape)
        result = analyse_trial(mocap.phone_trial(pixels, t_phone, view)).running
        assert result is not None
        errors: dict[str, dict[str, list[float]]] = {
            name: {"left": [], "right": []} for name in analytic["left"]
        }
        for event in truth:
            mid = 1000 * float(event["midstance"])
            step = min(result.steps, key=lambda s: abs(s.midstance_ms - mid))
            assert abs(step.midstance_ms - mid) <= MATCH_MS and step.side == event["side"]
            for name, per_side in errors.items():
                exact = float(np.interp(step.midstance_ms / 1000, t_s, analytic[step.side][name]))
                per_side[step.side].append(getattr(step, name) - exact)
        spread = {name: float(np.std(v["left"] + v["right"])) for name, v in errors.items()}
        leg_mean = {
            name: max(abs(np.mean(v["left"])), abs(np.mean(v["right"])))
            for name, v in errors.items()
        }
        print(
            f"\n{view} σ {sigma} seed {seed}: per-step SD "
            + ", ".join(f"{n} {v:.2f}°" for n, v in spread.items())
            + "; worst leg-mean error "
            + ", ".join(f"{n} {v:.2f}°" for n, v in leg_mean.items())
        )
        assert all(value <= (1.0 if sigma <= 0.002 else 1.6) for value in leg_mean.values())
