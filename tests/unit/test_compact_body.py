"""The compact frames (analysis/compact_frames.py): encode → decode gives back every value at
the stated precision, bit for bit the float a JSON body's decimal parses to, and the analysis
of the decoded arrays equals that of the Frame objects."""

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.compact_frames import (
    LIMITS,
    SCALES,
    CompactFramesError,
    decode_column,
    decode_frames,
    decode_trial,
    encode_column,
    encode_trial,
    stored_trial,
)
from valgus_pwa.analysis.landmarks import timestamps_ms, to_pixels
from valgus_pwa.schemas import LANDMARK_COUNT, CompactTrial, Frame, Trial

DATA = Path(__file__).resolve().parents[1] / "data"


def _column_back(text: str, rows: int, count: int) -> np.ndarray:
    deltas = decode_column(text, rows * count, [])
    return np.cumsum(deltas.reshape(rows, count), axis=1)


@given(
    st.lists(
        st.lists(st.integers(-(2**30), 2**30), min_size=3, max_size=3), min_size=1, max_size=40
    )
)
def test_a_column_round_trips_any_integers(rows):
    values = np.array(rows).T  # 3 rows, deltas restarting at each
    back = _column_back(encode_column(values), values.shape[0], values.shape[1])
    assert np.array_equal(back, values)


def _decimal(value: float, decimals: int) -> float:
    return float(f"{value:.{decimals}f}")


DECIMALS = {"x": 4, "y": 4, "z": 3, "visibility": 2}


@st.composite
def trials(draw):
    """A v1 trial at the stated precision: times to the microsecond, frames without a person."""
    n = draw(st.integers(1, 30))
    steps = draw(st.lists(st.integers(1, 100_000), min_size=n, max_size=n))
    start = draw(st.integers(0, 10_000_000))
    times = np.cumsum([start, *steps[1:]]) / 1000
    frames = []
    for time in times:
        if draw(st.booleans()) and frames:
            frames.append(Frame(t_ms=float(time)))
            continue
        points = []
        for _ in range(LANDMARK_COUNT):
            point = []
            for name in ("x", "y", "z", "visibility"):
                low, high = LIMITS[name]
                value = draw(st.floats(low, high, allow_nan=False))
                point.append(_decimal(value, DECIMALS[name]))
            points.append(tuple(point))
        frames.append(Frame(t_ms=float(time), landmarks=points))
    return Trial(
        test="single_leg_squat",
        side=draw(st.sampled_from(["left", "right"])),
        frame_width=720,
        frame_height=1280,
        mirrored=draw(st.booleans()),
        frames=frames,
    )


@settings(max_examples=60, deadline=None)
@given(trials())
def test_encode_then_decode_gives_back_every_value_as_json_would(trial):
    compact = CompactTrial.model_validate(json.loads(json.dumps(encode_trial(trial))))
    packed = decode_frames(compact, [])
    assert len(packed) == len(trial.frames)
    # The very floats a JSON body parses to: == on floats, not approx.
    assert packed.t_ms.tolist() == [frame.t_ms for frame in trial.frames]
    assert [frame.model_dump() for frame in packed] == [
        frame.model_dump() for frame in trial.frames
    ]
    decoded = decode_trial(compact, [])
    assert np.array_equal(to_pixels(decoded), to_pixels(trial), equal_nan=True)
    assert np.array_equal(timestamps_ms(decoded), timestamps_ms(trial))
    assert stored_trial(encode_trial(trial)).model_dump() == trial.model_dump()


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(SCALES)),
    st.integers(1, 10**6),
    st.booleans(),
)
def test_values_beyond_the_limits_are_refused(name, beyond, above):
    base = Trial(
        test="single_leg_squat",
        side="left",
        frame_width=720,
        frame_height=1280,
        frames=[Frame(t_ms=0.0, landmarks=[(0.5, 0.5, 0.0, 1.0)] * LANDMARK_COUNT)],
    )
    encoded = encode_trial(base)
    low, high = LIMITS[name]
    value = high * SCALES[name] + beyond if above else low * SCALES[name] - beyond
    encoded["columns"][name] = encode_column(np.full((LANDMARK_COUNT, 1), value))
    with pytest.raises(CompactFramesError) as error:
        decode_frames(CompactTrial.model_validate(encoded), ["trials", 0])
    assert error.value.loc == ["trials", 0, "columns", name]


@pytest.mark.parametrize("name", sorted(path.name for path in DATA.glob("*.landmarks.json")))
def test_real_clips_analyse_alike_from_either_form(name):
    trial = Trial.model_validate_json((DATA / name).read_text())
    compact = CompactTrial.model_validate(encode_trial(trial))
    decoded = decode_trial(compact, [])
    assert analyse_trial(decoded).model_dump() == analyse_trial(trial).model_dump()
