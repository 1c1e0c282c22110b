"""The app is an installable PWA: a valid manifest with real icons and a service worker in control."""

from __future__ import annotations

import contextlib
import http.server
import re
import struct
import threading
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e import media
from tests.e2e import wizard_driver as wizard
from tests.e2e.test_offline import visit_once


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_manifest_names_the_app_and_its_icons(app_url):
    page_html = httpx.get(f"{app_url}/", follow_redirects=True).text
    assert (
        '<link rel="manifest" href="/manifest.webmanifest"' in page_html
        or 'href="/manifest.webmanifest" rel="manifest"' in page_html
    )
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
        tmp_path / "profile",
        executable_path=media.chromium_executable(),
        args=media.chromium_args(),
    )
    page = visit_once(context, app_url)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == f"{app_url}/sw.js"
    assert (
        page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)")
        == f"{app_url}/"
    )
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    context.close()


@pytest.mark.parametrize(
    "path", ["/pose/wasm/vision_wasm_internal.wasm", "/pose/pose_landmarker_lite.task"]
)
def test_pose_runtime_and_model_travel_compressed(app_url, path):
    response = httpx.get(f"{app_url}{path}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < len(response.content)
    assert response.content == (media.ROOT / "assets" / path.lstrip("/")).read_bytes()
    if path.endswith(".wasm"):
        # WebAssembly.instantiateStreaming accepts nothing else.
        assert response.headers["content-type"] == "application/wasm"


def test_the_page_scripts_travel_as_brotli_where_the_browser_takes_it(app_url):
    home = httpx.get(f"{app_url}/").text
    script = re.search(r'href="(/assets/entry\.client-[^"]+\.js)"', home).group(1)
    brotli = httpx.get(f"{app_url}{script}", headers={"Accept-Encoding": "gzip, br"})
    gzipped = httpx.get(f"{app_url}{script}", headers={"Accept-Encoding": "gzip"})
    assert brotli.headers["content-encoding"] == "br"
    assert gzipped.headers["content-encoding"] == "gzip"
    assert brotli.content == gzipped.content  # httpx decodes both
    assert int(brotli.headers["content-length"]) < int(gzipped.headers["content-length"])


@pytest.mark.parametrize("path", ["/capture", "/history", "/progress"])
def test_a_page_opened_without_its_trailing_slash_is_answered_without_a_redirect(app_url, path):
    response = httpx.get(f"{app_url}{path}")
    assert response.status_code == 200
    assert response.text == httpx.get(f"{app_url}{path}/").text


def test_offline_page_answers_pages_that_need_the_server(app_url, browser):
    context = browser.new_context()
    page = visit_once(context, app_url)
    context.set_offline(True)
    page.goto(f"{app_url}/r/AAAAAAAAAAAAAAAAAAAAAA")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.get_by_role("link", name="Do the test")).to_have_attribute("href", "/capture")
    context.close()


@contextlib.contextmanager
def redeployable(app_url: str) -> Iterator[tuple[str, dict[str, bytes]]]:
    """The app behind a small HTTP proxy whose `replaced` files stand for a new deployment.

    The browser fetches a service worker's script itself, out of reach of request routing, so a
    new version has to come from the server side.
    """
    replaced: dict[str, bytes] = {}
    upstream = httpx.Client(base_url=app_url)

    class Proxy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path in replaced:
                body, headers, status = (
                    replaced[self.path],
                    {"Content-Type": "text/javascript"},
                    200,
                )
            else:
                answer = upstream.get(self.path, headers={"Accept-Encoding": "identity"})
                body, status = answer.content, answer.status_code
                headers = {
                    name: value
                    for name, value in answer.headers.items()
                    if name.lower() in ("content-type", "etag")
                }
                if "location" in answer.headers:
                    headers["Location"] = answer.headers["location"].removeprefix(app_url)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", replaced
    finally:
        server.shutdown()
        upstream.close()


def test_a_new_version_is_offered_and_taken_on_reload(app_url, browser):
    with redeployable(app_url) as (url, replaced):
        context = browser.new_context()
        page = visit_once(context, f"{url}/capture")
        current = httpx.get(f"{app_url}/sw.js").text
        version = int(re.search(r'const VERSION = "(\d+)";', current).group(1))
        old_cache, new_cache = f"valgus-shell-v{version}", f"valgus-shell-v{version + 1}"
        replaced["/sw.js"] = current.replace(
            f'const VERSION = "{version}";', f'const VERSION = "{version + 1}";'
        ).encode()
        page.evaluate(
            "navigator.serviceWorker.getRegistration().then((registration) => registration.update())"
        )

        offer = page.get_by_test_id("update-ready")
        expect(offer).to_contain_text("A new version of the app is ready", timeout=120_000)
        # The old worker keeps control until the runner chooses to reload.
        assert old_cache in page.evaluate("caches.keys()")
        with page.expect_event("load", timeout=60_000):
            offer.get_by_role("button", name="Reload to update").click()
        wizard.wait_until(
            page, f"() => caches.keys().then((names) => !names.includes('{old_cache}'))"
        )
        assert new_cache in page.evaluate("caches.keys()")
        expect(page.get_by_test_id("update-ready")).to_have_count(0)
        context.close()
