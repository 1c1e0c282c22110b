"""A result link opened offline says that it needs a connection, instead of loading forever."""

from __future__ import annotations

import httpx
from playwright.sync_api import Browser, expect

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
