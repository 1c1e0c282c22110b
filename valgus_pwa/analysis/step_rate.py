"""The step rate a runner would reach with a small rise at the same speed (Heiderscheit et al.
2011: 5% and 10% above a runner's own rate lowered the load on the knee).

Pure arithmetic on the measured rate, in whole steps a minute: the rise is taken from the rate
as the runner reads it, so the numbers shown check out by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The rises of the step rate Heiderscheit et al. 2011 found to lower knee load, in percent.
STEP_RATE_RISE_PCT = (5.0, 10.0)


@dataclass(frozen=True)
class StepRateTarget:
    """A measured step rate and the range of the rise, in whole steps a minute."""

    measured_spm: int
    low_spm: int
    high_spm: int
    low_pct: float
    high_pct: float


def _whole(value: float) -> int:
    """Rounded half up, as a runner rounds (not to the even neighbour)."""
    return math.floor(value + 0.5)


def step_rate_target(
    step_rate_spm: float, rise_pct: tuple[float, float] = STEP_RATE_RISE_PCT
) -> StepRateTarget:
    """The measured rate in whole steps a minute and that rate raised by each end of `rise_pct`."""
    if not math.isfinite(step_rate_spm) or step_rate_spm <= 0:
        raise ValueError(f"a step rate is a positive number of steps a minute, not {step_rate_spm}")
    low_pct, high_pct = sorted(rise_pct)
    measured = _whole(step_rate_spm)
    return StepRateTarget(
        measured_spm=measured,
        low_spm=_whole(measured * (1 + low_pct / 100)),
        high_spm=_whole(measured * (1 + high_pct / 100)),
        low_pct=low_pct,
        high_pct=high_pct,
    )
