"""Scale-out mode: two backend workers share the pages' state through Redis (and store in
PostgreSQL when configured). The browser tests of the capture flow, the upload retry and the
security policy run again against it, and a tab keeps its state whichever worker its websocket
reaches."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator

import pytest
import redis
from playwright.sync_api import expect

from tests.databases import POSTGRES_URL, scratch_postgres_database
from tests.e2e.app_server import running_app
from tests.e2e.test_capture_flow import test_record_squat_and_read_the_result  # noqa: F401 (re-run here)
from tests.e2e.test_security_headers import (  # noqa: F401 (re-run here)
    test_capture_page_runs_the_pose_model_under_the_policy,
    test_result_page_renders_under_the_policy_and_is_not_indexed,
)
from tests.e2e.test_upload_retry import test_retry_after_a_lost_answer_opens_the_stored_result  # noqa: F401

REDIS_URL = os.environ.get("REFLEX_REDIS_URL", "")
WORKERS = 2
MAX_RELOADS = 12
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="set REFLEX_REDIS_URL (make test's second pass does)")


@pytest.fixture(scope="module")
def scaled_app(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """`make run` with Redis and two workers; yields its URL and its log file."""
    folder = tmp_path_factory.mktemp("scaled")
    log_path = folder / "app.log"
    database = scratch_postgres_database(POSTGRES_URL) if POSTGRES_URL else contextlib.nullcontext(
        f"sqlite:///{folder / 'scaled.db'}")
    with database as database_url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRANIAN_WORKERS", str(WORKERS))
        with running_app(database_url, log_path) as url:
            yield url, str(log_path)


@pytest.fixture(scope="module")
def app_url(scaled_app) -> str:
    """The browser tests imported above run against the scaled app."""
    return scaled_app[0]


def _websocket_workers(log_path: str) -> set[int]:
    with open(log_path) as log:
        entries = [json.loads(line) for line in log if line.startswith("{")]
    return {entry["pid"] for entry in entries if entry.get("method") == "WEBSOCKET"}


def test_a_tab_keeps_its_state_on_whichever_worker_it_reaches(scaled_app, browser):
    url, log_path = scaled_app
    page = browser.new_page()
    page.goto(f"{url}/capture")
    right = page.get_by_role("radio", name="Right")
    right.click()
    expect(right).to_have_attribute("aria-checked", "true")
    token = page.evaluate("sessionStorage.getItem('token')")
    # Each reload opens a new websocket, which any worker may accept; the choice must survive.
    for _ in range(MAX_RELOADS):
        page.reload()
        expect(page.get_by_role("radio", name="Right")).to_have_attribute("aria-checked", "true", timeout=20_000)
        if len(_websocket_workers(log_path)) >= WORKERS:
            break
    page.close()
    assert len(_websocket_workers(log_path)) >= WORKERS, "every websocket reached the same worker"
    stored = redis.Redis.from_url(REDIS_URL).keys(f"{token}_*capture_state")
    assert stored, "the tab's state is not in Redis"
