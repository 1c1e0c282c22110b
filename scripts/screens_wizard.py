"""Screenshots of the wizard at 390x844, as the runner sees them (the viewport): the running
test's screens (the test chosen, how to run, placing the phone and the view, the gallery step,
the review of one run, the camera step on a phone too slow to record running),
and the unhappy screens: each camera error (denied, not found, no camera API on an insecure
origin), the offer to resume an unsent recording after a reload, and the camera lost
mid-recording, written as docs/screenshots/wizard-<what>.png.

Run alone (`python scripts/screens_wizard.py`), it starts the app as the README does, with the
fake camera playing the frontal fixture clip.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from scripts.screens_runner import run_alone  # noqa: E402
from tests.e2e import media  # noqa: E402
from tests.e2e import wizard_driver as wizard  # noqa: E402
from tests.e2e.test_camera_errors import FAILING_CAMERA, NO_MEDIA_DEVICES, walk_to_camera  # noqa: E402
from tests.e2e.test_camera_lost import END_THE_TRACK  # noqa: E402

PHONE = {"width": 390, "height": 844}
# The fake camera's clip, also analysed as the running test's gallery video (a balance, not a run).
GALLERY_CLIP = "one_leg_balance_frontal.mp4"
CAMERA_ERRORS = {
    "camera-denied": FAILING_CAMERA.format(failures=1000, name="NotAllowedError"),
    "camera-not-found": FAILING_CAMERA.format(failures=1000, name="NotFoundError"),
    "camera-insecure-origin": NO_MEDIA_DEVICES,
}


def _shot(page: Page, out_dir: Path, what: str) -> Path:
    path = out_dir / f"wizard-{what}.png"
    page.screenshot(path=path)
    return path


def running_screens(browser: Browser, base_url: str, out_dir: Path) -> list[Path]:
    """The running test chosen, its instructions, the phone's placement and view, the gallery."""
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{base_url}/capture")
    page.get_by_label(wizard.RUNNING_LABEL).check()
    shots = [_shot(page, out_dir, "running-choice")]
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How to do the treadmill run")
    shots.append(_shot(page, out_dir, "running-how"))
    page.get_by_test_id("wizard-next").click()
    expect(page.get_by_test_id("choose-view")).to_be_visible()
    shots.append(_shot(page, out_dir, "running-place"))
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    shots.append(_shot(page, out_dir, "running-view"))
    page.get_by_test_id("wizard-running-gallery").click()
    expect(page.get_by_test_id("gallery-file")).to_be_attached()
    shots.append(_shot(page, out_dir, "running-gallery"))
    page.get_by_test_id("gallery-file").set_input_files(str(media.fixture_video(GALLERY_CLIP)))
    expect(page.get_by_test_id("review-run")).to_be_visible(timeout=4 * wizard.RECORD_TIMEOUT_MS)
    shots.append(_shot(page, out_dir, "running-review"))
    page.close()

    # This machine's live rate is far below running's floor: the camera step sends to the gallery.
    page = browser.new_page(viewport=PHONE)
    wizard.open_running_placement(page, base_url)
    page.get_by_test_id("wizard-open-camera").click()
    expect(page.get_by_test_id("capture-slow")).to_be_visible(timeout=wizard.CAMERA_TIMEOUT_MS)
    page.get_by_test_id("capture-slow").evaluate(
        "notice => notice.scrollIntoView({ block: 'start' })"
    )
    shots.append(_shot(page, out_dir, "running-camera-slow"))
    page.close()
    return shots


def capture(browser: Browser, base_url: str, out_dir: Path) -> list[Path]:
    """The running screens, the camera errors, the resume offer and the camera-lost message;
    returns the PNGs."""
    shots = running_screens(browser, base_url, out_dir)
    for what, init_script in CAMERA_ERRORS.items():
        page = browser.new_page(viewport=PHONE)
        page.add_init_script(init_script)
        walk_to_camera(page, base_url)
        expect(page.get_by_test_id("camera-error")).to_be_visible(timeout=wizard.CAMERA_TIMEOUT_MS)
        shots.append(_shot(page, out_dir, what))
        page.close()

    page = browser.new_page(viewport=PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    wizard.open_camera_step(page, base_url)
    page.get_by_test_id("capture-start").click()
    # The left leg stops by itself; the right one loses the camera after its first rep.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Right leg", timeout=wizard.RECORD_TIMEOUT_MS
    )
    expect(page.get_by_test_id("rep-count")).to_have_text("1", timeout=wizard.RECORD_TIMEOUT_MS)
    page.evaluate(END_THE_TRACK)
    expect(page.get_by_test_id("camera-lost-retake")).to_be_visible()
    shots.append(_shot(page, out_dir, "camera-lost"))

    page.reload()
    expect(page.get_by_test_id("resume-offer")).to_be_visible()
    shots.append(_shot(page, out_dir, "resume-offer"))
    page.close()
    return shots


if __name__ == "__main__":
    run_alone(capture, GALLERY_CLIP)
