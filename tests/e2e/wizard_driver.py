"""Drive the capture wizard as a runner would; shared by browser tests, screenshots and benchmarks.

The fake camera loops a 1.7 s clip in which the person's hips sink and then jump back up at each
loop, which the live rep counter counts as one rep: the first leg stops by itself after 5 reps
(about 9 s), the second is stopped by hand, so both ways of ending a recording are exercised.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from valgus_pwa.analysis.quality import MIN_SQUAT_FPS

# Headless Chromium on a shared 2-core machine: loading the model and the first frames is slow.
CAMERA_TIMEOUT_MS = 120_000
RECORD_TIMEOUT_MS = 90_000
RESULT_URL = re.compile(r"/r/[A-Za-z0-9_-]{22}$")
CHECKS = ("body", "distance", "frontal", "visibility", "upright")


def wait_until(page: Page, condition: str, timeout_ms: int = 60_000) -> None:
    """Poll the JS function `condition` (it may return a promise) in the page until it is truthy.

    Playwright's wait_for_function compiles its predicate inside the page, which the app's
    Content-Security-Policy (no 'unsafe-eval') refuses; a whole function passed to evaluate is not.
    """
    page.evaluate(
        f"""async () => {{
            const deadline = performance.now() + {timeout_ms};
            while (!(await ({condition})())) {{
                if (performance.now() > deadline) throw new Error({json.dumps("timed out waiting for " + condition)});
                await new Promise((resolve) => setTimeout(resolve, 100));
            }}
        }}"""
    )


SERVICE_WORKER_IN_CONTROL = "() => navigator.serviceWorker.controller !== null"
POSE_RUNNING = "() => window.valgusCaptureStats && window.valgusCaptureStats.frames >= 5"


def open_camera_step(page: Page, base_url: str, sex_label: str | None = None) -> None:
    """From the start of the wizard to the live camera with its readiness checks."""
    start_camera_step(page, base_url, sex_label)
    # Ready, or an error on screen: a camera or pose that failed ends the wait at once.
    ready = page.locator("[data-testid=capture-start]:enabled")
    failed = page.get_by_test_id("camera-error")
    expect(ready.or_(failed)).to_be_visible(timeout=CAMERA_TIMEOUT_MS)
    expect(failed, "the camera step shows an error").to_have_count(0)


def start_camera_step(page: Page, base_url: str, sex_label: str | None = None) -> None:
    """Through the wizard's first steps to opening the camera, without waiting for it."""
    page.goto(f"{base_url}/capture")
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 1 of 6")
    if sex_label:
        page.get_by_label(sex_label, exact=True).check()
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 2 of 6")
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 3 of 6")
    page.get_by_test_id("wizard-open-camera").click()


def check_status(page: Page, key: str) -> str | None:
    return page.get_by_test_id(f"check-{key}").get_attribute("data-status")


def wait_until_ready(page: Page) -> None:
    """Every readiness check passes (the tilt check cannot run without a sensor)."""
    for key in ("body", "distance", "frontal", "visibility"):
        expect(page.get_by_test_id(f"check-{key}")).to_have_attribute(
            "data-status", "pass", timeout=CAMERA_TIMEOUT_MS
        )


def record_both_legs(page: Page, stop_right_after_ms: int = 3000) -> None:
    """Start once; the left leg stops by itself after its reps, the right leg is stopped by hand."""
    page.get_by_test_id("capture-start").click()
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=RECORD_TIMEOUT_MS)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Right leg", timeout=RECORD_TIMEOUT_MS
    )
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=RECORD_TIMEOUT_MS)
    page.wait_for_timeout(stop_right_after_ms)
    page.get_by_test_id("capture-stop").click()
    expect(page.get_by_test_id("wizard-submit")).to_be_visible(timeout=RECORD_TIMEOUT_MS)


def submit(page: Page) -> None:
    page.get_by_test_id("wizard-submit").click()


def wait_for_result(page: Page, measured: bool = True) -> str:
    """The result page of the new assessment has loaded (with an angle if measured); returns its id."""
    page.wait_for_url(RESULT_URL, timeout=RECORD_TIMEOUT_MS)
    expect(page.get_by_test_id("trial-headline").first).to_be_visible(timeout=60_000)
    assessment_id = page.url.rsplit("/", 1)[-1]
    if measured:
        expect_first_leg_outcome(page, assessment_id)
    return assessment_id


def expect_first_leg_outcome(page: Page, assessment_id: str) -> None:
    """The first leg's card shows what its recording allows, as stored by the server.

    The live pose loop runs as fast as the machine lets it: on a 2-core machine with no GPU that
    is about 15-25 frames a second, either side of the squat's 20 fps floor. At or above it the
    card gives an angle, trusted or announced as "Not a result"; below it, no trusted angle and
    the frame-rate note, as a runner's slow phone would get. A loaded machine can also record a
    leg in which the server finds no squat to measure (its frames arrive unevenly: swapped
    labels, jumps, gaps); the card then shows no angle and its notes say why.
    """
    origin = page.url.split("/r/", 1)[0]
    stored = page.request.get(f"{origin}/api/v1/assessments/{assessment_id}").json()
    trial = stored["report"]["trials"][0]
    card = page.locator(".trial-card").first
    notes = page.locator(".trial-detail").first
    frame_rate = next(
        (flag for flag in trial["quality"]["flags"] if flag["code"] == "low_frame_rate"), None
    )
    if frame_rate is not None and frame_rate["blocking"]:
        assert trial["quality"]["fps"] < MIN_SQUAT_FPS
        # No trusted angle: none at all, or one struck through as "Not a result".
        trusted_angle = card.locator(".big-number:not(.big-number--untrusted)")
        expect(trusted_angle).to_have_count(0)
        expect(notes.locator('[data-flag="low_frame_rate"]')).to_contain_text("frames per second")
        expect(notes.locator('[data-flag="too_few_reps"]')).to_have_count(0)
    elif trial["summary"]["fppa_deg"] is None:
        # No squat was found to measure: no angle, and the notes say there were too few reps.
        assert "too_few_reps" in [flag["code"] for flag in trial["quality"]["flags"]]
        expect(card.get_by_test_id("fppa-mean")).to_have_count(0)
        expect(notes.locator('[data-flag="too_few_reps"]')).to_be_attached()
    else:
        angle = re.compile(r"^(Not a result: )?-?\d+\.\d°$")
        expect(card.get_by_test_id("fppa-mean")).to_have_text(angle)


RUNNING_LABEL = "Running (treadmill)"


def open_running_placement(page: Page, base_url: str) -> None:
    """From the start of the wizard, with the running test chosen, to placing the phone."""
    page.goto(f"{base_url}/capture")
    page.get_by_label(RUNNING_LABEL).check()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 1 of 5")
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How to do the treadmill run")
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 3 of 5: Place the phone")
