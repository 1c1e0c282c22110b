"""Recordings survive navigation: Back and Forward move through the steps, unsent recordings are
kept on the device and offered again after a reload, and nothing is deleted without asking."""

from __future__ import annotations

import re

from playwright.sync_api import Dialog, Page, expect

from tests.e2e import wizard_driver as wizard

# A recording kept on the device: how many reps the live counter saw depends on the machine's frame
# rate (a slow one reaches the time limit first), so the test asks for a recording, not a count.
RECORDED = re.compile(r"\d+ reps? counted · \d+ s · [1-9]\d* frames")


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def _record_the_left_leg(page: Page, app_url: str) -> None:
    """The left leg recorded (it stops by itself), the right one not yet."""
    wizard.open_camera_step(page, app_url)
    page.get_by_test_id("capture-start").click()
    expect(_heading(page)).to_contain_text("Right leg", timeout=wizard.RECORD_TIMEOUT_MS)


def _dialogs(page: Page) -> list[str]:
    """Accept every dialog (so a reload goes ahead) and record its type."""
    seen: list[str] = []

    def accept(dialog: Dialog) -> None:
        seen.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    return seen


def _reload_once_kept(page: Page) -> None:
    """Reload once the wizard says the recordings are stored on the device (a write takes a moment)."""
    expect(page.locator(".wiz[data-draft-kept]")).to_be_attached()
    page.reload()


def _reloaded_with_a_draft(browser, app_url: str) -> tuple[Page, list[str]]:
    """The left leg recorded, then the page reloaded: it asked first and offers the recording."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    dialogs = _dialogs(page)
    _record_the_left_leg(page, app_url)
    _reload_once_kept(page)
    assert dialogs == ["beforeunload"]
    expect(page.get_by_test_id("resume-offer")).to_contain_text("the left leg")
    return page, dialogs


def test_back_and_forward_move_through_the_wizard_steps(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    wizard.open_camera_step(page, app_url)
    expect(_heading(page)).to_contain_text("Left leg")

    page.go_back()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 3 of 6: Place the phone")
    page.go_back()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 2 of 6")
    page.go_back()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 1 of 6")
    assert page.url.rstrip("/").endswith("/capture")
    page.go_forward()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 2 of 6")
    page.go_forward()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 3 of 6")
    page.go_forward()
    expect(page.get_by_test_id("capture-start")).to_be_enabled(timeout=wizard.CAMERA_TIMEOUT_MS)
    page.close()


def test_back_during_a_recording_asks_before_losing_the_leg(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    answers = iter([False, True])
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        if next(answers):
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", answer)
    wizard.open_camera_step(page, app_url)
    page.get_by_test_id("capture-start").click()
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=wizard.RECORD_TIMEOUT_MS)

    # Kept recording: still on the left leg, the counter running, and Back asks again.
    page.go_back()
    expect(page.get_by_test_id("capture-stop")).to_be_visible()
    expect(_heading(page)).to_contain_text("Left leg")
    assert asked == ["Stop recording this leg? What has been recorded of it is lost."]

    page.go_back()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 3 of 6: Place the phone")
    assert len(asked) == 2
    page.close()


def test_a_reload_asks_first_then_offers_the_unsent_recording(app_url, browser):
    page, dialogs = _reloaded_with_a_draft(browser, app_url)
    page.get_by_test_id("resume-draft").click()
    expect(page.get_by_test_id("review-left")).to_contain_text(RECORDED)
    expect(page.get_by_test_id("review-right")).to_contain_text("Not recorded")
    kept = page.get_by_test_id("review-left").locator("p").first.inner_text()
    # Back from the review goes to the step before it, not out of the wizard.
    page.go_back()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 1 of 6")
    page.go_forward()
    expect(page.get_by_test_id("review-left")).to_contain_text(kept)

    # Resumed, the recording is still unsent: leaving asks again, and it is offered again, unchanged.
    _reload_once_kept(page)
    assert dialogs == ["beforeunload", "beforeunload"]
    expect(page.get_by_test_id("resume-offer")).to_contain_text("the left leg")
    page.get_by_test_id("resume-draft").click()
    expect(page.get_by_test_id("review-left")).to_contain_text(kept)
    page.close()


def test_a_discarded_draft_is_not_offered_again(app_url, browser):
    page, dialogs = _reloaded_with_a_draft(browser, app_url)
    page.get_by_test_id("discard-draft").click()
    expect(page.get_by_test_id("resume-offer")).to_have_count(0)

    page.reload()
    expect(page.locator(".wiz[data-ready]")).to_be_visible()
    expect(page.get_by_test_id("resume-offer")).to_have_count(0)
    # Only the first reload had anything to lose.
    assert dialogs == ["beforeunload"]
    page.close()


def test_start_again_asks_before_deleting_the_recordings(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    dialogs = _dialogs(page)
    wizard.open_camera_step(page, app_url)
    wizard.record_both_legs(page, stop_right_after_ms=1000)
    recorded = page.get_by_test_id("review-left").text_content() or ""

    page.get_by_test_id("wizard-restart").click()
    expect(page.get_by_test_id("restart-confirm")).to_contain_text("delete both recordings")
    page.get_by_test_id("restart-no").click()
    expect(page.get_by_test_id("restart-confirm")).to_have_count(0)
    expect(page.get_by_test_id("review-left")).to_have_text(recorded)

    page.get_by_test_id("wizard-restart").click()
    page.get_by_test_id("restart-yes").click()
    expect(page.get_by_test_id("wizard-step")).to_contain_text("Step 1 of 6")
    page.reload()
    expect(page.locator(".wiz[data-ready]")).to_be_visible()
    expect(page.get_by_test_id("resume-offer")).to_have_count(0)
    assert dialogs == []
    page.close()
