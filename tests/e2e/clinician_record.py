"""The clinical view printed as the filed record: Chromium's PDF of it, and reading that PDF back.

Shared by tests/e2e/test_clinician_record.py and scripts/clinician_record.py. Reading the PDF
uses poppler-utils (pdfinfo, pdftotext, pdftoppm; `make system-deps` installs them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import Page, expect

POPPLER = ("pdfinfo", "pdftotext", "pdftoppm")


def open_clinician_page(page: Page, url: str) -> None:
    """Open the clinical view and wait until its tables, charts, times and replays are drawn."""
    page.goto(url)
    expect(page.get_by_test_id("rep-table").first).to_be_visible(timeout=90_000)
    expect(page.locator(".line-chart svg").first).to_be_visible(timeout=30_000)
    # The recording's time is written in the reader's zone by a module loaded after the page.
    expect(page.locator(".details tr", has_text="Recorded").locator("td")).not_to_be_empty()
    canvases = page.get_by_test_id("replay-canvas")
    for index in range(canvases.count()):
        expect(canvases.nth(index)).to_have_attribute(
            "data-drawn-frame", re.compile(r"^\d+$"), timeout=20_000
        )


# Paper sizes in CSS pixels (96 per inch): laid out at the paper's width, the charts measure the
# width they print at.
PAPER_PX = {"A4": (794, 1123), "Letter": (816, 1056)}


def print_record(page: Page, pdf_path: Path, paper: str = "A4") -> Path:
    """The open clinical view printed to a PDF (A4 or Letter), as the browser's print lays it out."""
    viewport = page.viewport_size
    width, height = PAPER_PX[paper]
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    page.wait_for_timeout(500)  # the charts re-measure their box
    page.pdf(path=pdf_path, format=paper, print_background=True)
    page.emulate_media(media="screen")
    if viewport:
        page.set_viewport_size(viewport)
    return pdf_path


def _poppler(tool: str, *args: str) -> str:
    assert shutil.which(tool), f"{tool} is missing: install poppler-utils (make system-deps)"
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def page_count(pdf_path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", str(pdf_path)), re.M)[1])


def pdf_text(pdf_path: Path, layout: bool = False) -> str:
    return _poppler("pdftotext", *(["-layout"] if layout else []), str(pdf_path), "-")


def render_pages(pdf_path: Path, prefix: Path, dpi: int = 80) -> list[Path]:
    """Each page of the PDF as prefix-<n>.png."""
    _poppler("pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(prefix))
    # pdftoppm numbers pages with as many digits as the last page has; rename to -1, -2...
    written = sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
    pages = []
    for path in written:
        number = int(path.stem.rsplit("-", 1)[1])
        target = prefix.parent / f"{prefix.name}-{number}.png"
        path.rename(target)
        pages.append(target)
    return pages
