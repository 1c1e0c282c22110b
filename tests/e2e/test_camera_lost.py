"""The camera lost mid-recording (another app takes it) stops the recording with a message.

The track is ended from the page as the browser does when the camera is taken away: stopped,
then its "ended" event.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e import wizard_driver as wizard

END_THE_TRACK = """() => {
    const track = document.querySelector("video").srcObject.getVideoTracks()[0];
    track.stop();
    track.dispatchEvent(new Event("ended"));
}"""


END_THE_TRACK_AT_THE_FIRST_REP = f"""async () => {{
    const end = {END_THE_TRACK};
    for (;;) {{
        const counted = Number(document.querySelector("[data-testid=rep-count]").textContent);
        if (counted >= 1) {{
            end();
            return counted;
        }}
        await new Promise((resolve) => requestAnimationFrame(resolve));
    }}
}}"""


def _record_until(page: Page, reps: int) -> None:
    """Recording is under way with at least `reps` reps counted."""
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    expect(page.get_by_test_id("rep-count")).to_have_text(
        re.compile("|".join(str(n) for n in range(reps, 6))), timeout=wizard.RECORD_TIMEOUT_MS
    )


def test_camera_lost_with_enough_reps_keeps_them_for_the_review(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    wizard.open_camera_step(page, app_url)
    page.get_by_test_id("capture-start").click()
    # The left leg stops by itself after its reps; the right one loses the camera after three.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Right leg", timeout=wizard.RECORD_TIMEOUT_MS
    )
    _record_until(page, 3)
    page.evaluate(END_THE_TRACK)
    expect(page.get_by_test_id("review-right")).to_contain_text(re.compile(r"[3-5] reps counted"))
    # Kept as recorded: it stopped by itself, after its five reps or, on a machine too slow to
    # count them all, at the time limit.
    expect(page.get_by_test_id("review-left")).to_contain_text(
        re.compile(r"\d+ reps? counted · \d+ s · [1-9]\d* frames")
    )
    page.close()


def test_camera_lost_with_too_few_reps_offers_a_retake(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    wizard.open_camera_step(page, app_url)
    page.get_by_test_id("capture-start").click()
    # Exactly one: from two reps on, the leg would be kept for the review instead. The track is
    # ended in the frame the first rep is shown, so a busy machine cannot let a second one in.
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)
    counted = page.evaluate(END_THE_TRACK_AT_THE_FIRST_REP)
    assert counted == 1, f"{counted} reps counted before the track could be ended"
    expect(page.get_by_role("heading", level=1)).to_have_text("The camera stopped")
    expect(page.get_by_test_id("camera-error")).to_contain_text("Another app or a call")
    retake = page.get_by_test_id("camera-lost-retake")
    expect(retake).to_contain_text("too few to measure")
    # The frozen picture does not keep counting: the counters are gone.
    expect(page.get_by_test_id("capture-counts")).to_have_count(0)
    expect(page.get_by_test_id("camera-retry")).to_have_text("Retake the left leg")
    page.get_by_test_id("camera-retry").click()
    expect(page.get_by_test_id("capture-start")).to_be_enabled(timeout=wizard.CAMERA_TIMEOUT_MS)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Left leg")
    page.close()


def test_camera_lost_before_recording_offers_try_again_and_the_gallery(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    wizard.open_camera_step(page, app_url)
    page.evaluate(END_THE_TRACK)
    expect(page.get_by_test_id("camera-error")).to_contain_text("Another app or a call")
    expect(page.get_by_test_id("camera-lost-retake")).to_have_count(0)
    expect(page.get_by_test_id("camera-gallery")).to_be_visible()
    page.get_by_test_id("camera-retry").click()
    expect(page.get_by_test_id("capture-start")).to_be_enabled(timeout=wizard.CAMERA_TIMEOUT_MS)
    page.close()
