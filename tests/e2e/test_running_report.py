"""A runner reads a treadmill run's report and a physio checks its steps, in Chromium.

The run is real treadmill motion capture (tests/running_mocap.py) seen by a virtual phone
behind the runner, posted through the API as the phone would send it. What the pages show is
checked against the report's JSON: each leg's means, the step rate and its 5–10% rise, every
step in the clinical table.
"""

from __future__ import annotations

import math
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.csv_reading import data_rows
from tests.e2e import test_report_pages as report_pages
from tests.e2e.media import FixtureMissing
from tests.running_mocap import mocap_running_trial
from tests.synthetic_running import standard_running

SIZES, create = report_pages.SIZES, report_pages.create
page_at = report_pages.page_at  # the fixture: a page of the shared Chromium at a size

MEASURES = {  # RunningStep field: its row on the runner's first screen
    "pelvic_drop_deg": "Pelvic drop",
    "hip_adduction_deg": "Hip adduction",
    "fppa_deg": "Knee angle (FPPA)",
    "trunk_lean_deg": "Trunk lean",
}


@pytest.fixture(scope="module")
def run(app_url) -> dict:
    try:
        trial = mocap_running_trial()
    except (FixtureMissing, FileNotFoundError) as missing:  # pragma: no cover - fixture absent
        pytest.skip(f"running motion capture not here: {missing}")
    created = create(app_url, trial)
    assert created["report"]["trials"][0]["summary"]["trusted"]
    return created


def _degrees(value: float) -> str:
    return f"{value:.1f}°".replace("-", "−")


def _rise(measured: int, pct: float) -> int:
    return math.floor(measured * (1 + pct / 100) + 0.5)


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways: {width} px"


@pytest.mark.parametrize("size", SIZES)
def test_the_runner_sees_each_legs_means_the_step_rate_and_its_rise(app_url, run, page_at, size):
    running = run["report"]["trials"][0]["running"]
    page = page_at(size)
    page.goto(f"{app_url}/r/{run['id']}")
    expect(page.get_by_test_id("recorded")).to_contain_text("Treadmill run · recorded")
    glance = page.get_by_test_id("run-glance")
    expect(glance.locator("thead th")).to_have_text(["At midstance", "Left leg", "Right leg"])
    rows = glance.locator("tbody tr")
    left, right = running["sides"]
    for measure, name in MEASURES.items():
        expected = [name, *(_degrees(side["metrics"][measure]["mean"]) for side in (left, right))]
        expect(rows.filter(has_text=name).locator("th, td")).to_have_text(expected)
    expect(rows.filter(has_text="Steps").locator("td")).to_have_text(
        [str(left["n_steps"]), str(right["n_steps"])]
    )

    measured = math.floor(running["step_rate_spm"] + 0.5)
    expect(page.get_by_test_id("step-rate")).to_have_text(f"Step rate: {measured} steps a minute")
    expect(page.get_by_test_id("step-rate-target")).to_have_text(
        f"You ran at {measured} steps a minute; {_rise(measured, 5)}–{_rise(measured, 10)}"
        " a minute is 5–10% more."
    )
    longer = "left" if running["step_time_asymmetry_pct"] > 0 else "right"
    expect(page.get_by_test_id("step-time")).to_have_text(
        re.compile(rf"^Your {longer} steps took \d+\.\d% longer than your \w+ steps\.$")
    )
    if size == "phone":  # the first screen holds both legs and the step rate
        for item in (glance, page.get_by_test_id("step-rate-target")):
            expect(item).to_be_in_viewport(ratio=1)

    # A chart per measure, with a dot for every step of each leg that has the value.
    charts = page.get_by_test_id("step-chart")
    expect(charts).to_have_count(4)
    for measure in MEASURES:
        chart = page.locator(f"[data-measure='{measure}']")
        expect(chart.locator(".line-chart__plot svg[role=img]")).to_be_visible()
        dots = sum(step[measure] is not None for step in running["steps"])
        expect(chart.locator(".line-chart__dot")).to_have_count(dots)
        expect(chart.locator(".line-chart__legend li")).to_have_text(["Left leg", "Right leg"])

    for section in ("running_screen", "running_measures", "running_step_rate", "running_evidence"):
        expect(page.locator(f"[data-section='{section}']")).to_be_visible()
    for squat_text in ("screen", "what_is_valgus", "result_unmeasured"):
        expect(page.locator(f"[data-section='{squat_text}']")).to_have_count(0)
    step_rate = page.locator("[data-section='running_step_rate']")
    step_rate.locator("summary").first.click()
    expect(step_rate).to_contain_text(f"You ran at {measured} steps a minute")
    expect(step_rate).to_contain_text("Heiderscheit et al. 2011")
    expect(step_rate).to_contain_text("not a cure")
    evidence = page.locator("[data-section='running_evidence']")
    evidence.locator("summary").first.click()
    for source in ("Dingenen et al. 2018", "Noehren et al. 2013", "Rees et al. 2019"):
        expect(evidence).to_contain_text(source)
    _no_sideways_scroll(page)
    assert not page.errors, page.errors


@pytest.mark.parametrize("size", SIZES)
def test_the_clinician_sees_every_step_each_legs_statistics_and_the_export(
    app_url, run, page_at, size
):
    running = run["report"]["trials"][0]["running"]
    page = page_at(size)
    page.goto(f"{app_url}/r/{run['id']}/clinician")
    steps = page.get_by_test_id("step-table")
    expect(steps.locator("tbody tr")).to_have_count(len(running["steps"]))
    expect(steps.locator("thead th")).to_have_text(
        [
            "Step",
            "Leg",
            "Contact (ms)",
            "Midstance (ms)",
            "Toe off (ms)",
            "Contralateral pelvic drop (°)",
            "Hip adduction (°)",
            "Knee FPPA (°)",
            "Trunk lateral lean (°)",
        ]
    )
    first = running["steps"][0]
    expect(steps.locator("tbody tr").first.locator("td")).to_have_text(
        [
            "1",
            first["side"],
            "–",  # from behind the contact is not seen
            f"{first['midstance_ms']:.1f}",
            f"{first['toe_off_ms']:.1f}",
            *(f"{first[measure]:.1f}".replace("-", "−") for measure in MEASURES),
        ]
    )
    legs = page.get_by_test_id("leg-table").locator("tbody tr")
    expect(legs).to_have_count(6)
    for side in running["sides"]:
        stats = side["metrics"]["hip_adduction_deg"]
        mine = legs.filter(has_text=re.compile(rf"^{side['side']}"))
        expect(mine.nth(0).locator("td").nth(3)).to_have_text(f"{stats['mean']:.1f}")
        expect(mine.nth(1).locator("td").nth(3)).to_have_text(f"{stats['sd']:.1f}")
        expect(mine.nth(2).locator("td").nth(3)).to_have_text(str(stats["n"]))
    summary = page.get_by_test_id("running-table")
    fps = run["report"]["trials"][0]["quality"]["fps"]
    for label, value in (
        ("Camera view", "back (from behind)"),
        ("Frame rate (fps)", f"{fps:.1f}"),
        ("Step rate (steps/min)", f"{running['step_rate_spm']:.1f}"),
        ("Step-time asymmetry (%)", f"{running['step_time_asymmetry_pct']:+.1f}".replace("-", "−")),
    ):
        expect(summary.locator("tr", has_text=label).locator("td").last).to_have_text(value)
    expect(page.get_by_test_id("running-definitions")).to_contain_text(
        "the lowest point of the mid-hip"
    )
    expect(page.get_by_test_id("step-chart")).to_have_count(4)
    expect(page.get_by_test_id("references")).to_contain_text("Heiderscheit")
    # The squat's tables are not there for a run.
    expect(page.get_by_test_id("glance-table")).to_have_count(0)
    expect(page.get_by_test_id("export-csv-reps")).to_have_count(0)

    href = page.get_by_test_id("export-csv-steps").get_attribute("href")
    assert href == f"/api/v1/assessments/{run['id']}/export.csv?table=steps"
    exported = httpx.get(app_url + href, timeout=30)
    assert exported.status_code == 200
    numbered = [row for row in data_rows(exported.text) if row["Step"].isdigit()]
    assert len(numbered) == len(running["steps"])
    _no_sideways_scroll(page)
    assert not page.errors, page.errors


def test_a_run_with_too_few_steps_is_not_a_finding(app_url, page_at):
    trial, _ = standard_running(60.0, "back", n_steps=8)
    created = create(app_url, trial.model_dump(mode="json"))
    assert not created["report"]["trials"][0]["summary"]["trusted"]
    page = page_at("phone")
    page.goto(f"{app_url}/r/{created['id']}")
    expect(page.get_by_test_id("category-badge")).to_have_text("Not a finding")
    expect(page.get_by_test_id("run-card")).to_contain_text("Not a finding: see the notes below.")
    expect(page.get_by_test_id("step-rate")).to_contain_text("(not a finding)")
    expect(page.get_by_test_id("step-rate-target")).to_have_count(0)
    expect(page.locator("[data-flag='too_few_steps']")).to_have_count(2)  # one a leg
    expect(page.locator("[data-section='retake_too_few_steps']")).to_be_visible()
    expect(page.get_by_test_id("trial-headline")).to_contain_text("no reliable result")

    page.goto(f"{app_url}/r/{created['id']}/clinician")
    expect(page.get_by_test_id("not-for-clinical-use")).to_contain_text("Not for clinical use")
    expect(page.get_by_test_id("step-table").locator("caption")).to_have_text(
        "Not for clinical use: for inspection only."
    )
    expect(page.get_by_test_id("leg-table").locator("tbody tr").first).to_contain_text(
        "(not for clinical use)"
    )
    assert not page.errors, page.errors
