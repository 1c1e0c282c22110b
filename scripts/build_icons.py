"""Render the app icons (PNG) from assets/icons/icon.svg with headless Chromium.

Writes icon-192/512 (rounded, for browsers) and maskable-192/512 (full bleed, the figure inside
the 80% safe zone that launchers may crop to a circle). Run after editing the SVG; the PNGs are
committed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import media  # noqa: E402

ICONS = ROOT / "assets" / "icons"
SIZES = (192, 512)
# Launchers may crop a maskable icon to a circle of 80% of its width; the figure must fit inside.
MASKABLE_SCALE = 0.72


def maskable(svg: str) -> str:
    """Full-bleed background, figure shrunk around the centre into the safe zone."""
    square = re.sub(r'rx="\d+"', 'rx="0"', svg, count=1)
    offset = 256 * (1 - MASKABLE_SCALE)
    return square.replace(
        '<g id="figure"',
        f'<g transform="translate({offset} {offset}) scale({MASKABLE_SCALE})"><g id="figure"',
        1,
    ).replace("</svg>", "</g></svg>")


def render(page, svg: str, size: int, out: Path) -> None:
    page.set_viewport_size({"width": size, "height": size})
    sized = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
    page.set_content(f"<!doctype html><html><body style='margin:0'>{sized}</body></html>")
    page.locator("svg").screenshot(path=str(out), omit_background=True)


def main() -> None:
    svg = (ICONS / "icon.svg").read_text()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=media.chromium_executable(), args=media.chromium_args()
        )
        page = browser.new_page(device_scale_factor=1)
        for size in SIZES:
            render(page, svg, size, ICONS / f"icon-{size}.png")
            render(page, maskable(svg), size, ICONS / f"maskable-{size}.png")
        browser.close()
    for path in sorted(ICONS.glob("*.png")):
        print(path.relative_to(ROOT), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
