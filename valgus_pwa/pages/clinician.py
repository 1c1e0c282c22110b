"""The clinical view at /r/<id>/clinician: every metric per rep, quality, method, references, exports.

Printed (assets/styles.css, @media print) it is a one- to two-page record to file: blank fields
for the patient and the clinician, both legs side by side, every per-rep column, the definitions,
method and references expanded, and a footer with the id, the analysis version and page numbers.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.vars import ObjectVar, Var

from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.report import (
    fppa_chart,
    local_time,
    replay,
    squat_vs_run_section,
    step_charts,
)
from valgus_pwa.components.sections import section_card, source_item
from valgus_pwa.components.status import report_status
from valgus_pwa.components.ui import callout, columns, fine_print, heading, row, text
from valgus_pwa.contract import ASSESSMENTS_PATH
from valgus_pwa.state.result import ResultState
from valgus_pwa.state.trial_view import GLANCE_ROWS, FlagView, RunView, TrialView
from valgus_pwa.state.views import METRIC_DEFINITIONS, RUNNING_METRIC_DEFINITIONS, DefinitionText

# Filled in by hand on the printed record.
RECORD_FIELDS = ["Patient", "Date of birth", "Clinician", "Date reviewed", "Notes"]


def table(
    header: list[str] | Var[list[str]],
    rows: Var[list[list[str]]],
    test_id: str,
    caption: Var[str] | None = None,
    class_name: str | Var[str] = "data-table",
) -> rx.Component:
    return rx.el.div(
        rx.el.table(
            *([rx.cond(caption != "", rx.el.caption(caption))] if caption is not None else []),
            rx.el.thead(rx.el.tr(rx.foreach(header, lambda cell: rx.el.th(cell, scope="col")))),
            rx.el.tbody(
                rx.foreach(rows, lambda row: rx.el.tr(rx.foreach(row, lambda cell: rx.el.td(cell))))
            ),
            class_name=class_name,
            data_testid=test_id,
        ),
        class_name="table-scroll",
    )


def _trust_class(trial: ObjectVar[TrialView] | ObjectVar[RunView], base: str) -> Var[str]:
    return rx.cond(trial.trustworthy, base, base + " data-table--untrusted")


def flag_row(flag: ObjectVar[FlagView]) -> rx.Component:
    return rx.el.li(rx.el.code(flag.code), " ", flag.message)


def measures_and_quality(
    item: ObjectVar[TrialView] | ObjectVar[RunView],
    title: str,
    rows: Var[list[list[str]]],
    test_id: str,
    *below: rx.Component,
) -> rx.Component:
    """A trial's table of measures (with what follows it) beside its recording quality."""
    return columns(
        rx.el.div(
            heading(title, 3),
            table(["Measure", "Value"], rows, test_id, class_name=_trust_class(item, "data-table")),
            *below,
            class_name="trial-summary",
        ),
        rx.el.div(
            heading("Recording quality", 3),
            table(["Check", "Value"], item.quality_rows, "quality-table"),
            class_name="trial-quality",
        ),
    )


def quality_flags(item: ObjectVar[TrialView] | ObjectVar[RunView]) -> rx.Component:
    return rx.cond(
        item.flags.length() > 0,
        rx.el.div(
            text("Quality flags", class_name="field-label"),
            rx.el.ul(rx.foreach(item.flags, flag_row), class_name="flag-codes"),
            class_name="trial-flags",
        ),
        fine_print("No quality flags.", class_name="trial-flags"),
    )


def trial_section(trial: ObjectVar[TrialView]) -> rx.Component:
    return rx.el.section(
        heading(trial.title, 2),
        fine_print(trial.headline, class_name="trial-headline"),
        rx.cond(
            trial.trust_notice != "",
            callout(trial.trust_notice, tone="bad", data_testid="not-for-clinical-use"),
        ),
        # Printed, these parts are placed on a grid by class (assets/styles.css, @media print).
        measures_and_quality(trial, "Summary", trial.summary_rows, "summary-table"),
        quality_flags(trial),
        rx.el.div(
            heading("Per " + trial.event.to(str), 3),
            table(
                trial.rep_columns,
                trial.rep_rows,
                "rep-table",
                caption=trial.rep_caption,
                class_name=_trust_class(trial, "data-table rep-table"),
            ),
            fine_print("Reference: ", trial.reference_citation),
            rx.cond(trial.reference_note != "", fine_print(trial.reference_note)),
            class_name="trial-reps",
        ),
        rx.el.div(
            fppa_chart(trial),
            replay(
                trial,
                ResultState.assessment_id,
                rx.cond(
                    trial.trustworthy,
                    "Skeleton replay of the "
                    + trial.deepest_event.to(str)
                    + " (raw keypoints, filtered FPPA)",
                    "Skeleton replay of the "
                    + trial.deepest_event.to(str)
                    + ". "
                    + trial.rep_caption.to(str),
                ),
            ),
            class_name="chart-and-replay",
        ),
        class_name=rx.cond(
            trial.trustworthy, "clinical-trial", "clinical-trial clinical-trial--untrusted"
        ),
        data_testid="clinical-trial",
    )


def run_section(run: ObjectVar[RunView]) -> rx.Component:
    """A running trial: both legs' steps, per-leg statistics, timing, quality, the charts."""
    return rx.el.section(
        heading(run.title, 2),
        rx.cond(
            run.trust_notice != "",
            callout(run.trust_notice, tone="bad", data_testid="not-for-clinical-use"),
        ),
        measures_and_quality(
            run,
            "Running",
            run.running_rows,
            "running-table",
            rx.foreach(run.typical_ranges, lambda line: fine_print(line)),
        ),
        quality_flags(run),
        rx.el.div(
            heading("Per leg, at midstance", 3),
            table(
                run.leg_columns,
                run.leg_rows,
                "leg-table",
                class_name=_trust_class(run, "data-table"),
            ),
            heading("Per step", 3),
            table(
                run.step_columns,
                run.step_rows,
                "step-table",
                caption=run.step_caption,
                class_name=_trust_class(run, "data-table rep-table"),
            ),
            class_name="trial-reps",
        ),
        rx.el.div(
            heading("Definitions", 3),
            fine_print(
                "2D, in the image plane, at each step's midstance; signs anatomical, so the same"
                " movement of a left or a right leg has the same sign. Times in ms from the start"
                " of the recording."
            ),
            definition_list(RUNNING_METRIC_DEFINITIONS, "running-definitions"),
            class_name="definitions-section",
        ),
        step_charts(run.charts, run.chart_caption),
        replay(
            run,
            ResultState.assessment_id,
            rx.cond(
                run.trustworthy,
                "Skeleton replay of the most typical stride (raw keypoints; the FPPA is the"
                " stance leg's, filtered)",
                "Skeleton replay of the most typical stride. " + run.step_caption.to(str),
            ),
        ),
        class_name=rx.cond(
            run.trustworthy, "clinical-trial", "clinical-trial clinical-trial--untrusted"
        ),
        data_testid="clinical-run",
    )


def _glance_cell(row_number: int) -> Callable[[ObjectVar[TrialView]], rx.Component]:
    def cell(trial: ObjectVar[TrialView]) -> rx.Component:
        return rx.el.td(
            trial.glance.to(list[str])[row_number],
            class_name=rx.cond(trial.trustworthy, "", "untrusted-value"),
        )

    return cell


def glance_table() -> rx.Component:
    """Every trial side by side (left and right leg): mean ± SD, reps scored, category, quality."""
    return rx.el.section(
        heading("Both legs", 2),
        rx.el.div(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Measure", scope="col"),
                        rx.foreach(
                            ResultState.trials, lambda trial: rx.el.th(trial.title, scope="col")
                        ),
                    )
                ),
                rx.el.tbody(
                    *[
                        rx.el.tr(
                            rx.el.th(label, scope="row"),
                            rx.foreach(ResultState.trials, _glance_cell(number)),
                        )
                        for number, label in enumerate(GLANCE_ROWS)
                    ]
                ),
                class_name="data-table glance",
                data_testid="glance-table",
            ),
            class_name="table-scroll",
        ),
        rx.cond(
            ResultState.asymmetry != "",
            callout(ResultState.asymmetry, data_testid="asymmetry"),
        ),
        class_name="glance-section",
    )


def definition_list(items: list[DefinitionText], test_id: str) -> rx.Component:
    """Each term with its meaning, unit and sign, one line each."""
    return rx.el.dl(
        *[
            rx.el.div(
                rx.el.dt(item.term),
                rx.el.dd(
                    item.meaning,
                    *([" ", rx.el.span(f"Unit: {item.unit}.")] if item.unit != "—" else []),
                    *([" ", rx.el.span(f"Sign: {item.sign}.")] if item.sign != "—" else []),
                ),
                class_name="definition",
            )
            for item in items
        ],
        class_name="definitions",
        data_testid=test_id,
    )


def definitions() -> rx.Component:
    """What each column and row means: unit and sign (docs/MEASUREMENT.md §1 and §4)."""
    return rx.el.section(
        heading("Definitions", 2),
        fine_print(
            "All measures are 2D, in the image plane. Signs are anatomical: the same movement of"
            " a left or a right leg has the same sign. Per-rep values are at the rep's deepest"
            " point unless named otherwise."
        ),
        definition_list(METRIC_DEFINITIONS, "definition-list"),
        class_name="definitions-section",
        data_testid="definitions",
    )


def record_fields() -> rx.Component:
    """Blank lines for the patient and the clinician: shown on paper only."""
    return rx.el.div(
        *[
            rx.el.div(
                rx.el.span(label, class_name="record-field__label"),
                rx.el.span(class_name="record-field__line"),
                class_name="record-field",
            )
            for label in RECORD_FIELDS
        ],
        class_name="record-fields print-only",
        data_testid="record-fields",
    )


def record_footer() -> rx.Component:
    """The printed pages' footer text: CSS @page margin boxes read it from a custom property.

    Browsers without margin boxes print no footer; the details table at the top has the id and
    the analysis version too.
    """
    footer = (
        "Knee check · assessment "
        + ResultState.assessment_id
        + " · analysis "
        + ResultState.analysis_version
    )
    return rx.el.style(':root { --record-footer: "' + footer + '"; }')


def _export_link(label: str, href: Var, download: Var | bool, test_id: str) -> rx.Component:
    # A new-tab target keeps the client router from taking these links as in-app navigation.
    return rx.el.a(
        label,
        href=href,
        download=download,
        class_name="export-link",
        target="_blank",
        rel="noopener",
        data_testid=test_id,
    )


def export_links() -> rx.Component:
    base = ASSESSMENTS_PATH + "/" + ResultState.assessment_id
    json_name = "knee-check-" + ResultState.assessment_id + ".json"
    return row(
        _export_link("CSV: angles per frame", base + "/export.csv", True, "export-csv-frames"),
        rx.cond(
            ResultState.trials.length() > 0,
            _export_link(
                "CSV: metrics per rep", base + "/export.csv?table=reps", True, "export-csv-reps"
            ),
        ),
        rx.cond(
            ResultState.runs.length() > 0,
            _export_link(
                "CSV: running steps", base + "/export.csv?table=steps", True, "export-csv-steps"
            ),
        ),
        _export_link(
            "JSON: report and keypoints", base + "?include=frames", json_name, "export-json"
        ),
        # pwa.js prints on this button's click: the page's policy allows no script from events.
        rx.el.button(
            "Print / save as PDF",
            type="button",
            class_name="wiz-button wiz-button--secondary",
            data_action="print",
            data_testid="print",
        ),
        class_name="no-print",
    )


def details_table() -> rx.Component:
    rows = [
        ["Assessment", ResultState.assessment_id],
        ["Recorded", local_time(iso=ResultState.created_at)],
        [
            "Link expires",
            rx.cond(
                ResultState.expires_at != "",
                local_time(iso=ResultState.expires_at),
                "when the owner deletes it",
            ),
        ],
        ["Subject", ResultState.subject],
        ["Analysis version", ResultState.analysis_version],
    ]
    return rx.el.table(
        rx.el.tbody(
            *[rx.el.tr(rx.el.th(label, scope="row"), rx.el.td(value)) for label, value in rows]
        ),
        class_name="data-table details",
    )


def found_view() -> rx.Component:
    return rx.el.div(
        heading("Knee check: clinical report", 1),
        rx.cond(
            ResultState.trials.length() > 0,
            fine_print(
                "2D frontal plane projection angle (FPPA) of the stance knee from on-device pose"
                " keypoints.",
            ),
        ),
        rx.cond(
            ResultState.runs.length() > 0,
            fine_print(
                "Treadmill running: 2D frontal-plane angles of both legs at midstance from"
                " on-device pose keypoints.",
            ),
        ),
        record_fields(),
        rx.el.div(
            rx.el.div(
                details_table(),
                # Paper keeps the scope and the method of the texts; the online view has them all.
                fine_print(
                    "Online, with the interpretation, evidence and management texts: ",
                    ResultState.share_url + "/clinician",
                    class_name="print-only record-link",
                ),
            ),
            rx.cond(ResultState.trials.length() > 0, glance_table()),
            class_name="record-top",
        ),
        export_links(),
        rx.foreach(ResultState.trials, trial_section),
        rx.foreach(ResultState.runs, run_section),
        squat_vs_run_section(ResultState.squat_vs_run, ResultState.squat_vs_run_note),
        rx.cond(ResultState.trials.length() > 0, definitions()),
        rx.el.div(
            rx.foreach(ResultState.clinician_sections, section_card),
            class_name="clinical-texts",
        ),
        # On paper each printed text lists its own sources instead (assets/styles.css).
        rx.el.section(
            heading("References", 2),
            rx.el.ol(
                rx.foreach(ResultState.references, source_item),
                class_name="references",
                data_testid="references",
            ),
            class_name="references-section",
        ),
        rx.el.a(
            "Runner's view of this result",
            href="/r/" + ResultState.assessment_id,
            class_name="no-print",
        ),
        record_footer(),
        class_name="clinician-view",
    )


def clinician() -> rx.Component:
    return page_frame(report_status(ResultState.status, found_view()))
