"""A test recorded live says when it was recorded and how the phone was rolled, in its POST body.

Headless Chromium has no motion sensor: its one deviceorientation event carries nulls, so the
wizard's tilt reading is "no sensor" and the left leg is sent without a roll (its report says
trunk lean and pelvic drop are against the picture's axes). Before the right leg, Chromium's
own DevTools sensor emulation (the Sensors panel's orientation) turns the phone 3° in the
screen's plane; the right leg then carries that roll, for the front camera (the wizard's
default) mirrored into the frame's coordinates. The request is read as the browser sends it,
to the real server.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re

import httpx
from playwright.sync_api import Request, expect

from tests.e2e import wizard_driver as wizard

# Upright in portrait and turned 3° in the screen's plane, right edge up: what a phone reports.
TURNED_PHONE = {"alpha": 0.0, "beta": 87.0, "gamma": -90.0}
TURNED_ROLL_DEG = 3.0


def _body(request: Request) -> dict:
    raw = request.post_data_buffer or b""
    if request.headers.get("content-encoding") == "gzip":
        raw = gzip.decompress(raw)
    return json.loads(raw)


def test_a_live_test_sends_its_capture_time_and_the_phones_roll(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    posted: list[dict] = []
    page.on(
        "request",
        lambda request: (
            posted.append(_body(request))
            if request.method == "POST" and request.url.endswith("/api/v1/assessments")
            else None
        ),
    )
    before = dt.datetime.now(dt.UTC)
    wizard.open_camera_step(page, app_url)
    wizard.wait_until_ready(page)
    # No sensor: the tilt check cannot run, and says so.
    expect(page.get_by_test_id("check-upright")).to_have_attribute("data-status", "unknown")

    page.get_by_test_id("capture-start").click()
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Right leg", timeout=wizard.RECORD_TIMEOUT_MS
    )
    cdp = page.context.new_cdp_session(page)
    cdp.send("DeviceOrientation.setDeviceOrientationOverride", TURNED_PHONE)
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    page.wait_for_timeout(3000)
    page.get_by_test_id("capture-stop").click()
    expect(page.get_by_test_id("wizard-submit")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    wizard.submit(page)
    assessment_id = wizard.wait_for_result(page, measured=False)

    assert posted, "the wizard sent nothing"
    body = posted[-1]
    recorded = dt.datetime.fromisoformat(body["recorded_at"])
    assert re.search(r"[+-]\d\d:\d\d$", body["recorded_at"]), body["recorded_at"]
    assert before - dt.timedelta(seconds=1) <= recorded <= dt.datetime.now(dt.UTC)
    left, right = body["trials"]
    assert "device_roll_deg" not in left
    # The front camera films the runner as they face the screen: the roll flips in its frames.
    assert abs(right["device_roll_deg"] - (-TURNED_ROLL_DEG)) < 0.2, right["device_roll_deg"]

    stored = httpx.get(f"{app_url}/api/v1/assessments/{assessment_id}").json()
    assert dt.datetime.fromisoformat(stored["recorded_at"]) == recorded
    references = [trial["tilt_reference"] for trial in stored["report"]["trials"]]
    assert references == ["image_axes", "device_level"]
    page.close()
