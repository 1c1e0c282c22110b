"""The runner's report at /r/<id>: a plain headline per leg, what it means, sharing and deleting."""

import reflex as rx

from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.report import degree_chart, share_link, skeleton_replay
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

CONFIDENCE_COLORS = {"high": "grass", "medium": "amber", "low": "red"}
CATEGORY_COLORS = {"below": "blue", "within": "grass", "above": "amber", "well_above": "tomato"}
# Pages that show one person's results: never indexed, never leaking the link as a referrer.
REPORT_META = [
    {"name": "robots", "content": "noindex, nofollow"},
    {"name": "referrer", "content": "no-referrer"},
]


def confidence_badge(trial: TrialView) -> rx.Component:
    return rx.badge(
        "Recording quality: ",
        trial.confidence,
        color_scheme=rx.match(trial.confidence, *CONFIDENCE_COLORS.items(), "gray"),
        size="2",
    )


def category_badge(trial: TrialView) -> rx.Component:
    return rx.badge(
        trial.category_label,
        color_scheme=rx.match(trial.category, *CATEGORY_COLORS.items(), "gray"),
        size="3",
        data_testid="category-badge",
    )


def zone(item: ZoneView) -> rx.Component:
    return rx.box(rx.text(item.label, as_="span"), class_name="scale__zone scale__zone--" + item.tone, width=item.width)


def colour_scale(trial: TrialView) -> rx.Component:
    """Reference zones as coloured, labelled bands with the result marked; text carries the meaning."""
    scale = trial.scale
    return rx.box(
        rx.box(
            rx.foreach(scale.zones, zone),
            rx.cond(
                scale.show_marker,
                rx.box(rx.text(scale.marker_label, as_="span"), class_name="scale__marker", left=scale.marker_left),
            ),
            class_name="scale__bar",
        ),
        rx.hstack(rx.text(scale.axis_low), rx.spacer(), rx.text(scale.axis_high), class_name="scale__axis"),
        rx.cond(~scale.show_marker, rx.text("No reliable value to place on this scale.", class_name="fine-print")),
        class_name="scale",
        role="img",
        aria_label=trial.headline,
    )


def rep_row(rep: RepView) -> rx.Component:
    return rx.el.li(rx.text(rep.label), rx.text(rep.fppa, class_name="num"), class_name="rep-row")


def flag_item(flag: FlagView) -> rx.Component:
    return rx.el.li(rx.text("⚠ ", aria_hidden="true", as_="span"), flag.message, data_flag=flag.code)


def rep_area(mark: RepMark) -> rx.Component:
    return rx.recharts.reference_area(x1=mark.start_s.to(int), x2=mark.end_s.to(int), fill="#0ea5e9", fill_opacity=0.08)


def fppa_chart(trial: TrialView) -> rx.Component:
    """Knee FPPA over time with the typical range shaded and each rep's deepest point marked."""
    return degree_chart(
        rx.recharts.reference_area(y1=trial.reference_low.to(int), y2=trial.reference_high.to(int), fill="#16a34a",
                                   fill_opacity=0.12, if_overflow="extendDomain"),
        rx.foreach(trial.rep_marks, rep_area),
        rx.recharts.line(data_key="fppa", name="Knee angle (FPPA)", stroke="#0f766e", stroke_width=2,
                         dot=False, is_animation_active=False, connect_nulls=False),
        rx.recharts.line(data_key="bottom", name="Deepest point of a rep", stroke="none",
                         dot={"r": 5, "fill": "#c2410c", "stroke": "#c2410c"}, is_animation_active=False),
        data=trial.chart,
        x_axis=rx.recharts.x_axis(data_key="t", type_="number", unit=" s", domain=[0, trial.duration_s],
                                  allow_decimals=False),
        caption="Shaded band: the typical range. Light blue: each rep.",
        test_id="fppa-chart",
    )


def replay(trial: TrialView, label: str = "Replay of your deepest rep") -> rx.Component:
    return rx.cond(
        trial.has_replay,
        rx.box(
            rx.text(label, class_name="field-label"),
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
    return rx.card(
        rx.heading(trial.title, size="4", as_="h2"),
        rx.text(trial.headline, class_name="headline", data_testid="trial-headline"),
        rx.hstack(
            rx.text(
                trial.fppa,
                class_name=rx.cond(trial.trustworthy, "big-number", "big-number big-number--untrusted"),
                data_testid="fppa-mean",
            ),
            rx.vstack(
                rx.text(trial.fppa_label, class_name="field-label"),
                rx.text(trial.spread, class_name="fine-print"),
                rx.cond(~trial.trustworthy, rx.text("Not a finding: see the notes below.", class_name="warn-text")),
                spacing="0",
            ),
            align="center",
            spacing="4",
        ),
        category_badge(trial),
        colour_scale(trial),
        confidence_badge(trial),
        rx.text(trial.confidence_text, class_name="fine-print", data_testid="confidence-text"),
        rx.cond(trial.flags.length() > 0, rx.el.ul(rx.foreach(trial.flags, flag_item), class_name="flags")),
        fppa_chart(trial),
        replay(trial),
        rx.el.details(
            rx.el.summary("Angle at the deepest point of each rep"),
            rx.el.ul(rx.foreach(trial.reps, rep_row), class_name="reps"),
        ),
        rx.text(trial.reference, class_name="fine-print"),
        class_name="trial-card",
    )


def source_item(source: SourceView) -> rx.Component:
    return rx.el.li(source.citation, " ", rx.link(source.url, href=source.url, is_external=True))


def section_card(section: SectionView) -> rx.Component:
    return rx.box(
        rx.heading(section.title, size="4", as_="h3"),
        rx.markdown(section.markdown),
        rx.cond(
            section.sources.length() > 0,
            rx.el.details(rx.el.summary("Sources"), rx.el.ol(rx.foreach(section.sources, source_item), class_name="sources")),
        ),
        class_name="education",
        data_section=section.key,
    )


def share_card() -> rx.Component:
    return rx.card(
        rx.heading("Share with your physiotherapist", size="4", as_="h2"),
        rx.text("Anyone with this link can see this result and the clinical details; no account is needed.",
                class_name="fine-print"),
        share_link(url=ResultState.share_url, title="My knee check result"),
        rx.image(src=ResultState.qr_svg, alt="QR code of the link to this result", class_name="qr",
                 data_testid="share-qr"),
        rx.text(
            rx.cond(ResultState.expires_at != "", "The link works until " + ResultState.expires_at + ".",
                    "The link works until you delete it."),
            class_name="fine-print",
            data_testid="expiry",
        ),
        class_name="share-card no-print",
    )


def owner_controls() -> rx.Component:
    """Deleting needs the owner key, which only the recording device holds."""
    return rx.cond(
        ResultState.owned,
        rx.box(
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("Delete this result", color_scheme="red", variant="soft",
                                                  size="3", data_testid="delete-open")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Delete this result?"),
                    rx.alert_dialog.description(
                        "The result and its keypoints are removed from the server and the shared link stops"
                        " working for everyone. This cannot be undone."
                    ),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                        rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=ResultState.delete,
                                                         data_testid="delete-confirm")),
                        justify="end",
                        spacing="3",
                    ),
                ),
            ),
            rx.cond(ResultState.delete_error != "", rx.callout(ResultState.delete_error, color_scheme="red")),
            class_name="no-print",
        ),
    )


def found_view() -> rx.Component:
    return rx.fragment(
        rx.heading("Your result", size="7", as_="h1"),
        rx.text("Recorded ", ResultState.created_at, class_name="fine-print"),
        rx.foreach(ResultState.trials, trial_card),
        rx.cond(ResultState.asymmetry != "", rx.callout(ResultState.asymmetry, icon="scale", data_testid="asymmetry")),
        rx.heading("What this means", size="6", as_="h2"),
        rx.foreach(ResultState.runner_sections, section_card),
        share_card(),
        rx.hstack(
            rx.link(rx.button("Clinical view", variant="outline", size="3"), href="/r/" + ResultState.report_id + "/clinician",
                    data_testid="clinician-link"),
            rx.link(rx.button("Your tests", variant="outline", size="3"), href="/history"),
            wrap="wrap",
            spacing="3",
            class_name="no-print",
        ),
        rx.link(rx.button("Test again", size="4", width="100%"), href="/capture", class_name="no-print"),
        owner_controls(),
    )


def message_view(title: str, text: str) -> rx.Component:
    return rx.fragment(
        rx.heading(title, size="6", as_="h1"),
        rx.text(text),
        rx.link(rx.button("Go to the start", size="3"), href="/"),
    )


def report_status(found: rx.Component) -> rx.Component:
    """The page body for each load status; shared by the runner and clinical views."""
    return rx.match(
        ResultState.status,
        ("found", found),
        ("not_found", message_view("Result not found", "This link is wrong, expired or was deleted by its owner.")),
        ("deleted", message_view("Result deleted", "The result was deleted and its link no longer works.")),
        ("unavailable", message_view("Please try again", "The results database is briefly unavailable. Reload in a moment.")),
        rx.hstack(rx.spinner(size="3"), rx.text("Loading the result…"), align="center"),
    )


def result() -> rx.Component:
    return page_frame(report_status(found_view()))
