"""The clinical view at /r/<id>/clinician: every metric per rep, quality, method, references, exports."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar, Var

from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.report import fppa_chart, local_time, replay
from valgus_pwa.components.sections import section_card, source_item
from valgus_pwa.components.status import report_status
from valgus_pwa.components.ui import callout, columns, fine_print, heading, row, text
from valgus_pwa.contract import ASSESSMENTS_PATH
from valgus_pwa.state.result import ResultState
from valgus_pwa.state.trial_view import FlagView, TrialView


def table(
    header: list[str] | Var[list[str]], rows: Var[list[list[str]]], test_id: str
) -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.foreach(header, lambda cell: rx.el.th(cell, scope="col")))),
            rx.el.tbody(
                rx.foreach(rows, lambda row: rx.el.tr(rx.foreach(row, lambda cell: rx.el.td(cell))))
            ),
            class_name="data-table",
            data_testid=test_id,
        ),
        class_name="table-scroll",
    )


def flag_row(flag: ObjectVar[FlagView]) -> rx.Component:
    return rx.el.li(rx.el.code(flag.code), " ", flag.message)


def trial_section(trial: ObjectVar[TrialView]) -> rx.Component:
    return rx.el.section(
        heading(trial.title, 2),
        fine_print(trial.headline),
        columns(
            rx.el.div(
                heading("Summary", 3),
                table(["Measure", "Value"], trial.summary_rows, "summary-table"),
            ),
            rx.el.div(
                heading("Recording quality", 3),
                table(["Check", "Value"], trial.quality_rows, "quality-table"),
            ),
        ),
        rx.cond(
            trial.flags.length() > 0,
            rx.el.div(
                text("Quality flags", class_name="field-label"),
                rx.el.ul(rx.foreach(trial.flags, flag_row), class_name="flag-codes"),
            ),
            fine_print("No quality flags."),
        ),
        heading("Per rep", 3),
        table(trial.rep_columns, trial.rep_rows, "rep-table"),
        fine_print("Reference: ", trial.reference_citation),
        rx.cond(trial.reference_note != "", fine_print(trial.reference_note)),
        columns(
            fppa_chart(trial),
            replay(
                trial,
                ResultState.assessment_id,
                "Skeleton replay of the deepest rep (raw keypoints, filtered FPPA)",
            ),
        ),
        class_name="clinical-trial",
    )


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
        _export_link(
            "CSV: metrics per rep", base + "/export.csv?table=reps", True, "export-csv-reps"
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
        fine_print(
            "2D frontal plane projection angle (FPPA) of the stance knee from on-device pose keypoints.",
        ),
        details_table(),
        export_links(),
        rx.foreach(ResultState.trials, trial_section),
        rx.cond(ResultState.asymmetry != "", callout(ResultState.asymmetry)),
        rx.foreach(ResultState.clinician_sections, section_card),
        heading("References", 2),
        rx.el.ol(
            rx.foreach(ResultState.references, source_item),
            class_name="references",
            data_testid="references",
        ),
        rx.el.a(
            "Runner's view of this result",
            href="/r/" + ResultState.assessment_id,
            class_name="no-print",
        ),
        class_name="clinician-view",
    )


def clinician() -> rx.Component:
    return page_frame(report_status(ResultState.status, found_view()))
