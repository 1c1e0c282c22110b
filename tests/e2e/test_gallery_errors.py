"""The gallery path's unhappy ones, at phone size (390x844): the progress, the time left and
Cancel stay in view above the video, Cancel and Back stop the analysis, and a file that cannot be
a test (empty, not a video, landscape or shown sideways) gets a message naming what is wrong,
in view, instead of blaming the browser or, later, the camera angle.

The clips (scripts/screens_gallery.make_clips) are made with ffmpeg from the frontal fixture clip
of a real person: looped to 10 s so the analysis runs long enough to estimate; tagged as turned
by 90 degrees, so only the browser's rotation of its pixels makes them portrait or landscape.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from scripts.screens_gallery import FRONTAL, PHONE, TIME_LEFT, make_clips, open_gallery
from tests.e2e import media
from tests.e2e import wizard_driver as wizard
from tests.e2e.test_text_size import NARROW, open_with_large_text, sideways_overflow

VIDEO_TIME = "() => document.querySelector('.wiz-gallery video').currentTime"


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_clips(tmp_path_factory.mktemp("gallery"))


def _open_gallery(browser: Browser, app_url: str) -> Page:
    page = browser.new_page(viewport=PHONE)
    open_gallery(page, app_url)
    return page


def _choose(page: Page, video: Path) -> None:
    page.get_by_test_id("gallery-file").set_input_files(str(video))


def _analysing(page: Page, video: Path) -> Locator:
    """`video` chosen and its analysis under way; returns the progress bar."""
    _choose(page, video)
    progress = page.get_by_test_id("gallery-progress")
    expect(progress).to_be_visible(timeout=wizard.CAMERA_TIMEOUT_MS)
    return progress


def _in_view(locator: Locator) -> None:
    """The element is inside the page's viewport without scrolling: all of it, or its start when
    it is taller than the screen (a long message in large text)."""
    box = locator.bounding_box()
    screen = locator.page.viewport_size
    assert box is not None and screen is not None
    assert box["y"] >= 0, box
    if box["height"] <= screen["height"]:
        assert box["y"] + box["height"] <= screen["height"], box
    else:
        assert box["y"] <= screen["height"] / 10, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= screen["width"], box


def _posts(page: Page) -> list[str]:
    posted: list[str] = []
    page.on(
        "request", lambda request: posted.append(request.url) if request.method == "POST" else None
    )
    return posted


def _problem(page: Page, code: str) -> Locator:
    error = page.get_by_test_id("gallery-error")
    expect(error).to_have_attribute("data-problem", code, timeout=wizard.CAMERA_TIMEOUT_MS)
    _in_view(error)
    expect(page.get_by_test_id("gallery-progress")).to_have_count(0)
    # The choice is offered again right under the message.
    expect(page.get_by_text("Choose another video")).to_be_visible()
    return error


def test_progress_time_left_and_cancel_stay_in_view_and_cancel_returns_to_the_choice(
    app_url: str, browser: Browser, clips: dict[str, Path]
):
    page = _open_gallery(browser, app_url)
    posted = _posts(page)
    page.get_by_label("Right leg").check()
    progress = _analysing(page, clips["ten_seconds"])
    # The time left, from the rate the video is analysed at, once it has been measured.
    expect(page.get_by_test_id("gallery-time-left")).to_have_text(
        TIME_LEFT, timeout=wizard.RECORD_TIMEOUT_MS
    )
    expect(page.get_by_text("Finding your joints in each frame")).to_be_visible()
    for part in (
        progress,
        page.get_by_test_id("gallery-time-left"),
        page.get_by_test_id("gallery-cancel"),
    ):
        _in_view(part)
    # Under way: the video moves on, frame by frame (paused on each while the pose runs).
    played = page.evaluate(VIDEO_TIME)
    page.wait_for_timeout(1000)
    assert page.evaluate(VIDEO_TIME) > played

    page.get_by_test_id("gallery-cancel").click()
    expect(progress).to_have_count(0)
    expect(page.get_by_text("Choose a video", exact=True)).to_be_visible()
    expect(page.get_by_label("Right leg")).to_be_checked()
    assert page.evaluate("() => document.activeElement.dataset.testid") == "gallery-file"
    # Stopped: the video no longer plays, nothing was sent, and no error is shown.
    assert page.evaluate("() => document.querySelector('.wiz-gallery video').paused")
    expect(page.get_by_test_id("gallery-error")).to_have_count(0)
    stopped_at = page.evaluate(VIDEO_TIME)
    page.wait_for_timeout(1500)
    assert page.evaluate(VIDEO_TIME) == stopped_at
    expect(progress).to_have_count(0)
    assert posted == []

    # The same file can be chosen again after Cancel (a file input that keeps its value would not
    # notice), and its analysis runs again. A gallery video analysed to the review is
    # test_wizard_gallery's: this 10 s one would take minutes here.
    _analysing(page, clips["ten_seconds"])
    expect(page.get_by_test_id("gallery-time-left")).to_have_text(
        TIME_LEFT, timeout=wizard.RECORD_TIMEOUT_MS
    )
    played = page.evaluate(VIDEO_TIME)
    page.wait_for_function(
        f"(played) => ({VIDEO_TIME})() > played", arg=played, timeout=wizard.RECORD_TIMEOUT_MS
    )
    expect(page.get_by_test_id("gallery-error")).to_have_count(0)
    page.close()


def test_back_is_enabled_while_analysing_and_stops_the_analysis(
    app_url: str, browser: Browser, clips: dict[str, Path]
):
    page = _open_gallery(browser, app_url)
    _analysing(page, clips["ten_seconds"])
    back = page.get_by_role("button", name="Back", exact=True)
    expect(back).to_be_enabled()
    back.click()
    expect(page.get_by_test_id("wizard-gallery")).to_be_visible()
    expect(page.locator(".wiz-gallery")).to_have_count(0)
    # Back in the gallery later, nothing of the stopped analysis is left.
    page.get_by_test_id("wizard-gallery").click()
    expect(page.get_by_text("Choose a video", exact=True)).to_be_visible()
    page.wait_for_timeout(1500)
    expect(page.get_by_test_id("gallery-progress")).to_have_count(0)
    expect(page.get_by_test_id("gallery-error")).to_have_count(0)
    page.close()


@pytest.mark.parametrize(
    ("clip", "code", "message"),
    [
        ("empty", "empty", "This file is empty (0 bytes), so there is nothing to analyse."),
        (
            "text",
            "not_video",
            "This file is not a video. Choose a video of the test recorded with the phone camera.",
        ),
    ],
)
def test_a_file_that_is_no_video_says_what_it_is_not_blamed_on_the_browser(
    app_url: str, browser: Browser, clips: dict[str, Path], clip: str, code: str, message: str
):
    page = _open_gallery(browser, app_url)
    _choose(page, clips[clip])
    error = _problem(page, code)
    expect(error).to_contain_text(message)
    expect(error).not_to_contain_text("browser")
    # A real video chosen next is analysed as usual.
    _analysing(page, media.fixture_video(FRONTAL))
    expect(page.get_by_test_id("gallery-error")).to_have_count(0)
    page.get_by_test_id("gallery-cancel").click()
    page.close()


@pytest.mark.parametrize("clip", ["landscape", "sideways"])
def test_a_landscape_or_sideways_video_is_told_to_film_portrait(
    app_url: str, browser: Browser, clips: dict[str, Path], clip: str
):
    page = _open_gallery(browser, app_url)
    posted = _posts(page)
    _choose(page, clips[clip])
    error = _problem(page, "landscape")
    expect(error).to_contain_text("This video is landscape (wider than tall)")
    expect(error).to_contain_text("phone held upright (portrait)")
    expect(error).not_to_contain_text("facing")
    # Told before any analysis: the pose model never ran on it and nothing was sent.
    assert page.evaluate(
        "() => { const v = document.querySelector('.wiz-gallery video');"
        " return v.videoWidth > v.videoHeight; }"
    )
    assert posted == []
    page.close()


def test_a_video_turned_upright_by_its_rotation_tag_is_accepted(
    app_url: str, browser: Browser, clips: dict[str, Path]
):
    """Landscape pixels shown portrait: the check reads the sizes after the browser's rotation."""
    page = _open_gallery(browser, app_url)
    _analysing(page, clips["upright_by_tag"])
    expect(page.get_by_text("Finding your joints in each frame")).to_be_visible(
        timeout=wizard.CAMERA_TIMEOUT_MS
    )
    size = page.evaluate(
        "() => { const v = document.querySelector('.wiz-gallery video');"
        " return [v.videoWidth, v.videoHeight]; }"
    )
    assert size == [1080, 1920]
    expect(page.get_by_test_id("gallery-error")).to_have_count(0)
    page.get_by_test_id("gallery-cancel").click()
    page.close()


def test_at_320_px_with_200_percent_text_the_analysis_and_its_errors_stay_in_view(
    app_url: str, browser: Browser, clips: dict[str, Path]
):
    page = browser.new_page(viewport=NARROW)
    open_with_large_text(page, f"{app_url}/capture", "[data-testid='wizard-gallery']")
    page.get_by_test_id("wizard-gallery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse a video from your gallery")
    assert sideways_overflow(page) <= 0

    progress = _analysing(page, clips["ten_seconds"])
    expect(page.get_by_test_id("gallery-time-left")).to_have_text(
        TIME_LEFT, timeout=wizard.RECORD_TIMEOUT_MS
    )
    for part in (progress, page.get_by_test_id("gallery-cancel")):
        _in_view(part)
    assert sideways_overflow(page) <= 0

    page.get_by_test_id("gallery-cancel").click()
    _choose(page, clips["landscape"])
    _problem(page, "landscape")
    assert sideways_overflow(page) <= 0
    page.close()
