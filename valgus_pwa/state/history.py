"""State of /history and /progress: this device's assessments, and how a side changed over time.

Queries run in a worker thread, so the event loop that also serves the API never waits on them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import reflex as rx

from valgus_pwa.analysis.followup import RunningChange
from valgus_pwa.analysis.report import side_means
from valgus_pwa.api import service
from valgus_pwa.api.service import StoreUnavailable
from valgus_pwa.content.change_texts import (
    EARLIER_IS_LATER,
    before_after_text,
    running_before_after_text,
    running_change_message,
    running_change_title,
)
from valgus_pwa.content.education import render
from valgus_pwa.content.result_texts import CATEGORY_LABELS
from valgus_pwa.schemas import AssessmentComparison, AssessmentOut, Side
from valgus_pwa.state.device import DeviceState, load_each
from valgus_pwa.state.line_chart import Axis, Series, line_chart_html
from valgus_pwa.state.squat_vs_run import (
    SquatVsRunView,
    pair_note,
    recorded_time,
    squat_run_pair,
    squat_vs_run_views,
)
from valgus_pwa.state.trial_view import LEG_COLOURS, UntrustedTest, untrusted_tests
from valgus_pwa.state.views import TEST_NAMES, SectionView, section_view

VERDICT_LABELS = {
    "within_noise": "Within measurement noise",
    "real_change": "A real change",
    "not_comparable": "Cannot be compared",
}
SIDES: tuple[Side, ...] = ("left", "right")


@dataclasses.dataclass
class HistoryRow:
    id: str
    recorded_at: str  # ISO; the page writes it in the reader's local time
    lines: list[str]
    available: bool


@dataclasses.dataclass
class SideChangeView:
    title: str
    verdict: str
    verdict_label: str
    before_after: str  # the two mean FPPAs compared
    message: str


def trial_line(assessment: AssessmentOut) -> list[str]:
    """One plain line per trial: leg, test, angle and category, or why there is no result."""
    lines = []
    for trial in assessment.report.trials:
        # A run holds both legs: its side is only echoed, so it is not named.
        running = trial.running
        name = (
            TEST_NAMES[trial.test].capitalize()
            if running is not None
            else f"{trial.side.capitalize()} {TEST_NAMES[trial.test]}"
        )
        summary = trial.summary
        if not summary.trusted:
            lines.append(f"{name}: no reliable result")
            continue
        if running is not None:
            steps = ", ".join(f"{leg.side} {leg.n_steps}" for leg in running.sides)
            lines.append(f"{name}: steps measured {steps}")
            continue
        category = CATEGORY_LABELS.get(summary.category or "")
        lines.append(
            f"{name}: {summary.fppa_deg:.1f}°" + (f" ({category.lower()})" if category else "")
        )
    return lines


def trend_points(assessments: list[AssessmentOut]) -> list[dict[str, float | str | None]]:
    """Mean squat FPPA per side for each assessment, by weeks since the first one; oldest first."""
    if not assessments:
        return []
    start = dt.datetime.fromisoformat(recorded_time(assessments[0]))
    points = []
    for assessment in assessments:
        moment = dt.datetime.fromisoformat(recorded_time(assessment))
        point: dict[str, float | str | None] = {
            "week": round((moment - start).total_seconds() / (7 * 86400), 2),
            "date": moment.strftime("%-d %b"),
        }
        for side in SIDES:
            mean = side_means(assessment.report.trials, "single_leg_squat", side).get("fppa_deg")
            point[side] = None if mean is None else round(mean, 2)
        points.append(point)
    return points


def trend_chart(points: list[dict[str, float | str | None]]) -> str:
    """Each knee's mean against weeks since the first test, a dot a test, joined across gaps."""
    series = [
        Series(
            f"{side.capitalize()} knee",
            LEG_COLOURS[side],
            [(float(point["week"] or 0.0), _degrees_or_none(point[side])) for point in points],
            "line_and_dots",
        )
        for side in SIDES
    ]
    return line_chart_html(
        series,
        label="Mean single-leg-squat knee angle in degrees per test, left and right knee,"
        " by weeks since the first test",
        x_axis=Axis(unit=" wk", low=0),
    )


def _degrees_or_none(value: float | str | None) -> float | None:
    return None if value is None else float(value)


def change_views(comparison: AssessmentComparison) -> list[SideChangeView]:
    return [
        SideChangeView(
            title=f"{change.side.capitalize()} knee · {TEST_NAMES[change.test]}",
            verdict=change.verdict,
            verdict_label=VERDICT_LABELS[change.verdict],
            before_after=before_after_text(change),
            message=change.message,
        )
        for change in comparison.sides
    ]


def running_change_views(changes: list[RunningChange]) -> list[SideChangeView]:
    return [
        SideChangeView(
            title=running_change_title(change),
            verdict=change.verdict,
            verdict_label=VERDICT_LABELS[change.verdict],
            before_after=running_before_after_text(change),
            message=running_change_message(change),
        )
        for change in changes
    ]


class HistoryState(DeviceState):
    """The device's own assessments, loaded in-process, and a comparison of two of them."""

    status: rx.Field[str] = rx.field("loading")
    rows: rx.Field[list[HistoryRow]] = rx.field(default_factory=list)
    comparable: rx.Field[bool] = rx.field(False)  # at least two of the tests still exist
    # [id, ISO time recorded] of the assessments that still exist, oldest first.
    options: rx.Field[list[list[str]]] = rx.field(default_factory=list)
    current_id: rx.Field[str] = rx.field("")
    earlier_id: rx.Field[str] = rx.field("")
    changes: rx.Field[list[SideChangeView]] = rx.field(default_factory=list)
    # Why the comparison may mislead (recorded differently), or why there is none.
    compare_notes: rx.Field[list[str]] = rx.field(default_factory=list)
    trend_chart: rx.Field[str] = rx.field("")  # drawn on the server (line_chart)
    # Tests whose trials failed their quality check: not in the trend, not compared.
    untrusted: rx.Field[list[UntrustedTest]] = rx.field(default_factory=list)
    explanation: rx.Field[list[SectionView]] = rx.field(default_factory=list)
    # Each running measure's change between the two tests picked, judged by its own SDD.
    running_changes: rx.Field[list[SideChangeView]] = rx.field(default_factory=list)
    # The latest run beside the closest squat within the pairing window, one card a leg.
    squat_vs_run: rx.Field[list[SquatVsRunView]] = rx.field(default_factory=list)
    squat_vs_run_note: rx.Field[str] = rx.field("")

    async def _load_all(self) -> list[AssessmentOut] | None:
        """The stored assessments this device knows about, oldest first; None if the store is down."""
        ids = [entry["id"] for entry in self._entries()]
        try:
            loaded = await asyncio.to_thread(load_each, ids)
        except StoreUnavailable:
            self.status = "unavailable"
            return None
        found = [assessment for _, assessment in loaded if assessment is not None]
        self.rows = [
            HistoryRow(assessment.id, recorded_time(assessment), trial_line(assessment), True)
            if assessment is not None
            else HistoryRow(assessment_id, "", ["Deleted or expired"], False)
            for assessment_id, assessment in loaded
        ]
        self.status = "found" if self.rows else "empty"
        self.comparable = len(found) >= 2
        return sorted(
            found, key=lambda assessment: dt.datetime.fromisoformat(recorded_time(assessment))
        )

    @rx.event
    async def load_history(self) -> None:
        await self._load_all()

    @rx.event
    async def load_progress(self) -> None:
        found = await self._load_all()
        if found is None:
            return
        self.options = [[assessment.id, recorded_time(assessment)] for assessment in found]
        self.trend_chart = trend_chart(trend_points(found))
        self.untrusted = untrusted_tests(found)
        self.explanation = [section_view(render("progress", "runner"))]
        pair = squat_run_pair(found)
        self.squat_vs_run = [] if pair is None else squat_vs_run_views(pair)
        self.squat_vs_run_note = "" if pair is None else pair_note(pair)
        self.current_id = found[-1].id if found else ""
        self.earlier_id = found[0].id if len(found) >= 2 else ""
        await self._compare()

    @rx.event
    async def choose_earlier(self, assessment_id: str) -> None:
        self.earlier_id = assessment_id
        await self._compare()

    @rx.event
    async def choose_current(self, assessment_id: str) -> None:
        self.current_id = assessment_id
        await self._compare()

    async def _compare(self) -> None:
        self.changes, self.running_changes, self.compare_notes = [], [], []
        if not self.current_id or not self.earlier_id or self.current_id == self.earlier_id:
            return
        try:
            comparison = await asyncio.to_thread(
                service.compare_assessments, self.current_id, self.earlier_id
            )
            running = await asyncio.to_thread(
                service.compare_running_assessments, self.current_id, self.earlier_id
            )
        except StoreUnavailable:
            self.status = "unavailable"
            return
        except service.EarlierIsLater:
            self.compare_notes = [EARLIER_IS_LATER]
            return
        notes = []
        if comparison is not None:
            self.changes = change_views(comparison)
            notes = [warning.message for warning in comparison.warnings]
        if running is not None:
            running_changes, running_notes = running
            self.running_changes = running_change_views(running_changes)
            notes += running_notes
        # The squat's and the run's trials may differ from the earlier test's in the same way.
        self.compare_notes = list(dict.fromkeys(notes))

    @rx.event
    def forget(self, assessment_id: str) -> None:
        """Drop a deleted or expired assessment from this device's list."""
        self._forget(assessment_id)
        self.rows = [row for row in self.rows if row.id != assessment_id]
        if not self.rows:
            self.status = "empty"
