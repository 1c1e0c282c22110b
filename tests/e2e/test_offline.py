"""The app works with no connection after one visit, and keeps offline recordings until it can send them."""

from __future__ import annotations

import httpx
from playwright.sync_api import BrowserContext, Page, expect

from tests import synthetic
from tests.e2e import wizard_driver as wizard

SERVICE_WORKER_TIMEOUT_MS = 120_000


def visit_once(context: BrowserContext, url: str) -> Page:
    """Open a page and wait until the service worker has cached the app and controls the page;
    the test's page also until the test is ready offline (its page and the pose runtime)."""
    page = context.new_page()
    page.goto(url)
    wizard.wait_until(page, wizard.SERVICE_WORKER_IN_CONTROL, SERVICE_WORKER_TIMEOUT_MS)
    if "/capture" in url:
        wizard.wait_until(page, CAPTURE_READY_OFFLINE, SERVICE_WORKER_TIMEOUT_MS)
    return page


CAPTURE_READY_OFFLINE = "() => window.valgusPwa && window.valgusPwa.captureOffline === 'ready'"


# The outbox reads the generated contract, so pages load that first, as pwa.jsx does.
LOAD_OUTBOX = (
    "import('/contract.js').then(() => import('/outbox.js')).then(() => self.ValgusOutbox)"
)


def queued(page: Page) -> list[dict]:
    return page.evaluate(f"{LOAD_OUTBOX}.then((outbox) => outbox.list())")


def test_second_visit_works_offline_and_sends_when_back_online(app_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = visit_once(context, f"{app_url}/capture")

    context.set_offline(True)
    page.reload()
    expect(page.get_by_test_id("offline-notice")).to_be_visible()
    wizard.open_camera_step(page, app_url)
    wizard.wait_until_ready(page)
    wizard.record_both_legs(page)
    wizard.submit(page)

    expect(page.get_by_test_id("send-queued")).to_contain_text("You are offline")
    item = page.get_by_test_id("outbox-item")
    expect(item).to_have_attribute("data-status", "queued")
    expect(item).to_contain_text("Waiting for a connection")
    [record] = queued(page)
    assert [trial["side"] for trial in record["payload"]["trials"]] == ["left", "right"]

    context.set_offline(False)
    assessment_id = wizard.wait_for_result(page)
    assert httpx.get(f"{app_url}/api/v1/assessments/{assessment_id}").status_code == 200
    assert queued(page) == []
    context.close()


def test_a_queued_assessment_survives_closing_the_tab(app_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = visit_once(context, app_url)
    context.set_offline(True)
    payload = synthetic.assessment(synthetic.squat_trial(side="left"))
    page.evaluate(
        f"(payload) => {LOAD_OUTBOX}.then((outbox) => outbox.add(payload, 'Single-leg squat, left'))",
        payload,
    )
    page.close()

    later = context.new_page()
    later.goto(app_url)
    item = later.get_by_test_id("outbox-item")
    expect(item).to_contain_text("Single-leg squat, left")
    expect(item).to_contain_text("Waiting for a connection")

    context.set_offline(False)
    # Sent, and moved from the queue into the device's history, which /history lists.
    expect(item).to_have_count(0, timeout=30_000)
    [entry] = later.evaluate("JSON.parse(localStorage.getItem('valgus.assessments'))")
    assert httpx.get(f"{app_url}/api/v1/assessments/{entry['id']}").status_code == 200
    assert queued(later) == []
    later.goto(f"{app_url}/history")
    expect(later.locator(f'a[href="/r/{entry["id"]}"]')).to_be_visible()
    context.close()
