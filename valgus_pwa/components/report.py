"""Widgets of a trial's report, shared by the runner's and the clinical view: charts and replay.

SkeletonReplay, ShareLink and LocalTime are local React components wrapped for Reflex.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar, Var

from valgus_pwa.components.ui import badge, card, fine_print, heading, text
from valgus_pwa.state.squat_vs_run import SquatVsRunView
from valgus_pwa.state.trial_view import RunView, StepChartView, TrialView

# replay.jsx and local_time.jsx import these from their own folder: rx.asset links them beside.
LOCAL_MODULES = [rx.asset(name, shared=True) for name in ("contract.js", "time_format.js")]


class SkeletonReplay(rx.NoSSRComponent):
    """Plays one rep as a hip–knee–ankle skeleton with the knee angle, from the stored keypoints."""

    library = rx.asset("replay.jsx", shared=True).importable_path
    tag = "SkeletonReplay"

    assessment_id: rx.Var[str]
    trial_index: rx.Var[int]
    start_ms: rx.Var[float]
    end_ms: rx.Var[float]
    bottom_ms: rx.Var[float]
    # False for a recording that failed its quality check: its angle is marked as no finding.
    trusted: rx.Var[bool]
    # What is played and its marked moment, in the test's words (TrialView).
    event: rx.Var[str]
    moment: rx.Var[str]


class ShareLink(rx.NoSSRComponent):
    """A Share button (Web Share API, falling back to copying) and the link itself."""

    library = rx.asset("share.jsx", shared=True).importable_path
    tag = "ShareLink"

    url: rx.Var[str]
    title: rx.Var[str]


class LocalTime(rx.NoSSRComponent):
    """A stored ISO time in the reader's local time with its zone; the browser knows the zone."""

    library = rx.asset("local_time.jsx", shared=True).importable_path
    tag = "LocalTime"

    iso: rx.Var[str]


skeleton_replay = SkeletonReplay.create
share_link = ShareLink.create
local_time = LocalTime.create


def chart_box(chart: Var[str], caption: str | Var[str] | None, test_id: str) -> rx.Component:
    """A chart drawn on the server (state/line_chart), with a caption below (if any)."""
    return rx.el.div(
        rx.html(chart),
        *([fine_print(caption)] if caption is not None else []),
        class_name="chart",
        data_testid=test_id,
    )


def fppa_chart(trial: ObjectVar[TrialView]) -> rx.Component:
    """Knee FPPA over time: each rep shaded; for a trusted trial the typical range and each rep's
    deepest point too (state/trial_view.fppa_chart_html)."""
    return chart_box(trial.chart, trial.chart_caption, "fppa-chart")


def step_chart(chart: ObjectVar[StepChartView]) -> rx.Component:
    """A running measure at each step, the left and the right leg's steps side by side."""
    return rx.el.div(
        text(chart.title, class_name="field-label"),
        chart_box(chart.chart, None, "step-chart"),
        data_measure=chart.measure,
    )


def step_charts(charts: Var[list[StepChartView]], caption: str | Var[str]) -> rx.Component:
    """Every running measure's chart, with one caption for them all."""
    return rx.el.div(
        rx.foreach(charts, step_chart),
        fine_print(caption),
        # Two charts a row where they are at least 20rem wide each, one on a phone.
        style={
            "display": "grid",
            "gridTemplateColumns": "repeat(auto-fit, minmax(min(100%, 20rem), 1fr))",
            "gap": "12px",
        },
        data_testid="step-charts",
    )


def replay(
    trial: ObjectVar[TrialView] | ObjectVar[RunView],
    assessment_id: Var[str],
    label: str | Var[str] | None = None,
) -> rx.Component:
    """The trial's deepest rep (a run's most typical stride) played back as a skeleton."""
    return rx.cond(
        trial.has_replay,
        rx.el.div(
            text(
                "Replay of your " + trial.deepest_event.to(str) if label is None else label,
                class_name="field-label",
            ),
            skeleton_replay(
                assessment_id=assessment_id,
                trial_index=trial.index,
                start_ms=trial.replay_start_ms,
                end_ms=trial.replay_end_ms,
                bottom_ms=trial.replay_bottom_ms,
                trusted=trial.trustworthy,
                event=trial.deepest_event,
                moment=trial.moment,
            ),
            class_name="replay-box",
        ),
    )


SQUAT_VS_RUN_TONES = {
    "carries_into_running": "info",
    "squat_only": "neutral",
    "running_only": "info",
    "neither": "neutral",
    "not_comparable": "caution",
}


def squat_vs_run_card(leg: ObjectVar[SquatVsRunView]) -> rx.Component:
    return card(
        text(leg.title, class_name="field-label"),
        badge(
            leg.verdict_label,
            tone=rx.match(leg.verdict, *SQUAT_VS_RUN_TONES.items(), "neutral"),
        ),
        rx.el.ul(
            rx.foreach(leg.lines, lambda line: rx.el.li(line)),
            class_name="history-lines",
            data_testid="squat-vs-run-values",
        ),
        text(leg.message, data_testid="squat-vs-run-message"),
        data_testid="squat-vs-run",
        data_verdict=leg.verdict,
    )


def squat_vs_run_section(legs: ArrayVar, note: Var[str]) -> rx.Component:
    """A squat and a run side by side, a card a leg, when there is such a pair."""
    return rx.cond(
        legs.length() > 0,
        rx.el.section(
            heading("Squat vs. run", 2),
            fine_print(note),
            rx.foreach(legs, squat_vs_run_card),
            data_testid="squat-vs-run-section",
        ),
    )
