"""The device's own tests (/history) and how each knee changed between two of them (/progress)."""

import reflex as rx

from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.report import degree_chart
from valgus_pwa.pages.result import section_card
from valgus_pwa.state.history import HistoryRow, HistoryState, SideChangeView

VERDICT_COLORS = {"within_noise": "gray", "real_change": "teal", "not_comparable": "amber"}


def history_item(row: HistoryRow) -> rx.Component:
    return rx.card(
        rx.cond(
            row.available,
            rx.link(rx.text(row.recorded, weight="bold"), href="/r/" + row.id),
            rx.hstack(
                rx.text("A test that is no longer available", weight="bold"),
                rx.button("Remove from list", size="1", variant="soft", on_click=HistoryState.forget(row.id)),
                align="center",
                wrap="wrap",
            ),
        ),
        rx.el.ul(rx.foreach(row.lines, lambda line: rx.el.li(line)), class_name="history-lines"),
        class_name="history-item",
        data_testid="history-item",
    )


def unavailable() -> rx.Component:
    return rx.callout("The results database is briefly unavailable. Reload in a moment.", color_scheme="red")


def history() -> rx.Component:
    return page_frame(
        rx.heading("Your tests", size="7", as_="h1"),
        rx.text("Tests recorded on this device. The list and the keys that let you delete a test stay on this device.",
                class_name="fine-print"),
        rx.match(
            HistoryState.status,
            ("found", rx.fragment(
                rx.foreach(HistoryState.rows, history_item),
                rx.link(rx.button("Compare your tests", size="4", width="100%"), href="/progress",
                        data_testid="progress-link"),
            )),
            ("empty", rx.text("No tests on this device yet.")),
            ("unavailable", unavailable()),
            rx.spinner(size="3"),
        ),
        rx.link(rx.button("Record a test", size="3", variant="outline"), href="/capture"),
    )


def change_card(change: SideChangeView) -> rx.Component:
    return rx.card(
        rx.text(change.title, class_name="field-label"),
        rx.badge(change.verdict_label, color_scheme=rx.match(change.verdict, *VERDICT_COLORS.items(), "gray"), size="3"),
        rx.text(change.message, class_name="headline", data_testid="change-message"),
        data_testid="side-change",
        data_verdict=change.verdict,
    )


def picker(label: str, value, on_change, test_id: str) -> rx.Component:
    return rx.box(
        rx.text(label, class_name="field-label", as_="div"),
        rx.select.root(
            rx.select.trigger(width="100%"),
            rx.select.content(rx.foreach(HistoryState.options, lambda option: rx.select.item(option[1], value=option[0]))),
            value=value,
            on_change=on_change,
            size="3",
        ),
        class_name="field",
        data_testid=test_id,
    )


def trend_chart() -> rx.Component:
    return degree_chart(
        rx.recharts.line(data_key="left", name="Left knee", stroke="#0f766e", stroke_width=2, connect_nulls=True,
                         is_animation_active=False),
        rx.recharts.line(data_key="right", name="Right knee", stroke="#c2410c", stroke_width=2, connect_nulls=True,
                         is_animation_active=False),
        data=HistoryState.trend,
        x_axis=rx.recharts.x_axis(data_key="week", type_="number", unit=" wk", domain=[0, "dataMax"]),
        caption="Mean single-leg-squat knee angle per test, by weeks since your first test. Only reliable recordings count.",
        test_id="trend-chart",
    )


def comparison_view() -> rx.Component:
    return rx.fragment(
        trend_chart(),
        rx.grid(
            picker("Earlier test", HistoryState.earlier_id, HistoryState.choose_earlier, "pick-earlier"),
            picker("Later test", HistoryState.current_id, HistoryState.choose_current, "pick-current"),
            columns="2",
            spacing="3",
        ),
        rx.foreach(HistoryState.changes, change_card),
        rx.foreach(HistoryState.explanation, section_card),
    )


def progress() -> rx.Component:
    return page_frame(
        rx.heading("Your progress", size="7", as_="h1"),
        rx.match(
            HistoryState.status,
            ("found", rx.cond(
                HistoryState.options.length() >= 2,
                comparison_view(),
                rx.text("Record a second test in a few weeks to see whether anything changed."),
            )),
            ("empty", rx.text("No tests on this device yet.")),
            ("unavailable", unavailable()),
            rx.spinner(size="3"),
        ),
        rx.link(rx.button("All your tests", size="3", variant="outline"), href="/history"),
    )
