"""The CSV exports are reproducible: every angle recomputed from the exported filtered points of
its own row matches the exported angle within 0.01°, on real MediaPipe output of the fixture
clips (tests/data, made by scripts/extract_fixture_landmarks.py) and on synthetic recordings.

The metadata header, the byte order mark, the fixed decimals and the trusted flags are checked
here too; tests/api/test_csv_export_api.py checks the same through the HTTP API.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.csv_reading import (
    BOM,
    metadata_and_rows,
    metadata_value,
    number,
    roll_deg,
    trial_metadata,
)
from tests.synthetic import jittered, squat_trial
from valgus_pwa.analysis import ANALYSIS_VERSION, analyse_assessment
from valgus_pwa.analysis.angles import (
    fppa_deg,
    hip_adduction_deg,
    pelvic_drop_deg,
    trunk_lean_deg,
)
from valgus_pwa.analysis.landmarks import LEGS
from valgus_pwa.analysis.reps import BOTTOM_FIT_SHARE
from valgus_pwa.api import csv_export
from valgus_pwa.schemas import MAX_DEVICE_ROLL_DEG, AssessmentIn, AssessmentOut

DATA = Path(__file__).resolve().parents[1] / "data"
CLIPS = sorted(path.name.removesuffix(".landmarks.json") for path in DATA.glob("*.landmarks.json"))
TOLERANCE_DEG = 0.01


def _assessment(*trials: dict, **extra: object) -> AssessmentOut:
    """An analysed assessment as the store gives it back, keypoints included."""
    uploaded = AssessmentIn.model_validate({"schema_version": 1, "trials": list(trials)})
    return AssessmentOut(
        id="example",
        created_at="2026-03-01T09:30:00+00:00",
        report_url="/r/example",
        report=analyse_assessment(uploaded),
        trials=uploaded.trials,
        **extra,
    )


def _clip(name: str) -> dict:
    return json.loads((DATA / f"{name}.landmarks.json").read_text())


def _points(rows: list[dict[str, str]], point: str, kind: str) -> np.ndarray:
    """An (n, 2) array of one exported point, NaN where the cell is empty."""
    return np.array(
        [
            [number(row[f"{point} {axis} {kind} (px)"]) or math.nan for axis in ("x", "y")]
            if row[f"{point} x {kind} (px)"]
            else [math.nan, math.nan]
            for row in rows
        ]
    )


def _column(rows: list[dict[str, str]], name: str) -> np.ndarray:
    return np.array([math.nan if not row[name] else float(row[name]) for row in rows])


def _plain_fppa(hip: np.ndarray, knee: np.ndarray, ankle: np.ndarray, medial_x: float):
    """FPPA by plain geometry, independent of the project's code: 180° minus the angle at the
    knee between knee→hip and knee→ankle, positive when the knee is medial of hip–ankle."""
    to_hip, to_ankle = hip - knee, ankle - knee
    cosine = np.sum(to_hip * to_ankle, axis=1) / (
        np.linalg.norm(to_hip, axis=1) * np.linalg.norm(to_ankle, axis=1)
    )
    interior = np.degrees(np.arccos(np.clip(cosine, -1, 1)))
    # Where the hip-ankle line passes at the knee's height, and which side the knee is on.
    share = (knee[:, 1] - hip[:, 1]) / (ankle[:, 1] - hip[:, 1])
    line_x = hip[:, 0] + share * (ankle[:, 0] - hip[:, 0])
    return np.sign((knee[:, 0] - line_x) * medial_x) * (180 - interior)


def _length(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.hypot(*(a - b).T)


def _rounding_bound_deg(length: np.ndarray) -> np.ndarray:
    """Largest error of an angle between two segments from pixels rounded to PIXEL_DECIMALS
    (each end off by up to half a unit in x and y), plus the angle column's own rounding."""
    half_unit = 0.5 * 10.0**-csv_export.PIXEL_DECIMALS * math.sqrt(2)
    return 0.5 * 10.0**-csv_export.ANGLE_DECIMALS + np.degrees(4 * half_unit / length) + 1e-9


def _check_recomputable(assessment: AssessmentOut) -> int:
    """Every trial's angles, recomputed from its filtered points, match the exported columns.

    Returns how many angles were compared."""
    metadata, rows = metadata_and_rows(csv_export.frames_csv(assessment))
    compared = 0
    for index, report in enumerate(assessment.report.trials, start=1):
        mine = [row for row in rows if row["Trial"] == str(index)]
        medial_x = LEGS[report.side].medial_x
        # As the header states it; its rounding moves pelvic drop and trunk lean one for one.
        roll = roll_deg(trial_metadata(metadata, index))
        roll_error = 0.5 * 10.0**-csv_export.ROLL_DECIMALS
        assert roll == pytest.approx(report.device_roll_deg or 0.0, abs=roll_error + 1e-9)
        hip, knee, ankle, free_hip, left_shoulder, right_shoulder = (
            _points(mine, point, "filtered")
            for point in (
                "Stance hip",
                "Stance knee",
                "Stance ankle",
                "Free-side hip",
                "Left shoulder",
                "Right shoulder",
            )
        )
        exported = _column(mine, "Knee FPPA (°)")
        mid_hip = (hip + free_hip) / 2
        mid_shoulder = (left_shoulder + right_shoulder) / 2
        with np.errstate(invalid="ignore", divide="ignore"):
            recomputed = {
                "Knee FPPA (°)": fppa_deg(hip, knee, ankle, medial_x),
                "Hip adduction (°)": hip_adduction_deg(hip, free_hip, knee, medial_x),
                "Contralateral pelvic drop (°)": pelvic_drop_deg(hip, free_hip, roll),
                "Trunk lateral lean (°)": trunk_lean_deg(mid_hip, mid_shoulder, medial_x, roll),
            }
            plain = _plain_fppa(hip, knee, ankle, medial_x)
        # The other angles hang on shorter segments (a side-on pelvis is a few pixels wide), so
        # their bound grows with the pixels' rounding over the shortest segment they use.
        shortest = {
            "Knee FPPA (°)": None,
            "Hip adduction (°)": np.fmin(_length(hip, free_hip), _length(hip, knee)),
            "Contralateral pelvic drop (°)": _length(hip, free_hip),
            "Trunk lateral lean (°)": _length(mid_hip, mid_shoulder),
        }
        for name, values in recomputed.items():
            column = _column(mine, name)
            assert np.array_equal(np.isfinite(column), np.isfinite(values)), name
            seen = np.isfinite(column)
            length = shortest[name]
            bound = TOLERANCE_DEG if length is None else _rounding_bound_deg(length[seen])
            if name in ("Contralateral pelvic drop (°)", "Trunk lateral lean (°)"):
                bound = bound + roll_error
            assert np.all(np.abs(values[seen] - column[seen]) <= bound), name
            compared += int(seen.sum())
        seen = np.isfinite(exported)
        assert np.abs(plain[seen] - exported[seen]).max(initial=0) <= TOLERANCE_DEG
        # The FPPA column is the report's own series.
        series = np.array([math.nan if v is None else v for v in report.series.fppa_deg])
        assert np.array_equal(np.isfinite(series), seen)
        assert np.abs(series[seen] - exported[seen]).max(initial=0) <= 0.005 + 1e-9
    return compared


@pytest.mark.parametrize("name", CLIPS)
def test_angles_recompute_from_the_exported_filtered_points_of_a_real_recording(name):
    trial = _clip(name)
    if name == "jump_landing_side_view":
        trial["test"] = "single_leg_landing"  # its 12 Hz filter too
    assert _check_recomputable(_assessment(trial)) > 100


def test_raw_points_are_the_uploaded_landmarks_in_pixels_and_filtered_ones_differ():
    trial = _clip("squat_two_leg_frontal")
    _, rows = metadata_and_rows(csv_export.frames_csv(_assessment(trial)))
    knee = LEGS[trial["side"]].knee
    width, height = trial["frame_width"], trial["frame_height"]
    raw = _points(rows, "Stance knee", "raw")
    uploaded = np.array([frame["landmarks"][knee][:2] for frame in trial["frames"]])
    # Frames are relabelled where MediaPipe traded left and right; most are not.
    same = np.all(np.abs(raw - uploaded * (width, height)) <= 0.0005 + 1e-9, axis=1)
    assert same.mean() > 0.5
    filtered = _points(rows, "Stance knee", "filtered")
    assert np.nanmax(np.abs(filtered - raw)) > 1  # the low-pass filter does move points


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    side=st.sampled_from(["left", "right"]),
    test=st.sampled_from(["single_leg_squat", "single_leg_landing"]),
    valgus_px=st.floats(-20, 60),
    fps=st.sampled_from([24.0, 30.0, 60.0]),
    noise=st.floats(0, 0.006),
    seed=st.integers(0, 10_000),
    mirrored=st.booleans(),
    dropped=st.lists(st.integers(0, 200), max_size=12),
    roll=st.one_of(st.none(), st.floats(-MAX_DEVICE_ROLL_DEG, MAX_DEVICE_ROLL_DEG)),
)
def test_angles_recompute_from_the_exported_filtered_points_of_synthetic_recordings(
    side, test, valgus_px, fps, noise, seed, mirrored, dropped, roll
):
    trial = jittered(squat_trial(side, reps=3, fps=fps, valgus_px=valgus_px), seed, noise)
    trial["test"], trial["mirrored"], trial["device_roll_deg"] = test, mirrored, roll
    for index in dropped:
        if index < len(trial["frames"]):
            trial["frames"][index]["landmarks"] = None
    _check_recomputable(_assessment(trial))


def test_the_header_states_id_time_trials_versions_and_axes():
    trial = squat_trial("left")
    stored = _assessment(trial)
    metadata, rows = metadata_and_rows(csv_export.frames_csv(stored))
    assert metadata_value(metadata, "id") == "example"
    assert metadata_value(metadata, "captured_at") == "2026-03-01T09:30:00+00:00"
    assert metadata_value(metadata, "captured_at_source") == "server receipt"
    assert metadata_value(metadata, "analysis_version") == ANALYSIS_VERSION
    assert trial_metadata(metadata, 1) == {
        "test": "single_leg_squat",
        "side": "left",
        "model": "pose_landmarker_lite",
        # The median frame interval of timestamps uploaded to 0.1 ms: 33.3 ms.
        "frame rate": f"{stored.report.trials[0].quality.fps:.2f} fps",
        "resolution": "720x1280 px",
        "mirrored": "no",
        "tilt reference": "image axes",
        "trusted": "yes",
    }
    axes = metadata_value(metadata, "axes")
    assert axes is not None and "x right" in axes and "y down" in axes and "origin top left" in axes
    assert len(rows) == len(trial["frames"])
    assert [row["Frame"] for row in rows] == [str(i) for i in range(len(rows))]
    times = [float(row["Time (s)"]) for row in rows]
    assert times == pytest.approx([frame["t_ms"] / 1000 for frame in trial["frames"]], abs=5e-5)


def test_a_capture_time_sent_by_the_phone_is_preferred():
    class WithCaptureTime(AssessmentOut):
        recorded_at: str | None = None

    uploaded = AssessmentIn.model_validate({"schema_version": 1, "trials": [squat_trial()]})
    stored = WithCaptureTime(
        id="example",
        created_at="2026-03-01T09:30:00+00:00",
        recorded_at="2026-03-01T09:28:12.500+01:00",
        report_url="/r/example",
        report=analyse_assessment(uploaded),
        trials=uploaded.trials,
    )
    for table in csv_export.TABLES.values():
        metadata, _ = metadata_and_rows(table(stored))
        assert metadata_value(metadata, "captured_at") == "2026-03-01T09:28:12.500+01:00"
        assert metadata_value(metadata, "captured_at_source") == "phone"


def test_a_stored_model_name_cannot_break_out_of_its_metadata_line():
    """Uploads now name a model by a short pattern; one stored before that rule is cleaned."""
    bad = 'lite,=HYPERLINK("x")\n1,2;"3"\r\t'
    stored = _assessment(squat_trial())
    stored = stored.model_copy(
        update={
            "trials": [t.model_copy(update={"landmark_model": bad}) for t in stored.trials],
            "report": stored.report.model_copy(
                update={
                    "trials": [
                        t.model_copy(update={"landmark_model": bad}) for t in stored.report.trials
                    ]
                }
            ),
        }
    )
    for table in csv_export.TABLES.values():
        text = table(stored)
        metadata, rows = metadata_and_rows(text)
        line = metadata_value(metadata, "trial 1")
        assert line is not None and not re.search(r'[,"\r\n\t]', line)
        assert rows and all(row["Trial"] == "1" for row in rows)


def _decimals(cell: str) -> int:
    return len(cell.split(".")[1]) if "." in cell else 0


FRAME_DECIMALS = {
    "Time (s)": 4,
    "Time (ms)": 1,
    "Knee FPPA (°)": 2,
    "Hip adduction (°)": 2,
    "Trunk lateral lean (°)": 2,
    "Depth (share of leg length)": 3,
    "Stance knee x raw (px)": 3,
    "Stance knee y filtered (px)": 3,
}


def test_every_numeric_column_has_fixed_decimals():
    text = csv_export.frames_csv(_assessment(_clip("squat_two_leg_frontal")))
    _, rows = metadata_and_rows(text)
    for name, decimals in FRAME_DECIMALS.items():
        cells = {_decimals(row[name]) for row in rows if row[name]}
        assert cells == {decimals}, name
    assert "-0.00," not in text and ",-0.000," not in text
    reps_text = csv_export.reps_csv(_assessment(squat_trial("right")))
    _, reps = metadata_and_rows(reps_text)
    for name in ("Knee FPPA (°)", "Depth (share of leg length)", "Bottom (ms)"):
        assert {_decimals(row[name]) for row in reps if row[name]} == {
            1 if name.endswith("(ms)") else 2
        }


def test_both_tables_start_with_a_bom_and_keep_degrees_readable():
    for table in csv_export.TABLES.values():
        text = table(_assessment(squat_trial()))
        assert text.startswith(BOM + "# ") and text.encode("utf-8").startswith(b"\xef\xbb\xbf#")
        assert "Knee FPPA (°)" in text


def test_reps_table_has_mean_and_sd_rows_and_trusted_flags():
    trusted = squat_trial("left", valgus_px=30)
    untrusted = squat_trial("right", reps=1)  # too few reps: no finding
    stored = _assessment(trusted, untrusted)
    assert [t.summary.trusted for t in stored.report.trials] == [True, False]
    metadata, rows = metadata_and_rows(csv_export.reps_csv(stored))
    assert trial_metadata(metadata, 2)["resolution"] == "720x1280 px"
    for number_, report in enumerate(stored.report.trials, start=1):
        mine = [row for row in rows if row["Trial"] == str(number_)]
        reps = [row for row in mine if row["Rep"].isdigit()]
        (mean,) = [row for row in mine if row["Rep"] == "mean"]
        (sd,) = [row for row in mine if row["Rep"] == "SD"]
        assert len(reps) == len(report.reps)
        flag = "yes" if report.summary.trusted else "no"
        assert {row["Trial trusted"] for row in mine} == {flag}
        for row in reps:
            assert row["Trusted"] == (
                "yes" if flag == "yes" and row["In the mean"] == "yes" else "no"
            )
        in_mean = [float(row["Knee FPPA (°)"]) for row in reps if row["In the mean"] == "yes"]
        assert float(mean["Knee FPPA (°)"]) == pytest.approx(np.mean(in_mean), abs=0.01)
        assert float(mean["Knee FPPA (°)"]) == pytest.approx(report.summary.fppa_deg)
        if len(in_mean) >= 2:
            assert float(sd["Knee FPPA (°)"]) == pytest.approx(np.std(in_mean, ddof=1), abs=0.01)
        else:
            assert sd["Knee FPPA (°)"] == ""
        assert mean["Trusted"] == flag and mean["Bottom (ms)"] == ""


def test_frames_of_an_untrusted_trial_are_never_marked_trusted():
    stored = _assessment(squat_trial("right", reps=1))
    _, rows = metadata_and_rows(csv_export.frames_csv(stored))
    assert {row["Trial trusted"] for row in rows} == {"no"}
    assert {row["Rep trusted"] for row in rows} <= {"", "no"}
    assert any(row["Rep"] == "1" for row in rows)


def test_pandas_reads_the_tables_past_the_bom_and_the_metadata(tmp_path):
    pandas = pytest.importorskip("pandas")
    for name, table in csv_export.TABLES.items():
        path = tmp_path / f"{name}.csv"
        path.write_bytes(table(_assessment(squat_trial())).encode("utf-8"))
        frame = pandas.read_csv(path, comment="#")
        assert list(frame.columns[:4]) == ["Trial", "Test", "Side", "Trial trusted"]
        assert frame["Knee FPPA (°)"].notna().any()
        # The python engine keeps the BOM unless told it is there.
        python = pandas.read_csv(path, comment="#", engine="python", encoding="utf-8-sig")
        assert list(python.columns) == list(frame.columns)


def _rep_fppa_from_frames(rows: list[dict[str, str]], rep: dict[str, str], landing: bool):
    """A rep's FPPA from the frames table alone, as docs/MEASUREMENT.md §8 says to get it.

    Squats: the constant of a quadratic fitted to FPPA against time over the bottom ± 20% of
    the rep's duration (at least five frames, else the bottom frame's value); landings: the
    value at the bottom frame."""
    t_ms, fppa = _column(rows, "Time (ms)"), _column(rows, "Knee FPPA (°)")
    start, bottom, end = (float(rep[f"{name} (ms)"]) for name in ("Start", "Bottom", "End"))
    at_bottom = fppa[np.argmin(np.abs(t_ms - bottom))]
    half = BOTTOM_FIT_SHARE * (end - start)
    near = (np.abs(t_ms - bottom) <= half) & np.isfinite(fppa)
    if landing or near.sum() < 5 or not np.isfinite(at_bottom):
        return at_bottom
    return np.polyfit((t_ms[near] - bottom) / half, fppa[near], 2)[2]


@pytest.mark.parametrize(
    "name",
    ["squat_two_leg_frontal", "squat_two_leg_oblique", "jump_landing_side_view", "synthetic"],
)
def test_each_reps_fppa_and_peak_recompute_from_the_frames_table(name):
    trial = jittered(squat_trial("left", valgus_px=25), 3) if name == "synthetic" else _clip(name)
    landing = name == "jump_landing_side_view"
    if landing:
        trial["test"] = "single_leg_landing"
    stored = _assessment(trial)
    _, frames = metadata_and_rows(csv_export.frames_csv(stored))
    _, reps = metadata_and_rows(csv_export.reps_csv(stored))
    reps = [row for row in reps if row["Rep"].isdigit()]
    assert reps
    for rep in reps:
        in_rep = [row for row in frames if row["Rep"] == rep["Rep"]]
        fitted = _rep_fppa_from_frames(frames, rep, landing)
        # The frames' angles and times are rounded (0.01°, 0.1 ms); the fit averages that out.
        assert fitted == pytest.approx(float(rep["Knee FPPA (°)"]), abs=0.01)
        peak = max(np.nanmax(_column(in_rep, "Knee FPPA (°)")), fitted)
        assert peak == pytest.approx(float(rep["Peak knee FPPA over the rep (°)"]), abs=0.01)
        (bottom,) = [row for row in in_rep if f"rep {rep['Rep']} bottom" in row["Event"]]
        assert float(bottom["Time (ms)"]) == pytest.approx(float(rep["Bottom (ms)"]), abs=0.05)
