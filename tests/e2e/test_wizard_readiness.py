"""Readiness checks hold back recording until the runner and the phone are placed right."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e import media
from tests.e2e import wizard_driver as wizard
from tests.e2e.conftest import launch_with_camera

# Long enough for several checks-passed-then-countdown cycles had the checks wrongly passed.
WAIT_WITHOUT_RECORDING_MS = 8000


def _camera_browser(playwright, clip: str) -> Iterator[Browser]:
    """Chromium whose camera plays the clip (skipped when the clip is not here)."""
    try:
        chromium = launch_with_camera(playwright, clip)
    except media.FixtureMissing as missing:
        pytest.skip(str(missing))
    yield chromium
    chromium.close()


def _failing_check(browser: Browser, app_url: str, key: str, label: str):
    """Open the camera step; the check `key` fails with its label. Returns the page and check."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    wizard.open_camera_step(page, app_url)
    check = page.locator(f'[data-testid="check-{key}"][data-status="fail"]')
    expect(check).to_contain_text(f"{label}: Fix", timeout=wizard.CAMERA_TIMEOUT_MS)
    return page, check


def _start_and_stay_armed(page) -> None:
    """Tap Start; with a check failing, recording never begins."""
    page.get_by_test_id("capture-start").click()
    page.wait_for_timeout(WAIT_WITHOUT_RECORDING_MS)
    expect(page.locator(".wiz-live")).to_have_attribute("data-phase", "armed")
    expect(page.get_by_test_id("capture-counts")).to_have_count(0)
    expect(page.get_by_test_id("capture-status")).not_to_have_text("All checks passed.")


@pytest.fixture(scope="module")
def side_view_browser(playwright) -> Iterator[Browser]:
    """Chromium whose camera films a jump landing from the side."""
    yield from _camera_browser(playwright, "jump_landing_side_view.mp4")


def test_side_view_fails_the_frontal_check_and_needs_an_override(app_url, side_view_browser):
    page, failing_frontal = _failing_check(
        side_view_browser, app_url, "frontal", "Facing the camera"
    )
    expect(failing_frontal).to_contain_text(
        "Turn to face the phone: point your chest and hips straight at it."
    )
    _start_and_stay_armed(page)

    page.get_by_test_id("capture-override").check()
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    page.get_by_test_id("capture-stop").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Right leg")
    page.close()


@pytest.fixture(scope="module")
def two_leg_browser(playwright) -> Iterator[Browser]:
    """Chromium whose camera films a woman doing deep two-leg squats, facing it."""
    yield from _camera_browser(playwright, "squat_two_leg_frontal.mp4")


def test_both_feet_on_the_floor_fails_the_one_leg_check_and_is_never_recorded(
    app_url, two_leg_browser
):
    page, one_leg = _failing_check(two_leg_browser, app_url, "oneLeg", "Standing on one leg")
    expect(one_leg).to_contain_text(
        "Both feet are on the floor. Stand on your left leg and lift your right foot a hand's width off the floor"
    )
    # Facing the camera, whole body in view: only the stance is wrong.
    wizard.wait_until_ready(page)
    _start_and_stay_armed(page)
    expect(page.get_by_test_id("capture-status")).to_contain_text("Both feet are on the floor.")
    page.close()


def test_a_tilted_phone_fails_the_upright_check(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sensor = page.context.new_cdp_session(page)
    # Leaning back 30°: in portrait, beta is 90° when upright.
    sensor.send(
        "DeviceOrientation.setDeviceOrientationOverride", {"alpha": 0, "beta": 60, "gamma": 0}
    )
    wizard.open_camera_step(page, app_url)
    upright = page.get_by_test_id("check-upright")
    expect(upright).to_have_attribute("data-status", "fail", timeout=wizard.CAMERA_TIMEOUT_MS)
    expect(upright).to_contain_text("leans back by 30°")

    page.get_by_test_id("capture-start").click()
    page.wait_for_timeout(3000)
    expect(page.locator(".wiz-live")).to_have_attribute("data-phase", "armed")

    sensor.send(
        "DeviceOrientation.setDeviceOrientationOverride", {"alpha": 0, "beta": 88, "gamma": 3}
    )
    expect(upright).to_have_attribute("data-status", "pass")
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    page.close()
