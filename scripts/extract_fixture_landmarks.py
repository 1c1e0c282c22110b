#!/usr/bin/env python3
"""Run the real PoseLandmarker (headless Chromium) on every frame of the fixture videos; write trial JSON."""

from __future__ import annotations

import argparse
import itertools
import json
import math
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e import media  # noqa: E402

DATA = ROOT / "tests" / "data"
# Clip -> trial "side". None: measure the stance leg from the ankles (the frontal one-leg stance).
# The others are negative cases (side view, two-leg squats, walking), so their side is the one a
# runner would have chosen in the wizard.
CLIPS: dict[str, str | None] = {
    "one_leg_balance_frontal.mp4": None,
    "jump_landing_side_view.mp4": "left",
    "squat_two_leg_frontal.mp4": "right",
    "squat_two_leg_oblique.mp4": "right",
    "walk_toward_camera_oblique.mp4": "right",
}
LEFT_ANKLE, RIGHT_ANKLE = 27, 28


def probe(video: Path) -> tuple[float, int]:
    """(fps, frame count) of the first video stream, via ffprobe."""
    ffprobe = shutil.which("ffprobe") or "ffprobe"
    done = subprocess.run(
        [
            ffprobe,
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-count_frames",
            "-show_entries",
            "stream=avg_frame_rate,nb_read_frames",
            "-of",
            "json",
            str(video),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    stream = json.loads(done.stdout)["streams"][0]
    num, den = stream["avg_frame_rate"].split("/")
    return int(num) / int(den), int(stream["nb_read_frames"])


def extract(base_url: str, video: Path, model: str) -> dict[str, Any]:
    """Per-frame landmarks from the bench/pose_extract.html page, in a Chromium of its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=media.chromium_executable(), args=media.chromium_args()
        )
        try:
            return extract_in(browser, base_url, video, model)
        finally:
            browser.close()


def extract_in(browser: Any, base_url: str, video: Path, model: str) -> dict[str, Any]:
    """Per-frame landmarks from the bench/pose_extract.html page, in a new page of `browser`.

    base_url must serve media.pose_routes() and the video's folder at /fixtures/.
    """
    fps, count = probe(video)
    page = browser.new_page()
    try:
        page.goto(
            f"{base_url}/bench/pose_extract.html?video=/fixtures/{video.name}&fps={fps}&frames={count}&model={model}"
        )
        page.wait_for_function(
            "() => window.poseExtract && (window.poseExtract.done || window.poseExtract.error)",
            timeout=count * 5_000 + 60_000,
            polling=500,
        )
        result = page.evaluate("window.poseExtract")
    finally:
        page.close()
    if result["error"]:
        raise RuntimeError(f"{video.name}: {result['error']}")
    # A frame that no seek presents (an uneven frame duration in a phone video) is skipped.
    assert len(result["frames"]) + result["skipped"] == count and result["skipped"] <= 0.01 * count
    return result


def stance_side(frames: list[dict[str, Any]], width: int, height: int) -> str:
    """Stance leg of a frontal clip: the ankle that stays put, named by its image side.

    MediaPipe's left/right labels swap back and forth on the frontal clip, and a foot swung towards
    the camera sits lower in the image than the planted one, so neither the labels nor the ankles' y
    can be trusted. Instead the two ankles are re-paired frame to frame by continuity, the track with
    the smaller spread is the planted foot, and a subject facing an unmirrored camera has the left
    foot on the image's right.
    """
    pts = [
        [
            (f["landmarks"][i][0] * width, f["landmarks"][i][1] * height)
            for i in (LEFT_ANKLE, RIGHT_ANKLE)
        ]
        for f in frames
        if f["landmarks"]
    ]
    tracks: list[list[tuple[float, float]]] = [[pts[0][0]], [pts[0][1]]]
    for a, b in pts[1:]:
        p, q = tracks[0][-1], tracks[1][-1]
        crossed = math.dist(p, b) + math.dist(q, a) < math.dist(p, a) + math.dist(q, b)
        tracks[0].append(b if crossed else a)
        tracks[1].append(a if crossed else b)
    centres = [
        (statistics.median(x for x, _ in t), statistics.median(y for _, y in t)) for t in tracks
    ]
    spreads = [
        statistics.mean(math.dist(pt, c) for pt in t) for t, c in zip(tracks, centres, strict=True)
    ]
    planted, swinging = (0, 1) if spreads[0] < spreads[1] else (1, 0)
    return "left" if centres[planted][0] > centres[swinging][0] else "right"


def to_trial(result: dict[str, Any], model: str, side: str | None) -> dict[str, Any]:
    """The API's trial shape with landmark values rounded to the wire precision."""
    frames = [
        {
            "t_ms": round(float(f["t_ms"]), 3),
            "landmarks": None
            if f["landmarks"] is None
            else [
                [round(float(x), 4), round(float(y), 4), round(float(z), 3), round(float(v), 2)]
                for x, y, z, v in f["landmarks"]
            ],
        }
        for f in result["frames"]
    ]
    assert all(b["t_ms"] > a["t_ms"] for a, b in itertools.pairwise(frames))
    others = sum(1 for f in result["frames"] if f.get("others"))
    return {
        "test": "single_leg_squat",
        "side": side or stance_side(frames, result["width"], result["height"]),
        "frame_width": result["width"],
        "frame_height": result["height"],
        "mirrored": False,
        "landmark_model": f"pose_landmarker_{model}",
        "other_person_frames": others,
        "frames": frames,
    }


def dump(trial: dict[str, Any]) -> str:
    """Compact JSON with one frame per line, so diffs of regenerated data stay readable."""
    head = json.dumps({k: v for k, v in trial.items() if k != "frames"})
    frames = ",\n".join(json.dumps(f, separators=(",", ":")) for f in trial["frames"])
    return f'{head[:-1]}, "frames": [\n{frames}\n]}}\n'


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", choices=("lite", "full"), default="lite")
    ap.add_argument("--out", type=Path, default=DATA)
    ap.add_argument("--clips", nargs="*", choices=sorted(CLIPS), default=sorted(CLIPS))
    args = ap.parse_args(argv)
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_pose_assets.py")], check=True)
    videos = [media.fixture_video(name) for name in args.clips]
    if len({v.parent for v in videos}) != 1:
        sys.exit("fixture videos must share a folder")
    routes = {**media.pose_routes(), "/fixtures/": videos[0].parent}
    args.out.mkdir(parents=True, exist_ok=True)
    with media.serve_static(routes) as base_url:
        for video in videos:
            t0 = time.monotonic()
            trial = to_trial(extract(base_url, video, args.model), args.model, CLIPS[video.name])
            path = args.out / f"{video.stem}.landmarks.json"
            path.write_text(dump(trial))
            detected = sum(f["landmarks"] is not None for f in trial["frames"])
            print(
                f"{path.relative_to(ROOT)}: {len(trial['frames'])} frames, {detected} with a person, "
                f"side: {trial['side']}{' (measured)' if CLIPS[video.name] is None else ''}, "
                f"someone else in view in {trial['other_person_frames']} frames, "
                f"{path.stat().st_size // 1024} KB, "
                f"{time.monotonic() - t0:.1f}s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
