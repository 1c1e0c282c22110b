"""Ways around the app: home links the device's tests, unknown paths lead back, one duration and
one time format (the reader's local time, with the zone) on every page."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_report_pages import create, remember_on_device
from tests.synthetic import assessment, squat_trial

ZONE = "Europe/Berlin"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", timezone_id=ZONE
    )
    yield context.new_page()
    context.close()


def test_home_links_the_tests_on_this_device_and_the_progress(app_url, phone: Page):
    phone.goto(f"{app_url}/")
    phone.get_by_test_id("history-link").click()
    expect(phone).to_have_url(f"{app_url}/history")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your tests")
    phone.goto(f"{app_url}/")
    phone.get_by_test_id("progress-link").click()
    expect(phone).to_have_url(f"{app_url}/progress")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your progress")


@pytest.mark.parametrize("path", ["/r/", "/no/such/page", "/history/x"])
def test_an_unknown_path_shows_the_app_and_a_way_back(app_url, phone: Page, path):
    phone.goto(f"{app_url}{path}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(phone.locator(".site-header .brand")).to_have_text("Knee check")
    expect(phone.locator("body")).not_to_contain_text("404: Page not found")
    phone.get_by_test_id("home-link").click()
    expect(phone).to_have_url(f"{app_url}/")
    expect(phone.get_by_test_id("start-test")).to_be_visible()


def test_home_and_wizard_give_the_same_duration(app_url, phone: Page):
    phone.goto(f"{app_url}/")
    expect(phone.locator(".lead")).to_contain_text("about 3 minutes")
    expect(phone.locator("main")).not_to_contain_text("two-minute")
    phone.goto(f"{app_url}/capture")
    expect(phone.get_by_test_id("wizard-step")).to_be_visible()
    expect(phone.locator("main")).to_contain_text(re.compile("about 3 minutes", re.IGNORECASE))


def local_text(iso: str) -> str:
    """The stored time as the page should write it in ZONE with en-GB: '1 Dec 2026, 21:29 CET'."""
    moment = dt.datetime.fromisoformat(iso).astimezone(ZoneInfo(ZONE))
    return f"{moment.day} {moment:%b %Y, %H:%M %Z}"


def test_times_are_local_with_the_zone_on_every_page(app_url, phone: Page):
    created = create(app_url, squat_trial("left", valgus_px=20))
    stored = httpx.get(f"{app_url}/api/v1/assessments/{created['id']}", timeout=30).json()
    expected = local_text(stored["created_at"])
    later = create(app_url, squat_trial("left", valgus_px=20))
    remember_on_device(phone, app_url, created, later)
    phone.goto(f"{app_url}/r/{created['id']}")
    expect(phone.get_by_test_id("recorded")).to_have_text(f"Single-leg squat · recorded {expected}")
    if stored.get("expires_at"):
        expires = local_text(stored["expires_at"])
        expect(phone.get_by_test_id("expiry")).to_have_text(f"The link works until {expires}.")
    phone.goto(f"{app_url}/r/{created['id']}/clinician")
    expect(phone.locator(".details")).to_contain_text(f"Recorded{expected}")
    phone.goto(f"{app_url}/history")
    expect(phone.locator(".history-item__link").first).to_have_text(expected)
    expect(phone.locator("main")).not_to_contain_text("UTC")
    phone.goto(f"{app_url}/progress")
    expect(phone.get_by_test_id("side-change").first).to_be_visible()
    options = phone.get_by_test_id("pick-earlier").locator("option")
    expect(options.first).to_have_text(expected)


def test_a_test_sent_days_later_is_dated_when_the_phone_recorded_it(app_url, phone: Page):
    recorded = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=3, hours=5)
    body = assessment(squat_trial("left", valgus_px=20))
    body["recorded_at"] = recorded.isoformat()
    response = httpx.post(f"{app_url}/api/v1/assessments", json=body, timeout=60)
    assert response.status_code == 201, response.text
    created = response.json()
    stored = httpx.get(f"{app_url}/api/v1/assessments/{created['id']}", timeout=30).json()
    assert dt.datetime.fromisoformat(stored["recorded_at"]) == recorded
    remember_on_device(phone, app_url, created)
    expected = local_text(recorded.isoformat())
    phone.goto(f"{app_url}/r/{created['id']}")
    expect(phone.get_by_test_id("recorded")).to_have_text(f"Single-leg squat · recorded {expected}")
    phone.goto(f"{app_url}/r/{created['id']}/clinician")
    expect(phone.locator(".details")).to_contain_text(f"Recorded{expected}")
    phone.goto(f"{app_url}/history")
    expect(phone.locator(".history-item__link").first).to_have_text(expected)
