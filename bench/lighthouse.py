"""Lighthouse scores (mobile emulation) for every page: home, the capture wizard, a report's runner
and clinical views, history and progress (these two as a new device sees them: no tests yet).

Installs the pinned Lighthouse from bench/lighthouse/ into .cache/lighthouse on first use, runs it
with Debian's chromium against the app started as the README does, and prints performance,
accessibility and best-practices scores with the audits that cost points. Asserts nothing.

Each page is audited RUNS times and the median reported with the range: the simulated first paint
counts every script that finished downloading before the page first painted on this machine, which
varies from run to run.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e import media  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.synthetic import assessment, squat_trial  # noqa: E402

PINNED = ROOT / "bench" / "lighthouse"
INSTALL = ROOT / ".cache" / "lighthouse"
PAGES = {"home": "/", "wizard": "/capture/", "history": "/history", "progress": "/progress"}
CATEGORIES = ("performance", "accessibility", "best-practices")
RUNS = 5  # per page; `--runs N` to change
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def lighthouse_cli() -> Path:
    """The pinned Lighthouse, installed from its lock file when missing or changed."""
    cli = INSTALL / "node_modules" / "lighthouse" / "cli" / "index.js"
    lock = PINNED / "package-lock.json"
    installed_lock = INSTALL / "package-lock.json"
    if (
        not cli.exists()
        or not installed_lock.exists()
        or installed_lock.read_bytes() != lock.read_bytes()
    ):
        INSTALL.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(PINNED / name, INSTALL / name)
        # Not `npm ci`: one of Lighthouse's dependencies asks for "latest" of a package, which
        # `npm ci` rejects once a newer one is published; Lighthouse itself is pinned.
        subprocess.run(
            ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=INSTALL,
            check=True,
        )
    return cli


def audit(cli: Path, url: str, out: Path, attempts: int = 3) -> dict:
    """One Lighthouse report; a run whose trace recording failed (it happens) is run again."""
    for attempt in range(1, attempts + 1):
        done = subprocess.run(
            [
                "node",
                str(cli),
                url,
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": media.chromium_executable()},
        )
        if done.returncode == 0:
            return json.loads(out.read_text())
        print(f"Lighthouse failed on {url} (attempt {attempt} of {attempts})", file=sys.stderr)
    raise RuntimeError(f"Lighthouse failed {attempts} times on {url}")


def lost_points(report: dict, category: str) -> list[str]:
    """Audits in a category that did not pass, with their titles, for reading the score."""
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
            value = f" ({result['displayValue']})" if result.get("displayValue") else ""
            lost.append(f"{result['score']:.2f} {result['title']}{value}")
    return lost


def score(report: dict, category: str) -> int:
    return round(100 * report["categories"][category]["score"])


def report_pages(app_url: str) -> dict[str, str]:
    """The runner's and the clinical view of a two-leg squat test, posted as a phone would."""
    created = httpx.post(
        f"{app_url}/api/v1/assessments",
        json=assessment(squat_trial("left", valgus_px=20), squat_trial("right")),
        timeout=60,
    )
    created.raise_for_status()
    path = created.json()["report_url"]
    return {"report": path, "clinician": f"{path}/clinician"}


def main() -> None:
    runs_per_page = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else RUNS
    cli = lighthouse_cli()
    with tempfile.TemporaryDirectory() as folder:
        with running_app(f"sqlite:///{folder}/bench.db", Path(folder) / "app.log") as app_url:
            pages = {**PAGES, **report_pages(app_url)}
            runs = {
                name: [
                    audit(cli, f"{app_url}{path}", Path(folder) / f"{name}-{run}.json")
                    for run in range(runs_per_page)
                ]
                for name, path in pages.items()
            }
    version = runs["home"][0]["lighthouseVersion"]
    print(
        f"Lighthouse {version}, mobile emulation, Debian chromium headless;"
        f" median (min-max) of {runs_per_page} runs"
    )
    print(f"{'page':10} " + " ".join(f"{category:>15}" for category in CATEGORIES))
    for name, reports in runs.items():
        cells = []
        for category in CATEGORIES:
            scores = [score(report, category) for report in reports]
            cells.append(f"{statistics.median(scores):g} ({min(scores)}-{max(scores)})")
        print(f"{name:10} " + " ".join(f"{cell:>15}" for cell in cells))
    for name, reports in runs.items():
        median_run = sorted(reports, key=lambda report: score(report, "performance"))[
            len(reports) // 2
        ]
        for category in CATEGORIES:
            for line in lost_points(median_run, category):
                print(f"  {name} / {category}: {line}")


if __name__ == "__main__":
    main()
