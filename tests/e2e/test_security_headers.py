"""In a real browser, under the strict Content-Security-Policy, the capture page loads the pose
model and the result page renders, with not one CSP violation."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e import wizard_driver as wizard
from tests.synthetic import assessment

# Collects every CSP violation the page reports, from before its first script runs.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(
  `${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`));
"""


def _watched_page(browser: Browser) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.add_init_script(WATCH_VIOLATIONS)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page, console


def _violations(page: Page, console: list[str]) -> list[str]:
    return page.evaluate("window.__cspViolations") + console


def test_capture_page_runs_the_pose_model_under_the_policy(app_url, browser):
    page, console = _watched_page(browser)
    response = page.goto(f"{app_url}/capture")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    # The wizard's start button is enabled only once the WASM runtime and the model have loaded.
    wizard.open_camera_step(page, app_url)
    assert _violations(page, console) == []
    page.close()


def test_result_page_renders_under_the_policy_and_is_not_indexed(app_url, browser):
    created = httpx.post(f"{app_url}/api/v1/assessments", json=assessment(), timeout=60).json()
    page, console = _watched_page(browser)
    response = page.goto(f"{app_url}{created['report_url']}")
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(page.get_by_test_id("fppa-mean").first).to_have_text(
        re.compile(r"^-?\d+\.\d°$"), timeout=30_000
    )
    # The skeleton replay and the share QR code draw on canvases: they run under the policy too.
    expect(page.get_by_test_id("replay-canvas").first).to_be_visible()
    page.get_by_test_id("replay-play").first.click()
    page.wait_for_timeout(1000)
    assert _violations(page, console) == []
    page.close()


@pytest.mark.parametrize(
    "path, ready",
    [
        ("/", "a[href='/capture']"),
        ("/r/{id}/clinician", "[data-testid='rep-table']"),
        ("/history", "main"),
        ("/progress", "main"),
    ],
)
def test_other_pages_render_under_the_policy(app_url, browser, path, ready):
    created = httpx.post(f"{app_url}/api/v1/assessments", json=assessment(), timeout=60).json()
    page, console = _watched_page(browser)
    page.goto(app_url + path.format(id=created["id"]))
    expect(page.locator(ready).first).to_be_visible(timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert _violations(page, console) == []
    page.close()


FOREIGN = "http://foreign.example"


@pytest.mark.parametrize("method", ["GET", "OPTIONS"])
def test_no_other_origin_is_granted_the_api(app_url, method):
    """Reflex's default grants any Origin, with credentials; the app is same-origin and grants
    none (a simple request and a preflight)."""
    headers = {"Origin": FOREIGN}
    if method == "OPTIONS":
        headers |= {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
    response = httpx.request(method, f"{app_url}/api/v1/assessments/x", headers=headers)
    # A browser lets a page of another origin read an answer only if it names that origin.
    assert "access-control-allow-origin" not in response.headers, response.headers
    if method == "OPTIONS":
        assert response.status_code == 400, "the preflight must be refused"


# Opens the live connection from the page it runs in and tells whether the server said hello.
OPEN_LIVE_CONNECTION = """(url) => new Promise((resolve) => {
  const socket = new WebSocket(url);
  socket.onmessage = (event) => { resolve(String(event.data).slice(0, 1)); socket.close(); };
  socket.onclose = () => resolve("closed");
  socket.onerror = () => resolve("refused");
  setTimeout(() => resolve("silent"), 15000);
})"""


def test_only_the_app_s_own_pages_open_its_live_connection(app_url, browser: Browser):
    socket_url = app_url.replace("http", "ws", 1) + "/_event/?EIO=4&transport=websocket"
    context = browser.new_context()
    own = context.new_page()
    own.goto(f"{app_url}/no/such/page")
    # "0" is the Engine.IO open packet: the server accepted the connection.
    assert own.evaluate(OPEN_LIVE_CONNECTION, socket_url) == "0"

    foreign = context.new_page()
    foreign.route(
        f"{FOREIGN}/**",
        lambda route: route.fulfill(content_type="text/html", body="<p>elsewhere</p>"),
    )
    foreign.goto(f"{FOREIGN}/")
    assert foreign.evaluate(OPEN_LIVE_CONNECTION, socket_url) in ("refused", "closed")
    context.close()


def test_only_html_documents_carry_the_inline_script_hashes(app_url):
    """The hashes are a kilobyte: scripts, images and the API get the policy without them, and
    a 304 gets no policy (it would replace the stored page's own)."""
    page = httpx.get(f"{app_url}/", timeout=30)
    assert "'sha256-" in page.headers["content-security-policy"]
    for path in ("/pwa.js", "/icons/icon-192.png", "/healthz"):
        policy = httpx.get(f"{app_url}{path}", timeout=30).headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "'sha256-" not in policy, path
    validator = page.headers.get("etag")
    if validator:  # when the page is served with a validator, revalidating it keeps its policy
        again = httpx.get(f"{app_url}/", headers={"If-None-Match": validator}, timeout=30)
        if again.status_code == 304:
            assert "content-security-policy" not in again.headers
