"""Structured logs: one JSON line per request, with share ids and keys kept out."""

import json
import logging

import pytest

from tests.api.test_assessments_api import create
from valgus_pwa.api.middleware import JsonLogFormatter


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonLogFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    handler, logger = _Lines(), logging.getLogger("valgus_pwa")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


async def test_each_request_is_one_json_line_without_secrets(client, log_lines):
    created = await create(client)
    await client.get(
        f"/api/v1/assessments/{created['id']}", headers={"X-Request-ID": "trace-abcdef12"}
    )
    entries = [json.loads(line) for line in log_lines]
    requests = [entry for entry in entries if entry["logger"] == "valgus_pwa.access"]
    assert [(entry["method"], entry["path"], entry["status"]) for entry in requests] == [
        ("POST", "/api/v1/assessments", 201),
        ("GET", "/api/v1/assessments/{id}", 200),
    ]
    assert requests[1]["request_id"] == "trace-abcdef12"
    assert all(entry["duration_ms"] >= 0 and entry["ts"].endswith("+00:00") for entry in requests)
    everything = "\n".join(log_lines)
    assert created["id"] not in everything and created["owner_key"] not in everything
