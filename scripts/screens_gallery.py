"""Screenshots of the gallery path's unhappy screens at 390x844, as the runner sees them (the
viewport, not the whole page): the analysis with its time left and Cancel, the landscape-video
message and the empty-file message, written as docs/screenshots/gallery-<what>.png.

Run alone (`python scripts/screens_gallery.py`), it starts the app as the README does. The clips
come from the frontal fixture clip, made with ffmpeg by `make_clips` (the browser tests use them
too).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from scripts.screens_runner import run_alone  # noqa: E402
from tests.e2e import media  # noqa: E402

PHONE = {"width": 390, "height": 844}
FRONTAL = "one_leg_balance_frontal.mp4"  # 1080x1920 pixels, 1.7 s
LANDSCAPE = "jump_landing_side_view.mp4"  # 1768x994 pixels, filmed with the phone on its side
MODEL_TIMEOUT_MS = 120_000  # loading the pose model on a shared 2-core machine
# The estimate of the time left, once the rate has been measured.
TIME_LEFT = re.compile(r"^(About \d+ (seconds|minutes?) left|A few seconds left)$")


def _ffmpeg(out: Path, *args: str) -> Path:
    ffmpeg = shutil.which("ffmpeg")
    if not ffmpeg:
        raise RuntimeError("ffmpeg not found (Debian package `ffmpeg`)")
    subprocess.run([ffmpeg, "-v", "error", "-y", *args, str(out)], check=True)
    return out


def make_clips(folder: Path) -> dict[str, Path]:
    """Real and made-up files in `folder`, by what they are.

    - ten_seconds: the frontal clip looped to 10 s, long enough for a time estimate;
    - sideways: its portrait pixels tagged as turned a quarter, so the browser shows them landscape;
    - upright_by_tag: landscape pixels (the person on their side) tagged as turned upright;
    - landscape: a real clip filmed landscape; empty: 0 bytes; text: a text file named .mp4.
    """
    frontal = str(media.fixture_video(FRONTAL))
    turned = _ffmpeg(
        folder / "turned.mp4",
        *("-i", frontal, "-vf", "transpose=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-an"),
    )
    tag_as_turned = ("-c", "copy", "-metadata:s:v:0", "rotate=90")
    empty = folder / "empty.mp4"
    empty.write_bytes(b"")
    text = folder / "notes.mp4"
    text.write_text("Knee check: squat five times on each leg, then send.\n")
    return {
        "ten_seconds": _ffmpeg(
            folder / "ten_seconds.mp4", "-stream_loop", "5", "-i", frontal, "-c", "copy"
        ),
        "sideways": _ffmpeg(folder / "sideways.mp4", "-i", frontal, *tag_as_turned),
        "upright_by_tag": _ffmpeg(folder / "upright_by_tag.mp4", "-i", str(turned), *tag_as_turned),
        "landscape": media.fixture_video(LANDSCAPE),
        "empty": empty,
        "text": text,
    }


def open_gallery(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/capture")
    page.get_by_test_id("wizard-gallery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse a video from your gallery")


def capture(browser: Browser, base_url: str, out_dir: Path) -> list[Path]:
    """gallery-analysing.png, gallery-landscape.png, gallery-empty-file.png at 390x844."""
    shots: list[Path] = []
    page = browser.new_page(viewport=PHONE, device_scale_factor=1)

    def shot(what: str) -> None:
        shots.append(out_dir / f"gallery-{what}.png")
        page.screenshot(path=shots[-1])

    with tempfile.TemporaryDirectory() as folder:
        clips = make_clips(Path(folder))
        open_gallery(page, base_url)
        page.get_by_test_id("gallery-file").set_input_files(str(clips["ten_seconds"]))
        expect(page.get_by_test_id("gallery-time-left")).to_have_text(
            TIME_LEFT, timeout=MODEL_TIMEOUT_MS
        )
        shot("analysing")
        page.get_by_test_id("gallery-cancel").click()
        page.get_by_test_id("gallery-file").set_input_files(str(clips["landscape"]))
        expect(page.get_by_test_id("gallery-error")).to_be_visible(timeout=MODEL_TIMEOUT_MS)
        shot("landscape")
        page.get_by_test_id("gallery-file").set_input_files(str(clips["empty"]))
        expect(page.get_by_test_id("gallery-error")).to_have_attribute("data-problem", "empty")
        shot("empty-file")
    page.close()
    return shots


if __name__ == "__main__":
    run_alone(capture)
