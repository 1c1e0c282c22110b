"""The CSV exports through the HTTP API: a real recording's angles recompute from its exported
filtered points, the metadata header and byte order mark, and the trusted flags of the report.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pytest

from tests.csv_reading import metadata_and_rows, metadata_value, trial_metadata
from tests.synthetic import assessment, squat_trial
from valgus_pwa.analysis.angles import fppa_deg
from valgus_pwa.analysis.landmarks import LEGS

DATA = Path(__file__).resolve().parents[1] / "data"


async def _create(client, body: dict) -> dict:
    response = await client.post("/api/v1/assessments", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def _export(client, assessment_id: str, query: str = "") -> tuple[list[str], list[dict]]:
    response = await client.get(f"/api/v1/assessments/{assessment_id}/export.csv{query}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf# Knee check export: ")
    return metadata_and_rows(response.content.decode("utf-8"))


def _xy(row: dict[str, str], point: str) -> list[float]:
    cells = [row[f"{point} {axis} filtered (px)"] for axis in ("x", "y")]
    return [float(cell) if cell else math.nan for cell in cells]


async def test_a_real_recordings_fppa_recomputes_from_the_exported_filtered_points(client):
    trial = json.loads((DATA / "squat_two_leg_frontal.landmarks.json").read_text())
    created = await _create(client, assessment(trial))
    metadata, rows = await _export(client, created["id"])
    assert len(rows) == len(trial["frames"])
    hip, knee, ankle = (
        np.array([_xy(row, f"Stance {joint}") for row in rows])
        for joint in ("hip", "knee", "ankle")
    )
    with np.errstate(invalid="ignore"):
        recomputed = fppa_deg(hip, knee, ankle, LEGS[trial["side"]].medial_x)
    exported = np.array([float(row["Knee FPPA (°)"] or "nan") for row in rows])
    seen = np.isfinite(exported)
    assert seen.sum() > 500
    assert np.abs(recomputed[seen] - exported[seen]).max() <= 0.01
    # The column is the report's own series, which the report pages chart.
    report = created["report"]["trials"][0]
    assert [None if math.isnan(v) else v for v in exported] == pytest.approx(
        report["series"]["fppa_deg"]
    )
    assert trial_metadata(metadata, 1)["resolution"] == "896x1592 px"
    assert trial_metadata(metadata, 1)["trusted"] == (
        "yes" if report["summary"]["trusted"] else "no"
    )
    assert metadata_value(metadata, "id") == created["id"]


async def test_the_header_gives_the_stored_time_versions_and_axes(client):
    created = await _create(client, assessment(squat_trial("left"), squat_trial("right")))
    stored = (await client.get(f"/api/v1/assessments/{created['id']}")).json()
    for query in ("", "?table=frames", "?table=reps"):
        metadata, _ = await _export(client, created["id"], query)
        captured = stored.get("recorded_at") or stored["created_at"]
        assert metadata_value(metadata, "captured_at") == captured
        assert metadata_value(metadata, "analysis_version") == stored["report"]["analysis_version"]
        assert "y down" in (metadata_value(metadata, "axes") or "")
        for number, trial in enumerate(stored["report"]["trials"], start=1):
            line = trial_metadata(metadata, number)
            assert (line["test"], line["side"]) == (trial["test"], trial["side"])
            assert line["model"] == trial["landmark_model"]
            assert line["frame rate"] == f"{trial['quality']['fps']:.2f} fps"
            assert line["resolution"] == "720x1280 px"


async def test_the_default_table_is_still_the_frames_one_under_the_same_file_name(client):
    created = await _create(client, assessment(squat_trial("left")))
    base = f"/api/v1/assessments/{created['id']}/export.csv"
    default, frames = await client.get(base), await client.get(base + "?table=frames")
    assert default.content == frames.content
    assert default.headers["content-disposition"] == (
        f'attachment; filename="knee-check-{created["id"]}-frames.csv"'
    )
    reps = await client.get(base + "?table=reps")
    assert reps.headers["content-disposition"].endswith(f'{created["id"]}-reps.csv"')


async def test_trusted_flags_and_mean_rows_follow_the_report(client):
    created = await _create(
        client, assessment(squat_trial("left", valgus_px=30), squat_trial("right", reps=1))
    )
    trials = created["report"]["trials"]
    assert [t["summary"]["trusted"] for t in trials] == [True, False]
    _, frames = await _export(client, created["id"])
    _, reps = await _export(client, created["id"], "?table=reps")
    for number, trial in enumerate(trials, start=1):
        flag = "yes" if trial["summary"]["trusted"] else "no"
        mine = [row for row in frames if row["Trial"] == str(number)]
        assert {row["Trial trusted"] for row in mine} == {flag}
        in_reps = [row for row in mine if row["Rep"]]
        assert in_reps and {row["Rep trusted"] for row in in_reps} == {flag}
        assert {row["Rep trusted"] for row in mine if not row["Rep"]} == {""}
        times = [(float(row["Time (s)"]), float(row["Time (ms)"])) for row in mine]
        assert all(abs(s * 1000 - ms) <= 0.1 for s, ms in times)

        rows = [row for row in reps if row["Trial"] == str(number)]
        assert [row["Rep"] for row in rows] == [
            *(str(i) for i in range(1, len(trial["reps"]) + 1)),
            "mean",
            "SD",
        ]
        mean = rows[-2]
        for name, label in (
            ("fppa_deg", "Knee FPPA (°)"),
            ("depth", "Depth (share of leg length)"),
        ):
            stats = trial["summary"]["metrics"][name]
            assert float(mean[label]) == pytest.approx(stats["mean"])
            assert rows[-1][label] == ("" if stats["sd"] is None else f"{stats['sd']:.2f}")
        assert {row["Trusted"] for row in rows} == {flag}
        # The JSON says the same of every rep, and the reps table gives it per rep.
        json_flags = ["yes" if rep["trusted"] else "no" for rep in trial["reps"]]
        assert json_flags == [row["Trusted"] for row in rows[:-2]]
        assert all(rep["trusted"] is trial["summary"]["trusted"] for rep in trial["reps"])


async def test_a_rep_left_out_of_the_mean_is_not_trusted_in_the_json(client):
    two_legs = squat_trial("left")
    for frame in two_legs["frames"]:
        # Both ankles at the same height: the free foot is on the floor, every rep left out.
        frame["landmarks"][28][1] = frame["landmarks"][27][1]
    created = await _create(client, assessment(two_legs))
    (trial,) = created["report"]["trials"]
    assert trial["reps"] and all(rep["left_out"] for rep in trial["reps"])
    assert [rep["trusted"] for rep in trial["reps"]] == [False] * len(trial["reps"])
    read = await client.get(f"/api/v1/assessments/{created['id']}")
    assert [rep["trusted"] for rep in read.json()["report"]["trials"][0]["reps"]] == [False] * len(
        trial["reps"]
    )


async def test_the_phones_capture_time_and_roll_are_in_the_header(client):
    recorded_at = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)).astimezone(
        dt.timezone(dt.timedelta(hours=2))
    )
    body = {
        **assessment({**squat_trial("left"), "device_roll_deg": 4.25}, squat_trial("right")),
        "recorded_at": recorded_at.isoformat(),
    }
    created = await _create(client, body)
    stored = (await client.get(f"/api/v1/assessments/{created['id']}")).json()
    assert stored["recorded_at"] is not None
    for query in ("", "?table=reps"):
        metadata, _ = await _export(client, created["id"], query)
        assert metadata_value(metadata, "captured_at") == stored["recorded_at"]
        assert metadata_value(metadata, "captured_at_source") == "phone"
        assert dt.datetime.fromisoformat(stored["recorded_at"]) == recorded_at
        assert trial_metadata(metadata, 1)["tilt reference"] == "level (phone roll 4.250°)"
        assert trial_metadata(metadata, 2)["tilt reference"] == "image axes"
