"""The replay's stride of a run: three midstances in a row on alternating legs, the two steps
nearest each leg's median angles."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.synthetic_running import standard_running
from valgus_pwa.analysis.report import analyse_trial
from valgus_pwa.analysis.running import RUNNING_METRICS, representative_stride
from valgus_pwa.schemas import RunningResult, RunningStep, Side

ANGLES = st.floats(-20.0, 20.0, allow_nan=False)


def _step(side: Side, midstance_ms: float, angle: float | None = 5.0) -> RunningStep:
    return RunningStep(
        side=side, midstance_ms=midstance_ms, **dict.fromkeys(RUNNING_METRICS, angle)
    )


def _alternating(angles: list[float | None]) -> list[RunningStep]:
    return [
        _step("left" if index % 2 == 0 else "right", 350.0 * (index + 1), angle)
        for index, angle in enumerate(angles)
    ]


def test_the_stride_nearest_each_legs_median_is_chosen() -> None:
    # Left steps read 9, 5, 5, 5; right 1, 5, 5: the first two strides hold a step far off.
    steps = _alternating([9.0, 1.0, 5.0, 5.0, 5.0, 5.0, 5.0])
    stride = representative_stride(RunningResult(camera_view="back", steps=steps))
    assert stride is not None
    assert (stride.start_ms, stride.end_ms) == (steps[2].midstance_ms, steps[4].midstance_ms)
    assert [step.side for step in stride.steps] == ["left", "right"]


def test_a_missed_step_never_makes_a_stride() -> None:
    # left, left, right, right: no three midstances in a row alternate.
    steps = [_step("left", 350), _step("left", 1050), _step("right", 1400), _step("right", 2100)]
    assert representative_stride(RunningResult(camera_view="back", steps=steps)) is None
    assert representative_stride(RunningResult(camera_view="back")) is None


def test_a_step_with_an_angle_missing_is_passed_over_for_a_complete_one() -> None:
    steps = _alternating([5.0, None, 5.0, 5.0, 5.0])
    stride = representative_stride(RunningResult(camera_view="front", steps=steps))
    assert stride is not None and stride.start_ms == steps[2].midstance_ms


@given(st.lists(ANGLES, min_size=3, max_size=24), st.sampled_from(["left", "right"]))
def test_the_stride_is_always_two_steps_in_a_row_on_alternating_legs(
    angles: list[float], first: Side
) -> None:
    steps = _alternating(angles)
    if first == "right":
        steps = [
            s.model_copy(update={"side": "right" if s.side == "left" else "left"}) for s in steps
        ]
    stride = representative_stride(RunningResult(camera_view="back", steps=steps))
    assert stride is not None
    start = next(i for i, s in enumerate(steps) if s.midstance_ms == stride.start_ms)
    assert stride.steps == (steps[start], steps[start + 1])
    assert stride.end_ms == steps[start + 2].midstance_ms
    assert steps[start].side == steps[start + 2].side != steps[start + 1].side


def test_a_steady_run_gives_a_stride_of_two_of_its_own_steps() -> None:
    trial, _ = standard_running()
    result = analyse_trial(trial).running
    assert result is not None
    stride = representative_stride(result)
    assert (
        stride is not None and stride.steps[0] in result.steps and stride.steps[1] in result.steps
    )
    assert 600 < stride.end_ms - stride.start_ms < 840  # two 0.36 s steps, to a frame
