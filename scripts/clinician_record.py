"""Regenerate the example of the filed clinical record and the clinician page's screenshots.

Starts the app as the README does on a fresh SQLite database, creates a two-leg single-leg-squat
assessment from synthetic keypoints (left knee about 17°, right about 8°), prints its clinical
view with Chromium's page.pdf() to docs/examples/clinician-record.pdf, renders each page to
docs/examples/clinician-record-<n>.png, and takes docs/screenshots/clinician-phone.png (390×844)
and clinician-laptop.png (1280×900). Needs poppler-utils (make system-deps).

    flock /tmp/e2e.lock .venv/bin/python scripts/clinician_record.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import media  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.e2e.clinician_record import (  # noqa: E402
    open_clinician_page,
    page_count,
    print_record,
    render_pages,
)
from tests.synthetic import assessment, squat_trial  # noqa: E402

EXAMPLES = ROOT / "docs" / "examples"
SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 900}}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'record.db'}"
        with running_app(database, Path(folder) / "app.log") as base_url, sync_playwright() as pw:
            body = assessment(squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10))
            created = httpx.post(f"{base_url}/api/v1/assessments", json=body, timeout=60)
            created.raise_for_status()
            url = f"{base_url}/r/{created.json()['id']}/clinician"
            browser = pw.chromium.launch(executable_path=media.chromium_executable())
            for name, viewport in VIEWPORTS.items():
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                open_clinician_page(page, url)
                path = SCREENSHOTS / f"clinician-{name}.png"
                page.screenshot(path=path, full_page=True)
                print(path.relative_to(ROOT))
                if name == "laptop":
                    pdf = print_record(page, EXAMPLES / "clinician-record.pdf")
                    for old in EXAMPLES.glob("clinician-record-*.png"):
                        old.unlink()
                    pages = render_pages(pdf, EXAMPLES / "clinician-record")
                    print(pdf.relative_to(ROOT), f"({page_count(pdf)} pages)")
                    for png in pages:
                        print(png.relative_to(ROOT))
                page.close()
            browser.close()


if __name__ == "__main__":
    main()
