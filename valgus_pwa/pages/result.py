"""The result page /r/<id>: per leg, the angle, its reps, the recording quality and what it means."""

import reflex as rx

from valgus_pwa.components.layout import page_frame
from valgus_pwa.content import MEANING_PARAGRAPH
from valgus_pwa.state.result import FlagView, RepView, ResultState, TrialView

CONFIDENCE_COLORS = {"high": "grass", "medium": "amber", "low": "red"}


def confidence_badge(trial: TrialView) -> rx.Component:
    return rx.badge(
        "Recording quality: ",
        trial.confidence,
        color_scheme=rx.match(trial.confidence, *CONFIDENCE_COLORS.items(), "gray"),
        size="2",
    )


def rep_row(rep: RepView) -> rx.Component:
    return rx.el.li(rx.text(rep.label), rx.text(rep.fppa, class_name="num"), class_name="rep-row")


def flag_item(flag: FlagView) -> rx.Component:
    return rx.el.li(rx.text("⚠ ", aria_hidden="true", as_="span"), flag.message, data_flag=flag.code)


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
                rx.text("Mean knee angle (FPPA)", class_name="field-label"),
                rx.text(trial.spread, class_name="fine-print"),
                rx.cond(~trial.trustworthy, rx.text("Not a finding: see the notes below.", class_name="warn-text")),
                spacing="0",
            ),
            align="center",
            spacing="4",
        ),
        confidence_badge(trial),
        rx.text(trial.confidence_text, class_name="fine-print"),
        rx.cond(trial.flags.length() > 0, rx.el.ul(rx.foreach(trial.flags, flag_item), class_name="flags")),
        rx.cond(
            trial.reps.length() > 0,
            rx.el.details(
                rx.el.summary("Angle at the deepest point of each rep"),
                rx.el.ul(rx.foreach(trial.reps, rep_row), class_name="reps"),
                open=True,
            ),
        ),
        rx.text(trial.reference, class_name="fine-print"),
        class_name="trial-card",
    )


def found_view() -> rx.Component:
    return rx.fragment(
        rx.heading("Your result", size="7", as_="h1"),
        rx.text("Recorded ", ResultState.created_at, class_name="fine-print"),
        rx.foreach(ResultState.trials, trial_card),
        rx.cond(ResultState.asymmetry != "", rx.callout(ResultState.asymmetry, icon="scale")),
        rx.heading("What this number means", size="4", as_="h2"),
        rx.text(MEANING_PARAGRAPH, class_name="meaning"),
        rx.link(rx.button("Test the other leg", size="4", width="100%"), href="/capture"),
    )


def message_view(title: str, text: str) -> rx.Component:
    return rx.fragment(
        rx.heading(title, size="6", as_="h1"),
        rx.text(text),
        rx.link(rx.button("Go to the start", size="3"), href="/"),
    )


def result() -> rx.Component:
    return page_frame(
        rx.match(
            ResultState.status,
            ("found", found_view()),
            ("not_found", message_view("Result not found", "This link is wrong, expired or was deleted by its owner.")),
            ("unavailable", message_view("Please try again", "The results database is briefly unavailable. Reload in a moment.")),
            rx.hstack(rx.spinner(size="3"), rx.text("Loading the result…"), align="center"),
        )
    )
