"""Lighthouse scores (mobile emulation) for the home page and the capture wizard.

Installs the pinned Lighthouse from bench/lighthouse/ into .cache/lighthouse on first use, runs it
with Debian's chromium against the app started as the README does, and prints performance,
accessibility and best-practices scores with the audits that cost points. Asserts nothing; the
machine is shared, so performance scores are noisy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e import media  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402

PINNED = ROOT / "bench" / "lighthouse"
INSTALL = ROOT / ".cache" / "lighthouse"
PAGES = {"home": "/", "wizard": "/capture/"}
CATEGORIES = ("performance", "accessibility", "best-practices")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def lighthouse_cli() -> Path:
    """The pinned Lighthouse, installed from its lock file when missing or changed."""
    cli = INSTALL / "node_modules" / "lighthouse" / "cli" / "index.js"
    lock = PINNED / "package-lock.json"
    installed_lock = INSTALL / "package-lock.json"
    if not cli.exists() or not installed_lock.exists() or installed_lock.read_bytes() != lock.read_bytes():
        INSTALL.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(PINNED / name, INSTALL / name)
        # Not `npm ci`: one of Lighthouse's dependencies asks for "latest" of a package, which
        # `npm ci` rejects once a newer one is published; Lighthouse itself is pinned.
        subprocess.run(["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=INSTALL, check=True)
    return cli


def audit(cli: Path, url: str, out: Path) -> dict:
    subprocess.run(
        [
            "node", str(cli), url, "--output=json", f"--output-path={out}", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": media.chromium_executable()},
    )
    return json.loads(out.read_text())


def lost_points(report: dict, category: str) -> list[str]:
    """Audits in a category that did not pass, with their titles, for reading the score."""
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
            value = f" ({result['displayValue']})" if result.get("displayValue") else ""
            lost.append(f"{result['score']:.2f} {result['title']}{value}")
    return lost


def main() -> None:
    cli = lighthouse_cli()
    with tempfile.TemporaryDirectory() as folder:
        with running_app(f"sqlite:///{folder}/bench.db", Path(folder) / "app.log") as app_url:
            reports = {name: audit(cli, f"{app_url}{path}", Path(folder) / f"{name}.json") for name, path in PAGES.items()}
    version = next(iter(reports.values()))["lighthouseVersion"]
    print(f"Lighthouse {version}, mobile emulation, Debian chromium headless")
    print(f"{'page':8} " + " ".join(f"{category:>15}" for category in CATEGORIES))
    for name, report in reports.items():
        scores = [report["categories"][category]["score"] for category in CATEGORIES]
        print(f"{name:8} " + " ".join(f"{round(100 * score):>15}" for score in scores))
    for name, report in reports.items():
        for category in CATEGORIES:
            for line in lost_points(report, category):
                print(f"  {name} / {category}: {line}")


if __name__ == "__main__":
    main()
