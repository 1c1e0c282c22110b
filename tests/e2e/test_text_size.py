"""Large text and narrow screens: no page scrolls sideways, no label is cut off or sticks out.

The reader's text size is the root font size; every size in styles.css is in rem, so setting it
to 200% doubles the text as a browser's text-size setting does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import wizard_driver as wizard
from tests.e2e.test_report_pages import create, remember_on_device
from tests.synthetic import squat_trial

LARGE_TEXT = "html { font-size: 200% }"
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def tests_on_device(app_url) -> list[dict]:
    return [
        create(app_url, squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10)),
        create(app_url, squat_trial("left", valgus_px=30), squat_trial("right", reps=0)),
    ]


@pytest.fixture
def narrow_page(browser, app_url, tests_on_device):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    remember_on_device(page, app_url, *tests_on_device)
    yield page
    context.close()


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0: no sideways scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def open_with_large_text(page: Page, url: str, ready: str) -> None:
    page.goto(url)
    page.add_style_tag(content=LARGE_TEXT)
    expect(page.locator(ready).first).to_be_visible(timeout=30_000)
    font_size = page.evaluate("() => getComputedStyle(document.body).fontSize")
    assert font_size == "32px", "the page's text does not follow the reader's text size"


def test_no_page_scrolls_sideways_at_320_px_with_200_percent_text(
    app_url, narrow_page, tests_on_device
):
    first, second = (item["id"] for item in tests_on_device)
    pages = {
        "/": "[data-testid='start-test']",
        "/capture": "[data-testid='wizard-step']",
        f"/r/{first}": "[data-testid='fppa-chart']",
        f"/r/{second}": "[data-testid='trial-headline']",
        f"/r/{first}/clinician": "[data-testid='rep-table']",
        "/history": "[data-testid='history-item']",
        "/progress": "[data-testid='side-change']",
        "/r/": "text=Page not found",
        "/no/such/page": "text=Page not found",
    }
    for path, ready in pages.items():
        open_with_large_text(narrow_page, f"{app_url}{path}", ready)
        assert sideways_overflow(narrow_page) <= 0, f"{path} scrolls sideways"


def _sticking_out(page: Page, selector: str, container: str) -> list[str]:
    """Texts of the elements that are cut off or reach past the edge of their container."""
    return page.evaluate(
        """([selector, container]) => [...document.querySelectorAll(selector)].filter((el) => {
            const box = el.getBoundingClientRect();
            const outer = el.closest(container).getBoundingClientRect();
            const clipped = el.scrollWidth > el.clientWidth + 1;
            return clipped || box.left < outer.left - 1 || box.right > outer.right + 1;
        }).map((el) => el.textContent)""",
        [selector, container],
    )


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("large_text", [False, True])
def test_scale_and_measure_labels_stay_whole_inside_the_card(
    browser, app_url, tests_on_device, width, large_text
):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(f"{app_url}/r/{tests_on_device[0]['id']}")
    if large_text:
        page.add_style_tag(content=LARGE_TEXT)
    legend = page.locator(".scale__legend li")
    expect(legend.first).to_be_visible()
    expect(page.locator(".scale__legend").first).to_contain_text("Above")
    for selector in (".scale__legend li", ".scale__marker span", ".scale__axis span"):
        assert not _sticking_out(page, selector, ".trial-detail"), selector
    assert not _sticking_out(page, ".measure .field-label", ".measure")
    assert not _sticking_out(page, ".measure .big-number", ".trial-card")
    assert not _sticking_out(page, ".glance-title > *", ".trial-card")
    context.close()


def test_the_clinician_tables_scroll_inside_their_box_at_320_px(
    app_url, narrow_page, tests_on_device
):
    narrow_page.goto(f"{app_url}/r/{tests_on_device[0]['id']}/clinician")
    expect(narrow_page.get_by_test_id("rep-table").first).to_be_visible()
    assert sideways_overflow(narrow_page) <= 0


def test_start_on_the_camera_step_is_in_view_at_320_by_640(browser, app_url):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    wizard.open_camera_step(page, app_url)
    page.evaluate("() => window.scrollTo(0, 0)")
    expect(page.get_by_test_id("capture-start")).to_be_in_viewport(ratio=1)
    context.close()
