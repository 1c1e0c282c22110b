"""A runner records a single-leg squat with the phone camera and lands on the result page.

The fake camera plays a real video; pose runs in the page; the result comes from the server.
"""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import expect

RECORD_SECONDS = 5


def test_record_squat_and_read_the_result(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{app_url}/capture")
    page.get_by_role("radio", name="Right").click()
    start = page.get_by_test_id("capture-start")
    expect(start).to_be_enabled(timeout=90_000)
    start.click()
    expect(page.get_by_test_id("capture-counts")).to_be_visible()
    page.wait_for_timeout(RECORD_SECONDS * 1000)
    page.get_by_test_id("capture-stop").click()
    page.wait_for_url(re.compile(r"/r/[A-Za-z0-9_-]{22}$"), timeout=60_000)
    expect(page.get_by_test_id("fppa-mean").first).to_have_text(re.compile(r"^-?\d+\.\d°$"), timeout=30_000)
    assert not errors, errors

    assessment_id = page.url.rsplit("/", 1)[-1]
    stored = httpx.get(f"{app_url}/api/v1/assessments/{assessment_id}?include=frames").json()
    frames = stored["trials"][0]["frames"]
    detected = sum(frame["landmarks"] is not None for frame in frames)
    assert len(frames) >= RECORD_SECONDS * 5, "the capture loop ran too few frames"
    assert detected / len(frames) >= 0.9
    assert stored["trials"][0]["side"] == "right"
    trial = stored["report"]["trials"][0]
    codes = [flag["code"] for flag in trial["quality"]["flags"]]
    # The fake camera films a man balancing, not squatting: a number, but never a finding.
    assert "too_few_reps" in codes and trial["summary"]["trusted"] is False
    history = page.evaluate("JSON.parse(localStorage.getItem('valgus.assessments'))")
    assert history[0]["id"] == assessment_id and history[0]["owner_key"]
