"""The clinical view at /r/<id>/clinician: every metric per rep, quality, method, references, exports."""

import reflex as rx

from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.ui import callout, columns, heading, row, text
from valgus_pwa.pages.result import fppa_chart, replay, report_status, section_card
from valgus_pwa.state.result import FlagView, ResultState, SourceView, TrialView


def table(header: list | rx.Var, rows: rx.Var, test_id: str) -> rx.Component:
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


def flag_row(flag: FlagView) -> rx.Component:
    return rx.el.li(rx.el.code(flag.code), " ", flag.message)


def trial_section(trial: TrialView) -> rx.Component:
    return rx.el.section(
        heading(trial.title, 2),
        text(trial.headline, class_name="fine-print"),
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
            text("No quality flags.", class_name="fine-print"),
        ),
        heading("Per rep", 3),
        table(trial.rep_columns, trial.rep_rows, "rep-table"),
        text("Reference: ", trial.reference_citation, class_name="fine-print"),
        rx.cond(trial.reference_note != "", text(trial.reference_note, class_name="fine-print")),
        columns(
            fppa_chart(trial),
            replay(trial, "Skeleton replay of the deepest rep (raw keypoints, filtered FPPA)"),
        ),
        class_name="clinical-trial",
    )


def reference_item(source: SourceView) -> rx.Component:
    return rx.el.li(
        source.citation, " ", rx.el.a(source.url, href=source.url, target="_blank", rel="noopener")
    )


def export_links() -> rx.Component:
    # A new-tab target keeps the client router from taking these links as in-app navigation.
    base = "/api/v1/assessments/" + ResultState.report_id
    return row(
        rx.el.a(
            "CSV: angles per frame",
            href=base + "/export.csv",
            download=True,
            class_name="export-link",
            target="_blank",
            rel="noopener",
            data_testid="export-csv-frames",
        ),
        rx.el.a(
            "CSV: metrics per rep",
            href=base + "/export.csv?table=reps",
            download=True,
            class_name="export-link",
            target="_blank",
            rel="noopener",
            data_testid="export-csv-reps",
        ),
        rx.el.a(
            "JSON: report and keypoints",
            href=base + "?include=frames",
            download="knee-check-" + ResultState.report_id + ".json",
            class_name="export-link",
            target="_blank",
            rel="noopener",
            data_testid="export-json",
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
        ["Assessment", ResultState.report_id],
        ["Recorded", ResultState.created_at],
        [
            "Link expires",
            rx.cond(
                ResultState.expires_at != "", ResultState.expires_at, "when the owner deletes it"
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
        text(
            "2D frontal plane projection angle (FPPA) of the stance knee from on-device pose keypoints.",
            class_name="fine-print",
        ),
        details_table(),
        export_links(),
        rx.foreach(ResultState.trials, trial_section),
        rx.cond(ResultState.asymmetry != "", callout(ResultState.asymmetry)),
        rx.foreach(ResultState.clinician_sections, section_card),
        heading("References", 2),
        rx.el.ol(
            rx.foreach(ResultState.references, reference_item),
            class_name="references",
            data_testid="references",
        ),
        rx.el.a(
            "Runner's view of this result",
            href="/r/" + ResultState.report_id,
            class_name="no-print",
        ),
        class_name="clinician-view",
    )


def clinician() -> rx.Component:
    return page_frame(report_status(found_view()))
