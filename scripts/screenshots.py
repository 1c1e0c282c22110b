"""Take the documentation screenshots: capture and result pages at phone and laptop size, and
every step of the capture wizard at phone size (`protocol` as the only argument: just the
screens of the protocol checks; `reports`: just the report, history and progress pages;
`running`: just the report pages of a treadmill run).

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
from tests.e2e import wizard_driver as wizard  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.running_mocap import mocap_running_trial  # noqa: E402
from tests.skeletons import landing_trial  # noqa: E402
from tests.synthetic import assessment, squat_trial  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 900}}


def record_one(page, base_url: str, size_name: str) -> str:
    """Record both legs with the capture wizard and return the result URL."""
    wizard.open_camera_step(page, base_url)
    wizard.wait_until_ready(page)
    page.screenshot(path=OUT / f"capture-{size_name}.png", full_page=True)
    wizard.record_both_legs(page)
    wizard.submit(page)
    page.wait_for_url(re.compile(r"/r/"), timeout=60_000)
    return page.url


PHONE = SIZES["phone"]


def wizard_screenshots(pw, base_url: str) -> None:
    """Every step of the capture wizard at phone size: wizard-<n>-<step>.png."""

    def shot(page, name: str) -> None:
        page.screenshot(path=OUT / f"wizard-{name}.png", full_page=True)

    frontal = media.to_y4m(media.fixture_video("one_leg_balance_frontal.mp4"))
    browser = pw.chromium.launch(
        executable_path=media.chromium_executable(), args=media.chromium_args(frontal)
    )
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{base_url}/capture")
    wizard.wait_until(page, wizard.SERVICE_WORKER_IN_CONTROL, 120_000)
    shot(page, "1-setup-320px")
    page.set_viewport_size(PHONE)
    shot(page, "1-setup")
    page.get_by_test_id("wizard-next").click()
    shot(page, "2-how-squat")
    page.get_by_role("button", name="Back").click()
    page.get_by_label("Single-leg drop landing (optional)").check()
    page.get_by_test_id("wizard-next").click()
    shot(page, "2-how-landing")
    page.get_by_role("button", name="Back").click()
    page.get_by_label("Single-leg squat (recommended)").check()
    page.get_by_test_id("wizard-next").click()
    page.get_by_test_id("wizard-next").click()
    shot(page, "3-place")
    page.get_by_test_id("wizard-open-camera").click()
    expect(page.get_by_test_id("capture-start")).to_be_enabled(timeout=120_000)
    wizard.wait_until_ready(page)
    shot(page, "4-checks-passed")
    page.get_by_test_id("capture-start").click()
    expect(page.locator(".wiz-countdown")).to_be_visible(timeout=60_000)
    shot(page, "5-countdown")
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("rep-count")).to_have_text("2", timeout=60_000)
    shot(page, "6-recording")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Right leg", timeout=60_000)
    shot(page, "7-right-leg")
    expect(page.get_by_test_id("capture-counts")).to_be_visible(timeout=60_000)
    page.wait_for_timeout(3000)
    page.get_by_test_id("capture-stop").click()
    expect(page.get_by_test_id("wizard-submit")).to_be_visible(timeout=60_000)
    shot(page, "8-review")
    # A slow uplink, so the progress bar is caught mid-way.
    network = context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 300,
            "downloadThroughput": 200_000,
            "uploadThroughput": 8_000,
        },
    )
    wizard.submit(page)
    expect(page.get_by_test_id("upload-progress")).to_be_visible()
    page.wait_for_timeout(2500)
    shot(page, "9-uploading")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    network.detach()  # else its "online" emulation outlives the context going offline below
    wizard.wait_for_result(page)

    context.set_offline(True)
    wizard.open_camera_step(page, base_url)
    wizard.record_both_legs(page)
    wizard.submit(page)
    expect(page.get_by_test_id("send-queued")).to_be_visible()
    shot(page, "10-saved-offline")
    page.goto(base_url)
    expect(page.get_by_test_id("outbox-item")).to_be_visible()
    shot(page, "11-home-offline-queue")
    context.set_offline(False)
    # Once sent, the test leaves the queue for the device's history.
    expect(page.get_by_test_id("outbox-item")).to_have_count(0, timeout=60_000)

    page.goto(f"{base_url}/capture")
    page.get_by_test_id("wizard-gallery").click()
    shot(page, "12-gallery")
    page.get_by_test_id("gallery-file").set_input_files(
        str(media.fixture_video("one_leg_balance_frontal.mp4"))
    )
    expect(page.get_by_test_id("gallery-progress")).to_be_visible(timeout=120_000)
    page.wait_for_timeout(2500)
    shot(page, "13-gallery-analysing")
    expect(page.get_by_test_id("wizard-submit")).to_be_visible(timeout=120_000)
    shot(page, "14-gallery-review")
    browser.close()

    side_view = media.to_y4m(media.fixture_video("jump_landing_side_view.mp4"))
    browser = pw.chromium.launch(
        executable_path=media.chromium_executable(), args=media.chromium_args(side_view)
    )
    page = browser.new_page(viewport=PHONE, device_scale_factor=1)
    wizard.open_camera_step(page, base_url)
    failing = page.locator('[data-testid="check-frontal"][data-status="fail"]')
    expect(failing).to_be_visible(timeout=120_000)
    shot(page, "4-checks-failing")
    browser.close()


def protocol_screenshots(pw, base_url: str) -> None:
    """The wrong movement, as the runner meets it: the live single-leg check failing on deep
    two-leg squats, and the result of the same clip analysed from the gallery."""
    two_legs = media.fixture_video("squat_two_leg_frontal.mp4")
    browser = pw.chromium.launch(
        executable_path=media.chromium_executable(),
        args=media.chromium_args(media.to_y4m(two_legs)),
    )
    page = browser.new_page(viewport=PHONE, device_scale_factor=1)
    wizard.open_camera_step(page, base_url)
    expect(page.locator('[data-testid="check-oneLeg"][data-status="fail"]')).to_be_visible(
        timeout=120_000
    )
    page.screenshot(path=OUT / "wizard-4-checks-one-leg.png", full_page=True)
    page.goto(f"{base_url}/capture")
    page.get_by_test_id("wizard-gallery").click()
    page.get_by_label("Right leg", exact=True).check()
    page.get_by_test_id("gallery-file").set_input_files(str(two_legs))
    expect(page.get_by_test_id("wizard-submit")).to_be_visible(timeout=600_000)
    wizard.submit(page)
    wizard.wait_for_result(page, measured=False)
    page.wait_for_timeout(1500)
    page.screenshot(path=OUT / "report-two-leg-squat-phone.png", full_page=True)
    browser.close()


def _create(base_url: str, *trials: dict) -> dict:
    response = httpx.post(f"{base_url}/api/v1/assessments", json=assessment(*trials), timeout=60)
    response.raise_for_status()
    return response.json()


def _shoot(page, base_url: str, name: str, path: str, size_name: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # the replay draws its first frame
    page.screenshot(path=OUT / f"{name}-{size_name}.png", full_page=True)


def running_screenshots(browser, base_url: str) -> None:
    """The runner's and the clinical page of a treadmill run: real motion capture seen by a
    virtual phone behind the treadmill; a squat on the same phone sets squat vs. run beside it."""
    run = _create(base_url, mocap_running_trial())
    squat = _create(base_url, squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10))
    entries = [
        {"id": item["id"], "owner_key": item["owner_key"], "created_at": ""}
        for item in (run, squat)
    ]
    pages = {"report-running": f"/r/{run['id']}", "clinician-running": f"/r/{run['id']}/clinician"}
    for size_name, viewport in SIZES.items():
        page = browser.new_page(viewport=viewport, device_scale_factor=1)
        page.goto(f"{base_url}/")
        page.evaluate(
            "entries => localStorage.setItem('valgus.assessments', JSON.stringify(entries))",
            entries,
        )
        for name, path in pages.items():
            _shoot(page, base_url, name, path, size_name)
        page.close()


def report_screenshots(browser, base_url: str) -> None:
    """Runner, clinical, history and progress pages from synthetic assessments (the example
    exports and printed record are made by export_examples.py and clinician_record.py), and a
    treadmill run's report pages."""

    def create(*trials: dict) -> dict:
        return _create(base_url, *trials)

    earlier = create(squat_trial("left", valgus_px=45), squat_trial("right", valgus_px=12))
    current = create(squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10))
    landing = create(landing_trial("left"), landing_trial("right"))
    entries = [
        {"id": item["id"], "owner_key": item["owner_key"], "created_at": ""}
        for item in (current, earlier)
    ]
    pages = {
        "report-runner": f"/r/{current['id']}",
        "report-clinician": f"/r/{current['id']}/clinician",
        "report-runner-landing": f"/r/{landing['id']}",
        "history": "/history",
        "progress": "/progress",
    }
    for size_name, viewport in SIZES.items():
        page = browser.new_page(viewport=viewport, device_scale_factor=1)
        page.goto(f"{base_url}/")
        page.evaluate(
            "entries => localStorage.setItem('valgus.assessments', JSON.stringify(entries))",
            entries,
        )
        for name, path in pages.items():
            _shoot(page, base_url, name, path, size_name)
            if name.startswith("report-runner"):  # what the first screen holds
                page.screenshot(path=OUT / f"{name}-{size_name}-first-screen.png")
        page.close()
    running_screenshots(browser, base_url)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:] in (["protocol"], ["reports"], ["running"]):  # only these screens
        with tempfile.TemporaryDirectory() as folder:
            database = f"sqlite:///{Path(folder) / 'shots.db'}"
            with (
                running_app(database, Path(folder) / "app.log") as base_url,
                sync_playwright() as pw,
            ):
                if sys.argv[1] == "protocol":
                    protocol_screenshots(pw, base_url)
                else:
                    browser = pw.chromium.launch(executable_path=media.chromium_executable())
                    shots = report_screenshots if sys.argv[1] == "reports" else running_screenshots
                    shots(browser, base_url)
                    browser.close()
        return
    camera = media.to_y4m(media.fixture_video("one_leg_balance_frontal.mp4"))
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'shots.db'}"
        with running_app(database, Path(folder) / "app.log") as base_url, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=media.chromium_executable(), args=media.chromium_args(camera)
            )
            for name, viewport in SIZES.items():
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                result_url = record_one(page, base_url, name)
                expect(page.get_by_test_id("fppa-mean").first).to_be_visible(timeout=30_000)
                page.screenshot(path=OUT / f"result-{name}.png", full_page=True)
                print(f"{name}: {result_url}")
                page.close()
            report_screenshots(browser, base_url)
            browser.close()
            wizard_screenshots(pw, base_url)
            protocol_screenshots(pw, base_url)
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
