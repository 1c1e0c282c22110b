"""One recording, one upload: a double click or two quick taps on Send store the test once."""

from __future__ import annotations

import httpx
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from tests.e2e import wizard_driver as wizard
from tests.e2e.test_offline import queued, visit_once

ASSESSMENTS = "/api/v1/assessments"


def count_uploads(context: BrowserContext) -> list[Request]:
    """Every POST of an assessment made in this context, by pages or the service worker."""
    uploads: list[Request] = []
    context.on(
        "request",
        lambda request: (
            uploads.append(request)
            if request.method == "POST" and request.url.endswith(ASSESSMENTS)
            else None
        ),
    )
    return uploads


def device_history(page: Page) -> list[dict]:
    return page.evaluate("JSON.parse(localStorage.getItem('valgus.assessments') || '[]')")


def recorded_review(page: Page, app_url: str) -> None:
    wizard.open_camera_step(page, app_url)
    wizard.wait_until_ready(page)
    wizard.record_both_legs(page)


def watch_disabled(page: Page) -> None:
    """Note in sessionStorage whether Send was ever disabled before it left the page."""
    page.evaluate(
        """() => {
          const send = document.querySelector('[data-testid="wizard-submit"]');
          new MutationObserver(() => {
            if (send.disabled) sessionStorage.setItem("sendWasDisabled", "yes");
          }).observe(send, { attributes: true, attributeFilter: ["disabled"] });
        }"""
    )


def disabled_while_sending(page: Page) -> bool:
    return page.evaluate("sessionStorage.getItem('sendWasDisabled') === 'yes'")


def assert_stored_once(page: Page, app_url: str, uploads: list[Request], assessment_id: str):
    assert len(uploads) == 1, [request.headers.get("idempotency-key") for request in uploads]
    assert [entry["id"] for entry in device_history(page)] == [assessment_id]
    assert httpx.get(f"{app_url}{ASSESSMENTS}/{assessment_id}").status_code == 200
    # Nothing is left waiting on the start page: no stray "Sent" record beside the history.
    page.goto(app_url)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    expect(page.get_by_test_id("outbox-item")).to_have_count(0)
    assert queued(page) == []


def test_a_double_click_on_send_uploads_once(app_url: str, browser: Browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    uploads = count_uploads(context)
    page = context.new_page()
    recorded_review(page, app_url)
    # The review does not promise what the analysis may not confirm.
    expect(page.get_by_test_id("review-left")).to_contain_text(
        "The live checks passed. The analysis checks the recording again"
    )
    watch_disabled(page)

    page.get_by_test_id("wizard-submit").dblclick()

    assessment_id = wizard.wait_for_result(page, measured=False)
    assert disabled_while_sending(page) is True
    assert_stored_once(page, app_url, uploads, assessment_id)
    context.close()


def test_two_quick_taps_on_send_offline_keep_one_recording_and_upload_it_once(
    app_url: str, browser: Browser
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    uploads = count_uploads(context)
    page = visit_once(context, f"{app_url}/capture")
    context.set_offline(True)
    page.reload()
    recorded_review(page, app_url)

    send = page.get_by_test_id("wizard-submit")
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)
    page.touchscreen.tap(x, y)

    expect(page.get_by_test_id("send-queued")).to_contain_text("You are offline")
    [record] = queued(page)
    expect(page.get_by_test_id("outbox-item")).to_have_count(1)
    assert uploads == []

    context.set_offline(False)
    assessment_id = wizard.wait_for_result(page, measured=False)
    assert uploads[0].headers["idempotency-key"] == record["local_id"]
    assert_stored_once(page, app_url, uploads, assessment_id)
    context.close()
