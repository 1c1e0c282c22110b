"""A camera that cannot be opened explains why, offers Try again and the gallery instead.

Each cause is produced by stubbing getUserMedia (or removing navigator.mediaDevices, as a page
served over plain http on a LAN address has none) before the app's scripts run.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e import wizard_driver as wizard

# Rejects the first `failures` calls with the named DOMException, then opens the real camera.
FAILING_CAMERA = """
(() => {{
  const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  let failures = {failures};
  navigator.mediaDevices.getUserMedia = (constraints) => {{
    if (failures-- > 0) return Promise.reject(new DOMException("stubbed", "{name}"));
    return real(constraints);
  }};
}})();
"""
NO_MEDIA_DEVICES = """
Object.defineProperty(Navigator.prototype, "mediaDevices", { get: () => undefined, configurable: true });
"""


def walk_to_camera(page: Page, base_url: str) -> None:
    """Through the first three steps to the camera, without waiting for it to open."""
    page.goto(f"{base_url}/capture")
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 1 of 6")
    page.get_by_test_id("wizard-next").click()
    page.get_by_test_id("wizard-next").click()
    page.get_by_test_id("wizard-open-camera").click()


def _camera_page(browser: Browser, app_url: str, init_script: str) -> Page:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.add_init_script(init_script)
    walk_to_camera(page, app_url)
    return page


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("NotAllowedError", "Camera access was refused. Allow the camera for this site"),
        ("NotFoundError", "No camera was found on this device"),
        ("NotReadableError", "in use by another app or a call"),
        ("OverconstrainedError", "Choose the other camera in step 1"),
    ],
)
def test_each_camera_error_says_what_to_do(app_url, browser, name, words):
    page = _camera_page(browser, app_url, FAILING_CAMERA.format(failures=1000, name=name))
    error = page.get_by_test_id("camera-error")
    expect(error).to_contain_text(words, timeout=wizard.CAMERA_TIMEOUT_MS)
    expect(error).not_to_contain_text("Something went wrong")
    expect(page.get_by_test_id("camera-retry")).to_have_text("Try again")
    expect(page.get_by_test_id("camera-gallery")).to_have_text(
        "Analyse a video from your gallery instead"
    )
    page.close()


def test_without_media_devices_the_page_asks_for_https(app_url, browser):
    page = _camera_page(browser, app_url, NO_MEDIA_DEVICES)
    error = page.get_by_test_id("camera-error")
    expect(error).to_contain_text("secure (https) page", timeout=wizard.CAMERA_TIMEOUT_MS)
    expect(error).not_to_contain_text("undefined")
    page.get_by_test_id("camera-gallery").click()
    expect(page.locator(".wiz")).to_have_attribute("data-step", "gallery")
    page.close()


def test_try_again_opens_the_camera_once_it_is_allowed(app_url, browser):
    page = _camera_page(browser, app_url, FAILING_CAMERA.format(failures=1, name="NotAllowedError"))
    expect(page.get_by_test_id("camera-error")).to_be_visible(timeout=wizard.CAMERA_TIMEOUT_MS)
    page.get_by_test_id("camera-retry").click()
    expect(page.get_by_test_id("capture-start")).to_be_enabled(timeout=wizard.CAMERA_TIMEOUT_MS)
    wizard.wait_until_ready(page)
    page.close()


def test_the_checks_wait_for_the_camera_rather_than_checking(app_url, browser):
    # A camera that never answers, as while the browser's permission prompt is open.
    page = _camera_page(
        browser, app_url, "navigator.mediaDevices.getUserMedia = () => new Promise(() => {});"
    )
    body = page.get_by_test_id("check-body")
    expect(body).to_contain_text("Waiting for the camera")
    expect(page.get_by_test_id("capture-start")).to_be_disabled()
    expect(page.locator(".wiz-checks")).not_to_contain_text("Checking")
    page.close()
