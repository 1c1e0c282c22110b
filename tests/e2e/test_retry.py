"""A send that fails while online is retried by the page, which says why it failed."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests import synthetic
from tests.e2e.test_offline import LOAD_OUTBOX, queued

ASSESSMENTS = "**/api/v1/assessments"


def keep_a_recording(page: Page) -> None:
    payload = synthetic.assessment(synthetic.squat_trial(side="left"))
    page.evaluate(
        f"(payload) => {LOAD_OUTBOX}.then((outbox) => outbox.add(payload, 'Single-leg squat, left'))",
        payload,
    )


class FailingServer:
    """Answers uploads with `failure(route)` until `recover()`; then they reach the real server."""

    def __init__(self, page: Page, failure: Callable[[Route], None]) -> None:
        self.tries: list[str] = []
        self.failing = True
        self.failure = failure
        page.route(ASSESSMENTS, self.handle)

    def handle(self, route: Route) -> None:
        self.tries.append(route.request.headers.get("idempotency-key", ""))
        if self.failing:
            self.failure(route)
        else:
            route.continue_()

    def recover(self) -> None:
        self.failing = False


def failing_send(
    browser: Browser, app_url: str, failure: Callable[[Route], None]
) -> tuple[BrowserContext, Page, FailingServer]:
    """A recording in the outbox of a page whose uploads fail with `failure`."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(app_url)
    keep_a_recording(page)
    server = FailingServer(page, failure)
    page.reload()
    return context, page, server


def sent_by_retry(page: Page, server: FailingServer) -> None:
    server.recover()
    # Retried by the page itself, with no reload and no tap: it leaves the queue for the history.
    expect(page.get_by_test_id("outbox-item")).to_have_count(0, timeout=60_000)
    assert queued(page) == []
    history = page.evaluate("JSON.parse(localStorage.getItem('valgus.assessments') || '[]')")
    assert len(history) == 1
    assert len(server.tries) >= 2
    assert set(server.tries) == {history[0]["local_id"]}


def test_a_503_names_the_busy_server_and_is_retried_after_retry_after(
    app_url: str, browser: Browser
):
    context, page, server = failing_send(
        browser,
        app_url,
        lambda route: route.fulfill(
            status=503,
            headers={"Retry-After": "1", "Content-Type": "application/json"},
            body='{"error": {"code": "unavailable", "message": "The database is briefly unavailable."}}',
        ),
    )

    item = page.get_by_test_id("outbox-item")
    expect(item).to_have_attribute("data-failure", "unavailable")
    expect(item).to_contain_text("The server answered that it cannot take it just now")
    expect(item).to_contain_text("The database is briefly unavailable.")
    expect(item).not_to_contain_text("could not be reached")
    expect(item.get_by_role("button", name="Send now")).to_be_visible()
    sent_by_retry(page, server)
    context.close()


def test_an_unreachable_server_is_named_and_retried_without_a_reload(
    app_url: str, browser: Browser
):
    context, page, server = failing_send(
        browser, app_url, lambda route: route.abort("connectionrefused")
    )

    item = page.get_by_test_id("outbox-item")
    expect(item).to_have_attribute("data-failure", "unreachable")
    expect(item).to_contain_text("The server could not be reached")
    expect(item.get_by_role("button", name="Send now")).to_be_visible()
    sent_by_retry(page, server)
    context.close()
