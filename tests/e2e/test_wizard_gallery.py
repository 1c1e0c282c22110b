"""A runner analyses a video from the gallery: pose runs in the page and only keypoints are sent."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.e2e import media
from tests.e2e import wizard_driver as wizard
from tests.e2e.test_security_headers import _violations, _watched_page

VIDEO = "one_leg_balance_frontal.mp4"


def test_gallery_video_is_analysed_on_the_device_and_creates_an_assessment(app_url, browser):
    page, console = _watched_page(browser)
    posted: list[tuple[str, int]] = []
    page.on(
        "requestfinished",
        lambda request: (
            posted.append((request.url, request.sizes()["requestBodySize"]))
            if request.method == "POST"
            else None
        ),
    )
    page.goto(f"{app_url}/capture")
    page.get_by_test_id("wizard-gallery").click()
    page.get_by_label("Right leg").check()
    page.get_by_test_id("gallery-file").set_input_files(str(media.fixture_video(VIDEO)))
    expect(page.get_by_test_id("gallery-progress")).to_be_visible(timeout=wizard.CAMERA_TIMEOUT_MS)

    review = page.get_by_test_id("review-right")
    expect(review).to_contain_text(f"From the video “{VIDEO}”", timeout=wizard.RECORD_TIMEOUT_MS)
    expect(page.get_by_test_id("review-left")).to_contain_text("Not recorded")
    wizard.submit(page)
    # The clip shows a balance, not squats: the result page says no angle could be measured.
    assessment_id = wizard.wait_for_result(page, measured=False)
    expect(page.get_by_test_id("trial-headline")).to_contain_text("Right knee")

    stored = httpx.get(f"{app_url}/api/v1/assessments/{assessment_id}?include=frames").json()
    [trial] = stored["trials"]
    assert trial["side"] == "right"
    assert (trial["frame_width"], trial["frame_height"]) == (1080, 1920)
    times = [frame["t_ms"] for frame in trial["frames"]]
    # The clip has 100 frames at 60 fps; slow playback should present nearly all of them.
    assert len(times) >= 60 and times[-1] > 1500
    assert sum(frame["landmarks"] is not None for frame in trial["frames"]) >= 0.9 * len(times)
    # One upload, of keypoints: far smaller than the video itself.
    assert [url for url, _ in posted] == [f"{app_url}/api/v1/assessments"]
    assert 0 < posted[0][1] < media.fixture_video(VIDEO).stat().st_size
    # The chosen file plays from a blob: URL under the Content-Security-Policy.
    assert _violations(page, console) == []
    page.close()
