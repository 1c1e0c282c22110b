"""State of /history and /progress: this device's assessments, and how a side changed over time."""

from __future__ import annotations

import dataclasses
import datetime as dt

import reflex as rx

from valgus_pwa.api import service
from valgus_pwa.content.education import render
from valgus_pwa.content.result_texts import CATEGORY_LABELS
from valgus_pwa.schemas import AssessmentComparison, AssessmentOut
from valgus_pwa.state.device import DeviceState
from valgus_pwa.state.result import TEST_NAMES, SectionView, readable_time, section_view
from valgus_pwa.store import StoreUnavailable

VERDICT_LABELS = {
    "within_noise": "Within measurement noise",
    "real_change": "A real change",
    "not_comparable": "Cannot be compared",
}
SIDES = ("left", "right")


@dataclasses.dataclass
class HistoryRow:
    id: str
    recorded: str
    lines: list[str]
    available: bool


@dataclasses.dataclass
class SideChangeView:
    title: str
    verdict: str
    verdict_label: str
    message: str


def trial_line(assessment: AssessmentOut) -> list[str]:
    """One plain line per trial: leg, test, angle and category, or why there is no result."""
    lines = []
    for trial in assessment.report.trials:
        name = f"{trial.side.capitalize()} {TEST_NAMES[trial.test]}"
        summary = trial.summary
        if not trial.quality.ok or summary.fppa_deg is None:
            lines.append(f"{name}: no reliable result")
        else:
            lines.append(
                f"{name}: {summary.fppa_deg:.1f}° ({CATEGORY_LABELS[summary.category].lower()})"
            )
    return lines


def trend_points(assessments: list[AssessmentOut]) -> list[dict[str, float | str | None]]:
    """Mean squat FPPA per side for each assessment, by weeks since the first one; oldest first."""
    if not assessments:
        return []
    start = dt.datetime.fromisoformat(assessments[0].created_at)
    points = []
    for assessment in assessments:
        moment = dt.datetime.fromisoformat(assessment.created_at)
        point: dict[str, float | str | None] = {
            "week": round((moment - start).total_seconds() / (7 * 86400), 2),
            "date": moment.strftime("%-d %b"),
        }
        for side in SIDES:
            values = [
                trial.summary.fppa_deg for trial in assessment.report.trials
                if trial.side == side and trial.test == "single_leg_squat" and trial.quality.ok
                and trial.summary.fppa_deg is not None
            ]  # fmt: skip
            point[side] = round(sum(values) / len(values), 2) if values else None
        points.append(point)
    return points


def change_views(comparison: AssessmentComparison) -> list[SideChangeView]:
    return [
        SideChangeView(
            title=f"{change.side.capitalize()} knee · {TEST_NAMES[change.test]}",
            verdict=change.verdict,
            verdict_label=VERDICT_LABELS[change.verdict],
            message=change.message,
        )
        for change in comparison.sides
    ]


class HistoryState(DeviceState):
    """The device's own assessments, loaded in-process, and a comparison of two of them."""

    status: str = "loading"
    rows: list[HistoryRow] = []
    comparable: bool = False  # at least two of the tests still exist
    options: list[list[str]] = []  # [id, label] of the assessments that still exist, oldest first
    current_id: str = ""
    earlier_id: str = ""
    changes: list[SideChangeView] = []
    trend: list[dict[str, float | str | None]] = []
    explanation: list[SectionView] = []

    def _load_all(self) -> list[AssessmentOut] | None:
        """The stored assessments this device knows about, oldest first; None if the store is down."""
        found, rows = [], []
        try:
            for entry in self._entries():
                assessment = service.load_assessment(entry["id"])
                if assessment is not None:
                    found.append(assessment)
                    rows.append(
                        HistoryRow(
                            assessment.id,
                            readable_time(assessment.created_at),
                            trial_line(assessment),
                            True,
                        )
                    )
                else:
                    rows.append(HistoryRow(entry["id"], "", ["Deleted or expired"], False))
        except StoreUnavailable:
            self.status = "unavailable"
            return None
        self.rows = rows
        self.status = "found" if rows else "empty"
        self.comparable = len(found) >= 2
        return sorted(found, key=lambda assessment: assessment.created_at)

    @rx.event
    def load_history(self):
        self._load_all()

    @rx.event
    def load_progress(self):
        found = self._load_all()
        if found is None:
            return
        self.options = [
            [assessment.id, readable_time(assessment.created_at)] for assessment in found
        ]
        self.trend = trend_points(found)
        self.explanation = [section_view(render("progress", "runner"))]
        self.current_id = found[-1].id if found else ""
        self.earlier_id = found[0].id if len(found) >= 2 else ""
        self._compare()

    @rx.event
    def choose_earlier(self, assessment_id: str):
        self.earlier_id = assessment_id
        self._compare()

    @rx.event
    def choose_current(self, assessment_id: str):
        self.current_id = assessment_id
        self._compare()

    def _compare(self) -> None:
        self.changes = []
        if not self.current_id or not self.earlier_id or self.current_id == self.earlier_id:
            return
        try:
            comparison = service.compare_assessments(self.current_id, self.earlier_id)
        except StoreUnavailable:
            self.status = "unavailable"
            return
        if comparison is not None:
            self.changes = change_views(comparison)

    @rx.event
    def forget(self, assessment_id: str):
        """Drop a deleted or expired assessment from this device's list."""
        self._forget(assessment_id)
        self.rows = [row for row in self.rows if row.id != assessment_id]
        if not self.rows:
            self.status = "empty"
