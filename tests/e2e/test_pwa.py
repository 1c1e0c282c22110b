"""The app is an installable PWA: a valid manifest with real icons and a service worker in control."""

from __future__ import annotations

import struct

import httpx
from playwright.sync_api import expect

from tests.e2e import media
from tests.e2e.test_offline import visit_once


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_manifest_names_the_app_and_its_icons(app_url):
    page_html = httpx.get(f"{app_url}/", follow_redirects=True).text
    assert '<link rel="manifest" href="/manifest.webmanifest"' in page_html or 'href="/manifest.webmanifest" rel="manifest"' in page_html
    manifest = httpx.get(f"{app_url}/manifest.webmanifest").json()
    assert manifest["name"] and manifest["short_name"]
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["theme_color"].startswith("#")
    purposes = {}
    for icon in manifest["icons"]:
        response = httpx.get(f"{app_url}{icon['src']}")
        assert response.status_code == 200, icon["src"]
        width, height = png_size(response.content)
        assert icon["sizes"] == f"{width}x{height}", icon["src"]
        purposes.setdefault(icon["purpose"], set()).add(width)
    assert {192, 512} <= purposes["any"]
    assert 512 in purposes["maskable"]


def test_chromium_finds_the_app_installable(app_url, playwright, tmp_path):
    # A profile on disk: Chromium never offers installation in an incognito-like context.
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=media.chromium_executable(), args=media.chromium_args()
    )
    page = visit_once(context, app_url)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == f"{app_url}/sw.js"
    assert page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)") == f"{app_url}/"
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    context.close()


def test_offline_page_answers_pages_that_need_the_server(app_url, browser):
    context = browser.new_context()
    page = visit_once(context, app_url)
    context.set_offline(True)
    page.goto(f"{app_url}/r/AAAAAAAAAAAAAAAAAAAAAA")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_role("link", name="Do the test")).to_have_attribute("href", "/capture")
    context.close()
