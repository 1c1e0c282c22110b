"""Capture-loop fps of the wizard's recording screen next to a bare Pose Landmarker page, same fake
camera, same run.

Prints both rates and their ratio for a few alternating rounds, and the median ratio; asserts
nothing. The machine is shared, so single rates are noisy; alternating the two pages spreads the
load from other work over both.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import media  # noqa: E402
from tests.e2e import wizard_driver as wizard  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402

WARM_UP_MS = 3000
MEASURE_MS = 10_000
# The first leg stops by itself after its reps (about 9 s with the fixture clip): measure inside it.
RECORDING_MEASURE_MS = 6000
ROUNDS = 3


def bare_fps(browser, base_url: str) -> float:
    page = browser.new_page()
    page.goto(f"{base_url}/bench/pose_bare.html?model=lite")
    page.wait_for_function("() => window.poseBench && window.poseBench.frames >= 5", timeout=90_000)
    page.wait_for_timeout(WARM_UP_MS)
    page.evaluate("window.poseBench.reset()")
    page.wait_for_timeout(MEASURE_MS)
    fps = page.evaluate("window.poseBench.fps")
    size = page.evaluate(
        "(() => { const v = document.querySelector('video'); return `${v.videoWidth}x${v.videoHeight}`; })()"
    )
    page.close()
    return fps, size


def capture_fps(browser, app_url: str) -> float:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    # The bare page runs lite; in automatic mode the wizard may try the full model on a fast device.
    context.add_init_script(
        "localStorage.setItem('valgus.settings', JSON.stringify({ model: 'lite' }))"
    )
    page = context.new_page()
    wizard.open_camera_step(page, app_url)
    wizard.wait_until(page, wizard.POSE_RUNNING, 90_000)
    # Measure while recording, as a runner uses it: checks, overlay, rep counter, keypoint buffer.
    page.get_by_test_id("capture-start").click()
    page.get_by_test_id("capture-counts").wait_for(timeout=90_000)
    first = page.evaluate("[window.valgusCaptureStats.frames, performance.now()]")
    page.wait_for_timeout(RECORDING_MEASURE_MS)
    last = page.evaluate("[window.valgusCaptureStats.frames, performance.now()]")
    size = page.evaluate(
        "(() => { const v = document.querySelector('video'); return `${v.videoWidth}x${v.videoHeight}`; })()"
    )
    context.close()
    return (last[0] - first[0]) / ((last[1] - first[1]) / 1000), size


def main() -> None:
    camera = media.to_y4m(media.fixture_video("one_leg_balance_frontal.mp4"))
    with (
        tempfile.TemporaryDirectory() as folder,
        media.serve_static(media.pose_routes()) as bare_url,
    ):
        with running_app(f"sqlite:///{folder}/bench.db", Path(folder) / "app.log") as app_url:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=media.chromium_executable(), args=media.chromium_args(camera)
                )
                ratios = []
                for round_number in range(1, ROUNDS + 1):
                    bare, bare_size = bare_fps(browser, bare_url)
                    ours, our_size = capture_fps(browser, app_url)
                    ratios.append(ours / bare)
                    print(
                        f"round {round_number}: bare page {bare:.1f} fps ({bare_size}), "
                        f"wizard recording {ours:.1f} fps ({our_size}), ratio {ours / bare:.0%}"
                    )
                browser.close()
    print(f"fake camera: {camera.name}; lite model, CPU delegate")
    print(
        f"median ratio wizard/bare over {ROUNDS} rounds: {statistics.median(ratios):.0%} (range {min(ratios):.0%}–{max(ratios):.0%})"
    )


if __name__ == "__main__":
    main()
