"""Words and numbers a runner reads right: no number without a measurement, an untrusted number
announced as not a result, no comparison with knee pain from a poor recording."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_report_pages import create
from tests.synthetic import squat_trial


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_an_unmeasured_trial_shows_no_number(app_url, phone: Page):
    created = create(app_url, squat_trial("right", reps=0))
    phone.goto(f"{app_url}/r/{created['id']}")
    card = phone.locator(".trial-card")
    expect(card.get_by_test_id("trial-headline")).to_have_text(
        "Right knee: no angle could be measured from this recording. Please record it again."
    )
    expect(card.locator(".measure")).to_contain_text("No knee angle: no complete rep was found")
    expect(card.get_by_test_id("fppa-mean")).to_have_count(0)
    expect(card.locator(".big-number")).to_have_count(0)
    assert not re.search(r"\d°", card.locator(".measure").inner_text())


def test_an_untrusted_number_is_announced_as_not_a_result(app_url, phone: Page):
    trial = squat_trial("right", valgus_px=20)
    for frame in trial["frames"]:
        for landmark in frame["landmarks"]:
            landmark[3] = 0.2  # the pose model could barely see the body
    created = create(app_url, trial)
    phone.goto(f"{app_url}/r/{created['id']}")
    number = phone.get_by_test_id("fppa-mean")
    expect(number).to_have_class(re.compile("big-number--untrusted"))
    # What a screen reader reads: the hidden words come first, the struck-through number after.
    expect(number).to_have_text(re.compile(r"^Not a result: \d+\.\d°$"))
    assert number.locator(".visually-hidden").text_content() == "Not a result: "
    expect(number.locator(".visually-hidden")).not_to_be_in_viewport()


def test_a_trusted_number_is_read_as_the_number_alone(app_url, phone: Page):
    created = create(app_url, squat_trial("right", valgus_px=20))
    phone.goto(f"{app_url}/r/{created['id']}")
    expect(phone.get_by_test_id("fppa-mean")).to_have_text(re.compile(r"^\d+\.\d°$"))


def test_no_knee_pain_comparison_from_a_low_quality_recording(app_url, phone: Page):
    # 22 fps: flagged (below 24), still scored (above the squat's 20 fps floor).
    poor = create(app_url, squat_trial("right", reps=2, fps=22, valgus_px=30))
    phone.goto(f"{app_url}/r/{poor['id']}")
    expect(phone.get_by_test_id("confidence-text")).to_contain_text("Recording quality is poor")
    expect(phone.get_by_test_id("trial-headline")).to_contain_text(
        "moves inward far more than is typical"
    )
    expect(phone.locator("[data-section='result_well_above_uncertain']")).to_contain_text(
        "too uncertain to compare"
    )
    expect(phone.locator("[data-section='result_well_above']")).to_have_count(0)
    expect(phone.locator("main")).not_to_contain_text("similar to groups with knee pain")


def test_a_good_recording_well_above_the_range_is_compared_with_knee_pain(app_url, phone: Page):
    good = create(app_url, squat_trial("right", valgus_px=30))
    phone.goto(f"{app_url}/r/{good['id']}")
    expect(phone.get_by_test_id("confidence-text")).to_contain_text("Recording quality is good")
    expect(phone.get_by_test_id("trial-headline")).to_contain_text(
        "That is similar to groups with knee pain."
    )
    expect(phone.locator("[data-section='result_well_above']")).to_be_visible()
