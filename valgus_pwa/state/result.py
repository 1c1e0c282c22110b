"""State of the report pages: loads one assessment in-process and shapes it for the page open.

Loading and shaping (queries, markdown, the QR code) run in a worker thread, so the event loop
that also serves the API never waits on them. Both pages share this state, but each load fills
only what the page it runs for shows: the state delta that carries the report to the browser,
and the state kept for each reader, hold one view, not both (a shared link is opened by many).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import threading
from typing import Literal

import reflex as rx
import segno
from reflex.event import EventSpec

from valgus_pwa.analysis.squat_vs_run import PAIRED_TESTS
from valgus_pwa.api import service
from valgus_pwa.api.service import DeleteOutcome, StoreUnavailable
from valgus_pwa.content.education import Section, bibliography, render
from valgus_pwa.content.references import Source
from valgus_pwa.content.running_texts import report_education, typical_range_sources
from valgus_pwa.schemas import AssessmentOut
from valgus_pwa.state.device import DeviceState, load_each
from valgus_pwa.state.squat_vs_run import (
    SquatVsRunView,
    recorded_time,
    report_pair_note,
    squat_run_pair,
    squat_vs_run_views,
)
from valgus_pwa.state.trial_view import (
    MAX_CHART_POINTS,
    RunView,
    TrialView,
    asymmetry_text,
    run_view,
    trial_view,
)
from valgus_pwa.state.views import (
    TEST_NAMES,
    SectionView,
    SourceView,
    section_view,
    source_view,
)

ReportView = Literal["runner", "clinician"]
# The runner's chart is a phone-wide trace: a point every ~1.5 px of it looks the same as one
# per frame. The clinical view keeps every frame (up to trial_view's cap) for inspection.
RUNNER_CHART_POINTS = 240
# What only the clinical view shows of a trial, left empty on the runner's page.
_CLINICIAN_ONLY: dict[str, object] = {
    "trust_notice": "",
    "reference_citation": "",
    "reference_note": "",
    "rep_columns": [],
    "rep_rows": [],
    "rep_caption": "",
    "quality_rows": [],
    "summary_rows": [],
    "glance": [],
}


# What only the clinical view shows of a running trial.
_RUN_CLINICIAN_ONLY: dict[str, object] = {
    "trust_notice": "",
    "step_columns": [],
    "step_rows": [],
    "step_caption": "",
    "leg_columns": [],
    "leg_rows": [],
    "running_rows": [],
    "quality_rows": [],
}


def runner_trial(trial: TrialView) -> TrialView:
    """The trial as the runner's page shows it: no clinical tables."""
    return dataclasses.replace(trial, **_CLINICIAN_ONLY)  # type: ignore[arg-type]


def runner_run(run: RunView) -> RunView:
    """The running trial as the runner's page shows it: no clinical tables."""
    return dataclasses.replace(run, **_RUN_CLINICIAN_ONLY)  # type: ignore[arg-type]


def qr_svg_data_uri(url: str) -> str:
    """A QR code of the share link as an SVG data URI."""
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2, dark="#10201d")


def subject_text(found: AssessmentOut) -> str:
    subject = found.subject
    if subject is None:
        return "not given"
    age = f", {subject.age_years} years" if subject.age_years else ""
    return f"{subject.sex}{age}"


@dataclasses.dataclass(frozen=True)
class ReportPage:
    """Everything both report pages show of one found assessment; times as ISO, for LocalTime."""

    created_at: str
    expires_at: str
    tests: str  # the tests recorded, by name: "Single-leg squat"
    analysis_version: str
    subject: str
    trials: list[TrialView]  # squat and landing trials: one leg each
    runs: list[RunView]  # running trials: both legs each
    asymmetry: str
    runner_sections: list[SectionView]
    clinician_sections: list[SectionView]
    references: list[SourceView]
    share_url: str
    qr_svg: str
    # A squat and a run side by side, when this assessment holds both (one a leg).
    squat_vs_run: list[SquatVsRunView]
    squat_vs_run_note: str
    # It holds a squat or a run: the device's other tests may pair with it.
    pairable: bool


def squat_vs_run_of(
    found: list[AssessmentOut], report_id: str, view: ReportView
) -> tuple[list[SquatVsRunView], str]:
    """The cards and note of the squat-and-run pair that holds report_id, if there is one."""
    pair = squat_run_pair(found, report_id)
    if pair is None:
        return [], ""
    return squat_vs_run_views(pair, view), report_pair_note(pair, report_id)


def _device_pair(
    report_id: str, ids: list[str], view: ReportView
) -> tuple[list[SquatVsRunView], str]:
    """The pair of report_id among this device's stored tests (blocking: a worker thread)."""
    found = [assessment for _, assessment in load_each(ids) if assessment is not None]
    return squat_vs_run_of(found, report_id, view)


def report_page(found: AssessmentOut, origin: str, view: ReportView = "runner") -> ReportPage:
    """What the page of `view` shows of the assessment; the other page's parts are left empty."""
    sex = found.subject.sex if found.subject else "unspecified"
    share_url = f"{origin}{found.report_url}"
    indexed = list(enumerate(found.report.trials))
    most_points = MAX_CHART_POINTS if view == "clinician" else RUNNER_CHART_POINTS
    trials = [
        trial_view(trial, sex, index, most_points)
        for index, trial in indexed
        if trial.test != "running"
    ]
    runs = [run_view(trial, index) for index, trial in indexed if trial.test == "running"]
    runner = report_education(found.report, "runner")
    # The squat's method where the report has a squat or a landing (running has its own).
    method = [render("method", "clinician")] if trials or not runs else []
    clinician = (
        [*report_education(found.report, "clinician"), *method] if view == "clinician" else []
    )
    squat_vs_run, squat_vs_run_note = squat_vs_run_of([found], found.id, view)
    return ReportPage(
        # The test's time: when the phone recorded it if it said, else when it arrived.
        created_at=recorded_time(found),
        expires_at=found.expires_at or "",
        tests=" and ".join(
            dict.fromkeys(TEST_NAMES[trial.test] for trial in found.report.trials)
        ).capitalize(),
        analysis_version=found.report.analysis_version,
        subject=subject_text(found),
        trials=trials if view == "clinician" else [runner_trial(trial) for trial in trials],
        runs=runs if view == "clinician" else [runner_run(run) for run in runs],
        asymmetry=asymmetry_text(found.report, clinician=view == "clinician"),
        runner_sections=[section_view(section) for section in runner] if view == "runner" else [],
        clinician_sections=[section_view(section) for section in clinician],
        # The clinical view lists the sources of both views' texts.
        references=[source_view(source) for source in _sources(runner + clinician, bool(runs))]
        if view == "clinician"
        else [],
        share_url=share_url,
        qr_svg=qr_svg_data_uri(share_url) if view == "runner" else "",
        squat_vs_run=squat_vs_run,
        squat_vs_run_note=squat_vs_run_note,
        pairable=any(t.test in PAIRED_TESTS for t in found.report.trials),
    )


def _sources(sections: list[Section], running: bool) -> list[Source]:
    """The sources of the texts, and of the healthy runners' ranges when there is a run."""
    extra = typical_range_sources() if running else []
    return list({source.key: source for source in (*bibliography(sections), *extra)}.values())


# Shaped pages by (id, origin, view). A stored assessment never changes, so readers of one
# shared link share one shaped page (reading, rendering and shaping it cost tens of ms a
# reader); each load still asks the store whether it exists, so a deleted or expired
# assessment is never shown.
_SHAPED_PAGES = 64
_shaped: collections.OrderedDict[tuple[str, str, ReportView], ReportPage] = (
    collections.OrderedDict()
)
_shaped_lock = threading.Lock()
# One lock per page being shaped: readers who open a link together wait for the first one.
_shaping: collections.defaultdict[tuple[str, str, ReportView], threading.Lock] = (
    collections.defaultdict(threading.Lock)
)


def _cached_page(key: tuple[str, str, ReportView]) -> ReportPage | None:
    with _shaped_lock:
        page = _shaped.get(key)
        if page is not None:
            _shaped.move_to_end(key)
        return page


def _load_page(assessment_id: str, origin: str, view: ReportView) -> ReportPage | None:
    key = (assessment_id, origin, view)
    page = _cached_page(key)
    if page is None:
        with _shaped_lock:
            shaping = _shaping[key]
        with shaping:
            page = _cached_page(key)
            if page is None:
                return _shape_page(key)
    return page if service.assessment_exists(assessment_id) else None


def _shape_page(key: tuple[str, str, ReportView]) -> ReportPage | None:
    """Read and shape the page, and keep it for the next readers (the caller holds its lock)."""
    assessment_id, origin, view = key
    try:
        found = service.load_assessment(assessment_id)
        if found is None:
            return None
        page = report_page(found, origin, view)
        with _shaped_lock:
            _shaped[key] = page
            while len(_shaped) > _SHAPED_PAGES:
                _shaped.popitem(last=False)
        return page
    finally:
        with _shaped_lock:
            _shaping.pop(key, None)


class ResultState(DeviceState):
    """The assessment shown at /r/<id> (runner view) and /r/<id>/clinician."""

    status: rx.Field[str] = rx.field("loading")
    assessment_id: rx.Field[str] = rx.field("")
    created_at: rx.Field[str] = rx.field("")
    expires_at: rx.Field[str] = rx.field("")
    tests: rx.Field[str] = rx.field("")
    analysis_version: rx.Field[str] = rx.field("")
    subject: rx.Field[str] = rx.field("")
    trials: rx.Field[list[TrialView]] = rx.field(default_factory=list)
    runs: rx.Field[list[RunView]] = rx.field(default_factory=list)
    asymmetry: rx.Field[str] = rx.field("")
    runner_sections: rx.Field[list[SectionView]] = rx.field(default_factory=list)
    clinician_sections: rx.Field[list[SectionView]] = rx.field(default_factory=list)
    references: rx.Field[list[SourceView]] = rx.field(default_factory=list)
    share_url: rx.Field[str] = rx.field("")
    qr_svg: rx.Field[str] = rx.field("")
    squat_vs_run: rx.Field[list[SquatVsRunView]] = rx.field(default_factory=list)
    squat_vs_run_note: rx.Field[str] = rx.field("")
    delete_error: rx.Field[str] = rx.field("")
    # This device holds the owner key, so it may delete the assessment.
    owned: rx.Field[bool] = rx.field(False)
    confirming_delete: rx.Field[bool] = rx.field(False)

    @rx.event
    async def load(self) -> None:
        self.assessment_id = self._route_report_id()
        # The route's pattern, /r/[report_id] or /r/[report_id]/clinician.
        view: ReportView = (
            "clinician" if self.router.route_id.rstrip("/").endswith("/clinician") else "runner"
        )
        self.status, self.trials, self.asymmetry, self.delete_error = "loading", [], "", ""
        self.runs, self.squat_vs_run, self.squat_vs_run_note = [], [], ""
        self.confirming_delete = False
        try:
            page = await asyncio.to_thread(
                _load_page, self.assessment_id, str(self.router.url.origin), view
            )
        except StoreUnavailable:
            self.status = "unavailable"
            return
        if page is None:
            self.status = "not_found"
            return
        self.created_at, self.expires_at = page.created_at, page.expires_at
        self.tests = page.tests
        self.analysis_version, self.subject = page.analysis_version, page.subject
        self.trials, self.runs, self.asymmetry = page.trials, page.runs, page.asymmetry
        self.runner_sections = page.runner_sections
        self.clinician_sections = page.clinician_sections
        self.references = page.references
        self.share_url, self.qr_svg = page.share_url, page.qr_svg
        self.owned = self._owner_key(self.assessment_id) is not None
        self.squat_vs_run, self.squat_vs_run_note = page.squat_vs_run, page.squat_vs_run_note
        self.status = "found"
        if self.owned and page.pairable and not page.squat_vs_run:
            # The recording phone's other tests may hold this one's pair; a reader of the
            # shared link sees only the pair inside the assessment, as the page cache holds it.
            ids = [entry["id"] for entry in self._entries()]
            # A store that fails now still leaves the report shown, without the pairing.
            with contextlib.suppress(StoreUnavailable):
                self.squat_vs_run, self.squat_vs_run_note = await asyncio.to_thread(
                    _device_pair, self.assessment_id, ids, view
                )

    def _route_report_id(self) -> str:
        """The [report_id] segment of the page's path: /r/<id> or /r/<id>/clinician."""
        segments = self.router.url.path.strip("/").split("/")
        return segments[1] if len(segments) >= 2 and segments[0] == "r" else ""

    def _state_lost(self) -> bool:
        """Whether Reflex dropped this tab's state (its lifetime passed) while the page stayed open.

        Every event carries the page's route, so the state knows which report it should hold.
        """
        return self.status != "found" or self.assessment_id != self._route_report_id()

    def _reload(self) -> EventSpec:
        """Open the page again in place: the browser sends its stored owner keys, load runs."""
        url = self.router.url
        return rx.redirect(url.path + (f"?{url.query}" if url.query else ""))

    @rx.event
    def ask_to_delete(self) -> EventSpec | None:
        if self._state_lost():
            return self._reload()
        self.confirming_delete = True
        return None

    @rx.event
    def keep(self) -> None:
        self.confirming_delete = False

    @rx.event
    async def delete(self) -> EventSpec | None:
        """Delete the assessment with the owner key kept on this device; the link then gives 404."""
        if self._state_lost():
            return self._reload()
        owner_key = self._owner_key(self.assessment_id)
        if owner_key is None:
            self.delete_error = "Only the device that recorded this test can delete it."
            return None
        try:
            outcome = await asyncio.to_thread(
                service.delete_assessment, self.assessment_id, owner_key
            )
        except StoreUnavailable:
            self.delete_error = "The database is briefly unavailable. Please try again in a moment."
            return None
        if outcome is DeleteOutcome.WRONG_KEY:
            self.delete_error = (
                "The key stored on this device does not match this result, so it cannot delete it."
            )
            return None
        self._forget(self.assessment_id)
        self.status = "deleted"
        return None
