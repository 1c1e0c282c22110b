"""The runner's report at /r/<id>: a plain headline per leg, what it means, sharing and deleting."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.report import (
    fppa_chart,
    local_time,
    replay,
    share_link,
    squat_vs_run_section,
    step_charts,
)
from valgus_pwa.components.sections import section_on_demand
from valgus_pwa.components.status import report_status
from valgus_pwa.components.ui import (
    badge,
    button,
    button_link,
    callout,
    card,
    fine_print,
    heading,
    row,
    text,
)
from valgus_pwa.content.running_texts import STRIDE_REPLAY_LABEL
from valgus_pwa.state.result import ResultState
from valgus_pwa.state.trial_view import (
    RUN_GLANCE_COLUMNS,
    FlagView,
    RepView,
    RunView,
    TrialView,
    ZoneView,
)

CONFIDENCE_TONES = {"high": "good", "medium": "caution", "low": "bad"}
CATEGORY_TONES = {"below": "info", "within": "good", "above": "caution", "well_above": "bad"}
# Pages that show one person's results: never indexed, never leaking the link as a referrer.
REPORT_META = [
    {"name": "robots", "content": "noindex, nofollow"},
    {"name": "referrer", "content": "no-referrer"},
]


def confidence_badge(trial: ObjectVar[TrialView] | ObjectVar[RunView]) -> rx.Component:
    return badge(
        "Recording quality: ",
        trial.confidence,
        tone=rx.match(trial.confidence, *CONFIDENCE_TONES.items(), "neutral"),
    )


def category_badge(trial: ObjectVar[TrialView]) -> rx.Component:
    return badge(
        trial.category_label,
        tone=rx.match(trial.category, *CATEGORY_TONES.items(), "neutral"),
        data_testid="category-badge",
    )


def legend_item(item: ObjectVar[ZoneView]) -> rx.Component:
    return rx.el.li(
        rx.el.span(class_name="scale__swatch scale__zone--" + item.tone.to(str)), item.label
    )


def colour_scale(trial: ObjectVar[TrialView]) -> rx.Component:
    """Reference zones as coloured bands with the result marked; a legend below names them.

    The names sit in the legend, not in the bands: a narrow band cannot hold a word in large text.
    """
    scale = trial.scale
    return rx.el.div(
        rx.el.div(
            rx.foreach(
                scale.zones,
                lambda item: rx.el.div(
                    class_name="scale__zone scale__zone--" + item.tone.to(str),
                    style={"width": item.width},
                ),
            ),
            rx.cond(
                scale.show_marker,
                rx.el.div(
                    rx.el.span(scale.marker_label),
                    class_name="scale__marker scale__marker--" + scale.marker_align,
                    style={"left": scale.marker_left},
                ),
            ),
            class_name="scale__bar",
        ),
        rx.el.div(
            rx.el.span(scale.axis_low), rx.el.span(scale.axis_high), class_name="scale__axis"
        ),
        rx.el.ul(rx.foreach(scale.zones, legend_item), class_name="scale__legend"),
        rx.cond(
            ~scale.show_marker,
            fine_print("No reliable value to place on this scale."),
        ),
        class_name="scale",
        role="img",
        aria_label=trial.headline,
    )


def rep_row(rep: ObjectVar[RepView]) -> rx.Component:
    return rx.el.li(
        rx.el.span(rep.label), rx.el.span(rep.fppa, class_name="num"), class_name="rep-row"
    )


def flag_item(flag: ObjectVar[FlagView]) -> rx.Component:
    return rx.el.li(rx.el.span("⚠ ", aria_hidden="true"), flag.message, data_flag=flag.code)


def measured_number(trial: ObjectVar[TrialView]) -> rx.Component:
    """The mean angle, its name and spread; none at all when nothing was measured, and an
    untrusted one struck through and read out as what it is."""
    return rx.el.div(
        rx.cond(
            trial.fppa != "",
            text(
                rx.cond(
                    ~trial.trustworthy,
                    rx.el.span("Not a result: ", class_name="visually-hidden"),
                ),
                trial.fppa,
                class_name=rx.cond(
                    trial.trustworthy, "big-number", "big-number big-number--untrusted"
                ),
                data_testid="fppa-mean",
            ),
        ),
        rx.el.div(
            text(trial.fppa_label, class_name="field-label"),
            fine_print(trial.spread),
            rx.cond(
                ~trial.trustworthy,
                text("Not a finding: see the notes below.", class_name="warn-text"),
            ),
        ),
        class_name="measure",
    )


def leg_at_a_glance(trial: ObjectVar[TrialView]) -> rx.Component:
    """A leg's outcome as the first screen shows it: the number, its category and the headline."""
    return rx.el.section(
        row(heading(trial.leg, 2), category_badge(trial), class_name="glance-title"),
        measured_number(trial),
        text(trial.headline, class_name="headline", data_testid="trial-headline"),
        class_name="trial-card",
        data_side=trial.side,
    )


def leg_details(trial: ObjectVar[TrialView]) -> rx.Component:
    """How the number was found: the scale, recording quality and its notes, the angle over
    time, the replay and every rep, below the first screen."""
    return card(
        heading(trial.detail_title, 2),
        colour_scale(trial),
        confidence_badge(trial),
        fine_print(trial.confidence_text, data_testid="confidence-text"),
        rx.cond(
            trial.flags.length() > 0,
            rx.el.ul(rx.foreach(trial.flags, flag_item), class_name="flags"),
        ),
        fppa_chart(trial),
        replay(trial, ResultState.assessment_id),
        rx.el.details(
            rx.el.summary(trial.reps_title),
            rx.el.ul(rx.foreach(trial.reps, rep_row), class_name="reps"),
        ),
        fine_print(trial.reference),
        class_name="trial-detail",
        data_side=trial.side,
    )


def _run_glance_row(cells: ArrayVar[list[str]]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(cells[0], scope="row"),
        rx.el.td(cells[1], class_name="num"),
        rx.el.td(cells[2], class_name="num"),
    )


def run_at_a_glance(run: ObjectVar[RunView]) -> rx.Component:
    """A run as the first screen shows it: each leg's means at midstance, its steps, the step
    rate with its 5–10% rise, and the step-time line."""
    return rx.el.section(
        row(
            heading(run.title, 2),
            rx.cond(
                ~run.trustworthy,
                badge("Not a finding", tone="neutral", data_testid="category-badge"),
            ),
            class_name="glance-title",
        ),
        rx.el.div(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(*[rx.el.th(name, scope="col") for name in RUN_GLANCE_COLUMNS])
                ),
                rx.el.tbody(rx.foreach(run.glance_rows, _run_glance_row)),
                class_name=rx.cond(
                    run.trustworthy, "data-table glance", "data-table glance data-table--untrusted"
                ),
                data_testid="run-glance",
            ),
            class_name="table-scroll",
        ),
        rx.cond(
            run.trustworthy,
            rx.foreach(run.typical_ranges, lambda line: fine_print(line)),
            text("Not a finding: see the notes below.", class_name="warn-text"),
        ),
        rx.cond(
            run.step_rate != "",
            text(
                "Step rate: ",
                rx.el.span(run.step_rate, class_name="num"),
                rx.cond(~run.trustworthy, " (not a finding)", ""),
                data_testid="step-rate",
            ),
        ),
        rx.cond(
            run.step_rate_target != "",
            callout(run.step_rate_target, data_testid="step-rate-target"),
        ),
        rx.cond(run.step_time != "", fine_print(run.step_time, data_testid="step-time")),
        class_name="trial-card",
        data_testid="run-card",
    )


def run_details(run: ObjectVar[RunView]) -> rx.Component:
    """How the run was measured: recording quality and its notes, and each measure at every step."""
    return card(
        heading("Your run: each step", 2),
        text(run.headline, data_testid="trial-headline"),
        confidence_badge(run),
        fine_print(run.confidence_text, data_testid="confidence-text"),
        rx.cond(
            run.flags.length() > 0,
            rx.el.ul(rx.foreach(run.flags, flag_item), class_name="flags"),
        ),
        step_charts(run.charts, run.chart_caption),
        replay(run, ResultState.assessment_id, STRIDE_REPLAY_LABEL),
        class_name="trial-detail",
        data_testid="run-detail",
    )


def share_card() -> rx.Component:
    return card(
        heading("Share with your physiotherapist", 2),
        fine_print(
            "Anyone with this link can see this result and the clinical details; no account is needed.",
        ),
        share_link(url=ResultState.share_url, title="My knee check result"),
        rx.el.img(
            src=ResultState.qr_svg,
            alt="QR code of the link to this result",
            class_name="qr",
            data_testid="share-qr",
        ),
        fine_print(
            rx.cond(
                ResultState.expires_at != "",
                rx.fragment("The link works until ", local_time(iso=ResultState.expires_at), "."),
                "The link works until you delete it.",
            ),
            data_testid="expiry",
        ),
        class_name="share-card no-print",
    )


def owner_controls() -> rx.Component:
    """Deleting needs the owner key, which only the recording device holds."""
    return rx.cond(
        ResultState.owned,
        rx.el.div(
            rx.cond(
                ResultState.confirming_delete,
                rx.el.div(
                    heading("Delete this result?", 2, id="delete-title"),
                    text(
                        "The result and its keypoints are removed from the server and the shared link stops"
                        " working for everyone. This cannot be undone."
                    ),
                    row(
                        button("Keep it", "secondary", on_click=ResultState.keep),
                        button(
                            "Delete",
                            "danger",
                            on_click=ResultState.delete,
                            data_testid="delete-confirm",
                        ),
                    ),
                    role="alertdialog",
                    aria_labelledby="delete-title",
                    class_name="card confirm",
                ),
                button(
                    "Delete this result",
                    "danger-quiet",
                    on_click=ResultState.ask_to_delete,
                    data_testid="delete-open",
                ),
            ),
            rx.cond(ResultState.delete_error != "", callout(ResultState.delete_error, tone="bad")),
            class_name="no-print",
        ),
    )


def found_view() -> rx.Component:
    return rx.fragment(
        heading("Your result", 1),
        fine_print(
            ResultState.tests,
            " · recorded ",
            local_time(iso=ResultState.created_at),
            data_testid="recorded",
        ),
        # The first screen of a phone: both legs and the left-right line; the rest follows.
        rx.el.div(
            rx.cond(
                ResultState.trials.length() > 0,
                card(rx.foreach(ResultState.trials, leg_at_a_glance)),
            ),
            rx.foreach(ResultState.runs, lambda run: card(run_at_a_glance(run))),
            rx.cond(
                ResultState.asymmetry != "",
                callout(ResultState.asymmetry, data_testid="asymmetry"),
            ),
            class_name="at-a-glance",
            data_testid="at-a-glance",
        ),
        rx.foreach(ResultState.trials, leg_details),
        rx.foreach(ResultState.runs, run_details),
        squat_vs_run_section(ResultState.squat_vs_run, ResultState.squat_vs_run_note),
        heading("What this means", 2),
        rx.foreach(ResultState.runner_sections, section_on_demand),
        share_card(),
        row(
            button_link(
                "Clinical view",
                "/r/" + ResultState.assessment_id + "/clinician",
                "secondary",
                data_testid="clinician-link",
            ),
            button_link("Your tests", "/history", "secondary"),
            class_name="no-print",
        ),
        rx.el.a("Test again", href="/capture", class_name="wiz-button no-print"),
        owner_controls(),
    )


def result() -> rx.Component:
    return page_frame(report_status(ResultState.status, found_view()))
