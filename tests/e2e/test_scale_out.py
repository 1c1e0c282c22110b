"""Scale-out mode: two backend workers share the pages' state through Redis (and store in
PostgreSQL when configured). The browser tests of the capture flow, the upload retry and the
security policy run again against it, and a tab keeps its state whichever worker its websocket
reaches."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator

import httpx
import pytest
import redis
from playwright.sync_api import expect

from tests.databases import POSTGRES_URL, scratch_postgres_database
from tests.e2e.app_server import running_app
from tests.e2e.test_capture_flow import test_guided_test_records_both_legs_and_opens_the_result  # noqa: F401 (re-run here)
from tests.e2e.test_security_headers import (  # noqa: F401 (re-run here)
    test_capture_page_runs_the_pose_model_under_the_policy,
    test_result_page_renders_under_the_policy_and_is_not_indexed,
)
from tests.synthetic import assessment

REDIS_URL = os.environ.get("REFLEX_REDIS_URL", "")
WORKERS = 2
MAX_RELOADS = 12
pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="set REFLEX_REDIS_URL (make test's second pass does)"
)


@pytest.fixture(scope="module")
def scaled_app(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """`make run` with Redis and two workers; yields its URL and its log file."""
    folder = tmp_path_factory.mktemp("scaled")
    log_path = folder / "app.log"
    database = (
        scratch_postgres_database(POSTGRES_URL)
        if POSTGRES_URL
        else contextlib.nullcontext(f"sqlite:///{folder / 'scaled.db'}")
    )
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
    created = httpx.post(f"{url}/api/v1/assessments", json=assessment(), timeout=60).json()
    page = browser.new_page()
    page.goto(f"{url}{created['report_url']}")
    headline = page.get_by_test_id("trial-headline").first
    expect(headline).to_be_visible(timeout=30_000)
    token = page.evaluate("sessionStorage.getItem('token')")
    # Each reload opens a new websocket, which any worker may accept; the page must load on each.
    for _ in range(MAX_RELOADS):
        page.reload()
        expect(headline).to_be_visible(timeout=20_000)
        if len(_websocket_workers(log_path)) >= WORKERS:
            break
    page.close()
    assert len(_websocket_workers(log_path)) >= WORKERS, "every websocket reached the same worker"
    stored = redis.Redis.from_url(REDIS_URL).keys(f"{token}_*result_state")
    assert stored, "the tab's state is not in Redis"
