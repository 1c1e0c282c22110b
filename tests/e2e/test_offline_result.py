"""A result link that cannot reach the server says that it needs a connection, instead of loading
forever: offline (the service worker's page) and with the page loaded but no live connection."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Browser, WebSocketRoute, expect

from tests import synthetic
from tests.e2e.test_offline import visit_once


def stored_assessment(app_url: str) -> str:
    payload = synthetic.assessment(synthetic.squat_trial(side="left"))
    response = httpx.post(f"{app_url}/api/v1/assessments", json=payload, timeout=60)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_result_link_opened_offline_says_it_needs_a_connection(app_url: str, browser: Browser):
    assessment_id = stored_assessment(app_url)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = visit_once(context, app_url)
    context.set_offline(True)

    page.goto(f"{app_url}/r/{assessment_id}")

    expect(page.get_by_test_id("needs-connection")).to_contain_text("needs a connection")
    expect(page.get_by_role("link", name="Back to the start page")).to_be_visible()
    expect(page.get_by_text("Loading the result")).to_have_count(0)
    context.close()


def test_a_result_page_that_cannot_reach_the_server_says_so_and_recovers(
    app_url: str, browser: Browser
):
    """The page itself arrives but its live connection does not (a captive portal, a proxy that
    drops websockets, the server restarting): it says why instead of spinning, then loads."""
    assessment_id = stored_assessment(app_url)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    blocked = {"on": True}

    def connect_or_refuse(socket: WebSocketRoute) -> None:
        if blocked["on"]:
            socket.close()
        else:
            socket.connect_to_server()

    page.route_web_socket(re.compile(r"/_event"), connect_or_refuse)
    page.goto(f"{app_url}/r/{assessment_id}")

    # The socket client gives up on a connection attempt after 20 s; until then the page loads.
    expect(page.get_by_test_id("needs-connection")).to_contain_text(
        "needs a connection", timeout=45_000
    )
    expect(page.get_by_role("link", name="Back to the start page")).to_be_visible()
    expect(page.get_by_text("Loading the result")).to_have_count(0)

    blocked["on"] = False
    expect(page.get_by_test_id("category-badge").first).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("needs-connection")).to_have_count(0)
    context.close()
