"""Run one of the store's command-line modules as an operator would, against a given database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_store_command(module: str, database_url: str) -> subprocess.CompletedProcess[str]:
    """`python -m <module>` in the project folder with VALGUS_DATABASE_URL set; output captured."""
    return subprocess.run(
        [sys.executable, "-m", module],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "VALGUS_DATABASE_URL": database_url},
        timeout=120,
        check=False,
    )
