"""Runs one screens_<area>.py script on its own: the app as `make run` serves it, on a fresh
SQLite database, and headless Chromium, writing the screenshots into docs/screenshots/."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from tests.e2e import media
from tests.e2e.app_server import running_app

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
Capture = Callable[[Browser, str, Path], list[Path]]


def run_alone(capture: Capture, camera_clip: str | None = None) -> None:
    """Start the app, run capture, print the files written. camera_clip: a fixture video that
    plays as the fake camera."""
    OUT.mkdir(parents=True, exist_ok=True)
    camera = media.to_y4m(media.fixture_video(camera_clip)) if camera_clip else None
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'shots.db'}"
        with running_app(database, Path(folder) / "app.log") as base_url, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=media.chromium_executable(), args=media.chromium_args(camera)
            )
            for path in capture(browser, base_url, OUT):
                print(path.relative_to(ROOT))
            browser.close()
