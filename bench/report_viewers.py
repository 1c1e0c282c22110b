"""Many people open shared report links at once, the way a browser does.

Starts the app as `make run` does (one backend worker, or several with Redis and a scratch
PostgreSQL database), stores a few two-leg assessments, then records what headless Chromium
really does on one /r/<id> page: the websocket URL, the socket.io CONNECT packet that carries
the `hydrate_and_load` event, and the API requests the page makes (the replay). Each viewer
then replays that: GET the page, open the websocket with its own token, wait for the delta
that carries the report, and fetch the API requests (gzip accepted, as a browser does).
Viewers start spread over `--ramp` seconds; while they do, one client posts uploads.

Prints time to report (page + report delta + replay) p50/p95, the report delta's size, the
POST latency during the burst, and the RSS of the app's processes: idle, peak, and a minute
after the viewers left. Loopback only; every loop ends by itself.

    .venv/bin/python bench/report_viewers.py --viewers 200 500
    .venv/bin/python bench/report_viewers.py --viewers 1000 --workers 3 --database postgresql
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    RejectConnection,
    Request,
    TextMessage,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import POSTGRES_SERVER, REDIS_URL  # noqa: E402
from tests.databases import scratch_postgres_database  # noqa: E402
from tests.e2e import media  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.synthetic import assessment, jittered, realistic_uploads, squat_trial  # noqa: E402

REPORTS = 20  # distinct shared links: a club posts many
REPORT_TIMEOUT_S = 120
SETTLE_S = 60  # "a minute after the viewers leave"
GZIP_HEADERS = {"Content-Type": "application/json", "Content-Encoding": "gzip"}


@dataclass
class Recording:
    """What Chromium did on one report page, to replay with other tokens and report ids."""

    report_id: str
    token: str
    websocket_path: str
    connect_packet: str
    api_paths: list[str]


@dataclass
class Viewer:
    time_to_delta: float | None = None
    time_to_report: float | None = None
    delta_bytes: int = 0
    websocket_bytes: int = 0
    api_bytes: int = 0
    error: str = ""


@dataclass
class Burst:
    viewers: list[Viewer] = field(default_factory=list)
    posts: list[tuple[float, int | str]] = field(default_factory=list)
    health: list[float] = field(default_factory=list)


def two_leg_uploads(count: int) -> list[bytes]:
    """Gzipped two-leg single-leg-squat tests (five reps a leg) with real-entropy keypoints."""
    return [
        gzip.compress(
            json.dumps(
                assessment(
                    jittered(squat_trial("left"), seed=2 * seed),
                    jittered(squat_trial("right"), seed=2 * seed + 1),
                )
            ).encode()
        )
        for seed in range(count)
    ]


def record_browser(base_url: str, report_id: str) -> Recording:
    """Open the report in headless Chromium and note the websocket CONNECT and API requests."""
    from playwright.sync_api import sync_playwright

    sent: list[str] = []
    sockets: list[str] = []
    api_paths: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=media.chromium_executable(), args=media.chromium_args()
        )
        page = browser.new_page()

        def on_websocket(socket) -> None:
            if "/_event" in socket.url:
                sockets.append(socket.url)
                socket.on("framesent", lambda payload: sent.append(str(payload)))

        page.on("websocket", on_websocket)
        page.on(
            "request",
            lambda request: (
                api_paths.append(
                    urllib.parse.urlsplit(request.url).path
                    + ("?" + urllib.parse.urlsplit(request.url).query if "?" in request.url else "")
                )
                if "/api/" in request.url
                else None
            ),
        )
        page.goto(f"{base_url}/r/{report_id}")
        page.wait_for_selector("[data-testid=replay-canvas][data-drawn-frame]", timeout=60_000)
        browser.close()
    connect = next(frame for frame in sent if frame.startswith("40"))
    url = urllib.parse.urlsplit(sockets[0])
    token = urllib.parse.parse_qs(url.query)["token"][0]
    return Recording(report_id, token, f"{url.path}?{url.query}", connect, sorted(set(api_paths)))


class WebSocket:
    """A minimal asyncio websocket client (wsproto): text frames, pings answered."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.connection = WSConnection(ConnectionType.CLIENT)
        self.pending: list[str] = []
        self.partial = ""
        self.received_bytes = 0

    @classmethod
    async def open(cls, host: str, port: int, target: str) -> WebSocket:
        reader, writer = await asyncio.open_connection(host, port)
        socket = cls(reader, writer)
        writer.write(socket.connection.send(Request(host=f"{host}:{port}", target=target)))
        await writer.drain()
        while True:
            event = await socket._next_event()
            if isinstance(event, AcceptConnection):
                return socket
            if isinstance(event, RejectConnection):
                raise ConnectionError("websocket rejected")

    async def _next_event(self):
        while True:
            for event in self.connection.events():
                return event
            data = await self.reader.read(65536)
            if not data:
                raise ConnectionError("websocket closed by the server")
            self.received_bytes += len(data)
            self.connection.receive_data(data)

    async def send(self, text: str) -> None:
        self.writer.write(self.connection.send(TextMessage(data=text)))
        await self.writer.drain()

    async def receive(self) -> str:
        while True:
            event = await self._next_event()
            if isinstance(event, TextMessage):
                self.partial += event.data
                if event.message_finished:
                    message, self.partial = self.partial, ""
                    return message
            elif isinstance(event, BytesMessage):
                continue
            elif isinstance(event, Ping):
                self.writer.write(self.connection.send(event.response()))
            elif isinstance(event, CloseConnection):
                raise ConnectionError("websocket closed by the server")

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.write(self.connection.send(CloseConnection(code=1000)))
            await self.writer.drain()
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()


def _for_viewer(text: str, recording: Recording, report_id: str, token: str) -> str:
    return text.replace(recording.token, token).replace(recording.report_id, report_id)


async def _report_delta(socket: WebSocket, viewer: Viewer) -> None:
    """Read socket.io packets until the state delta that carries the found report."""
    while True:
        message = await socket.receive()
        if message == "2":  # engine.io ping
            await socket.send("3")
        elif message.startswith("42") and '"found"' in message:
            viewer.delta_bytes = len(message.encode())
            return


async def view(
    http: httpx.AsyncClient, base_url: str, recording: Recording, report_id: str
) -> Viewer:
    """One browser opening one shared report, as recorded."""
    viewer, token, started = Viewer(), str(uuid.uuid4()), time.perf_counter()
    host, port = urllib.parse.urlsplit(base_url).hostname, urllib.parse.urlsplit(base_url).port
    try:
        page = await http.get(f"{base_url}/r/{report_id}")
        page.raise_for_status()
        socket = await WebSocket.open(
            str(host),
            int(port or 80),
            _for_viewer(recording.websocket_path, recording, report_id, token),
        )
        try:
            await socket.receive()  # engine.io open packet
            await socket.send(_for_viewer(recording.connect_packet, recording, report_id, token))
            await asyncio.wait_for(_report_delta(socket, viewer), REPORT_TIMEOUT_S)
            viewer.time_to_delta = time.perf_counter() - started
            answers = await asyncio.gather(
                *(
                    http.get(base_url + _for_viewer(path, recording, report_id, token))
                    for path in recording.api_paths
                )
            )
            for answer in answers:
                answer.raise_for_status()
                viewer.api_bytes += answer.num_bytes_downloaded
            viewer.time_to_report = time.perf_counter() - started
        finally:
            viewer.websocket_bytes = socket.received_bytes
            await socket.close()
    except (OSError, httpx.HTTPError, TimeoutError, ConnectionError) as error:
        viewer.error = type(error).__name__
    return viewer


async def _post_while(base_url: str, bodies: list[bytes], running: asyncio.Event, burst: Burst):
    async with httpx.AsyncClient(timeout=60) as http:
        for count in range(100_000):
            if not running.is_set():
                return
            started = time.perf_counter()
            try:
                response = await http.post(
                    f"{base_url}/api/v1/assessments",
                    content=bodies[count % len(bodies)],
                    headers=GZIP_HEADERS,
                )
                outcome: int | str = response.status_code
            except httpx.HTTPError as error:
                outcome = type(error).__name__
            burst.posts.append((time.perf_counter() - started, outcome))
            await asyncio.sleep(0.2)


async def _health_while(base_url: str, running: asyncio.Event, burst: Burst) -> None:
    async with httpx.AsyncClient(timeout=60) as http:
        while running.is_set():
            started = time.perf_counter()
            with contextlib.suppress(httpx.HTTPError):
                await http.get(f"{base_url}/healthz")
                burst.health.append(time.perf_counter() - started)
            await asyncio.sleep(0.5)


async def burst(
    base_url: str,
    recording: Recording,
    report_ids: list[str],
    viewers: int,
    ramp_s: float,
    bodies: list[bytes],
) -> Burst:
    result, running = Burst(), asyncio.Event()
    running.set()
    limits = httpx.Limits(max_connections=viewers + 10, max_keepalive_connections=0)
    headers = {"Accept-Encoding": "gzip, deflate, br"}
    async with httpx.AsyncClient(timeout=REPORT_TIMEOUT_S, limits=limits, headers=headers) as http:

        async def delayed(index: int) -> Viewer:
            await asyncio.sleep(ramp_s * index / viewers)
            return await view(http, base_url, recording, report_ids[index % len(report_ids)])

        background = [
            asyncio.create_task(_post_while(base_url, bodies, running, result)),
            asyncio.create_task(_health_while(base_url, running, result)),
        ]
        result.viewers = await asyncio.gather(*(delayed(index) for index in range(viewers)))
        running.clear()
        await asyncio.gather(*background)
    return result


class MemoryMeter:
    """RSS of the app's processes (make run and everything under it), sampled in a thread."""

    def __init__(self, base_url: str) -> None:
        port = int(base_url.rsplit(":", 1)[1])
        listener = next(
            psutil.Process(c.pid)
            for c in psutil.net_connections(kind="tcp")
            if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN and c.pid
        )
        top = listener
        for parent in listener.parents():
            top = parent
            if parent.name() == "make":
                break
        self.top, self.peak, self._stop = top, 0.0, threading.Event()
        self._thread: threading.Thread | None = None

    def processes(self) -> list[psutil.Process]:
        return [self.top, *self.top.children(recursive=True)]

    def cpu_seconds(self) -> float:
        total = 0.0
        for process in self.processes():
            with contextlib.suppress(psutil.Error):
                times = process.cpu_times()
                total += times.user + times.system
        return total

    def rss_mb(self) -> float:
        total = 0
        for process in self.processes():
            with contextlib.suppress(psutil.Error):
                total += process.memory_info().rss
        return total / 1e6

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, self.rss_mb())

    def start_peak(self) -> None:
        self.peak, self._stop = self.rss_mb(), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop_peak(self) -> float:
        self._stop.set()
        if self._thread:
            self._thread.join()
        return self.peak


def _own_cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "p50 –  p95 –"
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {statistics.median(values):.2f}  p95 {cuts[94]:.2f}  max {max(values):.2f}"


def _print(
    viewers: int, ramp_s: float, result: Burst, memory: dict[str, float], cpu: dict[str, float]
) -> None:
    done = [viewer for viewer in result.viewers if viewer.time_to_report is not None]
    errors: dict[str, int] = {}
    for viewer in result.viewers:
        if viewer.error:
            errors[viewer.error] = errors.get(viewer.error, 0) + 1
    print(
        f"\n== {viewers} viewers opening within {ramp_s:g} s: {len(done)} got the report, errors {errors}"
    )
    print(
        f"time to report delta s   {_percentiles([v.time_to_delta for v in done if v.time_to_delta])}"
    )
    print(
        f"time to report (+replay) {_percentiles([v.time_to_report for v in done if v.time_to_report])}"
    )
    if done:
        print(
            f"report delta frame {statistics.median(v.delta_bytes for v in done) / 1000:.1f} kB;"
            f" websocket received {statistics.median(v.websocket_bytes for v in done) / 1000:.1f} kB;"
            f" API downloads (replay) {statistics.median(v.api_bytes for v in done) / 1000:.1f} kB"
            " on the wire per view"
        )
    posts = [latency for latency, outcome in result.posts if outcome == 201]
    failed = [outcome for _, outcome in result.posts if outcome != 201]
    print(f"POST during the burst s  {_percentiles(posts)}  ({len(posts)} stored, failed {failed})")
    print(f"healthz during the burst {_percentiles(result.health)}")
    print(
        f"CPU seconds during the burst: app {cpu['server']:.1f} ({1000 * cpu['server'] / viewers:.0f} ms"
        f" a view, uploads included), viewers (this process) {cpu['clients']:.1f}"
    )
    print(
        f"app RSS MB: idle {memory['idle']:.0f}, peak {memory['peak']:.0f},"
        f" {SETTLE_S} s after the viewers left {memory['after']:.0f}"
        f" ({memory['after'] - memory['idle']:+.0f})"
    )


def run(database_url: str, args: argparse.Namespace, folder: Path) -> None:
    with running_app(database_url, folder / "app.log") as base_url:
        created = [
            httpx.post(
                f"{base_url}/api/v1/assessments", content=body, headers=GZIP_HEADERS, timeout=60
            )
            for body in two_leg_uploads(REPORTS)
        ]
        report_ids = [response.json()["id"] for response in created]
        recording = record_browser(base_url, report_ids[0])
        print(
            f"browser: websocket {recording.websocket_path.split('?')[0]}, API {recording.api_paths}"
        )
        bodies = realistic_uploads()
        meter = MemoryMeter(base_url)
        for viewers in args.viewers:
            # A first small round warms every worker (imports, connections, the page cache).
            asyncio.run(burst(base_url, recording, report_ids, 5, 1.0, bodies))
            time.sleep(3)
            idle, client = meter.rss_mb(), psutil.Process()
            cpu_before = {"server": meter.cpu_seconds(), "clients": _own_cpu_seconds(client)}
            meter.start_peak()
            result = asyncio.run(burst(base_url, recording, report_ids, viewers, args.ramp, bodies))
            peak = meter.stop_peak()
            cpu = {
                "server": meter.cpu_seconds() - cpu_before["server"],
                "clients": _own_cpu_seconds(client) - cpu_before["clients"],
            }
            time.sleep(SETTLE_S)
            memory = {"idle": idle, "peak": peak, "after": meter.rss_mb()}
            _print(viewers, args.ramp, result, memory, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[200, 500])
    parser.add_argument("--ramp", type=float, default=2.0, help="seconds over which viewers start")
    parser.add_argument("--workers", type=int, default=1, help="backend workers; >1 uses Redis")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres", default=POSTGRES_SERVER)
    parser.add_argument("--redis", default=REDIS_URL)
    args = parser.parse_args()
    os.environ["GRANIAN_WORKERS"] = str(args.workers)
    if args.workers > 1:
        os.environ["REFLEX_REDIS_URL"] = args.redis
    else:
        os.environ.pop("REFLEX_REDIS_URL", None)
    print(f"server and viewers share this machine's {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        if args.database == "sqlite":
            run(f"sqlite:///{folder}/viewers.db", args, Path(folder))
        else:
            with scratch_postgres_database(args.postgres) as database_url:
                run(database_url, args, Path(folder))


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
