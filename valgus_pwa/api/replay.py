"""The keypoints a replay draws, as the analysis read them: pixels, unmirrored, legs relabelled.

So the replay shows the legs the report measured, never MediaPipe's raw (sometimes swapped)
labels.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from valgus_pwa.analysis.landmarks import X, Y, fix_label_swaps, timestamps_ms, to_pixels
from valgus_pwa.analysis.report import READ_LANDMARKS
from valgus_pwa.schemas import Side, TestName, Trial

_DECIMALS = 1  # a tenth of a pixel: finer than any screen draws, and a smaller answer

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


def replay_trial(trial: Trial) -> ReplayTrial:
    pixels, _ = fix_label_swaps(to_pixels(trial, READ_LANDMARKS))
    xy = np.round(pixels[:, READ_LANDMARKS][..., [X, Y]], _DECIMALS)
    coordinates: list[list[list[float]]] = xy.tolist()
    detected: list[list[bool]] = np.all(np.isfinite(xy), axis=-1).tolist()
    points: list[list[Point]] = [
        [(x, y) if seen else None for (x, y), seen in zip(frame, seen_in_frame, strict=True)]
        for frame, seen_in_frame in zip(coordinates, detected, strict=True)
    ]
    return ReplayTrial(
        test=trial.test,
        side=trial.side,
        frame_width=trial.frame_width,
        frame_height=trial.frame_height,
        t_ms=timestamps_ms(trial).tolist(),
        landmarks=list(READ_LANDMARKS),
        points=points,
    )


def replay(trials: list[Trial]) -> Replay:
    return Replay(trials=[replay_trial(trial) for trial in trials])
