"""POST latency of a 900-frame trial on the running app, next to a trivial echo of the same body.

Prints p50 and p95 for both; asserts nothing.
"""

from __future__ import annotations

import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.app_server import free_port, running_app  # noqa: E402
from tests.synthetic import assessment, squat_trial  # noqa: E402

REQUESTS = 40
ECHO_APP = """
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

async def echo(request):
    return Response(await request.body(), media_type="application/json", status_code=201)

app = Starlette(routes=[Route("/echo", echo, methods=["POST"])])
"""


def timed_posts(url: str, body: bytes, headers: dict) -> list[float]:
    timings = []
    with httpx.Client(timeout=60) as client:
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.post(url, content=body, headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 201, response.text[:300]
    return timings


def percentiles(timings: list[float]) -> str:
    cuts = statistics.quantiles(timings, n=100)
    return f"p50 {statistics.median(timings):6.1f} ms   p95 {cuts[94]:6.1f} ms"


def main() -> None:
    trial = squat_trial(
        reps=12, seconds_per_rep=2.4, rest_seconds=0.601
    )  # 30 fps x 30 s = 900 frames
    raw = json.dumps(assessment(trial)).encode()
    body = gzip.compress(raw)
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    echo_port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        echo_module = Path(folder) / "echo_app.py"
        echo_module.write_text(ECHO_APP)
        echo = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "echo_app:app",
                "--port",
                str(echo_port),
                "--log-level",
                "warning",
            ],
            cwd=folder,
        )
        try:
            with running_app(f"sqlite:///{folder}/bench.db", Path(folder) / "app.log") as app_url:
                ours = timed_posts(f"{app_url}/api/v1/assessments", body, headers)
                echoed = timed_posts(f"http://127.0.0.1:{echo_port}/echo", body, headers)
        finally:
            echo.terminate()
            echo.wait()
    print(
        f"body: {len(trial['frames'])} frames, {len(raw) / 1e6:.2f} MB JSON, {len(body) / 1e3:.0f} kB gzip"
    )
    print(f"POST /api/v1/assessments : {percentiles(ours)}")
    print(f"trivial echo (uvicorn)   : {percentiles(echoed)}")


if __name__ == "__main__":
    main()
