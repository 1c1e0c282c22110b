"""Take the documentation screenshots: capture and result pages at phone and laptop size.

Starts the app as the README does, records with the fake camera playing the frontal fixture
video, and writes PNGs to docs/screenshots/.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.e2e import media  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.synthetic import assessment, squat_trial  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


def record_one(page, base_url: str, side: str, size_name: str) -> str:
    """Record a few seconds on the capture page and return the result URL."""
    page.goto(f"{base_url}/capture")
    page.get_by_role("radio", name=side.capitalize()).click()
    expect(page.get_by_test_id("capture-start")).to_be_enabled(timeout=90_000)
    page.wait_for_timeout(1500)  # let the overlay draw a few frames
    page.screenshot(path=OUT / f"capture-{size_name}.png", full_page=True)
    page.get_by_test_id("capture-start").click()
    page.wait_for_timeout(5000)
    page.get_by_test_id("capture-stop").click()
    page.wait_for_url(re.compile(r"/r/"), timeout=60_000)
    return page.url


def report_screenshots(browser, base_url: str) -> None:
    """Runner, clinical, history and progress pages from synthetic assessments; sample exports too."""
    def create(*trials: dict) -> dict:
        response = httpx.post(f"{base_url}/api/v1/assessments", json=assessment(*trials), timeout=60)
        response.raise_for_status()
        return response.json()

    earlier = create(squat_trial("left", valgus_px=45), squat_trial("right", valgus_px=12))
    current = create(squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10))
    entries = [{"id": item["id"], "owner_key": item["owner_key"], "created_at": ""} for item in (current, earlier)]
    pages = {
        "report-runner": f"/r/{current['id']}",
        "report-clinician": f"/r/{current['id']}/clinician",
        "history": "/history",
        "progress": "/progress",
    }
    for size_name, viewport in SIZES.items():
        page = browser.new_page(viewport=viewport, device_scale_factor=1)
        page.goto(f"{base_url}/")
        page.evaluate("entries => localStorage.setItem('valgus.assessments', JSON.stringify(entries))", entries)
        for name, path in pages.items():
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)  # charts animate in, the replay draws
            page.screenshot(path=OUT / f"{name}-{size_name}.png", full_page=True)
        page.close()
    examples = ROOT / "docs" / "examples"
    examples.mkdir(parents=True, exist_ok=True)
    for table in ("frames", "reps"):
        csv_text = httpx.get(f"{base_url}/api/v1/assessments/{current['id']}/export.csv?table={table}").text
        (examples / f"knee-check-{table}.csv").write_text(csv_text.replace(current["id"], "example"), encoding="utf-8")
    page = browser.new_page(viewport=SIZES["laptop"])
    page.goto(f"{base_url}/r/{current['id']}/clinician")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    page.emulate_media(media="print")
    page.pdf(path=examples / "clinical-report.pdf", format="A4", print_background=True)
    page.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    camera = media.to_y4m(media.fixture_video("one_leg_balance_frontal.mp4"))
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'shots.db'}"
        with running_app(database, Path(folder) / "app.log") as base_url, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=media.chromium_executable(), args=media.chromium_args(camera)
            )
            for name, viewport in SIZES.items():
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                result_url = record_one(page, base_url, "left", name)
                expect(page.get_by_test_id("fppa-mean").first).to_be_visible(timeout=30_000)
                page.screenshot(path=OUT / f"result-{name}.png", full_page=True)
                print(f"{name}: {result_url}")
                page.close()
            report_screenshots(browser, base_url)
            browser.close()
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
