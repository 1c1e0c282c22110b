"""CSV exports of an assessment, laid out as Kinovea exports are: time first, one column per value.

Both tables start with a UTF-8 byte order mark (so Excel reads "°" right) and a short metadata
header, lines starting with "# " that `pandas.read_csv(path, comment="#")` skips. Every numeric
column has a fixed number of decimals; an empty cell is a value that could not be measured.

`frames_csv` has one row per frame: the time in seconds and milliseconds, the frame index, the
rep and its events, every per-frame measure of the analysis, and the measured points raw and
filtered, so that each angle can be recomputed from the filtered points of its own row.
`reps_csv` has one row per rep with every per-rep metric, then the trial's mean and SD rows.
Both carry the trusted flag of the trial and of each rep. `steps_csv` has one row per step of
every running trial (both legs), then each leg's mean, SD and n rows; it refuses an assessment
without a running trial (NoRunningTrial). docs/MEASUREMENT.md, section 8, documents every column.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re
from collections.abc import Iterable

import numpy as np

from valgus_pwa.analysis import ANALYSIS_VERSION
from valgus_pwa.analysis.filtering import (
    DEFAULT_CUTOFF_HZ,
    DEFAULT_MAX_GAP_MS,
    LANDING_CUTOFF_HZ,
)
from valgus_pwa.analysis.frame_values import MEASURED_POINTS, frame_values
from valgus_pwa.analysis.kinematics import Kinematics
from valgus_pwa.content.metrics import REP_NOT_METRICS, metric_label, scalar_fields
from valgus_pwa.schemas import (
    AssessmentOut,
    MetricStats,
    Rep,
    RunningResult,
    RunningStep,
    Trial,
    TrialReport,
)

BOM = "\ufeff"
# Fixed decimals per kind of column (docs/MEASUREMENT.md, section 8).
TIME_S_DECIMALS = 4
TIME_MS_DECIMALS = 1
ANGLE_DECIMALS = 2
SHARE_DECIMALS = 3  # per-frame shares of leg length
REPORT_DECIMALS = 2  # per-rep values, as the report stores them
PIXEL_DECIMALS = 3  # fine enough to recompute an angle from them within 0.01°
FPS_DECIMALS = 2
ROLL_DECIMALS = 3  # pelvic drop and trunk lean move one for one with the roll
_TRIAL_COLUMNS = ["Trial", "Test", "Side", "Trial trusted"]
_POINT_LABELS = {
    "hip": "Stance hip",
    "knee": "Stance knee",
    "ankle": "Stance ankle",
    "free_hip": "Free-side hip",
    "left_shoulder": "Left shoulder",
    "right_shoulder": "Right shoulder",
}
_MEASURES = [field.name for field in dataclasses.fields(Kinematics)]
# Every step column, in schema order, whether or not the camera view sees that event.
_STEP_FIELDS = [name for name in RunningStep.model_fields if name != "side"]
# A client-sent name goes into a metadata line: nothing that could end the line, start another
# cell (and so a formula) in a spreadsheet, or quote.
_UNSAFE = re.compile(r"[^\w.+\-/: ]")


def fixed(value: float | None, decimals: int) -> str:
    """A number with a fixed number of decimals; empty when missing, never "-0.00"."""
    if value is None or not math.isfinite(value):
        return ""
    text = f"{value:.{decimals}f}"
    return text[1:] if text[0] == "-" and not text.strip("-0.") else text


def fixed_column(values: np.ndarray, decimals: int) -> list[str]:
    """fixed() of every value of a column."""
    return [fixed(value, decimals) for value in np.asarray(values, dtype=float).tolist()]


def _flag(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _cell(value: object, decimals: int) -> str:
    """A report value: yes/no for flags, fixed decimals for numbers, text as it is."""
    if value is None or isinstance(value, bool):
        return _flag(value)
    if isinstance(value, (int, float)):
        return fixed(float(value), decimals)
    return str(value)


def _safe(text: object) -> str:
    return _UNSAFE.sub("_", str(text))


def _iso(value: object) -> str:
    isoformat = getattr(value, "isoformat", None)
    return _safe(isoformat() if callable(isoformat) else value)


def _capture(assessment: AssessmentOut) -> list[str]:
    """When it was recorded: the phone's capture time if it sent one, else the upload's."""
    recorded_at = getattr(assessment, "recorded_at", None)
    if recorded_at:
        return [f"captured_at: {_iso(recorded_at)}", "captured_at_source: phone"]
    return [f"captured_at: {_iso(assessment.created_at)}", "captured_at_source: server receipt"]


def _trial_line(number: int, report: TrialReport, trial: Trial | None) -> str:
    fps = report.quality.fps
    parts = [
        f"trial {number}: test {report.test}",
        f"side {report.side}",
        f"model {_safe(trial.landmark_model if trial else report.landmark_model)}",
        f"frame rate {fixed(fps, FPS_DECIMALS) or 'unknown'} fps",
    ]
    if trial is not None:
        parts += [
            f"resolution {trial.frame_width}x{trial.frame_height} px",
            f"mirrored {_flag(trial.mirrored)}",
        ]
    # Pelvic drop and trunk lean are against the true horizontal and vertical when the phone
    # sent its roll (in the unmirrored frame, + when the true vertical leans towards +x).
    roll = report.device_roll_deg
    parts.append(
        "tilt reference image axes"
        if roll is None
        else f"tilt reference level (phone roll {fixed(roll, ROLL_DECIMALS)}°)"
    )
    parts += [
        f"trusted {_flag(report.summary.trusted)}",
        f"{report.summary.n_reps} of {report.summary.n_reps_found} reps in the mean",
    ]
    return "; ".join(parts)


def _header_lines(assessment: AssessmentOut, title: str, with_frames: bool) -> list[str]:
    trials: Iterable[Trial | None] = assessment.trials or [None] * len(assessment.report.trials)
    lines = [
        f"Knee check export: {title}",
        f"id: {_safe(assessment.id)}",
        *_capture(assessment),
        f"analysis_version: {_safe(assessment.report.analysis_version)}",
    ]
    if with_frames and assessment.report.analysis_version != ANALYSIS_VERSION:
        # The per-frame values are recomputed from the keypoints by the analysis running now.
        lines.append(f"frames_analysis_version: {ANALYSIS_VERSION}")
    lines += [
        _trial_line(number, report, trial)
        for number, (report, trial) in enumerate(
            zip(assessment.report.trials, trials, strict=True), start=1
        )
    ]
    lines.append(
        "axes: image pixels of the analysed frame; origin top left; x right; y down;"
        " a mirrored recording is flipped back; left and right are the person's"
    )
    return lines


def _write(lines: list[str], header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    for line in lines:
        buffer.write(f"# {line}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _rep_events(report: TrialReport, t_ms: float) -> tuple[Rep | None, int | None, str]:
    """The rep a frame belongs to, its 1-based number, and the rep events at that exact frame."""
    belongs: tuple[Rep | None, int | None] = (None, None)
    events = []
    first = "contact" if report.test == "single_leg_landing" else "start"
    for number, rep in enumerate(report.reps, start=1):
        if rep.start_ms <= t_ms <= rep.end_ms:
            belongs = (rep, number)
        for name, at in ((first, rep.start_ms), ("bottom", rep.bottom_ms), ("end", rep.end_ms)):
            if at == t_ms:
                events.append(f"rep {number} {name}")
    return *belongs, "; ".join(events)


def _measure_decimals(name: str) -> int:
    return ANGLE_DECIMALS if name.endswith("_deg") else SHARE_DECIMALS


def _frame_header() -> list[str]:
    return [
        *_TRIAL_COLUMNS,
        "Frame",
        "Time (s)",
        "Time (ms)",
        "Rep",
        "Rep trusted",
        "Event",
        *(metric_label(name) for name in _MEASURES),
        *(
            f"{_POINT_LABELS[point]} {axis} {kind} (px)"
            for kind in ("raw", "filtered")
            for point in MEASURED_POINTS
            for axis in ("x", "y")
        ),
    ]


def _frame_rows(number: int, report: TrialReport, trial: Trial) -> list[list[str]]:
    values = frame_values(trial)
    # "Too deep" compares the filtered knee and hip: unknown where either is missing.
    seen = np.isfinite(values.filtered["hip"][:, 1] - values.filtered["knee"][:, 1])
    measures = []
    for name in _MEASURES:
        series = getattr(values.measures, name)
        if series.dtype == bool:
            measures.append(
                [_flag(bool(v) if s else None) for v, s in zip(series, seen, strict=True)]
            )
        else:
            measures.append(fixed_column(series, _measure_decimals(name)))
    points = [
        fixed_column(kind[point][:, axis], PIXEL_DECIMALS)
        for kind in (values.raw, values.filtered)
        for point in MEASURED_POINTS
        for axis in (0, 1)
    ]
    reps = [_rep_events(report, t_ms) for t_ms in values.t_ms.tolist()]
    trial_cells = _trial_cells(number, report)
    columns = [
        [str(index) for index in range(len(values.t_ms))],
        fixed_column(values.t_ms / 1000, TIME_S_DECIMALS),
        fixed_column(values.t_ms, TIME_MS_DECIMALS),
        ["" if rep_number is None else str(rep_number) for _, rep_number, _ in reps],
        ["" if rep is None else _flag(rep.trusted) for rep, _, _ in reps],
        [event for _, _, event in reps],
        *measures,
        *points,
    ]
    return [[*trial_cells, *cells] for cells in zip(*columns, strict=True)]


def frames_csv(assessment: AssessmentOut) -> str:
    """Per-frame measures and points of every trial; needs the assessment with its keypoints."""
    if assessment.trials is None:
        raise ValueError("the per-frame export needs the keypoints")
    lines = _header_lines(assessment, "values per frame (one row per frame of each trial)", True)
    lines += [
        "points: raw = the landmarks as recorded (left/right labels corrected);"
        " filtered = tracking jumps removed; gaps up to"
        f" {DEFAULT_MAX_GAP_MS:.0f} ms filled; zero-phase Butterworth low-pass at"
        f" {DEFAULT_CUTOFF_HZ:.0f} Hz (landings {LANDING_CUTOFF_HZ:.0f} Hz);"
        " every measure is computed from the filtered points of its row",
        f"decimals: Time (s) {TIME_S_DECIMALS}; Time (ms) {TIME_MS_DECIMALS};"
        f" angles {ANGLE_DECIMALS}; shares of leg length {SHARE_DECIMALS};"
        f" pixels {PIXEL_DECIMALS}; empty = not measured",
        "trusted: trial = quality ok and FPPA measured; rep = trial trusted and rep in the mean",
    ]
    rows = [
        row
        for number, (report, trial) in enumerate(
            zip(assessment.report.trials, assessment.trials, strict=True), start=1
        )
        for row in _frame_rows(number, report, trial)
    ]
    return _write(lines, _frame_header(), rows)


def _report_decimals(name: str) -> int:
    return TIME_MS_DECIMALS if name.endswith("_ms") else REPORT_DECIMALS


def _trial_cells(number: int, report: TrialReport) -> list[str]:
    return [str(number), report.test, report.side, _flag(report.summary.trusted)]


def _stat_cells(metrics: dict[str, MetricStats], names: list[str], stat: str) -> list[str]:
    """One statistic ("mean", "sd" or "n") of each metric; empty where there is none."""
    cells = []
    for name in names:
        stats = metrics.get(name)
        value = getattr(stats, stat) if stats is not None else None
        cells.append(fixed(value, 0 if stat == "n" else _report_decimals(name)))
    return cells


def _summary_rows(number: int, report: TrialReport, names: list[str]) -> list[list[str]]:
    """The trial's mean and sample SD of each metric over the reps in its mean."""
    cells = _trial_cells(number, report)
    trusted = _flag(report.summary.trusted)
    metrics = report.summary.metrics
    return [
        [*cells, label, trusted, "", *_stat_cells(metrics, names, stat)]
        for label, stat in (("mean", "mean"), ("SD", "sd"))
    ]


def reps_csv(assessment: AssessmentOut) -> str:
    """One row per rep of every trial with every per-rep metric, then each trial's mean and SD."""
    names = scalar_fields(
        [rep for trial in assessment.report.trials for rep in trial.reps], skip=REP_NOT_METRICS
    )
    lines = _header_lines(assessment, "metrics per rep (then each trial's mean and SD)", False)
    lines += [
        f"decimals: times (ms) {TIME_MS_DECIMALS}; every other number {REPORT_DECIMALS}"
        " (as the report stores them); empty = not measured",
        "trusted: trial = quality ok and FPPA measured; rep = trial trusted and rep in the mean;"
        " mean and SD rows = the trial's; SD is the sample SD over the reps in the mean",
    ]
    rows = []
    for number, report in enumerate(assessment.report.trials, start=1):
        trial_cells = _trial_cells(number, report)
        for rep_number, rep in enumerate(report.reps, start=1):
            rows.append(
                [
                    *trial_cells,
                    str(rep_number),
                    _flag(rep.trusted),
                    _flag(rep.in_mean),
                    *(_cell(getattr(rep, name, None), _report_decimals(name)) for name in names),
                ]
            )
        rows += _summary_rows(number, report, names)
    header = [*_TRIAL_COLUMNS, "Rep", "Trusted", "In the mean", *map(metric_label, names)]
    return _write(lines, header, rows)


class NoRunningTrial(ValueError):
    """The steps table was asked of an assessment that holds no running trial."""


def _steps_line(number: int, running: RunningResult) -> str:
    """A running trial's step count, step rate, each leg's step time and their asymmetry."""
    parts = [
        f"trial {number} steps: camera view {running.camera_view}",
        f"steps {len(running.steps)}",
        *(f"{leg.side} steps {leg.n_steps}" for leg in running.sides),
        f"step rate {fixed(running.step_rate_spm, REPORT_DECIMALS) or 'unknown'} steps/min",
        *(
            f"{leg.side} step time {fixed(leg.step_time_ms, TIME_MS_DECIMALS) or 'unknown'} ms"
            for leg in running.sides
        ),
        "step-time asymmetry"
        f" {fixed(running.step_time_asymmetry_pct, REPORT_DECIMALS) or 'unknown'} %",
    ]
    return "; ".join(parts)


def steps_csv(assessment: AssessmentOut) -> str:
    """One row per step of every running trial, both legs, then each leg's mean, SD and n."""
    running = [
        (number, report, report.running)
        for number, report in enumerate(assessment.report.trials, start=1)
        if report.running is not None
    ]
    if not running:
        raise NoRunningTrial("This assessment has no running trial, so no steps to export.")
    lines = _header_lines(
        assessment, "midstance angles per step (then each leg's mean, SD and n)", False
    )
    lines += [_steps_line(number, result) for number, _, result in running]
    lines += [
        f"decimals: times (ms) {TIME_MS_DECIMALS}; angles, step rate and asymmetry"
        f" {REPORT_DECIMALS} (as the report stores them); n 0; empty = not measured or not seen"
        " (contact is seen from the front only, toe-off from behind only)",
        "trusted: trial = quality ok and steps found; a single step is for inspection, a leg's"
        " mean over its steps is the finding; SD is the sample SD over the leg's steps",
        "step time: from the other leg's midstance to this leg's; step-time asymmetry:"
        " 100 x (left - right) / ((left + right) / 2) of the mean step times; + when left"
        " steps take longer",
    ]
    rows = []
    for number, report, result in running:
        trial_cells = _trial_cells(number, report)
        for step_number, step in enumerate(result.steps, start=1):
            cells = [_cell(getattr(step, name), _report_decimals(name)) for name in _STEP_FIELDS]
            rows.append([*trial_cells, str(step_number), step.side, *cells])
        rows += [
            [*trial_cells, label, leg.side, *_stat_cells(leg.metrics, _STEP_FIELDS, stat)]
            for leg in result.sides
            for label, stat in (("mean", "mean"), ("SD", "sd"), ("n", "n"))
        ]
    header = [*_TRIAL_COLUMNS, "Step", "Leg", *map(metric_label, _STEP_FIELDS)]
    return _write(lines, header, rows)


# The tables every assessment has; a running trial's steps table is asked for by name.
TABLES = {"frames": frames_csv, "reps": reps_csv}
EXPORTS = {**TABLES, "steps": steps_csv}
