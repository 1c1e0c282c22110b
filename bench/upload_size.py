#!/usr/bin/env python3
"""Upload size and server read time of the two upload forms, JSON (schema_version 1) and compact
(schema_version 2), on real MediaPipe landmarks.

Goals: the compact body is at most 100 kB on the wire (gzip) for 30 s at 30 fps and at most 1 MB
for 30 s at 240 fps, and parsing and validating it takes at most half the analysis of the same
body. The landmarks are the fixture clips' (tests/data/*.landmarks.json, real MediaPipe output):
30 fps is every other frame of a 60 fps clip; 240 fps keeps the 60 fps frames with 240 fps
times, so each frame moves as far as at 60 fps (a pessimistic case for the deltas). Clips are
looped forwards then backwards to length, each pass scaled by 1.3% more about the frame's
centre, so gzip finds no exact repeat that real data would not have.

Usage: .venv/bin/python bench/upload_size.py [--runs N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.analysis.compact_frames import encode_assessment
from valgus_pwa.api.body import gunzip, parse_assessment
from valgus_pwa.schemas import AssessmentIn, Frame, Subject, Trial

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SQUAT_CLIP = "squat_two_leg_oblique"  # 805 frames at 60 fps, a person in every one
# The browser's CompressionStream("gzip") compresses at zlib's default level.
GZIP_LEVEL = 6
WIRE_GOALS = {30: 100_000, 240: 1_000_000}


def _clip_frames(step: int) -> tuple[dict[str, Any], list[Any]]:
    clip = json.loads((DATA / f"{SQUAT_CLIP}.landmarks.json").read_text())
    seen = [frame["landmarks"] for frame in clip["frames"] if frame["landmarks"]]
    return clip, seen[::step]


def _scaled(rows: list[Any], factor: float) -> list[Any]:
    """The poses grown about the frame's centre, as if the runner stood a little closer."""
    return [
        [
            [
                round(0.5 + (x - 0.5) * factor, 4),
                round(0.5 + (y - 0.5) * factor, 4),
                round(z * factor, 3),
                visibility,
            ]
            for x, y, z, visibility in landmarks
        ]
        for landmarks in rows
    ]


def _looped(rows: list[Any], count: int) -> list[Any]:
    """Forwards, backwards, forwards … each pass 1.3% larger than the one before, so that no
    stretch repeats exactly (a repeat would flatter gzip)."""
    out: list[Any] = []
    passes = 0
    while len(out) < count:
        looped = rows if passes % 2 == 0 else rows[::-1]
        out.extend(looped if passes == 0 else _scaled(looped, 1 + 0.013 * passes))
        passes += 1
    return out[:count]


def trial(side: str, fps: float, seconds: float, step: int) -> Trial:
    clip, rows = _clip_frames(step)
    count = round(fps * seconds)
    frames = [
        Frame.model_construct(t_ms=round(index * 1000 / fps, 3), landmarks=landmarks)
        for index, landmarks in enumerate(_looped(rows, count))
    ]
    # model_construct: the JSON form's 6,000 frames a trial do not bind a size measurement.
    return Trial.model_construct(
        test="single_leg_squat",
        side=side,
        frame_width=clip["frame_width"],
        frame_height=clip["frame_height"],
        mirrored=False,
        landmark_model=clip["landmark_model"],
        other_person_frames=0,
        device_roll_deg=1.5,
        frames=frames,
    )


def assessment(trials: list[Trial]) -> AssessmentIn:
    return AssessmentIn.model_construct(
        schema_version=1, subject=Subject(sex="female"), trials=trials, recorded_at=None
    )


def v1_bytes(body: AssessmentIn) -> bytes:
    # As the browser writes it: JSON.stringify, no spaces, nulls as null.
    dumped = body.model_dump(mode="json", warnings=False)  # landmarks as lists, not tuples
    return json.dumps(dumped, separators=(",", ":")).encode()


def v2_bytes(body: AssessmentIn) -> bytes:
    return json.dumps(encode_assessment(body), separators=(",", ":")).encode()


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _kb(size: int) -> str:
    return f"{size / 1000:8.1f} kB"


def sizes(label: str, body: AssessmentIn, fps: int | None) -> None:
    one, two = v1_bytes(body), v2_bytes(body)
    one_gz, two_gz = gzip.compress(one, GZIP_LEVEL), gzip.compress(two, GZIP_LEVEL)
    goal = WIRE_GOALS.get(fps or 0)
    verdict = "" if goal is None else f"  goal <= {goal / 1000:.0f} kB: "
    verdict += "" if goal is None else ("met" if len(two_gz) <= goal else "MISSED")
    print(f"{label}")
    print(f"  JSON (v1)     {_kb(len(one))} raw {_kb(len(one_gz))} gzip")
    print(f"  compact (v2)  {_kb(len(two))} raw {_kb(len(two_gz))} gzip{verdict}")


def _paired(read: Callable[[], AssessmentIn], runs: int) -> tuple[float, float, float]:
    """Median read and analysis times and the median of their ratios, each pair run back to
    back so that a busy machine slows both alike."""
    reads, analyses, ratios = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        parsed = read()
        middle = time.perf_counter()
        analyse_assessment(parsed)
        end = time.perf_counter()
        reads.append((middle - start) * 1000)
        analyses.append((end - middle) * 1000)
        ratios.append((middle - start) / (end - middle))
    return statistics.median(reads), statistics.median(analyses), statistics.median(ratios)


def read_times(label: str, body: AssessmentIn, runs: int, with_v1: bool) -> None:
    two = v2_bytes(body)
    two_gz = gzip.compress(two, GZIP_LEVEL)
    read_v2, analysis, ratio = _paired(lambda: parse_assessment(two), runs)
    inflate = median_ms(lambda: gunzip(two_gz), runs)
    print(f"{label}")
    print(f"  analysis                  {analysis:7.1f} ms (of the compact body)")
    print(
        f"  compact: parse + validate {read_v2:7.1f} ms  ({ratio:.0%} of the analysis;"
        f" goal <= 50%: {'met' if ratio <= 0.5 else 'MISSED'}), gunzip {inflate:.1f} ms"
    )
    if with_v1:
        one = v1_bytes(body)
        read_v1, v1_analysis, v1_ratio = _paired(lambda: parse_assessment(one), runs)
        print(
            f"  JSON:    parse + validate {read_v1:7.1f} ms  ({v1_ratio:.0%} of its analysis,"
            f" {v1_analysis:.1f} ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    slow = assessment([trial("left", 30, 30, step=2)])
    fast = assessment([trial("left", 240, 30, step=1)])
    # The measured case: 60 fps, both legs, 3,227 frames in all.
    both = assessment([trial("left", 60, 26.9, step=1), trial("right", 60, 26.9, step=1)])
    print(f"Real MediaPipe landmarks ({SQUAT_CLIP}), single-leg squat, gzip level {GZIP_LEVEL}\n")
    sizes("30 s at 30 fps, one leg (900 frames)", slow, 30)
    sizes("30 s at 240 fps, one leg (7,200 frames; JSON allows 6,000)", fast, 240)
    n_both = sum(len(t.frames) for t in both.trials)
    sizes(f"60 fps, both legs ({n_both:,} frames)", both, None)
    print(f"\nServer read time, median of {runs} runs\n")
    read_times(f"60 fps, both legs ({n_both:,} frames)", both, runs, with_v1=True)
    read_times("30 s at 240 fps, one leg (7,200 frames)", fast, runs, with_v1=False)
    read_times("30 s at 30 fps, one leg (900 frames)", slow, runs, with_v1=True)


if __name__ == "__main__":
    main()
