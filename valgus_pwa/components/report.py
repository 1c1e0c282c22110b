"""Widgets of a trial's report, shared by the runner's and the clinical view: charts and replay.

SkeletonReplay, ShareLink and LocalTime are local React components wrapped for Reflex.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar, Var

from valgus_pwa.components.ui import badge, card, fine_print, heading, text
from valgus_pwa.state.squat_vs_run import SquatVsRunView
from valgus_pwa.state.trial_view import RepMark, RunView, StepChartView, TrialView

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


def degree_chart(
    *layers: rx.Component,
    data: Var,
    x_axis: rx.Component,
    caption: str | Var[str] | None,
    test_id: str,
) -> rx.Component:
    """A line chart of angles in degrees: grid, legend and tooltip, with a caption below (if any)."""
    return rx.el.div(
        # The plot fills its box (250 px on screen, less on paper) and redraws when the box changes.
        rx.el.div(
            rx.recharts.line_chart(
                rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                *layers,
                x_axis,
                rx.recharts.y_axis(unit="°", width=48),
                rx.recharts.legend(),
                rx.recharts.graphing_tooltip(),
                data=data,
                width="100%",
                height="100%",
            ),
            class_name="chart__plot",
        ),
        *([fine_print(caption)] if caption is not None else []),
        class_name="chart",
        data_testid=test_id,
    )


def angle_line(data_key: str, name: str, colour: str, per_test: bool) -> rx.Component:
    """One angle series of a degree chart, drawn without animation.

    per_test: one point per test (the progress trend), dotted and bridging a test without a
    number; otherwise one point per frame, a plain line with gaps where nothing was measured.
    """
    return rx.recharts.line(
        data_key=data_key,
        name=name,
        stroke=colour,
        stroke_width=2,
        dot=per_test,
        connect_nulls=per_test,
        is_animation_active=False,
    )


def _rep_area(mark: ObjectVar[RepMark]) -> rx.Component:
    return rx.recharts.reference_area(
        x1=mark.start_s.to(int), x2=mark.end_s.to(int), fill="#0ea5e9", fill_opacity=0.08
    )


def _fppa_trace(trial: ObjectVar[TrialView]) -> rx.Component:
    return angle_line("fppa", "Knee angle (FPPA)", "#0f766e", per_test=False)


def _time_axis(trial: ObjectVar[TrialView]) -> rx.Component:
    return rx.recharts.x_axis(
        data_key="t",
        type_="number",
        unit=" s",
        domain=[0, trial.duration_s],
        allow_decimals=False,
    )


def fppa_chart(trial: ObjectVar[TrialView]) -> rx.Component:
    """Knee FPPA over time with the typical range shaded and each rep's deepest point marked.

    A trial that is not trusted shows the trace and the reps alone, for inspection: no range and
    no marked points, so nothing on the chart reads as a finding.
    """
    trusted = degree_chart(
        rx.recharts.reference_area(
            y1=trial.reference_low.to(int),
            y2=trial.reference_high.to(int),
            fill="#16a34a",
            fill_opacity=0.12,
            if_overflow="extendDomain",
        ),
        rx.foreach(trial.rep_marks, _rep_area),
        _fppa_trace(trial),
        rx.recharts.line(
            data_key="bottom",
            name=trial.moment_label,
            stroke="none",
            dot={"r": 5, "fill": "#c2410c", "stroke": "#c2410c"},
            is_animation_active=False,
        ),
        data=trial.chart,
        x_axis=_time_axis(trial),
        caption=trial.chart_caption,
        test_id="fppa-chart",
    )
    inspection = degree_chart(
        rx.foreach(trial.rep_marks, _rep_area),
        _fppa_trace(trial),
        data=trial.chart,
        x_axis=_time_axis(trial),
        caption=trial.chart_caption,
        test_id="fppa-chart",
    )
    return rx.cond(trial.trustworthy, trusted, inspection)


def step_chart(chart: ObjectVar[StepChartView]) -> rx.Component:
    """A running measure at each step, the left and the right leg's steps side by side."""
    return rx.el.div(
        text(chart.title, class_name="field-label"),
        degree_chart(
            angle_line("left", "Left leg", "#0f766e", per_test=True),
            angle_line("right", "Right leg", "#c2410c", per_test=True),
            data=chart.points,
            x_axis=rx.recharts.x_axis(
                data_key="step", type_="number", name="Step", allow_decimals=False
            ),
            caption=None,
            test_id="step-chart",
        ),
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
