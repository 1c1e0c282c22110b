"""A runner does the whole guided test alone and lands on the result page.

The fake camera plays a real frontal video; pose runs in the page; the result comes from the server.
"""

from __future__ import annotations

import gzip
import json
import re

import httpx
from playwright.sync_api import expect

from tests.e2e import wizard_driver as wizard


def test_guided_test_records_both_legs_and_opens_the_result(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    uploads: list[tuple[dict[str, str], bytes]] = []
    page.on(
        "request",
        lambda request: (
            uploads.append((request.headers, request.post_data_buffer or b""))
            if request.method == "POST" and request.url.endswith("/api/v1/assessments")
            else None
        ),
    )
    wizard.open_camera_step(page, app_url, sex_label="Female")

    wizard.wait_until_ready(page)
    expect(page.get_by_test_id("check-upright")).to_have_attribute("data-status", "unknown")
    expect(page.get_by_test_id("check-upright")).to_contain_text("not checked")
    wizard.record_both_legs(page)

    left, right = page.get_by_test_id("review-left"), page.get_by_test_id("review-right")
    # Five, where the machine keeps up; a slow one reaches the time limit with fewer, and a
    # loaded one (CI, after the fault tests) once tracked the left leg too unevenly to count any.
    # Counting live reps is test_camera_lost's; here the recording goes on to the result whatever
    # its count, and the result says what it allows (wizard.expect_first_leg_outcome).
    expect(left).to_contain_text(re.compile(r"\d+ reps? counted"))
    expect(right).to_contain_text(re.compile(r"\d+ reps? counted"))
    wizard.submit(page)
    assessment_id = wizard.wait_for_result(page)
    # Both legs are on the result; the short right leg may have no angle to show.
    expect(page.get_by_test_id("trial-headline")).to_have_count(2)
    assert not errors, errors

    stored = httpx.get(f"{app_url}/api/v1/assessments/{assessment_id}?include=frames").json()
    assert [trial["side"] for trial in stored["trials"]] == ["left", "right"]
    assert stored["subject"]["sex"] == "female"
    for trial in stored["trials"]:
        frames = trial["frames"]
        detected = sum(frame["landmarks"] is not None for frame in frames)
        # The right leg is stopped by hand after 3 s, so its count follows the machine's speed
        # (18 frames on a loaded one); what holds everywhere is that the loop kept recording.
        least = 20 if trial["side"] == "left" else 5
        assert len(frames) >= least, "the capture loop ran too few frames"
        assert frames[-1]["t_ms"] - frames[0]["t_ms"] >= 1000, "the recording stopped early"
        assert detected / len(frames) >= 0.9
    history = page.evaluate("JSON.parse(localStorage.getItem('valgus.assessments'))")
    assert history[0]["id"] == assessment_id and history[0]["owner_key"]

    # It went up once, in the compact form, gzipped; the server read the same frames from it.
    assert len(uploads) == 1
    headers, wire = uploads[0]
    sent = json.loads(gzip.decompress(wire) if headers.get("content-encoding") == "gzip" else wire)
    assert headers.get("content-encoding") == "gzip"
    assert sent["schema_version"] == 2
    for trial, stored_trial in zip(sent["trials"], stored["trials"], strict=True):
        assert "frames" not in trial and set(trial["columns"]) == {
            "t_us",
            "x",
            "y",
            "z",
            "visibility",
        }
        assert trial["frame_count"] == len(stored_trial["frames"])
    page.close()


def test_a_leg_can_be_retaken_from_the_review(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    wizard.open_camera_step(page, app_url)
    wizard.record_both_legs(page)
    first_left = page.get_by_test_id("review-left").inner_text()

    page.get_by_test_id("retake-left").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Left leg")
    expect(page.get_by_test_id("capture-start")).to_be_enabled(timeout=wizard.CAMERA_TIMEOUT_MS)
    page.get_by_test_id("capture-start").click()
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    page.wait_for_timeout(2000)
    page.get_by_test_id("capture-stop").click()

    # A retake goes straight back to the review, the other leg untouched.
    expect(page.get_by_test_id("wizard-submit")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    assert page.get_by_test_id("review-left").inner_text() != first_left
    expect(page.get_by_test_id("review-right")).to_contain_text(
        re.compile(r"(1 rep|\d+ reps) counted")
    )
    page.close()


def test_the_model_setting_runs_the_full_model(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{app_url}/capture")
    page.get_by_text("Settings", exact=True).click()
    expect(page.get_by_test_id("choose-model")).to_contain_text("Not measured on this device yet")
    page.get_by_label("Full: more precise, slower").check()
    wizard.open_camera_step(page, app_url)
    expect(page.get_by_text("Pose model: full")).to_be_visible()
    expect(page.get_by_test_id("check-frontal")).to_have_attribute(
        "data-status", "pass", timeout=wizard.CAMERA_TIMEOUT_MS
    )
    # Its speed on this device is measured and shown in the settings from then on.
    wizard.wait_until(
        page,
        "() => (JSON.parse(localStorage.getItem('valgus.modelSpeed')) || {}).pose_landmarker_full > 0",
        wizard.CAMERA_TIMEOUT_MS,
    )
    page.get_by_role("button", name="Back").click()
    page.get_by_role("button", name="Back").click()
    page.get_by_role("button", name="Back").click()
    page.get_by_text("Settings", exact=True).click()
    expect(page.get_by_test_id("choose-model")).to_contain_text("Measured on this device: full")
    page.close()


def test_automatic_mode_runs_lite_when_the_full_model_cannot_load(app_url, browser):
    # Full was measured fast enough on this device before, but cannot be downloaded now (offline,
    # and never cached): the camera must go on with lite rather than stop with an error.
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    context.add_init_script(
        "localStorage.setItem('valgus.modelSpeed', JSON.stringify({ pose_landmarker_lite: 15, pose_landmarker_full: 20 }))"
    )
    refused: list[str] = []
    context.route(
        "**/pose_landmarker_full.task*",
        lambda route: (refused.append(route.request.url), route.abort()),
    )
    page = context.new_page()
    wizard.open_camera_step(page, app_url)
    wizard.wait_until_ready(page)
    expect(page.get_by_text("Pose model: lite")).to_be_visible()
    expect(page.get_by_text("The pose model did not load")).to_have_count(0)
    assert refused, "automatic mode never tried the full model"
    context.close()
