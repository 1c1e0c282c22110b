"""Screenshots of the report pages in large text and of the 404 page: pages-<what>.png.

The result, clinician and history pages at 320x640 with 200% text (the screen showing the part
that used to overflow: the measure and scale, a table, a test), the 404 page, and the card of a
trial with no measured angle (390x844), and a result page that cannot reach the server. Alone (`python scripts/screens_pages.py`) it starts the
app as the README does and writes into docs/screenshots/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.sync_api import Browser, Page, expect  # noqa: E402

from scripts.screens_runner import run_alone  # noqa: E402
from tests.synthetic import assessment, squat_trial  # noqa: E402

NARROW = {"width": 320, "height": 640}
PHONE = {"width": 390, "height": 844}
LARGE_TEXT = "html { font-size: 200% }"


def _create(base_url: str, *trials: dict) -> dict:
    response = httpx.post(f"{base_url}/api/v1/assessments", json=assessment(*trials), timeout=60)
    response.raise_for_status()
    return response.json()


def _open(page: Page, url: str, ready: str, large_text: bool) -> None:
    page.goto(url)
    if large_text:
        page.add_style_tag(content=LARGE_TEXT)
    expect(page.locator(ready).first).to_be_visible(timeout=30_000)


def capture(browser: Browser, base_url: str, out_dir: Path) -> list[Path]:
    both_legs = _create(
        base_url, squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10)
    )
    unmeasured = _create(base_url, squat_trial("right", reps=0))
    context = browser.new_context(viewport=NARROW, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{base_url}/")
    entry = {"id": both_legs["id"], "owner_key": both_legs["owner_key"], "created_at": ""}
    page.evaluate("e => localStorage.setItem('valgus.assessments', JSON.stringify([e]))", entry)
    shots = [
        ("result-320px-200pct", f"/r/{both_legs['id']}", ".measure", True),
        ("clinician-320px-200pct", f"/r/{both_legs['id']}/clinician", ".clinical-trial", True),
        ("history-320px-200pct", "/history", "[data-testid='history-item']", True),
        ("not-found", "/r/", "text=Page not found", False),
    ]
    written = []
    for name, path, ready, large_text in shots:
        _open(page, f"{base_url}{path}", ready, large_text)
        page.locator(ready).first.evaluate("element => element.scrollIntoView()")
        written.append(out_dir / f"pages-{name}.png")
        page.screenshot(path=written[-1])
    page.set_viewport_size(PHONE)
    _open(page, f"{base_url}/r/{unmeasured['id']}", "[data-testid='trial-headline']", False)
    written.append(out_dir / "pages-unmeasured-card.png")
    page.locator(".trial-card").first.screenshot(path=written[-1])
    context.close()
    written.append(_without_a_connection(browser, base_url, both_legs["id"], out_dir))
    return written


def _without_a_connection(browser: Browser, base_url: str, assessment_id: str, out_dir: Path):
    """The result page when the page arrives but its live connection is refused."""
    page = browser.new_page(viewport=PHONE, device_scale_factor=1)
    page.route_web_socket(re.compile(r"/_event"), lambda socket: socket.close())
    page.goto(f"{base_url}/r/{assessment_id}")
    expect(page.get_by_test_id("needs-connection")).to_be_visible(timeout=60_000)
    path = out_dir / "pages-result-needs-connection.png"
    page.screenshot(path=path)
    page.close()
    return path


if __name__ == "__main__":
    run_alone(capture)
