"""A physio prints the clinical view and files it: Chromium's PDF of the page is the record.

The PDF is made with page.pdf() from the print stylesheet, read back with poppler-utils and
checked for what a filed record needs: one or two pages, every per-rep column, both legs side by
side, the fields to fill in, the sources open, a footer with the id, the analysis version and
page numbers, and no buttons.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.clinician_record import (
    PAPER_PX,
    open_clinician_page,
    page_count,
    pdf_text,
    print_record,
    render_pages,
)
from tests.synthetic import assessment, squat_trial
from valgus_pwa.content.metrics import REP_NOT_METRICS, metric_text, scalar_fields
from valgus_pwa.schemas import AssessmentCreated

LAPTOP = {"width": 1280, "height": 900}


def create(app_url: str, *trials: dict) -> AssessmentCreated:
    response = httpx.post(f"{app_url}/api/v1/assessments", json=assessment(*trials), timeout=60)
    assert response.status_code == 201, response.text
    return AssessmentCreated.model_validate(response.json())


def feet_out_of_frame(trial: dict) -> dict:
    """The camera too close: heels and toes below the image in every frame."""
    for frame in trial["frames"]:
        for index in (29, 30, 31, 32):
            frame["landmarks"][index][1] = 1.04
    return trial


@pytest.fixture
def laptop_page(browser):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printed_record_fits_two_pages_with_every_column(app_url, laptop_page, tmp_path, paper):
    created = create(app_url, squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10))
    page: Page = laptop_page
    open_clinician_page(page, f"{app_url}/r/{created.id}/clinician")
    recorded = page.locator(".details tr", has_text="Recorded").locator("td").inner_text()
    pdf = print_record(page, tmp_path / "record.pdf", paper)

    pages = page_count(pdf)
    assert 1 <= pages <= 2, f"{pages} pages"
    text = " ".join(pdf_text(pdf).split())  # one line: phrases wrap on paper
    layout = pdf_text(pdf, layout=True)
    # Every rep of both legs, with every column the report has, the last ones included.
    printed_rows = [line.split() for line in layout.splitlines()]
    for trial in created.report.trials:
        names = scalar_fields(trial.reps, skip=REP_NOT_METRICS)
        assert names[-2:] == ["knee_medial_displacement", "feet_down_share"], names
        assert "trunk_lean_deg" in names
        for number, rep in enumerate(trial.reps, 1):
            cells = [str(number), *(metric_text(getattr(rep, name)) for name in names)]
            assert cells in printed_rows, f"rep {number} of the {trial.side} leg: {cells}"
    squeezed = _squeezed(text)
    for heading in ("Trunklaterallean(°)", "Kneemedialdisplacement", "Bothfeetdown"):
        assert heading in squeezed, heading
    # Both legs side by side, the blank fields, the local capture date.
    assert "Both legs" in text and "5 of 5" in text
    assert re.search(r"Left leg · single-leg squat\s+Right leg · single-leg squat", layout)
    for field in ("Patient", "Date of birth", "Clinician", "Date reviewed", "Notes"):
        assert field in text
    assert recorded and recorded in text
    # Definitions with signs, the method and its sources printed open.
    assert "Sign: + valgus" in text and "Sign: + leaning over the stance leg" in text
    assert "Butterworth" in text and "Winter DA" in text
    # The footer on every page: id, analysis version, page numbers.
    version = created.report.analysis_version
    footers = re.findall(
        rf"assessment {re.escape(created.id)} · analysis {re.escape(version)}", text
    )
    assert len(footers) == pages
    assert [int(n) for n in re.findall(rf"Page (\d) of {pages}", text)] == list(range(1, pages + 1))
    # No controls on paper.
    for control in ("Print / save as PDF", "CSV: angles per frame", "Play", "Runner's view"):
        assert control not in text, control

    # The layout that gives it: nothing wider than the page, the chart beside the skeleton.
    width, height = PAPER_PX[paper]
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    page.wait_for_timeout(500)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.clinical-trial')].map(trial => {
            const box = element => element.getBoundingClientRect().toJSON();
            const table = trial.querySelector('.rep-table');
            return {
                chart: box(trial.querySelector('.chart')),
                plot: box(trial.querySelector('.chart .line-chart__plot svg')),
                replay: box(trial.querySelector('.replay-box')),
                table: table.scrollWidth, room: table.parentElement.clientWidth,
            };
        })"""
    )
    for box in boxes:
        assert box["table"] <= box["room"], box
        assert box["plot"]["right"] <= box["chart"]["right"] + 1, box
        assert box["chart"]["right"] <= box["replay"]["left"], box
    render_pages(pdf, tmp_path / "record")
    assert not page.errors, page.errors


def test_an_untrusted_recording_prints_as_not_for_clinical_use(app_url, laptop_page, tmp_path):
    created = create(app_url, feet_out_of_frame(squat_trial("right", valgus_px=20)))
    summary = created.report.trials[0].summary
    assert not summary.trusted and summary.fppa_deg is not None
    page: Page = laptop_page
    open_clinician_page(page, f"{app_url}/r/{created.id}/clinician")
    pdf = print_record(page, tmp_path / "untrusted.pdf")
    assert 1 <= page_count(pdf) <= 2
    text = " ".join(pdf_text(pdf).split())
    mean = f"{summary.fppa_deg:.1f}°"
    assert "Not for clinical use: this recording failed its quality check." in text
    # Every time the mean is printed it is labelled; never beside the range as a finding.
    shown = re.findall(rf"{re.escape(mean)}(?: ± [\d.]+°)?(?: \(not for clinical use\))?", text)
    assert shown and all(item.endswith("(not for clinical use)") for item in shown), shown
    assert "(not for clinical use)" in text
    assert "None: not for clinical use" in text
    expect(page.get_by_test_id("not-for-clinical-use")).to_be_visible()


def test_the_browser_print_opens_every_details_and_closes_them_after(app_url, laptop_page):
    created = create(app_url, squat_trial("left", valgus_px=20))
    page: Page = laptop_page
    open_clinician_page(page, f"{app_url}/r/{created.id}/clinician")
    details = page.locator(".clinician-view details")
    assert details.count() > 0
    count_open = "() => document.querySelectorAll('.clinician-view details[open]').length"
    assert page.evaluate(count_open) == 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate(count_open) == details.count()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(count_open) == 0
