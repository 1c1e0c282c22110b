"""The keypoints a replay draws, as the analysis read them: pixels, unmirrored, legs relabelled.

So the replay shows the legs the report measured, never MediaPipe's raw (sometimes swapped)
labels. `replay` answers every frame of every trial (the first version, kept for older pages);
`rep_replay` answers one rep of one trial, only the joints the page draws and the knee angle of
each frame, which is all the report page's replay needs (a few kB instead of every frame).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import gzip
import hashlib
import threading
from collections.abc import AsyncIterator

import numpy as np
from pydantic import BaseModel

from valgus_pwa.analysis import ANALYSIS_VERSION
from valgus_pwa.analysis.landmarks import (
    LEFT_ANKLE,
    LEFT_FOOT_INDEX,
    LEFT_HIP,
    LEFT_KNEE,
    LEFT_SHOULDER,
    RIGHT_ANKLE,
    RIGHT_FOOT_INDEX,
    RIGHT_HIP,
    RIGHT_KNEE,
    RIGHT_SHOULDER,
    X,
    Y,
    fix_label_swaps,
    timestamps_ms,
    to_pixels,
)
from valgus_pwa.analysis.report import READ_LANDMARKS
from valgus_pwa.analysis.running import flip_back_view, read_running
from valgus_pwa.schemas import RunningResult, Side, TestName, Trial

_DECIMALS = 1  # a tenth of a pixel: finer than any screen draws, and a smaller answer
# Bump when the rep answer's content changes, so no browser keeps an old copy as valid.
REP_FORMAT = 2
# The joints the replay draws (components/replay.jsx): both shoulders, hips, knees and ankles,
# and the stance leg's toes; the other leg is drawn down to its ankle.
_BOTH_SIDES = (
    LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP, LEFT_KNEE, RIGHT_KNEE,
    LEFT_ANKLE, RIGHT_ANKLE,
)  # fmt: skip
DRAWN_LANDMARKS: dict[Side, tuple[int, ...]] = {
    "left": (*_BOTH_SIDES, LEFT_FOOT_INDEX),
    "right": (*_BOTH_SIDES, RIGHT_FOOT_INDEX),
}
# A stride of a run: both legs down to the toes, each in stance in turn.
STRIDE_LANDMARKS = (*_BOTH_SIDES, LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX)

Point = tuple[float, float] | None


class ReplayTrial(BaseModel):
    test: TestName
    side: Side
    frame_width: int
    frame_height: int
    t_ms: list[float]  # one per frame
    landmarks: list[int]  # MediaPipe index of each point of a frame
    points: list[list[Point]]  # per frame, [x, y] in pixels per landmark; null if not detected


class Replay(BaseModel):
    trials: list[ReplayTrial]


class RepReplay(ReplayTrial):
    """One rep of one trial: the frames from start_ms to end_ms and each one's knee angle."""

    start_ms: float
    end_ms: float
    fppa_deg: list[float | None]  # the report's filtered FPPA of each frame, as its chart shows
    # A running stride only: each frame's stance leg (the leg of the nearest midstance; its
    # FPPA is that frame's fppa_deg), and the midstances inside the frames.
    stance_sides: list[Side] | None = None
    midstance_ms: list[float] = []


def _read_points(trial: Trial) -> np.ndarray:
    """(frames, READ_LANDMARKS, 2) pixels, legs relabelled as the analysis relabels them."""
    pixels, _ = fix_label_swaps(to_pixels(trial, READ_LANDMARKS))
    return np.round(pixels[:, READ_LANDMARKS][..., [X, Y]], _DECIMALS)


def _points(xy: np.ndarray) -> list[list[Point]]:
    coordinates: list[list[list[float]]] = xy.tolist()
    detected: list[list[bool]] = np.all(np.isfinite(xy), axis=-1).tolist()
    return [
        [(x, y) if seen else None for (x, y), seen in zip(frame, seen_in_frame, strict=True)]
        for frame, seen_in_frame in zip(coordinates, detected, strict=True)
    ]


def replay_trial(trial: Trial) -> ReplayTrial:
    return ReplayTrial(
        test=trial.test,
        side=trial.side,
        frame_width=trial.frame_width,
        frame_height=trial.frame_height,
        t_ms=timestamps_ms(trial).tolist(),
        landmarks=list(READ_LANDMARKS),
        points=_points(_read_points(trial)),
    )


def replay(trials: list[Trial]) -> Replay:
    return Replay(trials=[replay_trial(trial) for trial in trials])


def _window(t_ms: np.ndarray, start_ms: float | None, end_ms: float | None) -> tuple[float, float]:
    """The replayed span: the trial's first and last frame where not given."""
    start = float(t_ms[0]) if start_ms is None else start_ms
    end = float(t_ms[-1]) if end_ms is None else end_ms
    return start, end


def _answer(
    trial: Trial, t_ms: np.ndarray, span: tuple[float, float], drawn: tuple[int, ...], **rest
) -> RepReplay:
    return RepReplay(
        test=trial.test,
        side=trial.side,
        frame_width=trial.frame_width,
        frame_height=trial.frame_height,
        t_ms=t_ms.tolist(),
        landmarks=list(drawn),
        start_ms=span[0],
        end_ms=span[1],
        **rest,
    )


def rep_replay(
    trial: Trial, fppa_deg: list[float | None], start_ms: float | None, end_ms: float | None
) -> RepReplay:
    """The frames of one rep (start_ms to end_ms, both included), the drawn joints only.

    Labels are fixed over the whole trial first: the relabelling follows the legs from frame
    to frame, so a rep cut out first could come out labelled otherwise.
    """
    t_ms = timestamps_ms(trial)
    start, end = _window(t_ms, start_ms, end_ms)
    inside = (t_ms >= start) & (t_ms <= end)
    drawn = DRAWN_LANDMARKS[trial.side]
    columns = [READ_LANDMARKS.index(landmark) for landmark in drawn]
    xy = _read_points(trial)[inside][:, columns]
    angles = [fppa_deg[index] for index in np.flatnonzero(inside) if index < len(fppa_deg)]
    return _answer(trial, t_ms[inside], (start, end), drawn, points=_points(xy), fppa_deg=angles)


def stride_replay(
    trial: Trial, result: RunningResult, start_ms: float | None, end_ms: float | None
) -> RepReplay:
    """The frames of one stride of a run (start_ms to end_ms), both legs, as filmed.

    The legs are relabelled as the running analysis relabels them (in a back view after its
    flip), then flipped back, so the skeleton stands as in the video with the legs measured.
    A frame's stance leg is the leg of the nearest midstance: the swap comes halfway between
    two midstances, near the flight between the two stances.
    """
    read = read_running(trial)
    t_ms = read.t_ms
    start, end = _window(t_ms, start_ms, end_ms)
    inside = (t_ms >= start) & (t_ms <= end)
    xy = np.round(
        flip_back_view(read.pixels, trial)[inside][:, STRIDE_LANDMARKS][..., [X, Y]], _DECIMALS
    )
    midstances = np.array([step.midstance_ms for step in result.steps])
    stance_sides: list[Side] = []
    fppa_deg: list[float | None] = []
    for frame in np.flatnonzero(inside):
        nearest = int(np.argmin(np.abs(midstances - t_ms[frame]))) if midstances.size else None
        side = trial.side if nearest is None else result.steps[nearest].side
        stance_sides.append(side)
        angle = float(read.measures[side].fppa_deg[frame])
        fppa_deg.append(round(angle, _DECIMALS) if np.isfinite(angle) else None)
    return _answer(
        trial,
        t_ms[inside],
        (start, end),
        STRIDE_LANDMARKS,
        points=_points(xy),
        fppa_deg=fppa_deg,
        stance_sides=stance_sides,
        midstance_ms=[float(m) for m in midstances if start <= m <= end],
    )


def rep_etag(
    assessment_id: str, trial_index: int, start_ms: float | None, end_ms: float | None
) -> str:
    """A strong validator known before any keypoint is read: a stored assessment never changes.

    What could change the answer is the code that reads it, so the analysis version and the
    answer's format are part of it.
    """
    key = f"{REP_FORMAT}|{ANALYSIS_VERSION}|{assessment_id}|{trial_index}|{start_ms}|{end_ms}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


class EncodedAnswers:
    """A small LRU of encoded answers (JSON and its gzip), so a burst of viewers of one shared
    link reads and relabels its keypoints once. Callers check the assessment still exists
    before serving from it: a deleted one must answer 404, never its cached keypoints.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._answers: collections.OrderedDict[str, tuple[bytes, bytes]] = collections.OrderedDict()
        self._lock = threading.Lock()
        # Per key being read: its lock and how many requests hold or wait for it.
        self._readers: dict[str, tuple[asyncio.Lock, list[int]]] = {}

    @contextlib.asynccontextmanager
    async def first_reader(self, key: str) -> AsyncIterator[None]:
        """Held by one request per key at a time (on this event loop): the others wait, then
        find its answer stored."""
        lock, waiting = self._readers.setdefault(key, (asyncio.Lock(), [0]))
        waiting[0] += 1
        try:
            async with lock:
                yield
        finally:
            waiting[0] -= 1
            if waiting[0] == 0:
                self._readers.pop(key, None)

    def get(self, key: str) -> tuple[bytes, bytes] | None:
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def put(self, key: str, body: bytes) -> tuple[bytes, bytes]:
        encoded = (body, gzip.compress(body, compresslevel=6, mtime=0))
        with self._lock:
            self._answers[key] = encoded
            self._answers.move_to_end(key)
            while len(self._answers) > self.capacity:
                self._answers.popitem(last=False)
        return encoded
