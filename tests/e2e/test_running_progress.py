"""/progress with a squat and treadmill runs on this device, in Chromium at phone size: a
"Squat vs. run" card per leg sets the squat's knee angle beside the run's hip adduction, pelvic
drop and knee angle, and two runs are compared measure by measure against each measure's own
running smallest detectable difference, not the squat's 8°.

The runs are real treadmill motion capture (tests/running_mocap.py) seen by a virtual phone
behind and in front of the runner, posted through the API as the phone would send them.
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e import test_report_pages as report_pages
from tests.e2e.media import FixtureMissing
from tests.running_mocap import mocap_running_trial
from tests.synthetic import squat_trial
from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.analysis.running_norms import RUNNING_SDD_DEG

create, remember_on_device = report_pages.create, report_pages.remember_on_device
page_at = report_pages.page_at  # the fixture: a page of the shared Chromium at a size

MEASURES = ("pelvic_drop_deg", "hip_adduction_deg", "fppa_deg", "trunk_lean_deg")


@pytest.fixture(scope="module")
def tests_on_device(app_url) -> dict[str, dict]:
    """A squat, then a run filmed from behind, then one filmed from the front."""
    try:
        back, front = mocap_running_trial("back"), mocap_running_trial("front")
    except (FixtureMissing, FileNotFoundError) as missing:  # pragma: no cover - fixture absent
        pytest.skip(f"running motion capture not here: {missing}")
    # Left about 17° (above the typical range), right about 8° (within it).
    squat = create(app_url, squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10))
    return {"squat": squat, "back": create(app_url, back), "front": create(app_url, front)}


def _stored(app_url: str, created: dict) -> dict:
    return httpx.get(f"{app_url}/api/v1/assessments/{created['id']}", timeout=30).json()["report"]


def _degrees(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0").replace("-", "−") + "°"


def _progress(app_url: str, page_at, tests: dict[str, dict]) -> Page:
    page = page_at("phone")
    remember_on_device(page, app_url, tests["front"], tests["back"], tests["squat"])
    page.goto(f"{app_url}/progress")
    return page


def test_a_squat_vs_run_card_per_leg_sets_the_squat_beside_the_latest_run(
    app_url, page_at, tests_on_device
):
    page = _progress(app_url, page_at, tests_on_device)
    section = page.get_by_test_id("squat-vs-run-section")
    expect(section.get_by_role("heading", name="Squat vs. run")).to_be_visible()
    expect(section).to_contain_text("(on the same day)")
    cards = page.get_by_test_id("squat-vs-run")
    expect(cards).to_have_count(2)
    squats = _stored(app_url, tests_on_device["squat"])["trials"]
    (run,) = _stored(app_url, tests_on_device["front"])["trials"]  # the latest run
    for card, squat, leg in zip(
        (cards.nth(0), cards.nth(1)), squats, run["running"]["sides"], strict=True
    ):
        expect(card).to_contain_text(f"{leg['side'].capitalize()} leg · squat vs. run")
        values = card.get_by_test_id("squat-vs-run-values")
        expect(values).to_contain_text(
            f"Squat: knee angle {_degrees(squat['summary']['fppa_deg'])}"
        )
        metrics = leg["metrics"]
        expect(values).to_contain_text(
            f"Run: hip adduction {_degrees(metrics['hip_adduction_deg']['mean'])}"
            " (healthy runners 9.2–16.8°, from 3D studies)"
        )
        expect(values).to_contain_text(
            f"Run: pelvic drop {_degrees(metrics['pelvic_drop_deg']['mean'])}"
            " (healthy runners 3.8–8.2°)"
        )
        expect(values).to_contain_text(
            f"Run: knee angle (FPPA) {_degrees(metrics['fppa_deg']['mean'])}"
        )
        message = card.get_by_test_id("squat-vs-run-message")
        expect(message).to_contain_text("Rees et al. 2019")
        expect(message).to_contain_text("not a diagnosis")
    # The squat's left knee is above its range while this runner's hip and pelvis are within
    # the healthy runners' ranges on both legs (left 10.1° and 6.1°, right lower still).
    left, right = cards.nth(0), cards.nth(1)
    expect(left).to_have_attribute("data-verdict", "squat_only")
    expect(left).to_contain_text("In the squat only")
    expect(left.get_by_test_id("squat-vs-run-message")).to_contain_text(
        "your knee moved inward more than is typical in the squat, but when you ran"
    )
    expect(right).to_have_attribute("data-verdict", "neither")
    assert not page.errors, page.errors


def test_two_runs_are_compared_measure_by_measure_with_the_running_figures(
    app_url, page_at, tests_on_device
):
    page = _progress(app_url, page_at, tests_on_device)
    page.get_by_test_id("pick-earlier").locator("select").select_option(
        tests_on_device["back"]["id"]
    )
    page.get_by_test_id("pick-current").locator("select").select_option(
        tests_on_device["front"]["id"]
    )
    cards = page.get_by_test_id("running-change")
    expect(cards).to_have_count(2 * len(MEASURES))
    expect(page.get_by_test_id("side-change")).to_have_count(0)  # neither run has a squat
    (before,) = _stored(app_url, tests_on_device["back"])["trials"]
    (after,) = _stored(app_url, tests_on_device["front"])["trials"]
    names = {
        "pelvic_drop_deg": "pelvic drop",
        "hip_adduction_deg": "hip adduction",
        "fppa_deg": "knee angle (FPPA)",
        "trunk_lean_deg": "trunk lean",
    }
    index = 0
    for earlier_leg, later_leg in zip(
        before["running"]["sides"], after["running"]["sides"], strict=True
    ):
        side = earlier_leg["side"].capitalize()
        for measure in MEASURES:
            card = cards.nth(index)
            index += 1
            expect(card).to_contain_text(f"{side} leg · running · {names[measure]}")
            old = earlier_leg["metrics"][measure]["mean"]
            new = later_leg["metrics"][measure]["mean"]
            expect(card.get_by_test_id("change-values")).to_have_text(
                f"Earlier {old:.1f}° · later {new:.1f}°".replace("-", "−")
            )
            sdd = RUNNING_SDD_DEG[measure]
            message = card.get_by_test_id("change-message")
            if sdd is None:  # the knee angle: the squat's 2D FPPA figure, said to be borrowed
                expect(message).to_contain_text("8° smallest detectable difference")
                expect(message).to_contain_text("borrowed")
            else:
                expect(message).to_contain_text(f"{sdd:.1f}° smallest detectable difference")
                expect(message).to_contain_text("Dingenen et al. 2018")
            figure = SMALLEST_DETECTABLE_DIFFERENCE_DEG if sdd is None else sdd
            verdict = "real_change" if abs(new - old) >= figure else "within_noise"
            expect(card).to_have_attribute("data-verdict", verdict)
    assert not page.errors, page.errors
