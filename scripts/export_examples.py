"""Write the example CSV exports in docs/examples/ through the real API, in-process.

    .venv/bin/python scripts/export_examples.py

Posts the synthetic two-leg assessment of the report screenshots (left knee about 17°, right
about 8°) and a real recording (MediaPipe output of a real two-leg squat clip, tests/data) to
the API on a throwaway SQLite database, then saves each one's `export.csv` tables with the
share id replaced by "example". No app build or browser is needed (`make screenshots` makes
the PDF and the screenshots).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.synthetic import assessment, squat_trial  # noqa: E402

EXAMPLES = ROOT / "docs" / "examples"
REAL_CLIP = ROOT / "tests" / "data" / "squat_two_leg_frontal.landmarks.json"


async def _write_exports(client: httpx.AsyncClient, body: dict, prefix: str) -> list[Path]:
    created = await client.post("/api/v1/assessments", json=body)
    created.raise_for_status()
    share_id = created.json()["id"]
    written = []
    for table in ("frames", "reps"):
        response = await client.get(f"/api/v1/assessments/{share_id}/export.csv?table={table}")
        response.raise_for_status()
        path = EXAMPLES / f"{prefix}-{table}.csv"
        # Bytes as served: the byte order mark stays.
        path.write_bytes(response.content.replace(share_id.encode(), b"example"))
        written.append(path)
    return written


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["VALGUS_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'examples.db'}"
        os.environ["VALGUS_POST_RATE_LIMIT"] = "0"
        from valgus_pwa.api.app import api_app  # reads the settings above

        transport = httpx.ASGITransport(app=api_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://examples") as client:
            EXAMPLES.mkdir(parents=True, exist_ok=True)
            synthetic = assessment(
                squat_trial("left", valgus_px=20), squat_trial("right", valgus_px=10)
            )
            real = assessment(json.loads(REAL_CLIP.read_text()))
            written = await _write_exports(client, synthetic, "knee-check")
            written += await _write_exports(client, real, "knee-check-real")
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    asyncio.run(main())
