"""The step rate's 5–10% rise (Heiderscheit et al. 2011) as whole steps a minute, and its words."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valgus_pwa.analysis.step_rate import STEP_RATE_RISE_PCT, StepRateTarget, step_rate_target
from valgus_pwa.content.running_texts import step_rate_text

RATES = st.floats(min_value=60.0, max_value=260.0, allow_nan=False)


def test_the_worked_example_reads_as_the_runner_would_check_it():
    target = step_rate_target(164.3)
    assert target == StepRateTarget(164, 172, 180, 5.0, 10.0)
    assert step_rate_text(target, "runner") == (
        "You ran at 164 steps a minute; 172–180 a minute is 5–10% more."
    )
    assert step_rate_text(target, "clinician") == (
        "Step rate 164 steps/min; +5–10% at the same speed: 172–180 steps/min."
    )


def test_halves_round_up_as_a_runner_rounds():
    # 170 · 1.05 = 178.5 and 150 · 1.05 = 157.5: both up, not to the even neighbour.
    assert step_rate_target(170.0).low_spm == 179
    assert step_rate_target(150.0).low_spm == 158
    assert step_rate_target(156.5).measured_spm == 157


@given(RATES)
def test_each_end_is_the_shown_rate_raised_by_its_percentage(rate: float):
    target = step_rate_target(rate)
    assert abs(target.measured_spm - rate) <= 0.5
    low_pct, high_pct = STEP_RATE_RISE_PCT
    assert abs(target.low_spm - target.measured_spm * (1 + low_pct / 100)) <= 0.5
    assert abs(target.high_spm - target.measured_spm * (1 + high_pct / 100)) <= 0.5
    assert target.measured_spm < target.low_spm < target.high_spm


@given(RATES, st.floats(0.0, 30.0), st.floats(0.0, 30.0))
def test_the_range_is_ordered_whichever_way_the_rises_are_given(rate, a, b):
    target = step_rate_target(rate, (a, b))
    assert target.low_pct <= target.high_pct
    assert target.measured_spm <= target.low_spm <= target.high_spm


@pytest.mark.parametrize("rate", [0.0, -160.0, math.nan, math.inf])
def test_a_rate_that_is_not_a_rate_is_refused(rate):
    with pytest.raises(ValueError):
        step_rate_target(rate)
