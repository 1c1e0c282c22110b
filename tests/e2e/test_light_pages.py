"""Pages that only show results are light: they never download the pose runtime or a model,
which the device gets only when the runner opens the test or taps "Use offline"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from tests.e2e import wizard_driver as wizard
from tests.e2e.bytes_received import count_received
from tests.e2e.test_offline import CAPTURE_READY_OFFLINE, SERVICE_WORKER_TIMEOUT_MS
from tests.e2e.test_report_pages import create
from tests.synthetic import squat_trial


def pose_downloads(context: BrowserContext) -> list[str]:
    """Every pose runtime or model file fetched in this context, by pages or the service worker."""
    fetched: list[str] = []

    def note(request: Request) -> None:
        if "/pose/" in request.url:
            fetched.append(request.url)

    context.on("request", note)
    return fetched


def settled(page: Page) -> None:
    """The service worker is in control and has finished caching what it caches on install."""
    wizard.wait_until(page, wizard.SERVICE_WORKER_IN_CONTROL, SERVICE_WORKER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")


def test_report_pages_never_download_the_pose_runtime(app_url: str, browser: Browser):
    assessment = create(app_url, squat_trial("left", valgus_px=20), squat_trial("right"))
    for path in (
        f"/r/{assessment['id']}",
        f"/r/{assessment['id']}/clinician",
        "/history",
        "/progress",
        "/",
    ):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        fetched = pose_downloads(context)
        page = context.new_page()
        page.goto(f"{app_url}{path}")
        settled(page)
        assert fetched == [], path
        context.close()


# A first visit, service worker and its install included (kB transferred).
FIRST_VISIT_BUDGET_KB = {"report": 400, "home": 500}


@pytest.mark.parametrize("page_name", FIRST_VISIT_BUDGET_KB)
def test_a_first_visit_stays_within_its_byte_budget(app_url: str, browser: Browser, page_name):
    assessment = create(app_url, squat_trial("left", valgus_px=20), squat_trial("right"))
    path = {"report": f"/r/{assessment['id']}", "home": "/"}[page_name]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    received, stop = count_received(context)
    page = context.new_page()
    page.goto(f"{app_url}{path}")
    settled(page)
    if page_name == "report":
        expect(page.get_by_test_id("replay-canvas").first).to_have_attribute(
            "data-drawn-frame", re.compile(r"^\d+$")
        )
    page.wait_for_timeout(1000)  # anything the page or the worker fetches late
    stop()
    context.close()
    # The service worker's own downloads are counted, not only the page's.
    assert received.by_service_worker > 0
    biggest = sorted(received.by_url.items(), key=lambda item: -item[1])[:5]
    assert received.total <= FIRST_VISIT_BUDGET_KB[page_name] * 1000, (received.total, biggest)


def test_use_offline_on_the_start_page_readies_the_test_for_no_connection(
    app_url: str, browser: Browser
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    fetched = pose_downloads(context)
    page = context.new_page()
    page.goto(app_url)
    settled(page)
    offer = page.get_by_test_id("offline-use")
    expect(offer).to_have_attribute("data-state", "no")
    assert fetched == []

    page.get_by_test_id("use-offline").click()
    expect(offer).to_have_attribute("data-state", "ready", timeout=SERVICE_WORKER_TIMEOUT_MS)
    assert any(url.endswith("/pose/pose_landmarker_lite.task") for url in fetched)

    # Without a connection the test's page opens and pose runs from the cache.
    context.set_offline(True)
    page.goto(f"{app_url}/capture")
    expect(page.get_by_test_id("offline-notice")).to_be_visible()
    wizard.open_camera_step(page, app_url)
    wizard.wait_until(page, wizard.POSE_RUNNING, 120_000)
    context.close()


def test_opening_the_test_readies_it_offline_by_itself(app_url: str, browser: Browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{app_url}/capture")
    wizard.wait_until(page, CAPTURE_READY_OFFLINE, SERVICE_WORKER_TIMEOUT_MS)
    page.goto(app_url)
    expect(page.get_by_test_id("offline-use")).to_have_attribute("data-state", "ready")
    context.close()


@pytest.mark.parametrize("path", ["/", "/capture/", "/history", "/progress", "report", "clinician"])
def test_every_page_paints_before_its_scripts_run(app_url: str, browser: Browser, path: str):
    """With scripts off, each page's HTML already shows its frame (a report says it is loading):
    a slow phone paints it before the runtime arrives, and fetches that runtime at low priority."""
    if path in ("report", "clinician"):
        assessment = create(app_url, squat_trial("left", valgus_px=20))
        path = f"/r/{assessment['id']}" + ("/clinician" if path == "clinician" else "")
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{app_url}{path}")
    expect(page.locator(".site-header .brand")).to_have_text("Knee check")
    if path.startswith("/r/"):
        expect(page.get_by_role("status")).to_have_text("Loading the result…")
    else:
        expect(page.locator("main h1")).to_be_visible()
    preloads = page.locator('link[rel="modulepreload"]')
    assert preloads.count() > 0
    assert (
        preloads.count() == page.locator('link[rel="modulepreload"][fetchpriority="low"]').count()
    )
    context.close()
