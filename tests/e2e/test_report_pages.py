"""A runner reads a report, a physio checks and exports it, the owner deletes it, progress is compared.

Assessments are created through the API from synthetic keypoints; pages are read in Chromium.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.csv_reading import data_rows
from tests.e2e import wizard_driver as wizard
from tests.skeletons import landing_trial
from tests.synthetic import assessment, squat_trial
from valgus_pwa.content.change_texts import EARLIER_IS_LATER

SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


def create(app_url: str, *trials: dict) -> dict:
    response = httpx.post(f"{app_url}/api/v1/assessments", json=assessment(*trials), timeout=60)
    assert response.status_code == 201, response.text
    return response.json()


def remember_on_device(page: Page, app_url: str, *created: dict) -> None:
    """Put the assessments into this browser's history, as the capture page does after uploading."""
    page.goto(f"{app_url}/")
    entries = [
        {"id": item["id"], "owner_key": item["owner_key"], "created_at": ""} for item in created
    ]
    page.evaluate(
        "entries => localStorage.setItem('valgus.assessments', JSON.stringify(entries))", entries
    )


@pytest.fixture(scope="module")
def both_legs(app_url) -> dict:
    # Left: about 17° (above the typical range); right: about 8° (within it).
    return create(app_url, squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10))


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(size: str) -> Page:
        context = browser.new_context(viewport=SIZES[size])
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_runner_view_gives_a_plain_headline_per_leg(app_url, both_legs, page_at, size, tmp_path):
    page = page_at(size)
    page.goto(f"{app_url}/r/{both_legs['id']}")
    headlines = page.get_by_test_id("trial-headline")
    expect(headlines.first).to_have_text(
        re.compile(
            r"^Left knee: moves inward more than is typical for pain-free women \(16\.\d°; typical 3\.3–13\.5°\)\.$"
        )
    )
    expect(headlines.nth(1)).to_contain_text("Right knee: moves inward about as much as is typical")
    expect(page.get_by_test_id("category-badge").first).to_have_text("Above the typical range")
    # Judged against the reps' own spread in the session, not a between-day figure.
    expect(page.get_by_test_id("asymmetry")).to_contain_text(
        "this difference is larger than the rep-to-rep variation"
    )
    for section in (
        "screen",
        "result_above",
        "result_within",
        "asymmetry_real",
        "next_steps",
        "evidence",
    ):
        expect(page.locator(f"[data-section='{section}']")).to_be_visible()
    expect(page.locator("[data-section='next_steps']")).to_contain_text("Heiderscheit et al. 2011")
    qr = page.get_by_test_id("share-qr")
    expect(qr).to_be_visible()
    assert page.evaluate("image => image.naturalWidth", qr.element_handle()) > 100
    expect(page.get_by_test_id("share-url")).to_have_value(f"{app_url}/r/{both_legs['id']}")
    expect(page.locator(".line-chart svg").first).to_be_visible()
    page.screenshot(path=tmp_path / f"runner-{size}.png", full_page=True)
    assert (tmp_path / f"runner-{size}.png").stat().st_size > 20_000
    assert not page.errors, page.errors


def test_a_phones_first_screen_holds_both_legs_and_the_left_right_line(app_url, both_legs, page_at):
    page = page_at("phone")
    page.goto(f"{app_url}/r/{both_legs['id']}")
    expect(page.get_by_test_id("asymmetry")).to_be_visible()
    first_screen = [
        *(
            page.get_by_test_id(test_id).nth(leg)
            for test_id in ("fppa-mean", "category-badge", "trial-headline")
            for leg in (0, 1)
        ),
        page.get_by_test_id("asymmetry"),
    ]
    for item in first_screen:
        expect(item).to_be_in_viewport(ratio=1)
    # The details follow below it; the long explanations open on demand.
    expect(page.get_by_test_id("fppa-chart").first).not_to_be_in_viewport()
    sections = page.locator("details.education")
    assert sections.count() >= 5
    expect(page.locator("details.education[open]")).to_have_count(0)
    evidence = page.locator("[data-section='evidence']")
    evidence.locator("summary").first.click()
    expect(evidence.locator("p").first).to_be_visible()


def test_a_landing_report_speaks_of_landings_contact_and_peak_knee_bend(app_url, page_at):
    created = create(app_url, landing_trial("left"), landing_trial("right"))
    page = page_at("phone")
    page.goto(f"{app_url}/r/{created['id']}")
    expect(page.get_by_test_id("trial-headline").first).to_contain_text("Left knee")
    glance = page.get_by_test_id("at-a-glance")
    expect(glance).to_contain_text("Mean knee angle at peak knee bend (FPPA)")
    expect(page.get_by_test_id("asymmetry")).to_contain_text("Your landings vary")
    detail = page.locator(".trial-detail").first
    expect(detail.locator(".line-chart__legend li").last).to_have_text(
        "Peak knee bend of a landing"
    )
    expect(detail.locator(".replay-box")).to_contain_text("Replay of your deepest landing")
    expect(detail.get_by_test_id("replay-canvas")).to_have_attribute(
        "aria-label", re.compile("^Skeleton replay of the deepest landing")
    )
    summary = detail.locator("details summary", has_text="each landing")
    expect(summary).to_have_text("Angle at peak knee bend of each landing")
    summary.click()
    expect(detail.locator(".rep-row").first).to_contain_text("Landing 1")
    # The page around the results is the landing's too: no squat, no reps.
    shown = " ".join(page.locator(".at-a-glance, .trial-detail").all_inner_texts()).lower()
    squat_words = re.findall(r".{0,40}\b(?:reps?|squats?)\b.{0,40}", shown)
    assert not squat_words, squat_words

    page.goto(f"{app_url}/r/{created['id']}/clinician")
    expect(page.get_by_role("heading", name="Per landing").first).to_be_visible()
    header = page.get_by_test_id("rep-table").first.locator("th")
    expect(header.nth(0)).to_have_text("Landing")
    expect(header.nth(1)).to_have_text("Contact (ms)")
    expect(header.nth(2)).to_have_text("Peak knee bend (ms)")


def test_a_blocked_recording_is_not_presented_as_a_finding(app_url, page_at):
    trial = squat_trial("right", valgus_px=20)
    for frame in trial["frames"]:
        for landmark in frame["landmarks"]:
            landmark[3] = 0.2  # the pose model could barely see the body
    created = create(app_url, trial)
    page = page_at("phone")
    page.goto(f"{app_url}/r/{created['id']}")
    expect(page.get_by_test_id("trial-headline")).to_have_text(
        "Right knee: no reliable result. The recording was not good enough, so please record it again."
    )
    expect(page.get_by_test_id("fppa-mean")).to_have_class(re.compile("big-number--untrusted"))
    expect(page.get_by_test_id("category-badge")).to_have_text("Not a finding")
    expect(page.locator("[data-section='result_untrusted']")).to_be_visible()
    expect(page.locator("[data-section='retake_low_visibility']")).to_be_visible()
    expect(page.locator("[data-flag='low_visibility']")).to_be_visible()
    expect(page.locator(".scale__marker")).to_have_count(0)
    expect(page.get_by_test_id("fppa-chart").locator(".line-chart__dot")).to_have_count(0)


def feet_out_of_frame(trial: dict) -> dict:
    """The phone too close: heels and toes below the image in every frame (the knee is seen)."""
    for frame in trial["frames"]:
        for index in (29, 30, 31, 32):
            frame["landmarks"][index][1] = 1.04
    return trial


@pytest.mark.parametrize("size", SIZES)
def test_the_clinician_view_marks_an_untrusted_value_not_for_clinical_use(app_url, page_at, size):
    created = create(app_url, feet_out_of_frame(squat_trial("right", valgus_px=20)))
    summary = created["report"]["trials"][0]["summary"]
    assert not summary["trusted"] and summary["fppa_deg"] is not None
    mean = f"{summary['fppa_deg']:.1f}°"
    page = page_at(size)
    page.goto(f"{app_url}/r/{created['id']}/clinician")
    expect(page.get_by_test_id("not-for-clinical-use")).to_contain_text("Not for clinical use")
    rows = page.get_by_test_id("summary-table").locator("tbody tr")
    expect(rows.filter(has_text="Mean knee FPPA")).to_contain_text(f"{mean} (not for clinical use)")
    expect(rows.filter(has_text="Category")).to_contain_text("None: not for clinical use")
    glance = page.get_by_test_id("glance-table")
    expect(glance).to_contain_text(f"{mean} ± ")
    expect(glance.locator("tbody tr").first).to_contain_text("(not for clinical use)")
    expect(page.get_by_test_id("rep-table").locator("caption")).to_have_text(
        "Not for clinical use: for inspection only."
    )
    # The trace stays for inspection, without the typical range or the reps' deepest points.
    chart = page.get_by_test_id("fppa-chart")
    expect(chart.locator(".line-chart svg").first).to_be_visible()
    expect(chart).to_contain_text("Not for clinical use")
    expect(chart.locator(".line-chart__dot")).to_have_count(0)
    reps = len(created["report"]["trials"][0]["reps"])
    expect(chart.locator(".line-chart__shade--x")).to_have_count(reps)
    expect(chart.locator(".line-chart__shade--y")).to_have_count(0)
    # The skeleton still draws the raw angle: its label says what it is.
    expect(page.locator(".replay-box .field-label")).to_contain_text("Not for clinical use")
    # And so does the angle drawn on the canvas itself.
    canvas = page.get_by_test_id("replay-canvas")
    expect(canvas).to_have_attribute("data-trusted", "false")
    expect(canvas).to_have_attribute("aria-label", re.compile(r"not for clinical use$"))
    # Wherever the mean is written on the page, it carries the label.
    text = " ".join(page.locator(".clinician-view").inner_text().split())
    shown = re.findall(rf"{re.escape(mean)}(?: ± [\d.]+°)?(?: \(not for clinical use\))?", text)
    assert shown and all(item.endswith("(not for clinical use)") for item in shown), shown
    assert not page.errors, page.errors


def test_a_low_confidence_result_comes_with_retake_advice(app_url, page_at):
    # 22 fps: below the 24 fps minimum (flagged), above the squat's 20 fps floor (still scored).
    created = create(app_url, squat_trial("right", reps=2, fps=22, valgus_px=20))
    page = page_at("phone")
    page.goto(f"{app_url}/r/{created['id']}")
    expect(page.get_by_test_id("trial-headline")).to_contain_text(
        "Right knee: moves inward more than is typical"
    )
    expect(page.get_by_test_id("confidence-text")).to_have_text(
        "Recording quality is poor: record again following the tips below before relying on it."
    )
    for code in ("too_few_reps", "low_frame_rate"):
        expect(page.locator(f"[data-flag='{code}']")).to_be_visible()
        expect(page.locator(f"[data-section='retake_{code}']")).to_be_visible()


def _drawn_pixels(page: Page, canvas) -> dict:
    return page.evaluate(
        """canvas => {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let stance = 0, angle = 0, painted = 0;
            for (let i = 0; i < data.length; i += 4) {
                const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
                if (r !== 248 || g !== 250 || b !== 252) painted++;
                if (Math.abs(r - 15) < 12 && Math.abs(g - 118) < 12 && Math.abs(b - 110) < 12) stance++;
                if (Math.abs(r - 194) < 12 && Math.abs(g - 65) < 12 && Math.abs(b - 12) < 12) angle++;
            }
            return {stance, angle, painted, frame: canvas.dataset.drawnFrame};
        }""",
        canvas.element_handle(),
    )


def test_replay_canvas_draws_the_leg_and_plays(app_url, both_legs, page_at):
    page = page_at("phone")
    page.goto(f"{app_url}/r/{both_legs['id']}")
    canvas = page.get_by_test_id("replay-canvas").first
    expect(canvas).to_have_attribute("data-trusted", "true")
    expect(canvas).to_have_attribute("data-drawn-frame", re.compile(r"^\d+$"), timeout=20_000)
    at_bottom = _drawn_pixels(page, canvas)
    assert at_bottom["stance"] > 300, "the hip-knee-ankle lines are not drawn"
    assert at_bottom["angle"] > 100, "the angle label and hip-ankle line are not drawn"
    scrub = page.get_by_test_id("replay-scrub").first
    scrub.fill("0")
    expect(canvas).to_have_attribute("data-drawn-frame", "0")
    page.get_by_test_id("replay-play").first.click()
    expect(canvas).not_to_have_attribute("data-drawn-frame", "0", timeout=5_000)
    assert not page.errors, page.errors


@pytest.mark.parametrize("size", SIZES)
def test_clinician_view_shows_every_rep_quality_method_and_references(
    app_url, both_legs, page_at, size, tmp_path
):
    page = page_at(size)
    page.goto(f"{app_url}/r/{both_legs['id']}/clinician")
    report = both_legs["report"]
    tables = page.get_by_test_id("rep-table")
    expect(tables).to_have_count(2)
    expect(tables.first.locator("tbody tr")).to_have_count(len(report["trials"][0]["reps"]))
    first_rep = report["trials"][0]["reps"][0]
    expect(tables.first.locator("tbody tr").first).to_contain_text(f"{first_rep['fppa_deg']:g}")
    expect(page.get_by_test_id("quality-table").first).to_contain_text("Frame rate (fps)")
    tilt_row = page.get_by_test_id("quality-table").first.locator("tr", has_text="Trunk lean")
    expect(tilt_row).to_contain_text("measured against")
    expect(tilt_row).to_contain_text("the picture's axes")
    # The left-right line with its numbers, not the runner's sentence.
    asymmetry = page.get_by_test_id("asymmetry")
    expect(asymmetry).to_contain_text("Left − right mean FPPA")
    expect(asymmetry).to_contain_text("SE of the difference")
    expect(asymmetry).not_to_contain_text("Your reps vary")
    expect(page.locator("[data-section='method']")).to_contain_text("Butterworth")
    references = page.get_by_test_id("references")
    expect(references).to_contain_text("Palmer K, Hebron C, Williams JM.")
    expect(references).to_contain_text("Rees D, Younis A, MacRae S.")
    page.screenshot(path=tmp_path / f"clinician-{size}.png", full_page=True)
    assert not page.errors, page.errors


def _download(page: Page, test_id: str) -> str:
    with page.expect_download() as download:
        page.get_by_test_id(test_id).click()
    return download.value.path().read_text(encoding="utf-8")


def test_exports_download_and_match_the_report(app_url, both_legs, page_at):
    page = page_at("laptop")
    page.goto(f"{app_url}/r/{both_legs['id']}/clinician")
    expect(page.get_by_test_id("rep-table").first).to_be_visible()
    report = both_legs["report"]

    frames = data_rows(_download(page, "export-csv-frames"))
    for number, trial in enumerate(report["trials"], start=1):
        rows = [row for row in frames if row["Trial"] == str(number)]
        assert [float(row["Time (ms)"]) for row in rows] == pytest.approx(trial["series"]["t_ms"])
        assert [float(row["Knee FPPA (°)"]) for row in rows] == pytest.approx(
            trial["series"]["fppa_deg"]
        )

    reps = [row for row in data_rows(_download(page, "export-csv-reps")) if row["Rep"].isdigit()]
    expected = [rep for trial in report["trials"] for rep in trial["reps"]]
    assert [float(row["Knee FPPA (°)"]) for row in reps] == pytest.approx(
        [rep["fppa_deg"] for rep in expected]
    )

    exported = json.loads(_download(page, "export-json"))
    assert exported["report"] == report
    assert [len(trial["frames"]) for trial in exported["trials"]] == [
        len(t["series"]["t_ms"]) for t in report["trials"]
    ]
    assert len(exported["trials"][0]["frames"][0]["landmarks"]) == 33


def test_print_opens_the_browser_print_dialog(app_url, both_legs, page_at):
    page = page_at("laptop")
    page.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    page.goto(f"{app_url}/r/{both_legs['id']}/clinician")
    page.get_by_test_id("print").click()
    wizard.wait_until(page, "() => window.printed === 1", 5_000)


def test_share_copies_the_link_when_the_browser_cannot_share(app_url, both_legs, browser):
    context = browser.new_context(
        viewport=SIZES["phone"], permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(f"{app_url}/r/{both_legs['id']}")
    page.get_by_test_id("share-button").click()
    expect(page.get_by_test_id("share-status")).to_contain_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{app_url}/r/{both_legs['id']}"
    context.close()


def test_report_pages_ask_not_to_be_indexed_or_leak_the_link(app_url, both_legs, page_at):
    page = page_at("phone")
    for path in (f"/r/{both_legs['id']}", f"/r/{both_legs['id']}/clinician"):
        page.goto(app_url + path)
        expect(
            page.get_by_test_id("trial-headline").first.or_(page.get_by_test_id("rep-table").first)
        ).to_be_visible()
        expect(page.locator("meta[name='robots']")).to_have_attribute(
            "content", "noindex, nofollow"
        )
        expect(page.locator("meta[name='referrer']")).to_have_attribute("content", "no-referrer")


def test_the_owner_deletes_the_result_and_the_link_gives_404(app_url, page_at):
    created = create(app_url, squat_trial("left"))
    page = page_at("phone")
    remember_on_device(page, app_url, created)
    page.goto(f"{app_url}/r/{created['id']}")
    page.get_by_test_id("delete-open").click()
    page.get_by_test_id("delete-confirm").click()
    expect(page.get_by_role("heading", name="Result deleted")).to_be_visible()
    assert httpx.get(f"{app_url}/api/v1/assessments/{created['id']}").status_code == 404
    assert httpx.get(f"{app_url}/api/v1/assessments/{created['id']}/export.csv").status_code == 404
    assert page.evaluate("JSON.parse(localStorage.getItem('valgus.assessments'))") == []
    page.goto(f"{app_url}/r/{created['id']}")
    expect(page.get_by_role("heading", name="Result not found")).to_be_visible()


def test_a_visitor_without_the_owner_key_cannot_delete(app_url, both_legs, page_at):
    page = page_at("phone")
    page.goto(f"{app_url}/r/{both_legs['id']}")
    expect(page.get_by_test_id("trial-headline").first).to_be_visible()
    expect(page.get_by_test_id("delete-open")).to_have_count(0)


def _two_tests_on_a_phone(app_url, page_at, earlier_trials, later_trials):
    """A phone page whose device remembers two stored tests; returns it and both tests."""
    earlier, later = create(app_url, *earlier_trials), create(app_url, *later_trials)
    page = page_at("phone")
    remember_on_device(page, app_url, later, earlier)
    return page, earlier, later


def test_history_lists_the_device_tests_and_progress_says_what_changed(app_url, page_at, tmp_path):
    page, earlier, later = _two_tests_on_a_phone(
        app_url,
        page_at,
        [squat_trial("left", valgus_px=45), squat_trial("right", valgus_px=12)],
        [squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10)],
    )
    page.goto(f"{app_url}/history")
    expect(page.get_by_test_id("history-item")).to_have_count(2)
    expect(page.get_by_test_id("history-item").first).to_contain_text("Left single-leg squat: 16.")
    page.get_by_test_id("progress-link").click()
    changes = page.get_by_test_id("side-change")
    expect(changes).to_have_count(2)
    left, right = changes.nth(0), changes.nth(1)
    expect(left).to_have_attribute("data-verdict", "real_change")
    expect(left).to_contain_text("a real change")
    expect(right).to_have_attribute("data-verdict", "within_noise")
    expect(right).to_contain_text("within measurement noise")
    # Each card gives the two values it compares; the pickers say which test is which.
    stored = [
        httpx.get(f"{app_url}/api/v1/assessments/{item['id']}").json() for item in (earlier, later)
    ]
    before, after = (item["report"]["trials"][0]["summary"]["fppa_deg"] for item in stored)
    expect(left.get_by_test_id("change-values")).to_have_text(
        f"Earlier {before:.1f}° · later {after:.1f}°"
    )
    expect(page.get_by_test_id("pick-earlier")).to_contain_text("Earlier test")
    expect(page.get_by_test_id("pick-current")).to_contain_text("Later test")
    expect(page.get_by_test_id("trend-chart").locator(".line-chart__line")).to_have_count(2)
    # Picking the same test on both sides leaves nothing to compare; picking back compares again.
    earlier_picker = page.get_by_test_id("pick-earlier").locator("select")
    earlier_picker.select_option(later["id"])
    expect(changes).to_have_count(0)
    # The pair the wrong way round is refused in words, not compared backwards.
    current_picker = page.get_by_test_id("pick-current").locator("select")
    current_picker.select_option(earlier["id"])
    expect(changes).to_have_count(0)
    expect(page.get_by_test_id("compare-note")).to_have_text(EARLIER_IS_LATER)
    current_picker.select_option(later["id"])
    earlier_picker.select_option(earlier["id"])
    expect(changes).to_have_count(2)
    expect(page.get_by_test_id("compare-note")).to_have_count(0)
    page.screenshot(path=tmp_path / "progress.png", full_page=True)
    assert not page.errors, page.errors


def test_progress_warns_when_the_two_tests_were_filmed_at_different_frame_rates(app_url, page_at):
    page, _, _ = _two_tests_on_a_phone(
        app_url,
        page_at,
        [squat_trial("left", fps=30.0), squat_trial("right", fps=30.0)],
        [squat_trial("left", fps=60.0), squat_trial("right", fps=60.0)],
    )
    page.goto(f"{app_url}/progress")
    expect(page.get_by_test_id("side-change")).to_have_count(2)
    note = page.get_by_test_id("compare-note")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("different frame rates (about 30 and 60 frames per second)")
    assert not page.errors, page.errors


def test_progress_leaves_out_an_untrusted_test_and_labels_it(app_url, page_at):
    earlier = create(app_url, squat_trial("left", valgus_px=45), squat_trial("right", valgus_px=12))
    later = create(
        app_url,
        squat_trial("left", valgus_px=20),
        feet_out_of_frame(squat_trial("right", valgus_px=30)),
    )
    untrusted = later["report"]["trials"][1]["summary"]
    assert not untrusted["trusted"]
    mean = f"{untrusted['fppa_deg']:.1f}°"
    page = page_at("phone")
    remember_on_device(page, app_url, later, earlier)
    page.goto(f"{app_url}/progress")
    left_out = page.get_by_test_id("not-for-clinical-use")
    expect(left_out).to_contain_text("Not for clinical use, so left out of the trend")
    expect(left_out).to_contain_text(f"Right knee, single-leg squat: {mean} (not for clinical use)")
    changes = page.get_by_test_id("side-change")
    expect(changes).to_have_count(2)
    expect(changes.nth(0)).to_have_attribute("data-verdict", "real_change")
    expect(changes.nth(1)).to_have_attribute("data-verdict", "not_comparable")
    expect(changes.nth(1)).not_to_contain_text(mean)
    # Three points on the trend: both legs earlier, the left leg later.
    expect(page.get_by_test_id("trend-chart").locator(".line-chart__dot")).to_have_count(3)
    text = " ".join(page.locator("main").inner_text().split())
    assert text.count(mean) == text.count(f"{mean} (not for clinical use)") == 1, text
    assert not page.errors, page.errors


def test_a_test_no_longer_available_can_be_removed_from_the_list(app_url, page_at):
    page = page_at("phone")
    page.goto(f"{app_url}/")
    page.evaluate(
        "localStorage.setItem('valgus.assessments', JSON.stringify([{id: 'A'.repeat(22), owner_key: 'k', created_at: ''}]))"
    )
    page.goto(f"{app_url}/history")
    expect(page.get_by_test_id("history-item")).to_contain_text(
        "A test that is no longer available"
    )
    expect(page.get_by_test_id("progress-link")).to_have_count(0)
    page.get_by_role("button", name="Remove from list").click()
    expect(page.get_by_text("No tests on this device yet.")).to_be_visible()
    assert page.evaluate("JSON.parse(localStorage.getItem('valgus.assessments'))") == []
