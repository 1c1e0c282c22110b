"""One trial's report shaped for both report pages: words, numbers, colour scale and chart."""

from __future__ import annotations

import dataclasses
import math

from valgus_pwa.analysis.running import representative_stride
from valgus_pwa.content.metric_definitions import (
    NOT_FOR_CLINICAL_USE,
    TILT_REFERENCE_LABEL,
    UNTRUSTED_NOTICE,
    UNTRUSTED_TABLE_CAPTION,
    chart_caption,
    step_chart_caption,
    tilt_reference_text,
)
from valgus_pwa.content.metric_definitions import (
    UNTRUSTED_LEFT_OUT as UNTRUSTED_LEFT_OUT,  # re-exported: the progress page's words
)
from valgus_pwa.content.metrics import REP_NOT_METRICS, metric_label, metric_text, scalar_fields
from valgus_pwa.content.result_texts import (
    CATEGORY_LABELS,
    confidence_phrase,
    degrees,
    headline,
    rep_label,
    running_text,
    side_comparison_text,
    side_comparison_text_clinician,
    task_words,
)
from valgus_pwa.content.running_texts import (
    CAMERA_VIEWS,
    MEASURE_NAMES,
    STRIDE_EVENT,
    STRIDE_MOMENT,
    measure_value,
    step_rate_text,
    step_time_text,
    trial_step_rate_target,
    typical_range_text,
)
from valgus_pwa.schemas import (
    AssessmentOut,
    MetricStats,
    Rep,
    Report,
    RunningResult,
    RunningStep,
    Sex,
    TestName,
    TrialReport,
    TrialSummary,
)
from valgus_pwa.state.line_chart import Axis, Series, Shade, line_chart_html
from valgus_pwa.state.views import TEST_NAMES

MAX_CHART_POINTS = 600
FPPA_COLOUR = "#0f766e"
BOTTOM_COLOUR = "#c2410c"
LEG_COLOURS = {"left": "#0f766e", "right": "#c2410c"}
SCALE_MARGIN_DEG = 10.0


@dataclasses.dataclass
class RepView:
    label: str
    fppa: str


@dataclasses.dataclass
class FlagView:
    code: str
    message: str


@dataclasses.dataclass
class ZoneView:
    label: str
    width: str
    tone: str


@dataclasses.dataclass
class ScaleView:
    """A horizontal colour scale of the reference zones with the result marked on it."""

    zones: list[ZoneView]
    marker_left: str
    # Where the marker's label hangs: "start", "center" or "end", so it never leaves the bar.
    marker_align: str
    marker_label: str
    show_marker: bool
    axis_low: str
    axis_high: str


@dataclasses.dataclass
class TrialView:
    index: int
    side: str
    title: str
    leg: str  # "Left leg"
    detail_title: str
    headline: str
    # Empty for a trusted trial; else why its numbers are not for clinical use (the one rule).
    trust_notice: str
    fppa: str  # empty when no angle was measured: then no number is shown at all
    fppa_label: str
    # The repeated movement and its measured moment in the test's words, for the replay and the
    # per-rep list.
    event: str  # "rep", "landing"
    deepest_event: str  # "deepest rep", "deepest landing": what the replay shows
    moment: str  # "deepest point", "peak knee bend": the replay's marked frame
    reps_title: str
    spread: str
    trustworthy: bool
    category: str
    category_label: str
    confidence: str
    confidence_text: str
    reference: str
    reference_citation: str
    reference_note: str
    reps: list[RepView]
    flags: list[FlagView]
    scale: ScaleView
    # The knee angle over the recording, drawn on the server (line_chart): HTML with an SVG plot.
    chart: str
    chart_caption: str
    has_replay: bool
    replay_start_ms: float
    replay_end_ms: float
    replay_bottom_ms: float
    rep_columns: list[str]
    rep_rows: list[list[str]]
    rep_caption: str  # empty for a trusted trial
    quality_rows: list[list[str]]
    summary_rows: list[list[str]]
    # One column of the clinical view's both-legs table, in the order of GLANCE_ROWS.
    glance: list[str]


# The rows of the clinical view's table of both legs side by side.
GLANCE_ROWS = [
    "Mean knee FPPA ± SD",
    "Reps scored",
    "Category",
    "Typical range",
    "Recording quality",
]


def _one_decimal(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}°"


def for_clinical_use(summary: TrialSummary, value: str) -> str:
    """A trial's number as the clinical pages show it: labelled unless the recording is trusted.

    The one display rule of summary.trusted, so no page shows an untrusted number as a finding.
    """
    if summary.trusted or value in ("", "–"):
        return value
    return f"{value} ({NOT_FOR_CLINICAL_USE})"


def scale_view(trial: TrialReport, trustworthy: bool) -> ScaleView:
    """Reference zones from below to well above, sized by degrees, with the mean marked."""
    summary, reference = trial.summary, trial.summary.reference
    if reference is None:
        return ScaleView([], "0%", "center", "", False, "", "")
    well_above = summary.well_above_deg or reference.high_deg + SCALE_MARGIN_DEG
    value = summary.fppa_deg
    low = min(reference.low_deg - SCALE_MARGIN_DEG, value - 2 if value is not None else 0.0)
    high = max(well_above + SCALE_MARGIN_DEG, value + 2 if value is not None else 0.0)
    bounds = [low, reference.low_deg, reference.high_deg, well_above, high]
    zones = [
        ZoneView(
            CATEGORY_LABELS[tone].removesuffix(" the typical range").replace("Within", "Typical"),
            f"{(end - start) / (high - low) * 100:.2f}%",
            tone,
        )
        for tone, start, end in zip(
            ("below", "within", "above", "well_above"), bounds, bounds[1:], strict=False
        )
    ]
    marker = 0.0 if value is None else (value - low) / (high - low) * 100
    return ScaleView(
        zones,
        f"{marker:.2f}%",
        "start" if marker < 35 else "end" if marker > 65 else "center",
        f"You: {degrees(value)}" if value is not None else "",
        trustworthy,
        degrees(low),
        degrees(high),
    )


def chart_points(trial: TrialReport) -> list[dict[str, float | None]]:
    """FPPA per frame (seconds, degrees) with the rep bottoms marked, thinned for the browser.

    An untrusted trial's bottoms are not marked: the trace is there for inspection only.
    """
    bottoms = {rep.bottom_ms for rep in trial.reps}
    marked = bottoms if trial.summary.trusted else set()
    stride = max(1, len(trial.series.t_ms) // MAX_CHART_POINTS)
    points = []
    for index, (t_ms, fppa) in enumerate(
        zip(trial.series.t_ms, trial.series.fppa_deg, strict=True)
    ):
        if index % stride and t_ms not in bottoms:
            continue
        points.append(
            {"t": round(t_ms / 1000, 3), "fppa": fppa, "bottom": fppa if t_ms in marked else None}
        )
    return points


def thinned_chart(chart: list[dict[str, float | None]], most: int) -> list[dict[str, float | None]]:
    """Every n-th point of a chart, so at most `most` (plus the marked rep bottoms) remain.

    A marked bottom is always kept: it is a dot on the chart. The last point is kept too, so
    the trace ends where the recording ends.
    """
    stride = math.ceil(len(chart) / most) if chart else 1
    if stride <= 1:
        return chart
    last = len(chart) - 1
    return [
        point
        for index, point in enumerate(chart)
        if index % stride == 0 or index == last or point.get("bottom") is not None
    ]


def fppa_chart_html(trial: TrialReport, moment_label: str, most_points: int) -> str:
    """Knee FPPA over time, each rep shaded; a trusted trial adds the typical range and the
    deepest point of each rep. An untrusted one shows the trace and the reps alone, for
    inspection: nothing on it reads as a finding.
    """
    points = thinned_chart(chart_points(trial), most_points)
    reference = trial.summary.reference
    trusted = trial.summary.trusted
    shades = [
        Shade(rep.start_ms / 1000, rep.end_ms / 1000, "x", "#0ea5e9", 0.08) for rep in trial.reps
    ]
    if trusted and reference is not None:
        shades.insert(0, Shade(reference.low_deg, reference.high_deg, "y", "#16a34a", 0.12))
    series = [
        Series("Knee angle (FPPA)", FPPA_COLOUR, [(p["t"] or 0.0, p["fppa"]) for p in points])
    ]
    if trusted:
        bottoms = [(p["t"] or 0.0, p["bottom"]) for p in points if p["bottom"] is not None]
        series.append(Series(moment_label, BOTTOM_COLOUR, bottoms, "dots"))
    duration_s = math.ceil(trial.series.t_ms[-1] / 1000) if trial.series.t_ms else 1
    return line_chart_html(
        series,
        label=f"Knee angle (FPPA) in degrees over the {duration_s} s of the recording,"
        f" {len(trial.reps)} {'rep' if len(trial.reps) == 1 else 'reps'} shaded",
        x_axis=Axis(unit=" s", low=0, high=duration_s, integers=True),
        shades=shades,
    )


def deepest_rep(reps: list[Rep]) -> Rep | None:
    """The rep with the greatest depth; the replay shows it."""
    measured = [rep for rep in reps if rep.fppa_deg is not None]
    return max(measured, key=lambda rep: rep.depth or 0.0) if measured else None


def rep_table(
    reps: list[Rep], test: TestName = "single_leg_squat"
) -> tuple[list[str], list[list[str]]]:
    """The per-rep table's headings and cells, its movement and times named for the test."""
    words = task_words(test)
    names = scalar_fields(reps, skip=REP_NOT_METRICS)
    rows = [
        [str(number), *(metric_text(getattr(rep, name)) for name in names)]
        for number, rep in enumerate(reps, 1)
    ]
    headings = [words.columns.get(name, metric_label(name)) for name in names]
    return [words.event.capitalize(), *headings], rows


def quality_rows(trial: TrialReport) -> list[list[str]]:
    quality = trial.quality
    rows = [
        [metric_label(name), metric_text(getattr(quality, name))]
        for name in scalar_fields([quality])
    ]
    tilt = [TILT_REFERENCE_LABEL, tilt_reference_text(trial.tilt_reference, trial.device_roll_deg)]
    return [["Pose model", trial.landmark_model], *rows, tilt]


def _category_text(summary: TrialSummary) -> str:
    if not summary.trusted:
        return f"None: {NOT_FOR_CLINICAL_USE}"
    return CATEGORY_LABELS.get(summary.category or "", "–")


def summary_rows(trial: TrialReport) -> list[list[str]]:
    summary, reference = trial.summary, trial.summary.reference
    rows = [
        ["Mean knee FPPA", for_clinical_use(summary, _one_decimal(summary.fppa_deg))],
        ["SD between reps", for_clinical_use(summary, _one_decimal(summary.fppa_sd_deg))],
        ["Reps measured", str(summary.n_reps)],
        ["Category", _category_text(summary)],
    ]
    if reference is not None:
        rows.append(
            [
                "Reference range",
                f"{reference.low_deg:g}–{reference.high_deg:g}° ({reference.label})",
            ]
        )
    if summary.fppa_deg is None and summary.lowest_point_fppa_deg is not None:
        rows.append(
            [
                "FPPA at the lowest point",
                for_clinical_use(summary, _one_decimal(summary.lowest_point_fppa_deg)),
            ]
        )
    if summary.well_above_deg is not None:
        rows.append(["'Well above' from", f"{summary.well_above_deg:g}°"])
    return rows


def glance_column(trial: TrialReport) -> list[str]:
    """The trial's column in the both-legs table (GLANCE_ROWS): mean ± SD, n of N, category."""
    summary = trial.summary
    mean = _one_decimal(summary.fppa_deg)
    if summary.fppa_deg is not None and summary.fppa_sd_deg is not None:
        mean = f"{mean} ± {summary.fppa_sd_deg:.1f}°"
    reference = summary.reference
    typical = f"{reference.low_deg:g}–{reference.high_deg:g}°" if reference else "–"
    if reference and summary.well_above_deg is not None:
        typical += f"; well above from {summary.well_above_deg:g}°"
    return [
        for_clinical_use(summary, mean),
        f"{summary.n_reps} of {summary.n_reps_found}",
        _category_text(summary),
        typical,
        f"{trial.quality.confidence} confidence, "
        + ("passed its check" if summary.trusted else "failed its check"),
    ]


def trial_view(
    trial: TrialReport,
    sex: Sex = "unspecified",
    index: int = 0,
    most_chart_points: int = MAX_CHART_POINTS,
) -> TrialView:
    """A trial's report in the words and units both readers need."""
    summary, reference = trial.summary, trial.summary.reference
    trustworthy = summary.trusted
    deepest = deepest_rep(trial.reps)
    columns, rows = rep_table(trial.reps, trial.test)
    words = task_words(trial.test)
    return TrialView(
        index=index,
        side=trial.side,
        title=f"{trial.side.capitalize()} leg · {TEST_NAMES[trial.test]}",
        leg=f"{trial.side.capitalize()} leg",
        detail_title=f"{trial.side.capitalize()} leg: how it was measured",
        headline=headline(trial, sex),
        trust_notice="" if trustworthy else UNTRUSTED_NOTICE,
        fppa="" if summary.fppa_deg is None else _one_decimal(summary.fppa_deg),
        fppa_label=(
            f"Mean knee angle {words.at_moment} (FPPA)"
            if summary.fppa_deg is not None
            else f"No knee angle: every {words.event} was left out (see the notes below)"
            if summary.n_reps_found
            else f"No knee angle: no complete {words.event} was found (see the notes below)"
        ),
        event=words.event,
        deepest_event=f"deepest {words.event}",
        moment=words.moment,
        reps_title=f"Angle {words.at_moment} of each {words.event}",
        spread=""
        if summary.fppa_sd_deg is None
        else f"± {summary.fppa_sd_deg:.1f}° between {words.events}",
        trustworthy=trustworthy,
        category=(summary.category or "") if trustworthy else "",
        category_label=CATEGORY_LABELS.get(summary.category or "", "")
        if trustworthy
        else "Not a finding",
        confidence=trial.quality.confidence,
        confidence_text=confidence_phrase(trial.quality.confidence),
        reference=(
            f"Compared with {reference.label}: {reference.low_deg:g}–{reference.high_deg:g}°."
            if reference
            else ""
        ),
        reference_citation=reference.citation if reference else "",
        reference_note=summary.reference_note or "",
        reps=[
            RepView(label=rep_label(trial, number), fppa=_one_decimal(rep.fppa_deg))
            for number, rep in enumerate(trial.reps, 1)
        ],
        flags=[FlagView(code=flag.code, message=flag.message) for flag in trial.quality.flags],
        scale=scale_view(trial, trustworthy),
        chart=fppa_chart_html(
            trial, f"{words.moment.capitalize()} of a {words.event}", most_chart_points
        ),
        chart_caption=chart_caption(trustworthy, words.event, words.moment),
        has_replay=deepest is not None,
        replay_start_ms=deepest.start_ms if deepest else 0.0,
        replay_end_ms=deepest.end_ms if deepest else 0.0,
        replay_bottom_ms=deepest.bottom_ms if deepest else 0.0,
        rep_columns=columns,
        rep_rows=rows,
        rep_caption="" if trustworthy else UNTRUSTED_TABLE_CAPTION,
        quality_rows=quality_rows(trial),
        summary_rows=summary_rows(trial),
        glance=glance_column(trial),
    )


def asymmetry_text(report: Report, clinician: bool = False) -> str:
    """The left-right sentence: the difference judged against the reps' spread (content); for
    the clinician with its numbers (difference, SE, rep SDs, t), in the runner's words otherwise
    or when there is no FPPA difference to give numbers for."""
    numbers = side_comparison_text_clinician(report.comparison) if clinician else ""
    tests = {trial.test for trial in report.trials}
    test = tests.pop() if len(tests) == 1 else "single_leg_squat"
    return numbers or side_comparison_text(report.comparison, test)


@dataclasses.dataclass
class UntrustedTest:
    """An assessment with trials that failed their quality check, as the progress page lists it."""

    id: str
    recorded_at: str  # ISO; the page writes it in the reader's local time
    lines: list[str]


def untrusted_lines(report: Report) -> list[str]:
    """One line per trial that failed its quality check, its number labelled as the rule says."""
    lines = []
    for trial in report.trials:
        summary = trial.summary
        if summary.trusted:
            continue
        value = for_clinical_use(summary, _one_decimal(summary.fppa_deg))
        name = f"{trial.side.capitalize()} knee, {TEST_NAMES[trial.test]}"
        lines.append(f"{name}: {value}" if summary.fppa_deg is not None else f"{name}: no angle")
    return lines


def untrusted_tests(found: list[AssessmentOut]) -> list[UntrustedTest]:
    """The assessments, in the order given, that have a trial not for clinical use."""
    return [
        UntrustedTest(assessment.id, assessment.created_at, lines)
        for assessment in found
        if (lines := untrusted_lines(assessment.report))
    ]


@dataclasses.dataclass
class StepChartView:
    """One midstance measure at every step of each leg: a point per step, left and right."""

    measure: str  # the RunningStep field, e.g. "pelvic_drop_deg"
    title: str
    chart: str  # drawn on the server (line_chart): HTML with an SVG plot


@dataclasses.dataclass
class RunView:
    """A running trial (both legs) in the words and units both report pages need."""

    index: int  # the trial's place in the report, for the API
    title: str  # "Treadmill run · filmed from behind"
    headline: str
    trustworthy: bool
    # Empty for a trusted trial; else why its numbers are not for clinical use (the one rule).
    trust_notice: str
    # The first screen's table: a row per measure (name, left, right), then the steps.
    glance_rows: list[list[str]]
    step_rate: str  # "164 steps a minute", empty when none was measured
    step_rate_target: str  # the 5–10% rise as numbers; empty for an untrusted trial
    step_time: str
    # "Pelvic drop: typical in healthy runners 3.8–8.2° (source; 2D video)." per measure with a
    # published range; none for an untrusted trial, whose numbers are not compared.
    typical_ranges: list[str]
    confidence: str
    confidence_text: str
    flags: list[FlagView]
    charts: list[StepChartView]
    chart_caption: str
    # The clinical view's tables.
    step_columns: list[str]
    step_rows: list[list[str]]
    step_caption: str  # empty for a trusted trial
    leg_columns: list[str]
    leg_rows: list[list[str]]
    running_rows: list[list[str]]
    quality_rows: list[list[str]]
    # The replay of one stride (components/report.replay reads these names, as for a rep).
    has_replay: bool
    replay_start_ms: float
    replay_end_ms: float
    replay_bottom_ms: float  # the stride's first midstance, the frame shown first
    deepest_event: str  # what is played: "most typical stride"
    moment: str  # its marked frames: "midstance"


RUN_GLANCE_COLUMNS = ["At midstance", "Left leg", "Right leg"]
STEP_EVENTS = ("contact_ms", "midstance_ms", "toe_off_ms")


def _leg_steps(result: RunningResult, side: str) -> list[RunningStep]:
    return [step for step in result.steps if step.side == side]


def step_points(result: RunningResult, measure: str) -> dict[str, list[tuple[float, float | None]]]:
    """A measure against each leg's step number (1, 2, ...), so the two legs' steps line up."""
    return {
        side: [
            (float(number), getattr(step, measure))
            for number, step in enumerate(_leg_steps(result, side), 1)
        ]
        for side in ("left", "right")
    }


def step_chart(result: RunningResult, measure: str) -> StepChartView:
    points = step_points(result, measure)
    title = f"{MEASURE_NAMES[measure]} at each step"
    chart = line_chart_html(
        [
            Series(f"{side.capitalize()} leg", LEG_COLOURS[side], points[side], "line_and_dots")
            for side in ("left", "right")
        ],
        label=f"{title}, in degrees, left and right leg",
        x_axis=Axis(integers=True),
    )
    return StepChartView(measure, title, chart)


def run_glance_rows(result: RunningResult) -> list[list[str]]:
    """Each measure's mean per leg (left, right) and the number of steps."""
    sides = {side.side: side for side in result.sides}

    def mean(side: str, measure: str) -> str:
        stats = sides[side].metrics.get(measure) if side in sides else None
        return measure_value(stats.mean if stats else None)

    counts = [str(sides[side].n_steps) if side in sides else "0" for side in ("left", "right")]
    return [
        *(
            [name, mean("left", measure), mean("right", measure)]
            for measure, name in MEASURE_NAMES.items()
        ),
        ["Steps", *counts],
    ]


def _millis(value: float | None) -> str:
    """An event's time; a dash where this camera view does not see the event."""
    return "–" if value is None else f"{value:.1f}"


def step_table(result: RunningResult) -> tuple[list[str], list[list[str]]]:
    """The per-step table: number, stance leg, the events in ms and the midstance angles."""
    headings = ["Step", "Leg", *(metric_label(name) for name in (*STEP_EVENTS, *MEASURE_NAMES))]
    rows = [
        [
            str(number),
            step.side,
            *(_millis(getattr(step, name)) for name in STEP_EVENTS),
            *(measure_value(getattr(step, name), "") for name in MEASURE_NAMES),
        ]
        for number, step in enumerate(result.steps, 1)
    ]
    return headings, rows


def leg_table(trial: TrialReport, result: RunningResult) -> tuple[list[str], list[list[str]]]:
    """Each leg's mean, SD and n of every midstance measure; untrusted means labelled."""
    summary = trial.summary
    headings = ["Leg", "Statistic", *(metric_label(name) for name in MEASURE_NAMES)]
    rows = []
    for side in result.sides:
        stats = [side.metrics.get(name, MetricStats()) for name in MEASURE_NAMES]
        rows += [
            [
                side.side,
                "mean",
                *(for_clinical_use(summary, measure_value(s.mean, "")) for s in stats),
            ],
            [side.side, "SD", *(for_clinical_use(summary, measure_value(s.sd, "")) for s in stats)],
            [side.side, "n", *(str(s.n) for s in stats)],
        ]
    return headings, rows


def running_rows(trial: TrialReport, result: RunningResult) -> list[list[str]]:
    """Camera view, frame rate, steps, step rate, step times and their asymmetry."""
    summary = trial.summary
    fps = trial.quality.fps
    rate = result.step_rate_spm
    rows = [
        ["Camera view", f"{result.camera_view} ({CAMERA_VIEWS[result.camera_view]})"],
        ["Frame rate (fps)", "–" if fps is None else f"{fps:.1f}"],
        [
            "Steps found",
            f"{len(result.steps)} ({', '.join(f'{s.side} {s.n_steps}' for s in result.sides)})",
        ],
        [
            "Step rate (steps/min)",
            for_clinical_use(summary, "–" if rate is None else f"{rate:.1f}"),
        ],
    ]
    rows += [
        [
            f"Step time, {side.side} (ms)",
            for_clinical_use(
                summary, "–" if side.step_time_ms is None else f"{side.step_time_ms:.1f}"
            ),
        ]
        for side in result.sides
    ]
    asymmetry = result.step_time_asymmetry_pct
    rows.append(
        [
            "Step-time asymmetry (%)",
            for_clinical_use(
                summary, "–" if asymmetry is None else f"{asymmetry:+.1f}".replace("-", "−")
            ),
        ]
    )
    target = trial_step_rate_target(trial)
    if target is not None:
        rise = f"+{target.low_pct:g}–{target.high_pct:g}%"
        rows.append([f"Step rate {rise} (steps/min)", f"{target.low_spm}–{target.high_spm}"])
    return rows


def run_view(trial: TrialReport, index: int = 0) -> RunView:
    """A running trial's report in the words and units both readers need."""
    result = trial.running or RunningResult(camera_view="back")
    trustworthy = trial.summary.trusted
    target = trial_step_rate_target(trial)
    step_columns, step_rows = step_table(result)
    leg_columns, leg_rows = leg_table(trial, result)
    rate = result.step_rate_spm
    stride = representative_stride(result)
    return RunView(
        index=index,
        title=f"{TEST_NAMES[trial.test].capitalize()} · filmed {CAMERA_VIEWS[result.camera_view]}",
        headline=running_text(trial),
        trustworthy=trustworthy,
        trust_notice="" if trustworthy else UNTRUSTED_NOTICE,
        glance_rows=run_glance_rows(result),
        step_rate="" if rate is None else f"{rate:.0f} steps a minute",
        step_rate_target="" if target is None else step_rate_text(target, "runner"),
        step_time=step_time_text(result.step_time_asymmetry_pct, "runner"),
        typical_ranges=[
            line
            for measure in MEASURE_NAMES
            if trustworthy and (line := typical_range_text(measure))
        ],
        confidence=trial.quality.confidence,
        confidence_text=confidence_phrase(trial.quality.confidence),
        flags=[FlagView(code=flag.code, message=flag.message) for flag in trial.quality.flags],
        charts=[step_chart(result, measure) for measure in MEASURE_NAMES],
        chart_caption=step_chart_caption(trustworthy),
        step_columns=step_columns,
        step_rows=step_rows,
        step_caption="" if trustworthy else UNTRUSTED_TABLE_CAPTION,
        leg_columns=leg_columns,
        leg_rows=leg_rows,
        running_rows=running_rows(trial, result),
        quality_rows=quality_rows(trial),
        has_replay=stride is not None,
        replay_start_ms=0.0 if stride is None else stride.start_ms,
        replay_end_ms=0.0 if stride is None else stride.end_ms,
        replay_bottom_ms=0.0 if stride is None else stride.start_ms,
        deepest_event=STRIDE_EVENT,
        moment=STRIDE_MOMENT,
    )
