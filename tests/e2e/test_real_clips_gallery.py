"""The wrong movement never becomes a finding: real clips of real people through the gallery
path, with the pose model running in the page, checked as the runner reads the result and as
it is stored.

- a deep two-leg squat, sent as a right-leg single-leg squat: `not_single_leg`, no category;
- two-leg squats filmed 30-45° off frontal: `not_frontal`;
- a woman walking towards the camera: no finding;
- a man balancing on his left leg, facing the camera: no `not_frontal`, and the single-leg
  check passes (his free foot is off the floor).
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e import media
from tests.e2e import wizard_driver as wizard


def _clip(name: str):
    try:
        return media.fixture_video(name)
    except media.FixtureMissing as missing:
        pytest.skip(str(missing))


def _analyse_from_gallery(page: Page, app_url: str, clip: str, leg: str) -> tuple[str, dict]:
    """Choose the clip in the wizard's gallery path, send it, open the result; the stored trial."""
    video = _clip(clip)
    page.goto(f"{app_url}/capture")
    page.get_by_test_id("wizard-gallery").click()
    page.get_by_label(f"{leg.capitalize()} leg", exact=True).check()
    page.get_by_test_id("gallery-file").set_input_files(str(video))
    expect(page.get_by_test_id(f"review-{leg}")).to_contain_text(
        f"From the video “{clip}”", timeout=4 * wizard.RECORD_TIMEOUT_MS
    )
    wizard.submit(page)
    assessment_id = wizard.wait_for_result(page, measured=False)
    stored = httpx.get(f"{app_url}/api/v1/assessments/{assessment_id}", timeout=30).json()
    [trial] = stored["report"]["trials"]
    codes = [flag["code"] for flag in trial["quality"]["flags"]]
    print(
        f"\n{clip} ({leg}): flags {codes}, fppa {trial['summary']['fppa_deg']},"
        f" reps {trial['summary']['n_reps']}/{trial['summary']['n_reps_found']},"
        f" feet down {trial['quality']['feet_down_share']}, category {trial['summary']['category']}"
    )
    return assessment_id, trial


def _codes(trial: dict) -> list[str]:
    return [flag["code"] for flag in trial["quality"]["flags"]]


def _no_finding(page: Page, trial: dict) -> None:
    """Neither the report nor the page presents a category or a trusted number."""
    assert trial["summary"]["category"] is None and trial["summary"]["trusted"] is False
    assert trial["quality"]["ok"] is False
    expect(page.get_by_test_id("category-badge")).to_have_text("Not a finding")


def test_a_two_leg_squat_is_not_a_single_leg_finding(app_url: str, browser: Browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _, trial = _analyse_from_gallery(page, app_url, "squat_two_leg_frontal.mp4", "right")
    assert "not_single_leg" in _codes(trial)
    assert trial["summary"]["fppa_deg"] is None
    assert all(rep["left_out"] is not None for rep in trial["reps"])
    _no_finding(page, trial)
    expect(page.get_by_test_id("trial-headline")).to_contain_text(
        "Right knee: no result: both feet were on the floor, so this was not a single-leg test."
    )
    expect(page.locator('[data-flag="not_single_leg"]')).to_contain_text("lift your left foot")
    page.close()


def test_squats_filmed_from_an_angle_are_not_frontal(app_url: str, browser: Browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _, trial = _analyse_from_gallery(page, app_url, "squat_two_leg_oblique.mp4", "right")
    assert "not_frontal" in _codes(trial)
    _no_finding(page, trial)
    expect(page.locator('[data-flag="not_frontal"]')).to_contain_text(
        "The camera was not facing you"
    )
    page.close()


def test_walking_gives_no_finding(app_url: str, browser: Browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _, trial = _analyse_from_gallery(page, app_url, "walk_toward_camera_oblique.mp4", "right")
    assert trial["summary"]["fppa_deg"] is None
    _no_finding(page, trial)
    page.close()


def test_a_one_leg_balance_is_frontal_and_on_one_leg(app_url: str, browser: Browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _, trial = _analyse_from_gallery(page, app_url, "one_leg_balance_frontal.mp4", "left")
    assert "not_frontal" not in _codes(trial)
    assert "not_single_leg" not in _codes(trial)
    assert trial["quality"]["feet_down_share"] <= 0.5
    # He balances without squatting: at most one dip of balance, so still no finding.
    assert trial["summary"]["n_reps"] <= 1 and "too_few_reps" in _codes(trial)
    _no_finding(page, trial)
    page.close()
