"""A test the service worker sends in the background, with no tab open, is in the history at once."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests import synthetic
from tests.e2e import wizard_driver as wizard
from tests.e2e.test_offline import LOAD_OUTBOX, queued, visit_once

SYNC_TAG = "valgus-outbox"


def queue_offline(page: Page) -> None:
    """Keep a recording while offline and ask for a background send, as the send step does."""
    payload = synthetic.assessment(synthetic.squat_trial(side="left"))
    page.evaluate(
        f"""(payload) => {LOAD_OUTBOX}
            .then((outbox) => outbox.add(payload, 'Single-leg squat, left'))
            .then(() => navigator.serviceWorker.ready)
            .then((registration) => registration.sync.register({SYNC_TAG!r}))""",
        payload,
    )


def fire_background_sync(context: BrowserContext, page: Page, app_url: str) -> None:
    """Chromium fires the sync when it sees the network return; DevTools fires it on demand."""
    cdp = context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    ours: list[dict] = []
    while not ours:  # the registrations arrive as events; the test's timeout bounds the wait
        page.wait_for_timeout(100)
        ours = [entry for entry in registrations if entry["scopeURL"] == f"{app_url}/"]
    registration = ours[0]
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": app_url,
            "registrationId": registration["registrationId"],
            "tag": SYNC_TAG,
            "lastChance": False,
        },
    )


def test_history_lists_a_test_the_service_worker_sent_with_no_tab_open(
    app_url: str, browser: Browser
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = visit_once(context, f"{app_url}/capture")
    context.set_offline(True)
    queue_offline(page)
    page.close()

    context.set_offline(False)
    # A page of the app that neither sends the queue nor reads the history: only the worker sends.
    bystander = context.new_page()
    bystander.goto(f"{app_url}/offline.html")
    fire_background_sync(context, bystander, app_url)
    wizard.wait_until(
        bystander,
        f"() => {LOAD_OUTBOX}.then((outbox) => outbox.list())"
        ".then((records) => records.length === 1 && records[0].status === 'sent')",
    )
    [record] = queued(bystander)
    assessment_id = record["result"]["id"]

    history = context.new_page()
    history.goto(f"{app_url}/history")
    item = history.get_by_test_id("history-item")
    expect(item).to_have_count(1)
    expect(item.locator(f'a[href="/r/{assessment_id}"]')).to_be_visible()
    # The page moved it out of the outbox: nothing is left "waiting" on the start page.
    wizard.wait_until(
        history,
        f"() => {LOAD_OUTBOX}.then((outbox) => outbox.list()).then((records) => !records.length)",
    )
    stored = history.evaluate("JSON.parse(localStorage.getItem('valgus.assessments'))")
    assert [entry["id"] for entry in stored] == [assessment_id]
    assert stored[0]["owner_key"] == record["result"]["owner_key"]
    context.close()
