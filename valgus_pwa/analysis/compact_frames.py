"""The compact upload's frames (schema_version 2): integer columns in, arrays out, no I/O.

A trial's frames travel as five columns of integers at the precision the browser already rounds
to (components/pose.js packLandmarks): times in microseconds, x and y in 1/10,000 of the frame,
z in 1/1,000, visibility in 1/100. Each column is delta-encoded along the frames (the first value
as it is, then each value minus the one before; the landmark columns restart the deltas at each
landmark), zigzag-mapped to unsigned (0, -1, 1, -2 … → 0, 1, 2, 3 …), written as 4-byte
little-endian numbers split into byte planes (every number's lowest byte, then every number's
second byte, …), and sent as base64. Small deltas make the upper planes runs of zeros, which
gzip all but removes. README.md ("The compact upload") shows an example.

Decoding checks every number with numpy and builds no Python object per value; the analysis
reads the arrays directly (`PackedFrames`, which landmarks.to_pixels knows).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from valgus_pwa.schemas import (
    COMPACT_SCHEMA_VERSION,
    LANDMARK_COUNT,
    AssessmentIn,
    AssessmentInCompact,
    CompactTrial,
    Frame,
    Trial,
    TrialInfo,
)

# Integers per unit: the decimals packLandmarks keeps (x, y: 4; z: 3; visibility: 2), and
# microseconds for frame times (ms with 3 decimals).
TIME_SCALE = 1000
SCALES: dict[str, int] = {"x": 10_000, "y": 10_000, "z": 1000, "visibility": 100}
COORDINATES = ("x", "y", "z", "visibility")
# What a landmarker can answer: MediaPipe places occluded points a little outside the frame, and
# z is on the scale of x; anything far beyond is not a pose. visibility is a probability.
LIMITS: dict[str, tuple[float, float]] = {
    "x": (-10.0, 10.0),
    "y": (-10.0, 10.0),
    "z": (-100.0, 100.0),
    "visibility": (0.0, 1.0),
}
BYTES_PER_VALUE = 4


class CompactFramesError(ValueError):
    """A compact trial whose columns do not decode: where (loc) and what is wrong."""

    def __init__(self, loc: list[str | int], message: str) -> None:
        super().__init__(message)
        self.loc, self.message = loc, message


@dataclass(frozen=True)
class PackedFrames(Sequence[Frame]):
    """A trial's frames as arrays: t_ms (n,), points (n, 33, 4) NaN where nobody was found.

    It stands in for the list of Frame objects (its items are built on demand), so the analysis
    can read the arrays (landmarks.to_pixels, timestamps_ms) where a v1 upload gives it objects.
    """

    t_ms: np.ndarray
    points: np.ndarray
    detected: np.ndarray

    def __len__(self) -> int:
        return len(self.t_ms)

    @overload
    def __getitem__(self, index: int) -> Frame: ...

    @overload
    def __getitem__(self, index: slice) -> list[Frame]: ...

    def __getitem__(self, index: int | slice) -> Frame | list[Frame]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        landmarks = (
            [tuple(point) for point in self.points[index].tolist()]
            if self.detected[index]
            else None
        )
        return Frame.model_construct(t_ms=float(self.t_ms[index]), landmarks=landmarks)

    def __iter__(self) -> Iterator[Frame]:
        return (self[i] for i in range(len(self)))

    def as_list(self) -> list[Frame]:
        """Every frame as a Frame object, as a v1 upload has them (for exports and replays)."""
        times = self.t_ms.tolist()
        rows = self.points.tolist()
        return [
            Frame.model_construct(
                t_ms=time, landmarks=[tuple(point) for point in row] if seen else None
            )
            for time, row, seen in zip(times, rows, self.detected.tolist(), strict=True)
        ]


# ---------------------------------------------------------------- encoding


def encode_column(values: np.ndarray) -> str:
    """Integer rows (deltas restart at each row) → zigzag → 4 byte planes → base64."""
    rows = np.atleast_2d(np.asarray(values, dtype=np.int64))
    deltas = np.diff(rows, axis=1, prepend=0).ravel()
    zigzag = ((deltas << 1) ^ (deltas >> 63)).astype("<u4")
    planes = zigzag.view(np.uint8).reshape(-1, BYTES_PER_VALUE).T
    return base64.b64encode(np.ascontiguousarray(planes).tobytes()).decode("ascii")


def encode_trial(trial: Trial) -> dict[str, Any]:
    """A v1 trial as a compact one (JSON-ready), at the stated precision."""
    info = trial.model_dump(mode="json", exclude={"frames"}, exclude_none=True)
    seen = [frame.landmarks is not None for frame in trial.frames]
    points = np.array([frame.landmarks for frame in trial.frames if frame.landmarks is not None])
    points = points.reshape(-1, LANDMARK_COUNT, 4)
    times = np.array([frame.t_ms for frame in trial.frames]) * TIME_SCALE
    columns = {"t_us": encode_column(np.rint(times))}
    for channel, name in enumerate(COORDINATES):
        # Landmark-major: each landmark's values over the frames are one row of deltas.
        columns[name] = encode_column(np.rint(points[:, :, channel].T * SCALES[name]))
    return {
        **info,
        "frame_count": len(trial.frames),
        "missing_frames": [index for index, found in enumerate(seen) if not found],
        "columns": columns,
    }


def encode_assessment(assessment: AssessmentIn) -> dict[str, Any]:
    """A v1 assessment as the compact body (JSON-ready)."""
    envelope = assessment.model_dump(mode="json", exclude={"trials"}, exclude_none=True)
    return {
        **envelope,
        "schema_version": COMPACT_SCHEMA_VERSION,
        "trials": [encode_trial(trial) for trial in assessment.trials],
    }


# ---------------------------------------------------------------- decoding


def decode_column(text: str, count: int, loc: list[str | int]) -> np.ndarray:
    """The column's deltas as int64, checked to hold exactly `count` values."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise CompactFramesError(loc, "is not base64 (A-Z, a-z, 0-9, +, /, = padding)") from error
    if len(raw) != BYTES_PER_VALUE * count:
        raise CompactFramesError(
            loc,
            f"holds {len(raw) / BYTES_PER_VALUE:g} values where {count} were expected"
            f" ({BYTES_PER_VALUE} bytes each)",
        )
    planes = np.frombuffer(raw, dtype=np.uint8).reshape(BYTES_PER_VALUE, count).astype(np.uint32)
    zigzag = planes[0] | planes[1] << 8 | planes[2] << 16 | planes[3] << 24
    return (zigzag >> 1).astype(np.int64) ^ -(zigzag & 1).astype(np.int64)


def _missing_mask(trial: CompactTrial, loc: list[str | int]) -> np.ndarray:
    missing = np.asarray(trial.missing_frames, dtype=np.int64)
    if missing.size and (
        missing[0] < 0 or missing[-1] >= trial.frame_count or np.any(np.diff(missing) <= 0)
    ):
        raise CompactFramesError(
            [*loc, "missing_frames"],
            f"must be increasing frame indices from 0 to {trial.frame_count - 1}",
        )
    detected = np.ones(trial.frame_count, dtype=bool)
    detected[missing] = False
    return detected


def decode_frames(trial: CompactTrial, loc: list[str | int]) -> PackedFrames:
    """The trial's frames as arrays; CompactFramesError names the first column that is wrong."""
    detected = _missing_mask(trial, loc)
    n_detected = int(detected.sum())
    columns = [*loc, "columns"]
    t_us = np.cumsum(decode_column(trial.columns.t_us, trial.frame_count, [*columns, "t_us"]))
    if t_us[0] < 0 or np.any(np.diff(t_us) <= 0):
        raise CompactFramesError(
            [*columns, "t_us"], "frame times must start at 0 or later and strictly increase"
        )
    points = np.full((trial.frame_count, LANDMARK_COUNT, 4), np.nan)
    for channel, name in enumerate(COORDINATES):
        deltas = decode_column(
            getattr(trial.columns, name), LANDMARK_COUNT * n_detected, [*columns, name]
        )
        values = np.cumsum(deltas.reshape(LANDMARK_COUNT, n_detected), axis=1)
        low, high = LIMITS[name]
        scale = SCALES[name]
        if values.size and (values.min() < low * scale or values.max() > high * scale):
            raise CompactFramesError(
                [*columns, name], f"values must lie between {low:g} and {high:g}"
            )
        # A division, not a product with 1/scale: the nearest float to value/scale, which is
        # the float a JSON body's decimal number parses to, so both bodies analyse alike.
        points[detected, :, channel] = values.T / scale
    return PackedFrames(t_ms=t_us / TIME_SCALE, points=points, detected=detected)


def _trial_info(trial: CompactTrial) -> dict[str, Any]:
    return {name: getattr(trial, name) for name in TrialInfo.model_fields}


def decode_trial(trial: CompactTrial, loc: list[str | int]) -> Trial:
    """A Trial whose frames are arrays (PackedFrames): for the analysis, not for dumping."""
    frames: Any = decode_frames(trial, loc)
    return Trial.model_construct(**_trial_info(trial), frames=frames)


def decode_assessment(assessment: AssessmentInCompact) -> AssessmentIn:
    """The assessment the analysis reads, its trials' frames as arrays."""
    return AssessmentIn.model_construct(
        schema_version=1,
        subject=assessment.subject,
        recorded_at=assessment.recorded_at,
        trials=[
            decode_trial(trial, ["trials", index]) for index, trial in enumerate(assessment.trials)
        ],
    )


def stored_trial(stored: dict[str, Any]) -> Trial:
    """A stored upload's trial, of either form, with its frames as Frame objects."""
    if "columns" not in stored:
        return Trial.model_validate(stored)
    compact = CompactTrial.model_validate(stored)
    frames: Any = decode_frames(compact, []).as_list()
    return Trial.model_construct(**_trial_info(compact), frames=frames)
