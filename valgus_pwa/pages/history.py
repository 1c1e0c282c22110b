"""The device's own tests (/history) and how each knee changed between two of them (/progress)."""

from __future__ import annotations

from typing import cast

import reflex as rx
from reflex.event import EventCallback
from reflex.vars import ObjectVar, Var

from valgus_pwa.components import ui
from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.report import chart_box, local_time, squat_vs_run_section
from valgus_pwa.components.sections import section_card
from valgus_pwa.state.history import HistoryRow, HistoryState, SideChangeView
from valgus_pwa.state.trial_view import UNTRUSTED_LEFT_OUT, UntrustedTest

VERDICT_TONES = {"within_noise": "neutral", "real_change": "info", "not_comparable": "caution"}
# mypy reads rx.event (a class whose __new__ returns the handler) as returning the class itself;
# each of these handlers is an EventCallback taking an assessment id.
forget = cast("EventCallback[str]", HistoryState.forget)
choose_earlier = cast("EventCallback[str]", HistoryState.choose_earlier)
choose_current = cast("EventCallback[str]", HistoryState.choose_current)


def history_item(item: ObjectVar[HistoryRow]) -> rx.Component:
    return ui.card(
        rx.cond(
            item.available,
            rx.el.a(
                local_time(iso=item.recorded_at),
                href="/r/" + item.id.to(str),
                class_name="history-item__link",
            ),
            ui.row(
                rx.el.strong("A test that is no longer available"),
                ui.button("Remove from list", "secondary", on_click=forget(item.id.to(str))),
            ),
        ),
        rx.el.ul(rx.foreach(item.lines, lambda line: rx.el.li(line)), class_name="history-lines"),
        class_name="history-item",
        data_testid="history-item",
    )


def unavailable() -> rx.Component:
    return ui.callout(
        "The results database is briefly unavailable. Reload in a moment.", tone="bad"
    )


def history() -> rx.Component:
    return page_frame(
        ui.heading("Your tests", 1),
        ui.fine_print(
            "Tests recorded on this device. The list and the keys that let you delete a test stay on this device.",
        ),
        rx.match(
            HistoryState.status,
            (
                "found",
                rx.fragment(
                    rx.foreach(HistoryState.rows, history_item),
                    rx.cond(
                        HistoryState.comparable,
                        ui.button_link(
                            "Compare your tests", "/progress", data_testid="progress-link"
                        ),
                    ),
                ),
            ),
            ("empty", ui.text("No tests on this device yet.")),
            ("unavailable", unavailable()),
            ui.loading("Loading your tests…"),
        ),
        ui.button_link("Record a test", "/capture", "secondary"),
    )


def change_card(change: ObjectVar[SideChangeView], test_id: str) -> rx.Component:
    return ui.card(
        ui.text(change.title, class_name="field-label"),
        ui.badge(
            change.verdict_label, tone=rx.match(change.verdict, *VERDICT_TONES.items(), "neutral")
        ),
        ui.text(change.before_after, class_name="num", data_testid="change-values"),
        ui.text(change.message, class_name="headline", data_testid="change-message"),
        data_testid=test_id,
        data_verdict=change.verdict,
    )


def squat_vs_run_view() -> rx.Component:
    """The latest run beside the closest squat, when this device has both within the window."""
    return squat_vs_run_section(HistoryState.squat_vs_run, HistoryState.squat_vs_run_note)


def picker(
    label: str, value: Var[str], on_change: EventCallback[str], test_id: str
) -> rx.Component:
    return rx.el.label(
        rx.el.span(label, class_name="field-label"),
        rx.el.select(
            rx.foreach(
                HistoryState.options,
                lambda option: rx.el.option(local_time(iso=option[1]), value=option[0]),
            ),
            value=value,
            on_change=on_change,
            class_name="select",
        ),
        class_name="field",
        data_testid=test_id,
    )


def trend_chart() -> rx.Component:
    return chart_box(
        HistoryState.trend_chart,
        "Mean single-leg-squat knee angle per test, by weeks since your first test. Only reliable recordings count.",
        "trend-chart",
    )


def untrusted_item(item: ObjectVar[UntrustedTest]) -> rx.Component:
    return rx.el.li(
        rx.el.a(local_time(iso=item.recorded_at), href="/r/" + item.id.to(str) + "/clinician"),
        rx.el.ul(rx.foreach(item.lines, lambda line: rx.el.li(line)), class_name="history-lines"),
    )


def untrusted_list() -> rx.Component:
    """The tests the trend and the comparison leave out, their numbers labelled as such."""
    return rx.cond(
        HistoryState.untrusted.length() > 0,
        ui.callout(
            ui.text(UNTRUSTED_LEFT_OUT),
            rx.el.ul(rx.foreach(HistoryState.untrusted, untrusted_item)),
            tone="bad",
            data_testid="not-for-clinical-use",
        ),
    )


def comparison_view() -> rx.Component:
    return rx.fragment(
        trend_chart(),
        untrusted_list(),
        rx.el.div(
            picker("Earlier test", HistoryState.earlier_id, choose_earlier, "pick-earlier"),
            picker("Later test", HistoryState.current_id, choose_current, "pick-current"),
            class_name="pickers",
        ),
        rx.foreach(
            HistoryState.compare_notes,
            lambda note: ui.callout(note, tone="caution", data_testid="compare-note"),
        ),
        # foreach hands a two-argument function the index too: each card names its test id.
        rx.foreach(HistoryState.changes, lambda change: change_card(change, "side-change")),
        rx.foreach(
            HistoryState.running_changes, lambda change: change_card(change, "running-change")
        ),
        rx.foreach(HistoryState.explanation, section_card),
    )


def progress() -> rx.Component:
    return page_frame(
        ui.heading("Your progress", 1),
        rx.match(
            HistoryState.status,
            (
                "found",
                rx.fragment(
                    squat_vs_run_view(),
                    rx.cond(
                        HistoryState.options.length() >= 2,
                        comparison_view(),
                        ui.text(
                            "Record a second test in a few weeks to see whether anything changed."
                        ),
                    ),
                ),
            ),
            ("empty", ui.text("No tests on this device yet.")),
            ("unavailable", unavailable()),
            ui.loading("Loading your tests…"),
        ),
        ui.button_link("All your tests", "/history", "secondary"),
    )
