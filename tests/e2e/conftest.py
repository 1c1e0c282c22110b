"""Shared browser-test fixtures: one app started as the README starts it, one Chromium per camera."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from tests.e2e import media
from tests.e2e.app_server import running_app


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("app")
    with running_app(f"sqlite:///{folder / 'e2e.db'}", folder / "app.log") as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


def launch_with_camera(playwright: Playwright, video_name: str) -> Browser:
    """Headless Debian Chromium whose fake camera plays the named fixture video."""
    camera = media.to_y4m(media.fixture_video(video_name))
    return playwright.chromium.launch(
        executable_path=media.chromium_executable(), args=media.chromium_args(camera)
    )


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Chromium whose camera films a real person from the front."""
    chromium = launch_with_camera(playwright, "one_leg_balance_frontal.mp4")
    yield chromium
    chromium.close()


@pytest.fixture(autouse=True)
def close_what_the_test_left_open(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close the pages a test opened in the shared Chromium once it ends.

    A test that fails (or is expected to) stops before its own close, and a page left on the
    camera step keeps its pose loop running: it took about a core for the rest of the run,
    slowing every later test's pose loop below the squat's frame-rate floor.
    """
    if "browser" not in request.fixturenames:
        yield
        return
    chromium: Browser = request.getfixturevalue("browser")
    before = set(chromium.contexts)
    yield
    for context in chromium.contexts:
        if context not in before:
            context.close()
