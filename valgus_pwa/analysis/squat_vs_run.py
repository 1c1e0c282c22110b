"""Squat against run: does a knee that caves in the single-leg squat also move so when running?

Per leg, the squat's mean FPPA and its category (analysis/norms.py) beside the running test's
hip adduction, pelvic drop and knee FPPA at midstance, each placed against the healthy runners'
range where one was found (analysis/running_norms.py), and a verdict code. Single-leg-squat FPPA
did not match running FPPA in runners with patellofemoral pain (Rees et al. 2019): the squat is
not a stand-in for the run, so the two are shown side by side, never one inferred from the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from valgus_pwa.analysis.followup import running_side_means
from valgus_pwa.analysis.norms import Norm, categorize
from valgus_pwa.analysis.report import side_means
from valgus_pwa.analysis.running import SIDES
from valgus_pwa.analysis.running_norms import (
    RUNNING_REFERENCES,
    RunningCategory,
    running_category,
)
from valgus_pwa.schemas import Category, Report, Side

SquatVsRunVerdict = Literal[
    "carries_into_running",  # squat above its range, and a running measure above its range
    "squat_only",  # squat above its range, running within (or below) its ranges
    "running_only",  # squat within (or below) its range, a running measure above its range
    "neither",  # both within (or below) their ranges
    "not_comparable",  # no trusted squat or no trusted running result for this leg
]
# The running measures set beside the squat's knee angle, hip first: 2D running video follows
# pelvic drop and hip adduction best, while its knee FPPA did not follow 3D knee abduction.
COMPARED_MEASURES = ("hip_adduction_deg", "pelvic_drop_deg", "fppa_deg")
# Two tests on this device at most this far apart are paired. Our choice, not a published
# figure: a squat and a run within a month are taken to describe the same movement; over longer,
# training or pain may have changed it (the exercise programme of Palmer et al. 2015 ran 5 weeks).
PAIR_WINDOW_DAYS = 30
# The two tests paired: the squat's knee angle set beside the run's.
PAIRED_TESTS = ("single_leg_squat", "running")
_SQUAT_ABOVE: frozenset[Category] = frozenset({"above", "well_above"})


@dataclass(frozen=True)
class LegSquatVsRun:
    side: Side
    squat_fppa_deg: float | None
    squat_category: Category | None
    running_deg: dict[str, float]  # COMPARED_MEASURES that were measured, leg mean
    # The measures with a healthy runners' range (RUNNING_REFERENCES): knee FPPA has none.
    running_categories: dict[str, RunningCategory]
    verdict: SquatVsRunVerdict


@dataclass(frozen=True)
class DatedReport:
    """An assessment's report and when its test was done."""

    id: str
    recorded_at: dt.datetime
    report: Report


@dataclass(frozen=True)
class SquatRunPair:
    squat: DatedReport
    running: DatedReport
    days_apart: float


def _squat(report: Report, side: Side) -> tuple[float | None, Category | None]:
    """A leg's mean squat FPPA over its trusted trials and its category against their range."""
    fppa = side_means(report.trials, "single_leg_squat", side).get("fppa_deg")
    summaries = [
        t.summary
        for t in report.trials
        if t.test == "single_leg_squat" and t.side == side and t.summary.trusted
    ]
    first = summaries[0] if summaries else None
    if fppa is None or first is None or first.reference is None or first.well_above_deg is None:
        return fppa, None
    norm = Norm(first.reference, first.well_above_deg, first.reference_note_code or "")
    return fppa, categorize(fppa, norm)


def _verdict(squat: Category | None, running: dict[str, RunningCategory]) -> SquatVsRunVerdict:
    if squat is None or not running:
        return "not_comparable"
    squat_high = squat in _SQUAT_ABOVE
    running_high = "above" in running.values()
    if squat_high:
        return "carries_into_running" if running_high else "squat_only"
    return "running_only" if running_high else "neither"


def squat_vs_run(squat_report: Report, running_report: Report) -> list[LegSquatVsRun]:
    """Each leg's squat and running numbers side by side, with their verdict (one report may be
    both, when the two tests were in one assessment). Only trusted trials count."""
    legs = []
    for side in SIDES:
        fppa, category = _squat(squat_report, side)
        means = running_side_means(running_report.trials, side)
        running_deg = {name: means[name] for name in COMPARED_MEASURES if name in means}
        categories = {
            name: running_category(name, value)
            for name, value in running_deg.items()
            if name in RUNNING_REFERENCES
        }
        legs.append(
            LegSquatVsRun(
                side=side,
                squat_fppa_deg=None if fppa is None else round(fppa, 2),
                squat_category=category,
                running_deg={name: round(value, 2) for name, value in running_deg.items()},
                running_categories=categories,
                verdict=_verdict(category, categories),
            )
        )
    return legs


def _has(report: Report, test: str) -> bool:
    return any(trial.test == test for trial in report.trials)


def _closest(anchor: DatedReport, others: list[DatedReport]) -> tuple[DatedReport, float] | None:
    """The test closest in time to anchor (anchor itself when it holds both tests; of two
    equally close, the later), and how many days apart; None when none is within
    PAIR_WINDOW_DAYS."""
    if not others:
        return None

    def apart(other: DatedReport) -> float:
        return abs((anchor.recorded_at - other.recorded_at).total_seconds()) / 86400

    closest = min(others, key=lambda a: (apart(a), a.id != anchor.id, -a.recorded_at.timestamp()))
    days = apart(closest)
    return None if days > PAIR_WINDOW_DAYS else (closest, round(days, 1))


def find_pair(assessments: list[DatedReport], anchor_id: str | None = None) -> SquatRunPair | None:
    """The latest running test and the squat test closest to it in time, within
    PAIR_WINDOW_DAYS (the same assessment when it holds both); None when there is no such pair.

    With anchor_id, a pair that holds that assessment: its run with the closest squat, or, when
    it holds a squat and no run, its squat with the closest run (a report page's own pair).
    Trials are paired whether trusted or not, so that an untrusted one reads as not comparable
    rather than being silently passed over for an older one."""
    runs = [a for a in assessments if _has(a.report, "running")]
    squats = [a for a in assessments if _has(a.report, "single_leg_squat")]
    anchor = next((a for a in assessments if a.id == anchor_id), None)
    if anchor_id is not None and anchor is None:
        return None
    if anchor is not None and not _has(anchor.report, "running"):
        if not _has(anchor.report, "single_leg_squat"):
            return None
        found = _closest(anchor, runs)
        return None if found is None else SquatRunPair(anchor, found[0], found[1])
    if not runs:
        return None
    running = anchor or max(runs, key=lambda a: a.recorded_at)
    found = _closest(running, squats)
    return None if found is None else SquatRunPair(found[0], running, found[1])
