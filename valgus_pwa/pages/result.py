"""The runner's report at /r/<id>: a plain headline per leg, what it means, sharing and deleting."""

import reflex as rx

from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.report import degree_chart, share_link, skeleton_replay
from valgus_pwa.components.ui import (
    badge,
    button,
    button_link,
    callout,
    card,
    heading,
    loading,
    row,
    text,
)
from valgus_pwa.state.result import (
    FlagView,
    RepMark,
    RepView,
    ResultState,
    SectionView,
    SourceView,
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


def confidence_badge(trial: TrialView) -> rx.Component:
    return badge(
        "Recording quality: ",
        trial.confidence,
        tone=rx.match(trial.confidence, *CONFIDENCE_TONES.items(), "neutral"),
    )


def category_badge(trial: TrialView) -> rx.Component:
    return badge(
        trial.category_label,
        tone=rx.match(trial.category, *CATEGORY_TONES.items(), "neutral"),
        data_testid="category-badge",
    )


def zone(item: ZoneView) -> rx.Component:
    return rx.el.div(
        rx.el.span(item.label),
        class_name="scale__zone scale__zone--" + item.tone,
        style={"width": item.width},
    )


def colour_scale(trial: TrialView) -> rx.Component:
    """Reference zones as coloured, labelled bands with the result marked; text carries the meaning."""
    scale = trial.scale
    return rx.el.div(
        rx.el.div(
            rx.foreach(scale.zones, zone),
            rx.cond(
                scale.show_marker,
                rx.el.div(
                    rx.el.span(scale.marker_label),
                    class_name="scale__marker",
                    style={"left": scale.marker_left},
                ),
            ),
            class_name="scale__bar",
        ),
        rx.el.div(
            rx.el.span(scale.axis_low), rx.el.span(scale.axis_high), class_name="scale__axis"
        ),
        rx.cond(
            ~scale.show_marker,
            text("No reliable value to place on this scale.", class_name="fine-print"),
        ),
        class_name="scale",
        role="img",
        aria_label=trial.headline,
    )


def rep_row(rep: RepView) -> rx.Component:
    return rx.el.li(
        rx.el.span(rep.label), rx.el.span(rep.fppa, class_name="num"), class_name="rep-row"
    )


def flag_item(flag: FlagView) -> rx.Component:
    return rx.el.li(rx.el.span("⚠ ", aria_hidden="true"), flag.message, data_flag=flag.code)


def rep_area(mark: RepMark) -> rx.Component:
    return rx.recharts.reference_area(
        x1=mark.start_s.to(int), x2=mark.end_s.to(int), fill="#0ea5e9", fill_opacity=0.08
    )


def fppa_chart(trial: TrialView) -> rx.Component:
    """Knee FPPA over time with the typical range shaded and each rep's deepest point marked."""
    return degree_chart(
        rx.recharts.reference_area(
            y1=trial.reference_low.to(int),
            y2=trial.reference_high.to(int),
            fill="#16a34a",
            fill_opacity=0.12,
            if_overflow="extendDomain",
        ),
        rx.foreach(trial.rep_marks, rep_area),
        rx.recharts.line(
            data_key="fppa",
            name="Knee angle (FPPA)",
            stroke="#0f766e",
            stroke_width=2,
            dot=False,
            is_animation_active=False,
            connect_nulls=False,
        ),
        rx.recharts.line(
            data_key="bottom",
            name="Deepest point of a rep",
            stroke="none",
            dot={"r": 5, "fill": "#c2410c", "stroke": "#c2410c"},
            is_animation_active=False,
        ),
        data=trial.chart,
        x_axis=rx.recharts.x_axis(
            data_key="t",
            type_="number",
            unit=" s",
            domain=[0, trial.duration_s],
            allow_decimals=False,
        ),
        caption="Shaded band: the typical range. Light blue: each rep.",
        test_id="fppa-chart",
    )


def replay(trial: TrialView, label: str = "Replay of your deepest rep") -> rx.Component:
    return rx.cond(
        trial.has_replay,
        rx.el.div(
            text(label, class_name="field-label"),
            skeleton_replay(
                assessment_id=ResultState.report_id,
                trial_index=trial.index,
                start_ms=trial.replay_start_ms,
                end_ms=trial.replay_end_ms,
                bottom_ms=trial.replay_bottom_ms,
            ),
            class_name="replay-box",
        ),
    )


def trial_card(trial: TrialView) -> rx.Component:
    return card(
        heading(trial.title, 2),
        text(trial.headline, class_name="headline", data_testid="trial-headline"),
        rx.el.div(
            text(
                trial.fppa,
                class_name=rx.cond(
                    trial.trustworthy, "big-number", "big-number big-number--untrusted"
                ),
                data_testid="fppa-mean",
            ),
            rx.el.div(
                text(trial.fppa_label, class_name="field-label"),
                text(trial.spread, class_name="fine-print"),
                rx.cond(
                    ~trial.trustworthy,
                    text("Not a finding: see the notes below.", class_name="warn-text"),
                ),
            ),
            class_name="measure",
        ),
        category_badge(trial),
        colour_scale(trial),
        confidence_badge(trial),
        text(trial.confidence_text, class_name="fine-print", data_testid="confidence-text"),
        rx.cond(
            trial.flags.length() > 0,
            rx.el.ul(rx.foreach(trial.flags, flag_item), class_name="flags"),
        ),
        fppa_chart(trial),
        replay(trial),
        rx.el.details(
            rx.el.summary("Angle at the deepest point of each rep"),
            rx.el.ul(rx.foreach(trial.reps, rep_row), class_name="reps"),
        ),
        text(trial.reference, class_name="fine-print"),
        class_name="trial-card",
    )


def source_item(source: SourceView) -> rx.Component:
    return rx.el.li(
        source.citation, " ", rx.el.a(source.url, href=source.url, target="_blank", rel="noopener")
    )


def section_card(section: SectionView) -> rx.Component:
    return rx.el.section(
        heading(section.title, 3),
        rx.html(section.html),
        rx.cond(
            section.sources.length() > 0,
            rx.el.details(
                rx.el.summary("Sources"),
                rx.el.ol(rx.foreach(section.sources, source_item), class_name="sources"),
            ),
        ),
        class_name="education",
        data_section=section.key,
    )


def share_card() -> rx.Component:
    return card(
        heading("Share with your physiotherapist", 2),
        text(
            "Anyone with this link can see this result and the clinical details; no account is needed.",
            class_name="fine-print",
        ),
        share_link(url=ResultState.share_url, title="My knee check result"),
        rx.el.img(
            src=ResultState.qr_svg,
            alt="QR code of the link to this result",
            class_name="qr",
            data_testid="share-qr",
        ),
        text(
            rx.cond(
                ResultState.expires_at != "",
                "The link works until " + ResultState.expires_at + ".",
                "The link works until you delete it.",
            ),
            class_name="fine-print",
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
        text("Recorded ", ResultState.created_at, class_name="fine-print"),
        rx.foreach(ResultState.trials, trial_card),
        rx.cond(
            ResultState.asymmetry != "", callout(ResultState.asymmetry, data_testid="asymmetry")
        ),
        heading("What this means", 2),
        rx.foreach(ResultState.runner_sections, section_card),
        share_card(),
        row(
            button_link(
                "Clinical view",
                "/r/" + ResultState.report_id + "/clinician",
                "secondary",
                data_testid="clinician-link",
            ),
            button_link("Your tests", "/history", "secondary"),
            class_name="no-print",
        ),
        rx.el.a("Test again", href="/capture", class_name="wiz-button no-print"),
        owner_controls(),
    )


def message_view(title: str, message: str) -> rx.Component:
    return rx.fragment(
        heading(title, 1),
        text(message),
        button_link("Go to the start", "/"),
    )


def report_status(found: rx.Component) -> rx.Component:
    """The page body for each load status; shared by the runner and clinical views."""
    return rx.match(
        ResultState.status,
        ("found", found),
        (
            "not_found",
            message_view(
                "Result not found", "This link is wrong, expired or was deleted by its owner."
            ),
        ),
        (
            "deleted",
            message_view("Result deleted", "The result was deleted and its link no longer works."),
        ),
        (
            "unavailable",
            message_view(
                "Please try again",
                "The results database is briefly unavailable. Reload in a moment.",
            ),
        ),
        loading("Loading the result…"),
    )


def result() -> rx.Component:
    return page_frame(report_status(found_view()))
