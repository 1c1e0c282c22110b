"""The running test in the wizard: chosen, explained, placed, and analysed from a gallery video
as one trial of both legs at the video's own frame rate; live only on a device fast enough.

The gallery clip is a real 60 fps video of a person balancing, not running: the server finds no
or too few steps, and the result page says so in its plain retake words instead of failing.
"""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e import media
from tests.e2e import wizard_driver as wizard
from valgus_pwa.analysis.quality import MIN_RUNNING_FPS

VIDEO = "one_leg_balance_frontal.mp4"
VIDEO_FRAMES = 100  # 60 fps, 1.67 s (ffprobe -count_frames)
STEP_FLAGS = {"no_steps_detected", "too_few_steps"}


def _phone(browser: Browser) -> Page:
    return browser.new_context(viewport={"width": 390, "height": 844}).new_page()


def test_a_run_from_the_gallery_is_one_trial_of_every_frame_with_its_camera_view(app_url, browser):
    page = _phone(browser)
    wizard.open_running_placement(page, app_url)
    expect(page.get_by_role("img", name="Where to put the phone for running")).to_be_visible()
    expect(page.get_by_text("Behind the treadmill", exact=True)).to_be_visible()
    views = page.get_by_test_id("choose-view")
    expect(views.get_by_label("Behind the treadmill")).to_be_checked()
    views.get_by_label("In front of the treadmill").check()
    page.get_by_test_id("wizard-running-gallery").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse a video from your gallery")
    # A run is both legs: no leg to choose, and the view chosen before is kept.
    expect(page.get_by_label("Right leg")).to_have_count(0)
    expect(
        page.get_by_test_id("choose-view").get_by_label("In front of the treadmill")
    ).to_be_checked()
    page.get_by_test_id("gallery-file").set_input_files(str(media.fixture_video(VIDEO)))
    expect(page.get_by_test_id("gallery-progress")).to_be_visible(timeout=wizard.CAMERA_TIMEOUT_MS)

    review = page.get_by_test_id("review-run")
    expect(review).to_contain_text(
        f"From the video “{VIDEO}”", timeout=4 * wizard.RECORD_TIMEOUT_MS
    )
    expect(review).to_contain_text("Treadmill run, both legs")
    expect(review).to_contain_text(
        f"Filmed from the front · 2 s · {VIDEO_FRAMES} frames, 60 a second"
    )
    # 60 fps is above running's floor: no warning about the frame rate.
    expect(page.get_by_test_id("review-run-slow")).to_have_count(0)
    expect(page.get_by_test_id("review-left")).to_have_count(0)
    stats = page.evaluate("window.valgusGalleryStats")
    assert (stats["frames"], stats["skipped"]) == (VIDEO_FRAMES, 0), stats
    expect(page.get_by_test_id("wizard-submit")).to_have_text("Send the run for analysis")
    wizard.submit(page)

    page.wait_for_url(wizard.RESULT_URL, timeout=wizard.RECORD_TIMEOUT_MS)
    assessment_id = page.url.rsplit("/", 1)[-1]
    stored = httpx.get(f"{app_url}/api/v1/assessments/{assessment_id}?include=frames").json()
    [trial] = stored["trials"]
    assert (trial["test"], trial["camera_view"], trial["side"]) == ("running", "front", "left")
    times = [frame["t_ms"] for frame in trial["frames"]]
    assert len(times) == VIDEO_FRAMES
    [report] = stored["report"]["trials"]
    assert report["running"]["camera_view"] == "front"
    assert report["quality"]["fps"] >= MIN_RUNNING_FPS
    flags = {flag["code"]: flag for flag in report["quality"]["flags"]}
    assert STEP_FLAGS & flags.keys(), flags
    assert not report["summary"]["trusted"]
    # The page words the missing steps as the runner's retake advice, not an error.
    [code] = sorted(STEP_FLAGS & flags.keys())[:1]
    expect(page.get_by_text(flags[code]["message"]).first).to_be_visible(timeout=60_000)
    page.close()


def test_a_phone_too_slow_for_running_is_not_offered_a_live_run_and_is_sent_to_the_gallery(
    app_url, browser
):
    page = _phone(browser)
    wizard.open_running_placement(page, app_url)
    page.get_by_test_id("wizard-open-camera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run on the treadmill")
    slow = page.get_by_test_id("capture-slow")
    expect(slow).to_be_visible(timeout=wizard.CAMERA_TIMEOUT_MS)
    expect(slow).to_contain_text("too slow to record running here")
    expect(slow).to_contain_text(f"running needs {MIN_RUNNING_FPS:.0f} a second")
    measured = re.search(r"about (\d+) frames a second", slow.inner_text())
    assert measured and int(measured.group(1)) < MIN_RUNNING_FPS, slow.inner_text()
    # No live recording of a run at this rate: no Start, no "Record here anyway".
    expect(page.get_by_test_id("capture-start")).to_have_count(0)
    expect(page.get_by_text("Record here anyway")).to_have_count(0)
    page.get_by_test_id("capture-use-gallery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse a video from your gallery")
    expect(page.get_by_test_id("choose-view")).to_be_visible()
    page.close()
