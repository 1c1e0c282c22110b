"""Capture-loop fps of the wizard's recording screen next to a bare Pose Landmarker page, same fake
camera, same run. With --phone: a phone proxy, lite and full at CPU x1 and x4 (Chromium's CPU
throttling, Lighthouse's mid-range phone), bare page, live camera step (with the share of time
in long tasks, and whether the slow-device message shows) and gallery path (frames analysed a
second, and the share of the clip's frames analysed).

The app runs pose in a worker, the bare page on its own thread. Chromium's CPU throttling slows a
dedicated worker far less than a page's thread (and it cannot be set on the worker), so at x4
the app's live and gallery rates flatter a slow phone: there, expect about the bare page's rate,
with the page itself left free (the long-task share).

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
# The phone proxy (--phone): this machine with its CPU slowed like Lighthouse's mid-range phone.
PHONE_MEASURE_MS = 6000
GALLERY_CLIP = "one_leg_balance_frontal.mp4"
GALLERY_FRAMES = 100  # 60 fps, 1.67 s


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


LONG_TASKS = """
(() => {
  window.benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.benchLongTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
})();
"""


def throttled_page(browser, slowdown: int, model: str, scripts: tuple[str, ...] = ()):
    """A phone-sized page with the model forced and the CPU slowed `slowdown` times."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(
        f"localStorage.setItem('valgus.settings', JSON.stringify({{ model: '{model}' }}))"
    )
    for script in scripts:
        context.add_init_script(script)
    page = context.new_page()
    if slowdown > 1:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    return page


def bare_rate(browser, base_url: str, model: str, slowdown: int) -> float:
    page = throttled_page(browser, slowdown, model)
    page.goto(f"{base_url}/bench/pose_bare.html?model={model}")
    page.wait_for_function(
        "() => window.poseBench && window.poseBench.frames >= 5", timeout=180_000
    )
    page.wait_for_timeout(WARM_UP_MS)
    page.evaluate("window.poseBench.reset()")
    page.wait_for_timeout(PHONE_MEASURE_MS)
    fps = page.evaluate("window.poseBench.fps")
    page.context.close()
    return fps


def live_rate(browser, app_url: str, model: str, slowdown: int) -> tuple[float, float, bool]:
    """The wizard's camera step before recording: fps, share of time in long tasks, slow message."""
    page = throttled_page(browser, slowdown, model, (LONG_TASKS,))
    wizard.open_camera_step(page, app_url)
    wizard.wait_until(page, wizard.POSE_RUNNING, 180_000)
    page.wait_for_timeout(WARM_UP_MS)
    first = page.evaluate(
        "[window.valgusCaptureStats.frames, performance.now(), window.benchLongTasks.length]"
    )
    page.wait_for_timeout(PHONE_MEASURE_MS)
    last = page.evaluate("[window.valgusCaptureStats.frames, performance.now()]")
    long_ms = page.evaluate(f"window.benchLongTasks.slice({first[2]}).reduce((a, b) => a + b, 0)")
    slow = page.get_by_test_id("capture-slow").is_visible()
    page.context.close()
    span_ms = last[1] - first[1]
    return (last[0] - first[0]) / (span_ms / 1000), long_ms / span_ms, slow


def gallery_rate(browser, app_url: str, model: str, slowdown: int) -> dict:
    """The gallery path on the fixture clip: frames, wall time, video length."""
    page = throttled_page(browser, slowdown, model)
    page.goto(f"{app_url}/capture")
    page.get_by_test_id("wizard-gallery").click()
    page.get_by_test_id("gallery-file").set_input_files(str(media.fixture_video(GALLERY_CLIP)))
    page.get_by_test_id("wizard-submit").wait_for(timeout=600_000)
    stats = page.evaluate("window.valgusGalleryStats")
    page.context.close()
    return stats


def phone_proxy(browser, bare_url: str, app_url: str) -> None:
    """Lite and full at CPU x1 and x4: bare page, live camera step, gallery path, side by side."""
    print(
        "model  CPU  | bare fps | live fps  long-task share  slow message | "
        "gallery frames/s of wall time  x video speed  frames analysed"
    )
    for model in ("lite", "full"):
        for slowdown in (1, 4):
            bare = bare_rate(browser, bare_url, model, slowdown)
            live, long_share, slow = live_rate(browser, app_url, model, slowdown)
            gallery = gallery_rate(browser, app_url, model, slowdown)
            per_second = gallery["frames"] / gallery["seconds"]
            speed = gallery["videoSeconds"] / gallery["seconds"]
            print(
                f"{model:5}  x{slowdown}   | {bare:8.1f} | {live:8.1f}  {long_share:14.0%}  "
                f"{'yes' if slow else 'no':12} | {per_second:29.1f}  {speed:12.2f}x  "
                f"{gallery['frames']}/{GALLERY_FRAMES} ({gallery['frames'] / GALLERY_FRAMES:.0%}, "
                f"{gallery['delegate']})",
                flush=True,
            )


def main() -> None:
    if "--phone" in sys.argv:
        phone_main()
        return
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


def phone_main() -> None:
    camera = media.to_y4m(media.fixture_video(GALLERY_CLIP))
    with (
        tempfile.TemporaryDirectory() as folder,
        media.serve_static(media.pose_routes()) as bare_url,
    ):
        with running_app(f"sqlite:///{folder}/bench.db", Path(folder) / "app.log") as app_url:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=media.chromium_executable(), args=media.chromium_args(camera)
                )
                phone_proxy(browser, bare_url, app_url)
                browser.close()
    print(f"fake camera: {camera.name} (540x960); gallery clip {GALLERY_CLIP}, CPU delegate")
    print(
        "x4 slows the page's thread; the app's pose worker is slowed far less, so its x4 rates "
        "flatter a slow phone (expect about the bare rate there)"
    )


if __name__ == "__main__":
    main()
