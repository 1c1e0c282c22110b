"""CSV exports of an assessment, laid out as Kinovea exports are: time first, one column per value.

`frames_csv` has one row per frame: the filtered angles and the stance-leg pixel positions the
angle was drawn from. `reps_csv` has one row per rep with every per-rep metric.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from valgus_pwa.analysis.landmarks import LEGS, fix_label_swaps, to_pixels
from valgus_pwa.content.metrics import metric_label, metric_text, scalar_fields
from valgus_pwa.schemas import AssessmentOut, Trial, TrialReport

_JOINTS = ("hip", "knee", "ankle")
_TRIAL_COLUMNS = ["Trial", "Test", "Side"]


def _write(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _rep_events(report: TrialReport, t_ms: float) -> tuple[str, str]:
    """The rep a frame belongs to (1-based) and the rep event at that exact frame, if any."""
    rep_number, events = "", []
    for number, rep in enumerate(report.reps, start=1):
        if rep.start_ms <= t_ms <= rep.end_ms:
            rep_number = str(number)
        first = "contact" if report.test == "single_leg_landing" else "start"
        for name, at in ((first, rep.start_ms), ("bottom", rep.bottom_ms), ("end", rep.end_ms)):
            if at == t_ms:
                events.append(f"rep {number} {name}")
    return rep_number, "; ".join(events)


def _series_names(report: TrialReport) -> list[str]:
    """Per-frame value series of the report besides time, e.g. fppa_deg."""
    return [
        name
        for name, values in report.series.model_dump().items()
        if name != "t_ms" and isinstance(values, list)
    ]


def _frame_rows(
    number: int, report: TrialReport, trial: Trial, series_names: list[str]
) -> list[list[str]]:
    pixels, _ = fix_label_swaps(to_pixels(trial))
    leg = LEGS[trial.side]
    joints = pixels[:, [leg.hip, leg.knee, leg.ankle], :2].reshape(len(pixels), -1)
    series = report.series.model_dump()
    rows = []
    for index, t_ms in enumerate(report.series.t_ms):
        rep_number, event = _rep_events(report, t_ms)
        values = [metric_text(series[name][index]) for name in series_names]
        positions = [
            metric_text(round(float(v), 1)) if np.isfinite(v) else "" for v in joints[index]
        ]
        rows.append(
            [
                str(number),
                trial.test,
                trial.side,
                str(index),
                metric_text(t_ms),
                *values,
                rep_number,
                event,
                *positions,
            ]
        )
    return rows


def frames_csv(assessment: AssessmentOut) -> str:
    """Per-frame angles of every trial; needs the assessment loaded with its keypoints."""
    if assessment.trials is None:
        raise ValueError("the per-frame export needs the keypoints")
    series_names = list(
        dict.fromkeys(name for report in assessment.report.trials for name in _series_names(report))
    )
    header = [
        *_TRIAL_COLUMNS,
        "Frame",
        "Time (ms)",
        *(metric_label(name) for name in series_names),
        "Rep",
        "Event",
        *(f"{joint.capitalize()} {axis} (px)" for joint in _JOINTS for axis in ("x", "y")),
    ]
    rows = [
        row
        for number, (report, trial) in enumerate(
            zip(assessment.report.trials, assessment.trials, strict=True), start=1
        )
        for row in _frame_rows(number, report, trial, series_names)
    ]
    return _write(header, rows)


def reps_csv(assessment: AssessmentOut) -> str:
    """One row per rep of every trial, with every per-rep metric the report holds."""
    names = scalar_fields([rep for trial in assessment.report.trials for rep in trial.reps])
    rows = [
        [
            str(number),
            trial.test,
            trial.side,
            str(rep_number),
            *(metric_text(getattr(rep, name, None)) for name in names),
        ]
        for number, trial in enumerate(assessment.report.trials, start=1)
        for rep_number, rep in enumerate(trial.reps, start=1)
    ]
    return _write([*_TRIAL_COLUMNS, "Rep", *(metric_label(name) for name in names)], rows)


TABLES = {"frames": frames_csv, "reps": reps_csv}
