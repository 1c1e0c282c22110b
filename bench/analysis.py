#!/usr/bin/env python3
"""Time the analysis core: median time to score a two-leg single-leg-squat assessment, and a
treadmill run.

Prints the realistic squat case (60 fps, 25 s per leg = 3,000 frames) and 1k/10k/100k frames in
total to show how the cost grows. Goal: under 20 ms for 3,000 frames on a 2-core machine.
Landmarks are synthetic squats with 3 px of jitter and MediaPipe-like left/right label swaps
in a share of frames, so the relabelling and jump checks do real work.

Then a run (both legs in one trial, tests/synthetic_running.py, 1.5 px of jitter): 60 s at
240 fps (14,400 frames, goal under 100 ms), and 15/30/60 s at 60/240 fps for the scaling.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.skeletons import normalized, squat_profile, squat_skeletons
from tests.synthetic_running import running_steps, running_trial
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.analysis.compact_frames import encode_assessment
from valgus_pwa.analysis.landmarks import SWAP_LEFT_RIGHT
from valgus_pwa.analysis.report import analyse_trial
from valgus_pwa.api.body import parse_assessment
from valgus_pwa.schemas import AssessmentIn, Frame, Subject, Trial

FPS = 60.0
UNIQUE_FRAMES = 3000  # beyond this, landmark rows repeat (by reference) to bound memory
WIDTH, HEIGHT = 720, 1280


def squat_trial(side: str, n_frames: int, seed: int) -> Trial:
    """A squat trial of n_frames at 60 fps: 2.4 s reps with 0.7 s pauses, jitter, label swaps."""
    rng = np.random.default_rng(seed)
    unique = min(n_frames, UNIQUE_FRAMES)
    n_reps = max(1, int(unique / FPS / 3.1))
    _t_ms, progress = squat_profile([2400.0] * n_reps, [700.0] * (n_reps + 1), FPS, rng)
    skeletons = squat_skeletons(side, progress[:unique], fppa_bottom=10.0, noise_px=3.0, rng=rng)
    rows = []
    for points in skeletons:
        swapped = points[SWAP_LEFT_RIGHT] if rng.random() < 0.2 else points
        rows.append(normalized(swapped, WIDTH, HEIGHT))
    step = 1000.0 / FPS
    frames = [
        Frame.model_construct(t_ms=i * step, landmarks=rows[i % len(rows)]) for i in range(n_frames)
    ]
    # model_construct: the wire limit of 6,000 frames a trial does not bind a benchmark.
    return Trial.model_construct(
        test="single_leg_squat",
        side=side,
        frame_width=WIDTH,
        frame_height=HEIGHT,
        mirrored=False,
        landmark_model="pose_landmarker_lite",
        frames=frames,
    )


def assessment(total_frames: int) -> AssessmentIn:
    half = total_frames // 2
    return AssessmentIn.model_construct(
        schema_version=1,
        subject=Subject(sex="female"),
        trials=[squat_trial("left", half, 1), squat_trial("right", total_frames - half, 2)],
    )


def _median_ms(score: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of one call; CPU time is what a busy shared
    machine distorts least."""
    score()  # warm-up: imports, caches
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        score()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def median_ms(total_frames: int, repeats: int) -> tuple[float, float]:
    body = assessment(total_frames)
    return _median_ms(lambda: analyse_assessment(body), repeats)


STEP_S, STANCE_S = 0.36, 0.25  # 167 steps a minute, 0.25 s on the belt


def run_trial(seconds: float, fps: float) -> Trial:
    """A steady treadmill run of about `seconds`, both legs, with 1.5 px of jitter, as the
    server reads it from the compact upload (the only form that takes over 6,000 frames)."""
    rng = np.random.default_rng(3)
    means = {"left": (6.0, 8.0, 2.0, 3.0), "right": (4.0, 6.0, 1.0, 2.0)}
    steps = running_steps(int((seconds - 0.6) / STEP_S), STEP_S, STANCE_S, rng, means)  # type: ignore[arg-type]
    trial = running_trial(
        steps, fps, step_s=STEP_S, stance_s=STANCE_S, noise_px=1.5, rng=rng, unchecked=True
    )
    body = AssessmentIn.model_construct(schema_version=1, subject=None, trials=[trial])
    return parse_assessment(json.dumps(encode_assessment(body)).encode()).trials[0]


def running_ms(seconds: float, fps: float, repeats: int) -> tuple[int, float, float]:
    trial = run_trial(seconds, fps)
    return (len(trial.frames), *_median_ms(lambda: analyse_trial(trial), repeats))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    wall, cpu = median_ms(3000, args.repeats)
    print(
        f"two-leg assessment, 60 fps x 25 s per leg (3,000 frames): median {wall:.1f} ms wall,"
        f" {cpu:.1f} ms CPU (goal < 20 ms), {args.repeats} runs"
    )
    for total in (1_000, 10_000, 100_000):
        repeats = args.repeats if total <= 10_000 else max(3, args.repeats // 4)
        wall, cpu = median_ms(total, repeats)
        print(
            f"{total:>7,} frames: median {wall:8.1f} ms wall, {cpu:8.1f} ms CPU"
            f"  ({cpu / total * 1000:.1f} µs CPU a frame)"
        )
    frames, wall, cpu = running_ms(60.0, 240.0, args.repeats)
    print(
        f"run, 60 s at 240 fps ({frames:,} frames, both legs): median {wall:.1f} ms wall,"
        f" {cpu:.1f} ms CPU (goal < 100 ms), {args.repeats} runs"
    )
    for seconds in (15.0, 30.0, 60.0):
        for fps in (60.0, 240.0):
            frames, wall, cpu = running_ms(seconds, fps, max(3, args.repeats // 3))
            print(
                f"run {seconds:>5.0f} s at {fps:3.0f} fps ({frames:>6,} frames): median"
                f" {wall:7.1f} ms wall, {cpu:7.1f} ms CPU ({cpu / frames * 1000:.1f} µs a frame)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
