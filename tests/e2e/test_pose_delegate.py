"""Where pose runs (CPU or GPU), and a device too slow for the live test.

The GPU is tried only where the WebGL renderer names a hardware GPU: these tests make the page
report one (getParameter overridden), then let MediaPipe's GPU delegate really run on this
machine's software GL (far slower than the CPU), or serve MediaPipe's module with its GPU
delegate made to fail as a phone's GPU can: its start rejects, its start never ends (the
runtime aborted), or a frame throws. The slow device is this machine with its CPU slowed 4x
(Chromium's CPU throttling, Lighthouse's mid-range phone).
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Browser, Locator, Page, Route, expect

from tests.e2e import media
from tests.e2e import wizard_driver as wizard

VIDEO = "one_leg_balance_frontal.mp4"
VIDEO_FRAMES = 100  # 60 fps, 1.67 s (ffprobe -count_frames)
PHONE_SLOWDOWN = 4
DELEGATE_KEY = "valgus.poseDelegate"

# The page reports a phone's GPU, as Chrome on Android does through WEBGL_debug_renderer_info.
HARDWARE_RENDERER = """
(() => {
  const RENDERER = 0x1f01, UNMASKED_RENDERER = 0x9246;
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const real = proto.getParameter;
    proto.getParameter = function (name) {
      if (name === RENDERER || name === UNMASKED_RENDERER) return "ANGLE (ARM, Mali-G78, OpenGL ES 3.2)";
      return real.call(this, name);
    };
  }
})();
"""
# A browser that makes no WebGL 2 context (MediaPipe then cannot run even on the CPU).
NO_WEBGL2 = """
(() => {
  for (const proto of [HTMLCanvasElement.prototype, globalThis.OffscreenCanvas?.prototype].filter(Boolean)) {
    const real = proto.getContext;
    proto.getContext = function (kind, ...rest) {
      return kind === "webgl2" ? null : real.call(this, kind, ...rest);
    };
  }
})();
"""
NO_WEBGL2_WORDS = "This browser cannot run the pose model: it has no WebGL 2."
# MediaPipe's module as served, with its GPU delegate failing in one of these ways. The module
# imports itself to reach its own PoseLandmarker class; the CPU delegate is left as it is.
GPU_FAILURES = {
    # Its start rejects (no context, a shader the driver refuses).
    "start_rejects": "return Promise.reject(new Error('The GPU delegate could not start.'));",
    # Its start never settles and the runtime throws on its own (a WebAssembly abort).
    "start_aborts": "setTimeout(() => { throw new Error('GPU runtime stopped'); });"
    " return new Promise(() => {});",
    # It starts, then its first frame throws (a lost context).
    "frame_throws": "return create.call(this, fileset, options).then((landmarker) =>"
    " Object.assign(landmarker, { detectForVideo() { throw new Error('GPU context lost'); } }));",
}
FAILING_GPU_MODULE = """
import { PoseLandmarker as FailingGpuPose } from "./vision_bundle.mjs";
const create = FailingGpuPose.createFromOptions;
FailingGpuPose.createFromOptions = function (fileset, options) {
  if (options.baseOptions.delegate !== "GPU") return create.call(this, fileset, options);
  %s
};
"""


def _page(browser: Browser, *scripts: str, gpu_failure: str | None = None) -> Page:
    # A failing GPU is served by the network stub, which the service worker's cache would bypass.
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        service_workers="block" if gpu_failure else "allow",
    )
    for script in scripts:
        context.add_init_script(script)
    if gpu_failure:
        context.route(
            "**/pose/vision_bundle.mjs", lambda route: _serve_failing_gpu(route, gpu_failure)
        )
    page = context.new_page()
    # MediaPipe's runtime, when it aborts, says "Aborted()" on the console and throws.
    page.aborted = []
    page.on("console", lambda message: _note_abort(page, message.text))
    page.on("pageerror", lambda error: _note_abort(page, str(error)))
    return page


def _serve_failing_gpu(route: Route, failure: str) -> None:
    served = route.fetch()
    route.fulfill(response=served, body=served.text() + FAILING_GPU_MODULE % GPU_FAILURES[failure])


def _note_abort(page: Page, text: str) -> None:
    if "Aborted(" in text:
        page.aborted.append(text)


def _wait_unless_aborted(page: Page, done: Locator, timeout_ms: int) -> None:
    """Wait until `done` is visible; an aborted pose runtime ends the wait (and the test) at once."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        assert not page.aborted, f"the pose runtime aborted: {page.aborted[0]}"
        if done.count() and done.first.is_visible():
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"timed out after {timeout_ms} ms")


def _slow_down(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_SLOWDOWN})


def _stored_check(page: Page) -> dict | None:
    value = page.evaluate(f"localStorage.getItem({json.dumps(DELEGATE_KEY)})")
    return json.loads(value) if value else None


def _analyse_gallery_video(page: Page, app_url: str) -> dict:
    page.goto(f"{app_url}/capture")
    page.get_by_test_id("wizard-gallery").click()
    page.get_by_label("Right leg").check()
    page.get_by_test_id("gallery-file").set_input_files(str(media.fixture_video(VIDEO)))
    review = page.get_by_test_id("review-right").filter(has_text=f"From the video “{VIDEO}”")
    _wait_unless_aborted(page, review, 4 * wizard.RECORD_TIMEOUT_MS)
    return page.evaluate("window.valgusGalleryStats")


def test_pose_runs_in_a_worker_off_the_pages_thread(app_url, browser):
    page = _page(browser)
    wizard.open_camera_step(page, app_url)
    wizard.wait_until(page, "() => window.valgusCaptureStats.detected >= 5")
    assert any(worker.url == f"{app_url}/pose_worker.js" for worker in page.workers)
    # MediaPipe's runtime was never loaded on the page itself.
    assert not page.evaluate(
        "performance.getEntriesByType('resource').some((entry) => entry.name.includes('/pose/'))"
    )
    page.context.close()


def test_software_gl_keeps_the_cpu_without_trying_the_gpu(app_url, browser):
    page = _page(browser)
    stats = _analyse_gallery_video(page, app_url)
    assert stats["delegate"] == "CPU"
    # No hardware GPU: nothing to check, nothing remembered.
    assert _stored_check(page) is None
    page.goto(f"{app_url}/capture")
    page.get_by_text("Settings").click()
    expect(page.get_by_test_id("choose-delegate")).to_contain_text(
        "no graphics processor (GPU) was found"
    )
    page.context.close()


def test_a_gpu_slower_than_the_cpu_is_checked_once_and_not_kept(app_url, browser):
    page = _page(browser, HARDWARE_RENDERER)
    stats = _analyse_gallery_video(page, app_url)
    check = _stored_check(page)
    # The GPU delegate really ran on the first frame, on software GL: far slower than the CPU.
    assert check["reason"] == "gpu_slower", check
    assert check["delegate"] == "CPU" and check["gpuMs"] > check["cpuMs"] > 0
    assert stats["delegate"] == "CPU"
    assert stats["frames"] == VIDEO_FRAMES
    # The settings say which one runs and the two rates measured.
    page.goto(f"{app_url}/capture")
    page.get_by_text("Settings").click()
    expect(page.get_by_test_id("choose-delegate")).to_contain_text(
        "the GPU was not faster here, so the CPU is used (CPU "
    )
    page.context.close()


def test_a_gpu_that_fails_to_start_falls_back_to_the_cpu_on_the_camera(app_url, browser):
    page = _page(browser, HARDWARE_RENDERER, gpu_failure="start_rejects")
    wizard.open_camera_step(page, app_url)
    # The CPU runs first; the GPU is checked once its speed is known and the runner is in view.
    wizard.wait_until(
        page,
        f"() => JSON.parse(localStorage.getItem({json.dumps(DELEGATE_KEY)}) || 'null')",
        wizard.CAMERA_TIMEOUT_MS,
    )
    check = _stored_check(page)
    assert check["delegate"] == "CPU" and check["reason"] == "gpu_error", check
    expect(page.get_by_test_id("capture-pose-info")).to_contain_text("on the CPU")
    wizard.wait_until(page, "() => window.valgusCaptureStats.delegate === 'CPU'")
    # The live loop still runs on the CPU after the failed check.
    frames = page.evaluate("window.valgusCaptureStats.frames")
    page.wait_for_timeout(1000)
    assert page.evaluate("window.valgusCaptureStats.frames") > frames
    # The settings say why the CPU runs.
    page.goto(f"{app_url}/capture")
    page.get_by_text("Settings").click()
    expect(page.get_by_test_id("choose-delegate")).to_contain_text(
        "the GPU failed here, so the CPU is used"
    )
    page.context.close()


@pytest.mark.parametrize("failure", ["start_aborts", "frame_throws"])
def test_a_forced_gpu_that_fails_runs_the_gallery_on_the_cpu(app_url, browser, failure):
    page = _page(
        browser,
        "localStorage.setItem('valgus.settings', JSON.stringify({ delegate: 'GPU' }))",
        gpu_failure=failure,
    )
    stats = _analyse_gallery_video(page, app_url)
    assert stats["delegate"] == "CPU"
    assert stats["frames"] == VIDEO_FRAMES
    assert stats["skipped"] == 0
    page.context.close()


def test_a_browser_without_webgl2_is_told_it_cannot_run_pose(app_url, browser):
    page = _page(browser, NO_WEBGL2)
    wizard.start_camera_step(page, app_url)
    expect(page.get_by_test_id("camera-error")).to_contain_text(
        NO_WEBGL2_WORDS, timeout=wizard.CAMERA_TIMEOUT_MS
    )
    # Neither trying again nor a video would help: only Back is offered.
    expect(page.get_by_role("heading", level=1)).to_have_text("This browser cannot run the test")
    expect(page.get_by_test_id("camera-retry")).to_have_count(0)
    expect(page.get_by_test_id("camera-gallery")).to_have_count(0)
    # A video from the gallery says the same, instead of a runtime that never answers.
    page.goto(f"{app_url}/capture")
    page.get_by_test_id("wizard-gallery").click()
    page.get_by_label("Right leg").check()
    page.get_by_test_id("gallery-file").set_input_files(str(media.fixture_video(VIDEO)))
    expect(page.get_by_role("alert")).to_contain_text(NO_WEBGL2_WORDS)
    assert not page.aborted
    page.context.close()


def test_a_slow_phone_is_told_before_recording_live_and_offered_the_gallery(app_url, browser):
    page = _page(browser)
    _slow_down(page)
    wizard.open_camera_step(page, app_url)
    slow = page.get_by_test_id("capture-slow")
    expect(slow).to_be_visible(timeout=wizard.CAMERA_TIMEOUT_MS)
    expect(slow).to_contain_text("too slow for a live recording")
    expect(slow).to_contain_text("the squat needs 20 a second")
    expect(slow).to_contain_text(
        "Record the test with your camera app, then analyse the video here"
    )
    # Recording live is still possible, but not silently: the button says what it does.
    expect(page.get_by_test_id("capture-start")).to_have_text("Record here anyway")
    page.get_by_test_id("capture-use-gallery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse a video from your gallery")
    page.context.close()


def test_a_slow_phone_analyses_every_frame_of_a_gallery_video(app_url, browser):
    page = _page(browser)
    _slow_down(page)
    stats = _analyse_gallery_video(page, app_url)
    assert stats["frames"] == VIDEO_FRAMES, stats
    assert stats["skipped"] == 0
    page.context.close()
