"""Load on the production server: concurrent clients post realistic 900-frame gzip uploads.

Starts the app as `make run` does (with Redis, so Reflex runs several backend workers), on
SQLite and/or on a scratch PostgreSQL database, then for a fixed time each client posts one
upload after another. Prints throughput, latency percentiles and errors, and checks that the
rows stored equal the 201s returned. Loopback only; every loop ends by itself.

    .venv/bin/python bench/load.py                       # 32 clients x 60 s, SQLite then PostgreSQL
    .venv/bin/python bench/load.py --database postgresql --clients 8 --seconds 20 --workers 3
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.databases import scratch_postgres_database  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.synthetic import realistic_uploads  # noqa: E402

POSTGRES_SERVER = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
HEADERS = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
MAX_POSTS_PER_CLIENT = 100_000  # a second bound besides the clock


async def _client(
    url: str, bodies: list[bytes], deadline: float, offset: int, results: list
) -> None:
    async with httpx.AsyncClient(timeout=120) as http:
        for count in range(MAX_POSTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                response = await http.post(
                    url, content=bodies[(offset + count) % len(bodies)], headers=HEADERS
                )
                outcome: int | str = response.status_code
            except httpx.HTTPError as error:
                outcome = type(error).__name__
            results.append((time.perf_counter() - started, outcome))


async def _load(url: str, bodies: list[bytes], clients: int, seconds: float) -> list:
    results: list = []
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(_client(url, bodies, deadline, index, results) for index in range(clients))
    )
    return results


def _rows(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM assessments")).scalar_one()
    engine.dispose()
    return count


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    return sum(sum(process.cpu_times()[:2]) for process in processes)


def _machine_busy_seconds() -> float:
    """CPU seconds spent by everything on this machine, summed over its cores."""
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def _server_workers(base_url: str) -> list[psutil.Process]:
    port = int(base_url.rsplit(":", 1)[1])
    return [
        psutil.Process(pid)
        for pid in {
            c.pid
            for c in psutil.net_connections(kind="tcp")
            if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN and c.pid
        }
    ]


def _report(
    name: str,
    clients: int,
    seconds: float,
    warmup: list,
    results: list,
    rows: int,
    cpu: dict[str, float],
) -> None:
    latencies = sorted(latency * 1000 for latency, _ in results)
    outcomes = collections.Counter(outcome for _, outcome in results)
    created = outcomes[201] + sum(outcome == 201 for _, outcome in warmup)
    cuts = statistics.quantiles(latencies, n=100)
    print(f"\n== {name} backend workers, {clients} clients, {seconds:.0f} s")
    print(
        f"requests {len(results)}   201: {outcomes[201]}   errors: {len(results) - outcomes[201]} {dict(outcomes)}"
    )
    print(f"throughput {outcomes[201] / seconds:.1f} assessments/s")
    print(
        f"latency ms  p50 {statistics.median(latencies):.0f}   p95 {cuts[94]:.0f}   p99 {cuts[98]:.0f}"
        f"   max {latencies[-1]:.0f}"
    )
    print(
        f"rows stored {rows} == 201s returned {created} (warm-up included): {'yes' if rows == created else 'NO'}"
    )
    cores = os.cpu_count() or 1
    shares = {who: 100 * used / (seconds * cores) for who, used in cpu.items()}
    print(
        f"CPU of the {cores} cores: {shares['machine']:.0f}% busy: server workers {shares['server']:.0f}%, "
        f"load clients {shares['clients']:.0f}%, everything else {shares['machine'] - shares['server'] - shares['clients']:.0f}%"
    )
    if outcomes[201]:
        per_upload = {who: 1000 * used / outcomes[201] for who, used in cpu.items()}
        print(
            f"CPU per assessment: server {per_upload['server']:.0f} ms, load clients {per_upload['clients']:.0f} ms"
            f" -> {os.cpu_count()} free cores would serve ~{1000 * os.cpu_count() / per_upload['server']:.0f}/s"
        )


def run(
    name: str, database_url: str, args: argparse.Namespace, bodies: list[bytes], folder: Path
) -> None:
    with running_app(database_url, folder / f"{name}.log") as base_url:
        url = f"{base_url}/api/v1/assessments"
        # A few posts first, so every worker has imported, connected and migrated.
        warmup = asyncio.run(_load(url, bodies, clients=4, seconds=3))
        workers, client = _server_workers(base_url), psutil.Process()
        meters = {
            "server": lambda: _cpu_seconds(workers),
            "clients": lambda: _cpu_seconds([client]),
            "machine": _machine_busy_seconds,
        }
        before, started = {name: meter() for name, meter in meters.items()}, time.monotonic()
        results = asyncio.run(_load(url, bodies, args.clients, args.seconds))
        # The last posts end after the deadline: rates use the time the load really took.
        elapsed = time.monotonic() - started
        cpu = {name: meter() - before[name] for name, meter in meters.items()}
    _report(
        f"{name}, {len(workers)}", args.clients, elapsed, warmup, results, _rows(database_url), cpu
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--workers", type=int, help="backend workers (default: make run's, cores + 1)"
    )
    parser.add_argument(
        "--postgres", default=POSTGRES_SERVER, help="server for the scratch database"
    )
    parser.add_argument("--redis", default=os.environ.get("REFLEX_REDIS_URL", REDIS_URL))
    args = parser.parse_args()
    os.environ["REFLEX_REDIS_URL"] = args.redis
    if args.workers:
        os.environ["GRANIAN_WORKERS"] = str(args.workers)
    bodies = realistic_uploads()
    print(
        f"upload: 900 frames x 33 landmarks, {len(bodies[0]) / 1000:.0f} kB gzip; "
        f"server and clients share this machine's {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as folder:
        if args.database in ("sqlite", "both"):
            run("SQLite", f"sqlite:///{folder}/load.db", args, bodies, Path(folder))
        if args.database in ("postgresql", "both"):
            with scratch_postgres_database(args.postgres) as database_url:
                run("PostgreSQL", database_url, args, bodies, Path(folder))


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
