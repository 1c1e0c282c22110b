"""Screenshot of /progress with a squat and a treadmill run on this device, at 390x844: the
"Squat vs. run" card per leg (progress-squat-vs-run-phone.png). The run is real treadmill motion
capture (tests/running_mocap.py) seen by a virtual phone behind the runner. Alone
(`python scripts/screens_progress_running.py`) it starts the app as the README does and writes
into docs/screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.sync_api import Browser, expect  # noqa: E402

from scripts.screens_runner import run_alone  # noqa: E402
from tests.running_mocap import mocap_running_trial  # noqa: E402
from tests.synthetic import assessment, squat_trial  # noqa: E402

PHONE = {"width": 390, "height": 844}


def _create(base_url: str, *trials: dict) -> dict:
    response = httpx.post(f"{base_url}/api/v1/assessments", json=assessment(*trials), timeout=60)
    response.raise_for_status()
    return response.json()


def capture(browser: Browser, base_url: str, out_dir: Path) -> list[Path]:
    # Left knee about 17° in the squat (above the typical range), right about 8° (within it).
    squat = _create(base_url, squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10))
    run = _create(base_url, mocap_running_trial("back"))
    page = browser.new_page(viewport=PHONE, device_scale_factor=1)
    page.goto(f"{base_url}/")
    entries = [
        {"id": item["id"], "owner_key": item["owner_key"], "created_at": ""}
        for item in (run, squat)
    ]
    page.evaluate("e => localStorage.setItem('valgus.assessments', JSON.stringify(e))", entries)
    page.goto(f"{base_url}/progress")
    expect(page.get_by_test_id("squat-vs-run")).to_have_count(2, timeout=30_000)
    path = out_dir / "progress-squat-vs-run-phone.png"
    page.screenshot(path=path)
    page.close()
    return [path]


if __name__ == "__main__":
    run_alone(capture)
