"""The running analysis on synthetic treadmill running of known geometry (hypothesis): every
step found once on the right leg, its midstance angles exact without jitter and close with it,
the step rate and per-leg statistics, the back view read like the front one, and the flags."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.synthetic_running import running_steps, running_trial, standard_running
from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.quality import MIN_RUNNING_FPS, MIN_STEPS_PER_LEG
from valgus_pwa.schemas import RunningResult, Side

ANGLES = ("pelvic_drop_deg", "fppa_deg", "trunk_lean_deg")


def _result(trial) -> RunningResult:  # type: ignore[no-untyped-def]
    report = analyse_trial(trial)
    assert report.running is not None
    return report.running


@settings(max_examples=25, deadline=None)
@given(
    step_s=st.floats(0.32, 0.42),
    stance_s=st.floats(0.2, 0.28),
    fps=st.sampled_from([60.0, 120.0, 240.0]),
    view=st.sampled_from(["back", "front"]),
    first=st.sampled_from(["left", "right"]),
    seed=st.integers(0, 10_000),
    drift=st.floats(-250.0, 250.0),
)
# Slow steps from behind at 60 fps: toe-off 80.06 ms from the truth, the event's frame grid.
@example(0.41956916361727736, 0.25, 60.0, "back", "left", 0, -145.0)
def test_every_step_is_found_with_its_exact_midstance_angles(
    step_s: float, stance_s: float, fps: float, view: str, first: Side, seed: int, drift: float
) -> None:
    rng = np.random.default_rng(seed)
    # Pelvic drop, femur, shank and trunk angles of each leg. The ankles stay apart in the
    # image: feet crossing the midline can trade their labels (docs/MEASUREMENT.md §9 limits).
    low, high = np.array([-2.0, 0.0, -4.0, -3.0]), np.array([8.0, 6.0, 2.0, 6.0])
    means: dict[Side, tuple[float, float, float, float]] = {
        side: tuple(rng.uniform(low, high))  # type: ignore[misc]
        for side in ("left", "right")
    }
    steps = running_steps(16, step_s, stance_s, rng, means, first_side=first)
    trial = running_trial(
        steps,
        fps,
        view,
        step_s=step_s,
        stance_s=stance_s,
        drift_px_s=drift,
        rng=rng,  # type: ignore[arg-type]
    )
    result = _result(trial)
    assert [s.side for s in result.steps] == [s.side for s in steps]
    for found, truth in zip(result.steps, steps, strict=True):
        assert abs(found.midstance_ms - truth.midstance_ms) <= 1000 / fps + 1
        assert abs(found.pelvic_drop_deg - truth.pelvic_drop_deg) <= 0.1  # type: ignore[operator]
        assert abs(found.fppa_deg - truth.fppa_deg) <= 0.1  # type: ignore[operator]
        assert abs(found.trunk_lean_deg - truth.trunk_lean_deg) <= 0.1  # type: ignore[operator]
        # Each view gives the event it sees, and only that one.
        seen, unseen = (
            ("toe_off_ms", "contact_ms") if view == "back" else ("contact_ms", "toe_off_ms")
        )
        assert getattr(found, unseen) is None
        event = getattr(found, seen)
        true_event = getattr(truth, seen)
        # The synthetic foot leaves the belt line gradually: up to 80 ms, plus half a frame
        # for where the frames fall.
        assert event is not None and abs(event - true_event) <= 80.0 + 500 / fps
    assert result.step_rate_spm is not None
    assert abs(result.step_rate_spm - 60 / step_s) <= 0.02 * 60 / step_s
    for side in result.sides:
        own = [s for s in steps if s.side == side.side]
        assert side.n_steps == len(own) == 8
        assert (
            abs(side.metrics["pelvic_drop_deg"].mean - np.mean([s.pelvic_drop_deg for s in own]))
            <= 0.1
        )  # type: ignore[operator]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), fps=st.sampled_from([60.0, 120.0]))
def test_a_back_view_reads_as_the_front_view(seed: int, fps: float) -> None:
    """The same run filmed from behind (the mirror image) gives the same steps and angles."""
    back, _ = standard_running(fps, "back", seed=seed)
    front, _ = standard_running(fps, "front", seed=seed)
    from_back, from_front = _result(back), _result(front)
    assert [s.side for s in from_back.steps] == [s.side for s in from_front.steps]
    for b, f in zip(from_back.steps, from_front.steps, strict=True):
        for name in ANGLES:
            assert abs(getattr(b, name) - getattr(f, name)) <= 1e-6


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_jitter_keeps_the_steps_and_the_means(seed: int) -> None:
    """1.5 px of pose jitter a point and frame at 60 fps: same steps, leg means within 1°."""
    rng = np.random.default_rng(seed)
    means: dict[Side, tuple[float, float, float, float]] = {
        "left": (6.0, 8.0, 2.0, 3.0),
        "right": (4.0, 6.0, 1.0, 2.0),
    }
    steps = running_steps(20, 0.36, 0.25, rng, means)
    trial = running_trial(steps, 60.0, "back", step_s=0.36, stance_s=0.25, noise_px=1.5, rng=rng)
    result = _result(trial)
    assert [s.side for s in result.steps] == [s.side for s in steps]
    for side in result.sides:
        own = [s for s in steps if s.side == side.side]
        for name in ANGLES:
            true_mean = np.mean([getattr(s, name) for s in own])
            assert abs(side.metrics[name].mean - true_mean) <= 1.0  # type: ignore[operator]


def test_even_steps_have_no_step_time_asymmetry() -> None:
    """Steps of 0.36 s on both legs: each leg's step time 360 ms, asymmetry near 0%."""
    result = _result(standard_running(120.0, "front")[0])
    for side in result.sides:
        assert side.step_time_ms is not None and abs(side.step_time_ms - 360) <= 5
    assert result.step_time_asymmetry_pct is not None
    assert abs(result.step_time_asymmetry_pct) <= 2.0


def test_too_few_steps_and_low_frame_rate_are_flagged() -> None:
    short, _ = standard_running(60.0, "back", n_steps=2 * MIN_STEPS_PER_LEG - 2)
    report = analyse_trial(short)
    codes = {f.code: f for f in report.quality.flags}
    assert codes["too_few_steps"].blocking and codes["too_few_steps"].params["min_steps"] == 7
    assert not report.quality.ok and not report.summary.trusted

    slow, _ = standard_running(30.0, "back")
    report = analyse_trial(slow)
    flag = next(f for f in report.quality.flags if f.code == "low_frame_rate")
    assert flag.blocking and flag.params["min_fps"] == MIN_RUNNING_FPS
    assert flag.params["test"] == "running" and not report.summary.trusted

    good, _ = standard_running(60.0, "back")
    report = analyse_trial(good)
    assert report.quality.ok and report.summary.trusted and report.quality.flags == []


def test_standing_still_has_no_steps() -> None:
    trial, _ = standard_running(60.0, "front")
    still = trial.model_copy(
        update={
            "frames": [
                trial.frames[0].model_copy(update={"t_ms": i * 1000 / 60}) for i in range(300)
            ]
        }
    )
    report = analyse_trial(still)
    assert report.running is not None and report.running.steps == []
    assert [f.code for f in report.quality.flags if f.blocking] == ["no_steps_detected"]
