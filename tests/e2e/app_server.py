"""Start the app exactly as the README does (`make run`) on a free port, for browser tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 600  # the first production build of the frontend takes minutes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"`make run` exited early:\n{log_path.read_text()[-4000:]}")
        with contextlib.suppress(httpx.HTTPError):
            page = httpx.get(f"{base_url}/capture", timeout=5, follow_redirects=True)
            api = httpx.get(f"{base_url}/api/openapi.json", timeout=5)
            if page.status_code == 200 and api.status_code == 200:
                return
        time.sleep(1)
    raise RuntimeError(
        f"the app did not start in {STARTUP_TIMEOUT_S} s:\n{log_path.read_text()[-4000:]}"
    )


@contextlib.contextmanager
def running_app(database_url: str, log_path: Path) -> Iterator[str]:
    """Yield the base URL of `make run` serving on a free port with the given database."""
    port = free_port()
    # Tests and benchmarks post faster than any runner: no upload limit unless one is set.
    env = {
        "VALGUS_POST_RATE_LIMIT": "0",
        **os.environ,
        "PORT": str(port),
        "VALGUS_DATABASE_URL": database_url,
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base_url, process, log_path)
        yield base_url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
