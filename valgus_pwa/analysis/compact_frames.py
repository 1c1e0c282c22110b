"""The compact upload's frames (schema_version 2): integer columns in, arrays out, no I/O.

A trial's frames travel as five columns of integers at the precision the browser already rounds
to (components/pose.js packLandmarks): times in microseconds, x and y in 1/10,000 of the frame,
z in 1/1,000, visibility in 1/100. Each column is delta-encoded along the frames (the first value
as it is, then each value minus the one before; the landmark columns restart the deltas at each
landmark), zigzag-mapped to unsigned (0, -1, 1, -2 … → 0, 1, 2, 3 …) and written in base 64,
one character per 6-bit digit, digit planes one after the other: first the lowest digit of every
value, then every value's second digit, and so on, as many planes as the largest value needs
(1 to 6); the column's length over its count of values says how many. The digits are the base64
alphabet (A = 0 … Z = 25, a = 26 … z = 51, 0 = 52 … 9 = 61, + = 62, / = 63), so the text is
JSON-safe; one character per digit keeps a digit's statistics visible to gzip, which a byte
stream through base64 would scramble. README.md ("The compact upload") shows an example.

Decoding checks every number with numpy and builds no Python object per value; the analysis
reads the arrays directly (`PackedFrames`, which landmarks.to_pixels knows).
"""

from __future__ import annotations

import functools
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
# Base 64 digits: 6 of them hold any zigzagged 32-bit delta.
DIGITS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
MAX_PLANES = 6
_DIGIT_OF = np.full(256, 255, dtype=np.uint8)
_DIGIT_OF[np.frombuffer(DIGITS, dtype=np.uint8)] = np.arange(64, dtype=np.uint8)
_ALPHABET = np.frombuffer(DIGITS, dtype=np.uint8)


class CompactFramesError(ValueError):
    """A compact trial whose columns do not decode: where (loc) and what is wrong."""

    def __init__(self, loc: list[str | int], message: str) -> None:
        super().__init__(message)
        self.loc, self.message = loc, message


@dataclass(frozen=True)
class PackedFrames(Sequence[Frame]):
    """A trial's frames as arrays: t_ms (n,), detected (n,) and the checked integers (4, 33, d)
    of the d frames with a person (x, y, z, visibility; landmark by landmark).

    It stands in for the list of Frame objects (its items are built on demand), so the analysis
    can read the arrays (landmarks.to_pixels, timestamps_ms) where a v1 upload gives it objects,
    and turn into floats only the landmarks it reads.
    """

    t_ms: np.ndarray
    detected: np.ndarray
    integers: np.ndarray

    def detected_points(self, landmarks: Sequence[int]) -> np.ndarray:
        """(d, len(landmarks), 4) floats of the frames with a person."""
        picked = self.integers[:, landmarks]
        # A division, not a product with 1/scale: the nearest float to value/scale, which is
        # the float a JSON body's decimal number parses to, so both bodies analyse alike.
        floats = picked / np.array([SCALES[name] for name in COORDINATES])[:, None, None]
        return floats.transpose(2, 1, 0)

    @functools.cached_property
    def points(self) -> np.ndarray:
        """(n, 33, 4) floats, NaN in the frames without a person."""
        points = np.full((len(self), LANDMARK_COUNT, 4), np.nan)
        points[self.detected] = self.detected_points(range(LANDMARK_COUNT))
        return points

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
    """Integer rows (deltas restart at each row) → zigzag → planes of base-64 digits."""
    rows = np.atleast_2d(np.asarray(values, dtype=np.int64))
    deltas = np.diff(rows, axis=1, prepend=0).ravel()
    zigzag = (deltas << 1) ^ (deltas >> 63)
    largest = int(zigzag.max()) if zigzag.size else 0
    n_planes = 1
    while n_planes < MAX_PLANES and largest >= 64**n_planes:
        n_planes += 1
    planes = [(zigzag >> (6 * plane)) & 63 for plane in range(n_planes)]
    return _ALPHABET[np.concatenate(planes)].tobytes().decode("ascii")


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
    n_planes, rest = divmod(len(text), count) if count else (0, len(text))
    if rest or not 1 <= n_planes <= MAX_PLANES:
        raise CompactFramesError(
            loc,
            f"holds {len(text)} digits: {count} values need 1 to {MAX_PLANES} times as"
            f" many ({count} to {MAX_PLANES * count})",
        )
    # A character outside ASCII encodes to more bytes than one: the count check above stands.
    raw = text.encode("utf-8")
    digits = _DIGIT_OF[np.frombuffer(raw, dtype=np.uint8)]
    if len(raw) != len(text) or digits.max() == 255:
        raise CompactFramesError(loc, "holds characters that are not base-64 digits (A-Za-z0-9+/)")
    planes = digits.reshape(n_planes, count)
    zigzag = planes[0].astype(np.int64)
    for plane in range(1, n_planes):
        zigzag |= planes[plane].astype(np.int64) << (6 * plane)
    return (zigzag >> 1) ^ -(zigzag & 1)


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
    integers = np.empty((4, LANDMARK_COUNT, n_detected), dtype=np.int64)
    for channel, name in enumerate(COORDINATES):
        deltas = decode_column(
            getattr(trial.columns, name), LANDMARK_COUNT * n_detected, [*columns, name]
        )
        values = np.cumsum(
            deltas.reshape(LANDMARK_COUNT, n_detected), axis=1, out=integers[channel]
        )
        low, high = LIMITS[name]
        scale = SCALES[name]
        if values.size and (values.min() < low * scale or values.max() > high * scale):
            raise CompactFramesError(
                [*columns, name], f"values must lie between {low:g} and {high:g}"
            )
    return PackedFrames(t_ms=t_us / TIME_SCALE, detected=detected, integers=integers)


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
