"""The built pose assets run in real headless Chromium and find the person in a camera feed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.e2e import media

MEASURE_S = 4.0
MIN_DETECTION_RATE = 0.90


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """Build the assets if needed and serve /pose/ + /bench/ from one origin."""
    subprocess.run(
        [sys.executable, str(media.ROOT / "scripts" / "build_pose_assets.py")], check=True
    )
    with media.serve_static(media.pose_routes()) as url:
        yield url


def run_bare_page(base_url: str, browser: Browser, model: str, seconds: float) -> dict:
    """Open the bare bench page, warm up, then measure for `seconds`; returns window.poseBench."""
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(f"{base_url}/bench/pose_bare.html?model={model}")
        page.wait_for_function(
            "() => window.poseBench && (window.poseBench.error || window.poseBench.frames >= 5)",
            timeout=60_000,
        )
        assert page.evaluate("window.poseBench.error") is None, page.evaluate(
            "window.poseBench.error"
        )
        page.evaluate("window.poseBench.reset()")
        page.wait_for_timeout(seconds * 1000)
        stats = page.evaluate(
            "(() => { const b = window.poseBench;"
            " return {frames: b.frames, detected: b.detected, fps: b.fps, msPerFrame: b.msPerFrame,"
            " error: b.error, text: document.getElementById('status').textContent}; })()"
        )
    finally:
        page.close()
    assert not errors, errors
    stats["requests"] = requests
    return stats


def test_lite_detects_person_in_fake_camera(base_url: str, browser: Browser) -> None:
    """Lite model, CPU delegate: a person in >= 90% of frames over a few seconds."""
    stats = run_bare_page(base_url, browser, "lite", MEASURE_S)
    print(f"\n{stats['text']}")
    assert stats["error"] is None
    assert stats["frames"] >= 10, stats
    assert stats["detected"] / stats["frames"] >= MIN_DETECTION_RATE, stats
    # Everything comes from our own origin: no CDN, no model hub.
    foreign = [u for u in stats["requests"] if not u.startswith(base_url)]
    assert not foreign, foreign
    assert f"{base_url}/pose/pose_landmarker_lite.task" in stats["requests"]


def test_full_model_loads_and_detects(base_url: str, browser: Browser) -> None:
    """The full bundle is accepted by tasks-vision too (fps is reported, not asserted)."""
    stats = run_bare_page(base_url, browser, "full", 2.0)
    print(f"\n{stats['text']}")
    assert stats["frames"] >= 3, stats
    assert stats["detected"] / stats["frames"] >= MIN_DETECTION_RATE, stats
