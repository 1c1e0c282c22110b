"""Bytes transferred on a first visit and on a repeat visit, with the pose model counted separately.

A visit opens the home page, then the wizard up to the live camera with the pose running. The first
visit starts from an empty profile (the service worker installs and caches the app, the pose
runtime and the lite model); the repeat visit reopens the same profile. Counts every response the
page or its service worker received over the network (headers and compressed body); responses the
service worker answered from its cache cost nothing. Asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import media  # noqa: E402
from tests.e2e import wizard_driver as wizard  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.e2e.bytes_received import count_received  # noqa: E402

GROUPS = (
    ("model (.task)", lambda path: path.endswith(".task")),
    ("pose runtime (WASM + JS)", lambda path: path.startswith("/pose/")),
    ("API and events", lambda path: path.startswith(("/api/", "/_event"))),
    ("app shell (pages, bundles, CSS, icons)", lambda path: True),
)


def group_of(url: str) -> str:
    path = "/" + url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    return next(name for name, matches in GROUPS if matches(path))


def visit(context, app_url: str) -> dict[str, int]:
    """Bytes received over the network per group during one visit."""
    received, stop = count_received(context)
    page = context.new_page()
    page.goto(app_url)
    wizard.wait_until(page, wizard.SERVICE_WORKER_IN_CONTROL, 120_000)
    wizard.open_camera_step(page, app_url)
    wizard.wait_until(page, wizard.POSE_RUNNING, 120_000)
    page.close()
    stop()
    grouped: dict[str, int] = defaultdict(int)
    for url, size in received.by_url.items():
        grouped[group_of(url)] += size
    return dict(grouped)


def report(name: str, received: dict[str, int]) -> None:
    total = sum(received.values())
    model = received.get(GROUPS[0][0], 0)
    print(
        f"{name}: {total / 1e6:.2f} MB in all; {model / 1e6:.2f} MB model, {(total - model) / 1e6:.2f} MB without the model"
    )
    for group, _ in GROUPS:
        print(f"  {group:40} {received.get(group, 0) / 1e3:>10.1f} kB")


def main() -> None:
    camera = media.to_y4m(media.fixture_video("one_leg_balance_frontal.mp4"))
    with tempfile.TemporaryDirectory() as folder:
        with (
            running_app(f"sqlite:///{folder}/bench.db", Path(folder) / "app.log") as app_url,
            sync_playwright() as pw,
        ):
            profile = Path(folder) / "profile"
            launch = {
                "executable_path": media.chromium_executable(),
                "args": media.chromium_args(camera),
            }
            for name in ("first visit", "repeat visit"):
                context = pw.chromium.launch_persistent_context(
                    profile, viewport={"width": 390, "height": 844}, **launch
                )
                received = visit(context, app_url)
                context.close()
                report(name, received)


if __name__ == "__main__":
    main()
