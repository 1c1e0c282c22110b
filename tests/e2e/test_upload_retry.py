"""The answer to an upload is lost on the way back; the runner presses Retry: the page sends the
same Idempotency-Key and opens the result that was already stored, not a second copy."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Route, expect

RECORD_SECONDS = 3


def test_retry_after_a_lost_answer_opens_the_stored_result(app_url, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    lost: list[dict] = []

    def answer_then_drop_it(route: Route) -> None:
        # The server receives and stores the upload; its answer never reaches the page.
        response = route.fetch()
        lost.append({"status": response.status, "body": response.json(),
                     "key": route.request.headers.get("idempotency-key")})
        route.abort("connectionreset")

    page.route("**/api/v1/assessments", answer_then_drop_it)
    page.goto(f"{app_url}/capture")
    start = page.get_by_test_id("capture-start")
    expect(start).to_be_enabled(timeout=90_000)
    start.click()
    page.wait_for_timeout(RECORD_SECONDS * 1000)
    page.get_by_test_id("capture-stop").click()
    retry = page.get_by_test_id("capture-retry")
    expect(retry).to_be_visible(timeout=60_000)
    assert lost and lost[0]["status"] == 201 and len(lost[0]["key"] or "") >= 16, lost

    page.unroute("**/api/v1/assessments")
    retry.click()
    page.wait_for_url(re.compile(r"/r/[A-Za-z0-9_-]{22}$"), timeout=60_000)
    assert page.url.rsplit("/", 1)[-1] == lost[0]["body"]["id"]
    assert httpx.get(f"{app_url}/api/v1/assessments/{lost[0]['body']['id']}").status_code == 200
    page.close()
