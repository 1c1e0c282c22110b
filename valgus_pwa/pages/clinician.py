"""The clinical view at /r/<id>/clinician: every metric per rep, quality, method, references, exports."""

import reflex as rx

from valgus_pwa.components.layout import page_frame
from valgus_pwa.pages.result import fppa_chart, replay, report_status, section_card
from valgus_pwa.state.result import FlagView, ResultState, SourceView, TrialView


def table(header: list | rx.Var, rows: rx.Var, test_id: str) -> rx.Component:
    return rx.box(
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.foreach(header, lambda cell: rx.el.th(cell, scope="col")))),
            rx.el.tbody(rx.foreach(rows, lambda row: rx.el.tr(rx.foreach(row, lambda cell: rx.el.td(cell))))),
            class_name="data-table",
            data_testid=test_id,
        ),
        class_name="table-scroll",
    )


def flag_row(flag: FlagView) -> rx.Component:
    return rx.el.li(rx.el.code(flag.code), " ", flag.message)


def trial_section(trial: TrialView) -> rx.Component:
    return rx.box(
        rx.heading(trial.title, size="5", as_="h2"),
        rx.text(trial.headline, class_name="fine-print"),
        rx.grid(
            rx.box(rx.heading("Summary", size="3", as_="h3"), table(["Measure", "Value"], trial.summary_rows, "summary-table")),
            rx.box(rx.heading("Recording quality", size="3", as_="h3"), table(["Check", "Value"], trial.quality_rows, "quality-table")),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
        ),
        rx.cond(
            trial.flags.length() > 0,
            rx.box(rx.text("Quality flags", class_name="field-label"), rx.el.ul(rx.foreach(trial.flags, flag_row), class_name="flag-codes")),
            rx.text("No quality flags.", class_name="fine-print"),
        ),
        rx.heading("Per rep", size="3", as_="h3"),
        table(trial.rep_columns, trial.rep_rows, "rep-table"),
        rx.text("Reference: ", trial.reference_citation, class_name="fine-print"),
        rx.cond(trial.reference_note != "", rx.text(trial.reference_note, class_name="fine-print")),
        rx.grid(fppa_chart(trial), replay(trial, "Skeleton replay of the deepest rep (raw keypoints, filtered FPPA)"), columns=rx.breakpoints(initial="1", md="2"), spacing="4"),
        class_name="clinical-trial",
    )


def reference_item(source: SourceView) -> rx.Component:
    return rx.el.li(source.citation, " ", rx.link(source.url, href=source.url, is_external=True))


def export_links() -> rx.Component:
    # A new-tab target keeps the client router from taking these links as in-app navigation.
    base = "/api/v1/assessments/" + ResultState.report_id
    return rx.hstack(
        rx.el.a("CSV: angles per frame", href=base + "/export.csv", download=True,
                class_name="export-link", target="_blank", rel="noopener", data_testid="export-csv-frames"),
        rx.el.a("CSV: metrics per rep", href=base + "/export.csv?table=reps", download=True,
                class_name="export-link", target="_blank", rel="noopener", data_testid="export-csv-reps"),
        rx.el.a("JSON: report and keypoints", href=base + "?include=frames",
                download="knee-check-" + ResultState.report_id + ".json",
                class_name="export-link", target="_blank", rel="noopener", data_testid="export-json"),
        rx.button("Print / save as PDF", on_click=rx.call_script("window.print()"), data_testid="print", size="3"),
        wrap="wrap",
        spacing="3",
        align="center",
        class_name="no-print",
    )


def details_table() -> rx.Component:
    rows = [
        ["Assessment", ResultState.report_id],
        ["Recorded", ResultState.created_at],
        ["Link expires", rx.cond(ResultState.expires_at != "", ResultState.expires_at, "when the owner deletes it")],
        ["Subject", ResultState.subject],
        ["Analysis version", ResultState.analysis_version],
    ]
    return rx.el.table(
        rx.el.tbody(*[rx.el.tr(rx.el.th(label, scope="row"), rx.el.td(value)) for label, value in rows]),
        class_name="data-table details",
    )


def found_view() -> rx.Component:
    return rx.box(
        rx.heading("Knee check: clinical report", size="7", as_="h1"),
        rx.text("2D frontal plane projection angle (FPPA) of the stance knee from on-device pose keypoints.",
                class_name="fine-print"),
        details_table(),
        export_links(),
        rx.foreach(ResultState.trials, trial_section),
        rx.cond(ResultState.asymmetry != "", rx.callout(ResultState.asymmetry, icon="scale")),
        rx.foreach(ResultState.clinician_sections, section_card),
        rx.heading("References", size="5", as_="h2"),
        rx.el.ol(rx.foreach(ResultState.references, reference_item), class_name="references", data_testid="references"),
        rx.link("Runner's view of this result", href="/r/" + ResultState.report_id, class_name="no-print"),
        class_name="clinician-view",
    )


def clinician() -> rx.Component:
    return page_frame(report_status(found_view()))
