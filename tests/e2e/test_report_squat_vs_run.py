"""A run's report in Chromium: the replay of its most typical stride, and squat vs. run on the
report pages (the pair inside the assessment for any reader, the recording phone's closest squat
on that phone only).

The run is real treadmill motion capture seen by a virtual phone behind the runner
(tests/running_mocap.py), posted through the API as the phone would send it.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e import test_report_pages as report_pages
from tests.e2e.media import FixtureMissing
from tests.synthetic import squat_trial
from valgus_pwa.analysis.running import representative_stride
from valgus_pwa.schemas import RunningResult

create, remember_on_device = report_pages.create, report_pages.remember_on_device
page_at = report_pages.page_at  # the fixture: a page of the shared Chromium at a size
drawn_pixels = report_pages._drawn_pixels


@pytest.fixture(scope="module")
def run_trial() -> dict:
    try:
        from tests.running_mocap import mocap_running_trial

        return mocap_running_trial()
    except (FixtureMissing, FileNotFoundError) as missing:  # pragma: no cover - fixture absent
        pytest.skip(f"running motion capture not here: {missing}")


@pytest.fixture(scope="module")
def run(app_url, run_trial) -> dict:
    return create(app_url, run_trial)


def _stride_frames(app_url: str, created: dict) -> tuple[dict, dict]:
    """The stride the page replays and the replay's own answer for it."""
    result = RunningResult.model_validate(created["report"]["trials"][0]["running"])
    stride = representative_stride(result)
    assert stride is not None
    answer = httpx.get(
        f"{app_url}/api/v1/assessments/{created['id']}/replay/0",
        params={"start_ms": stride.start_ms, "end_ms": stride.end_ms},
        timeout=30,
    ).json()
    return {"first": stride.steps[0].side, "second": stride.steps[1].side}, answer


@pytest.mark.parametrize("view", ["runner", "clinician"])
def test_a_run_replays_its_most_typical_stride_leg_by_leg(app_url, run, page_at, view):
    legs, answer = _stride_frames(app_url, run)
    page = page_at("phone")
    page.goto(f"{app_url}/r/{run['id']}" + ("/clinician" if view == "clinician" else ""))
    box = page.locator(".replay-box")
    expect(box).to_have_count(1)
    expect(box.locator(".field-label")).to_contain_text("typical stride")
    canvas = page.get_by_test_id("replay-canvas")
    expect(canvas).to_have_attribute(
        "aria-label", re.compile("^Skeleton replay of the most typical stride")
    )
    # It opens on the stride's first midstance, on that leg.
    expect(canvas).to_have_attribute("data-drawn-frame", "0", timeout=20_000)
    expect(canvas).to_have_attribute("data-stance", legs["first"])
    drawn = drawn_pixels(page, canvas)
    assert drawn["stance"] > 300 and drawn["angle"] > 100, drawn
    # At the other leg's midstance, that leg is the one drawn in stance.
    middle = answer["t_ms"].index(answer["midstance_ms"][1])
    scrub = page.get_by_test_id("replay-scrub")
    expect(scrub).to_have_attribute("aria-label", "Scrub through the most typical stride")
    scrub.fill(str(middle))
    expect(canvas).to_have_attribute("data-drawn-frame", str(middle))
    expect(canvas).to_have_attribute("data-stance", legs["second"])
    scrub.fill(str(len(answer["t_ms"]) - 1))
    expect(canvas).to_have_attribute("data-stance", legs["first"])
    page.get_by_test_id("replay-play").click()
    expect(canvas).not_to_have_attribute(
        "data-drawn-frame", str(len(answer["t_ms"]) - 1), timeout=5_000
    )
    assert not page.errors, page.errors


def _cards(page: Page) -> None:
    section = page.get_by_test_id("squat-vs-run-section")
    expect(section.get_by_role("heading", name="Squat vs. run")).to_be_visible()
    cards = page.get_by_test_id("squat-vs-run")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Left leg · squat vs. run")
    expect(cards.nth(1)).to_contain_text("Right leg · squat vs. run")
    for index in range(2):
        expect(cards.nth(index).get_by_test_id("squat-vs-run-values")).to_contain_text("°")
        expect(cards.nth(index).get_by_test_id("squat-vs-run-message")).to_contain_text(
            re.compile("squat", re.IGNORECASE)
        )


@pytest.mark.parametrize("view", ["runner", "clinician"])
def test_a_squat_and_a_run_in_one_test_are_side_by_side_for_any_reader(
    app_url, run_trial, page_at, view
):
    both = create(app_url, squat_trial("left", valgus_px=20), squat_trial("right"), run_trial)
    page = page_at("phone")  # not the recording phone: a physio opening the shared link
    page.goto(f"{app_url}/r/{both['id']}" + ("/clinician" if view == "clinician" else ""))
    _cards(page)
    expect(page.get_by_test_id("squat-vs-run-section")).to_contain_text(
        "The squat and the run of this test, side by side."
    )
    assert not page.errors, page.errors


def test_a_run_pairs_with_the_squat_on_the_recording_phone_only(app_url, run, page_at):
    squat = create(app_url, squat_trial("left", valgus_px=20), squat_trial("right"))
    reader = page_at("phone")
    reader.goto(f"{app_url}/r/{run['id']}")
    expect(reader.get_by_test_id("run-card")).to_be_visible()
    expect(reader.get_by_test_id("squat-vs-run-section")).to_have_count(0)

    phone = page_at("phone")
    remember_on_device(phone, app_url, squat, run)
    phone.goto(f"{app_url}/r/{run['id']}")
    _cards(phone)
    expect(phone.get_by_test_id("squat-vs-run-section")).to_contain_text(
        "This run and the squat closest to it on this phone (on the same day), side by side."
    )
    phone.goto(f"{app_url}/r/{squat['id']}")
    _cards(phone)
    expect(phone.get_by_test_id("squat-vs-run-section")).to_contain_text(
        "This squat and the run closest to it on this phone (on the same day)"
    )
    assert not phone.errors, phone.errors
