"""Does answer timing reveal whether a share id exists? Times the production server's 404s for
unknown, deleted and expired ids (interleaved), next to a found report and a wrong-key DELETE.

Prints medians and quartiles; asserts nothing. Loopback only.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.app_server import running_app  # noqa: E402
from tests.synthetic import assessment  # noqa: E402

ROUNDS = 400


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/timing.db"
        with (
            running_app(database_url, Path(folder) / "app.log") as url,
            httpx.Client(timeout=30) as http,
        ):
            api = f"{url}/api/v1/assessments"
            found, deleted, expired = (http.post(api, json=assessment()).json() for _ in range(3))
            http.delete(
                f"{api}/{deleted['id']}",
                headers={"Authorization": f"Bearer {deleted['owner_key']}"},
            )
            with sa.create_engine(database_url).begin() as connection:
                connection.execute(
                    sa.text("UPDATE assessments SET expires_at = :past WHERE id = :id"),
                    {"past": dt.datetime(2000, 1, 1), "id": expired["id"]},
                )
            probes = {
                "GET unknown id (404)": ("GET", f"{api}/{'A' * 22}", {}),
                "GET deleted id (404)": ("GET", f"{api}/{deleted['id']}", {}),
                "GET expired id (404)": ("GET", f"{api}/{expired['id']}", {}),
                "GET existing id (200)": ("GET", f"{api}/{found['id']}", {}),
                "DELETE unknown id (404)": (
                    "DELETE",
                    f"{api}/{'A' * 22}",
                    {"Authorization": "Bearer x"},
                ),
                "DELETE wrong key (403)": (
                    "DELETE",
                    f"{api}/{found['id']}",
                    {"Authorization": "Bearer x"},
                ),
            }
            timings: dict[str, list[float]] = {name: [] for name in probes}
            for _ in range(ROUNDS):
                for name, (method, target, headers) in probes.items():
                    started = time.perf_counter()
                    http.request(method, target, headers=headers)
                    timings[name].append((time.perf_counter() - started) * 1000)
    print(f"{ROUNDS} interleaved rounds, milliseconds (median [p25-p75]):")
    for name, values in timings.items():
        quartiles = statistics.quantiles(values, n=4)
        print(
            f"  {name:26s} {statistics.median(values):6.2f} [{quartiles[0]:.2f}-{quartiles[2]:.2f}]"
        )


if __name__ == "__main__":
    main()
