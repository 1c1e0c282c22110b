"""The squat and the run side by side, one card a leg: on /progress (this device's latest run)
and on a report page (the pair that holds that report)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from valgus_pwa.analysis.squat_vs_run import DatedReport, SquatRunPair, find_pair, squat_vs_run
from valgus_pwa.content.education import Voice
from valgus_pwa.content.squat_vs_run_texts import (
    VERDICT_LABELS,
    running_lines,
    squat_line,
    verdict_sentence,
)
from valgus_pwa.schemas import AssessmentOut


@dataclasses.dataclass
class SquatVsRunView:
    """One leg's squat and run side by side, and what the two say together."""

    title: str
    verdict: str  # analysis.squat_vs_run.SquatVsRunVerdict
    verdict_label: str
    lines: list[str]  # the squat's knee angle, then the running measures
    message: str


def recorded_time(assessment: AssessmentOut) -> str:
    """When the test was done (ISO): the phone's capture time if it sent one, else its arrival."""
    return assessment.recorded_at or assessment.created_at


def squat_run_pair(found: list[AssessmentOut], anchor_id: str | None = None) -> SquatRunPair | None:
    """The latest run and the squat closest to it within the pairing window; with anchor_id,
    the pair that holds that assessment."""
    return find_pair(
        [DatedReport(a.id, dt.datetime.fromisoformat(recorded_time(a)), a.report) for a in found],
        anchor_id,
    )


def squat_vs_run_views(pair: SquatRunPair, voice: Voice = "runner") -> list[SquatVsRunView]:
    return [
        SquatVsRunView(
            title=f"{leg.side.capitalize()} leg · squat vs. run",
            verdict=leg.verdict,
            verdict_label=VERDICT_LABELS[leg.verdict],
            lines=[squat_line(leg), *running_lines(leg)],
            message=verdict_sentence(leg, voice),
        )
        for leg in squat_vs_run(pair.squat.report, pair.running.report)
    ]


def _apart(pair: SquatRunPair) -> str:
    days = round(pair.days_apart)
    return "on the same day" if days == 0 else f"{days} day{'s' if days != 1 else ''} apart"


def pair_note(pair: SquatRunPair) -> str:
    """Which two tests the progress page's cards set side by side."""
    if pair.squat.id == pair.running.id:
        return "Your squat and your run from one session, side by side."
    return f"Your latest run and the squat closest to it in time ({_apart(pair)}), side by side."


def report_pair_note(pair: SquatRunPair, report_id: str) -> str:
    """Which two tests a report page's cards set side by side, from that report's side."""
    if pair.squat.id == pair.running.id:
        return "The squat and the run of this test, side by side."
    if pair.running.id == report_id:
        return f"This run and the squat closest to it on this phone ({_apart(pair)}), side by side."
    return f"This squat and the run closest to it on this phone ({_apart(pair)}), side by side."
