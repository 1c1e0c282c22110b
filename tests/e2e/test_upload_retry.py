"""The answer to an upload is lost on the way back; the upload stays queued on the phone and is
sent again with the same Idempotency-Key: the server hands back the assessment it already
stored instead of storing a second copy."""

from __future__ import annotations

import time

from playwright.sync_api import Route, expect

from tests.e2e import wizard_driver as wizard

RESEND_TIMEOUT_S = 60


def _sent_records(page) -> list[dict]:
    return page.evaluate(
        "async () => window.ValgusOutbox ? (await window.ValgusOutbox.list())"
        ".filter((record) => record.status === 'sent') : []"
    )


def test_retry_after_a_lost_answer_opens_the_stored_result(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    lost: list[dict] = []

    def answer_then_drop_it(route: Route) -> None:
        # The server receives and stores the upload; its answer never reaches the page.
        response = route.fetch()
        lost.append({"status": response.status, "body": response.json(),
                     "key": route.request.headers.get("idempotency-key")})
        route.abort("connectionreset")

    wizard.open_camera_step(page, app_url)
    wizard.record_both_legs(page)
    page.route("**/api/v1/assessments", answer_then_drop_it)
    wizard.submit(page)
    expect(page.get_by_test_id("send-queued")).to_contain_text("could not be reached", timeout=60_000)
    assert lost and lost[0]["status"] == 201 and len(lost[0]["key"] or "") >= 16, lost

    page.unroute("**/api/v1/assessments")
    page.reload()  # reopening the app sends what is still queued
    deadline = time.monotonic() + RESEND_TIMEOUT_S
    while not (sent := _sent_records(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert sent, "the queued upload was not sent again"
    assert sent[0]["result"]["id"] == lost[0]["body"]["id"]
    page.close()
