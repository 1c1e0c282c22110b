"""Screenshots of sending's unhappy screens at 390x844, as the runner sees them (the viewport):
a recording waiting after the server answered 503, the same after the server did not answer,
and a result link opened offline, written as docs/screenshots/send-<what>.png.

Run alone (`python scripts/screens_send.py`), it starts the app as the README does.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.sync_api import Browser, Page, Route, expect  # noqa: E402

from scripts.screens_runner import run_alone  # noqa: E402
from tests import synthetic  # noqa: E402
from tests.e2e import wizard_driver as wizard  # noqa: E402
from tests.e2e.test_offline import LOAD_OUTBOX  # noqa: E402

PHONE = {"width": 390, "height": 844}
BUSY_ANSWER = (
    '{"error": {"code": "unavailable", "message": "The database is briefly unavailable."}}'
)


def busy(route: Route) -> None:
    route.fulfill(
        status=503,
        headers={"Retry-After": "30", "Content-Type": "application/json"},
        body=BUSY_ANSWER,
    )


def unreachable(route: Route) -> None:
    route.abort("connectionrefused")


def waiting_after(page: Page, base_url: str, failure, kind: str) -> None:
    """The start page with one recording kept, every upload of it failing with `failure`."""
    page.route("**/api/v1/assessments", failure)
    page.goto(base_url)
    payload = synthetic.assessment(synthetic.squat_trial(side="left"))
    page.evaluate(
        f"(payload) => {LOAD_OUTBOX}.then((outbox) => outbox.add(payload, 'Single-leg squat, left'))",
        payload,
    )
    page.reload()
    expect(page.get_by_test_id("outbox-item")).to_have_attribute("data-failure", kind)


def capture(browser: Browser, base_url: str, out_dir: Path) -> list[Path]:
    """send-retry-503.png, send-retry-unreachable.png, send-offline-result.png at 390x844."""
    shots: list[Path] = []
    for what, failure, kind in [
        ("retry-503", busy, "unavailable"),
        ("retry-unreachable", unreachable, "unreachable"),
    ]:
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        page = context.new_page()
        waiting_after(page, base_url, failure, kind)
        shots.append(out_dir / f"send-{what}.png")
        page.screenshot(path=shots[-1])
        context.close()

    payload = synthetic.assessment(synthetic.squat_trial(side="left"))
    created = httpx.post(f"{base_url}/api/v1/assessments", json=payload, timeout=60).json()
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.goto(base_url)
    wizard.wait_until(page, wizard.SERVICE_WORKER_IN_CONTROL, 120_000)
    context.set_offline(True)
    page.goto(f"{base_url}{created['report_url']}")
    expect(page.get_by_test_id("needs-connection")).to_be_visible()
    shots.append(out_dir / "send-offline-result.png")
    page.screenshot(path=shots[-1])
    context.close()
    return shots


if __name__ == "__main__":
    run_alone(capture)
