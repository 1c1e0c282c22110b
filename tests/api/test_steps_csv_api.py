"""The steps CSV through the HTTP API (`export.csv?table=steps`): one row per step of every
running trial with the JSON report's values to the CSV's decimals, each leg's mean, SD and n
rows equal to the report's per-leg statistics, the step rate and asymmetry in the metadata, and
a clear 422 for an assessment without a running trial or an unknown table.

The steps come from real treadmill running (tests/running_mocap.py) seen by a virtual phone
behind the runner, and from a synthetic run filmed from the front (tests/synthetic_running.py).
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from tests.csv_reading import BOM, metadata_and_rows, metadata_value, trial_metadata
from tests.e2e.media import FixtureMissing
from tests.running_mocap import mocap_running_trial
from tests.synthetic import assessment, squat_trial
from tests.synthetic_running import standard_running

pandas = pytest.importorskip("pandas")

STEP_COLUMNS = {  # RunningStep field: (CSV column, decimals)
    "contact_ms": ("Contact (ms)", 1),
    "midstance_ms": ("Midstance (ms)", 1),
    "toe_off_ms": ("Toe off (ms)", 1),
    "pelvic_drop_deg": ("Contralateral pelvic drop (°)", 2),
    "hip_adduction_deg": ("Hip adduction (°)", 2),
    "fppa_deg": ("Knee FPPA (°)", 2),
    "trunk_lean_deg": ("Trunk lateral lean (°)", 2),
}


def _mocap_running(view: str = "back", fps: float = 60.0) -> dict:
    """Real treadmill running projected onto a phone's image, as the phone would upload it."""
    try:
        return mocap_running_trial(view, fps)
    except (FixtureMissing, FileNotFoundError) as missing:  # pragma: no cover - fixture absent
        pytest.skip(f"running motion capture not here: {missing}")


def _synthetic_running(view: str = "front") -> dict:
    trial, _ = standard_running(60.0, view)  # type: ignore[arg-type]
    return trial.model_dump(mode="json")


async def _create(client, *trials: dict) -> dict:
    response = await client.post("/api/v1/assessments", json=assessment(*trials))
    assert response.status_code == 201, response.text
    return response.json()


async def _steps(client, assessment_id: str) -> tuple[bytes, list[str], pandas.DataFrame]:
    """The steps table: its bytes, its metadata lines and the table as pandas reads it."""
    response = await client.get(f"/api/v1/assessments/{assessment_id}/export.csv?table=steps")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="knee-check-{assessment_id}-steps.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf# Knee check export: ")
    metadata, _ = metadata_and_rows(response.content.decode("utf-8"))
    table = pandas.read_csv(io.BytesIO(response.content), comment="#")
    return response.content, metadata, table


def _expected(value: float | None, decimals: int) -> float:
    return math.nan if value is None else round(value, decimals)


def _assert_cells(row: pandas.Series, values: dict[str, float | None]) -> None:
    for name, (column, decimals) in STEP_COLUMNS.items():
        if name in values:
            assert row[column] == pytest.approx(
                _expected(values[name], decimals), abs=1e-9, nan_ok=True
            ), (name, row.to_dict())


def _check_trial(table: pandas.DataFrame, number: int, trial: dict) -> None:
    """The trial's step rows and per-leg rows against its JSON report."""
    running = trial["running"]
    mine = table[table["Trial"] == number]
    flag = "yes" if trial["summary"]["trusted"] else "no"
    assert set(mine["Trial trusted"]) == {flag} and set(mine["Test"]) == {"running"}
    steps = mine[mine["Step"].str.isdigit()]
    assert len(steps) == len(running["steps"]) > 0
    assert list(steps["Step"]) == [str(i) for i in range(1, len(running["steps"]) + 1)]
    for (_, row), step in zip(steps.iterrows(), running["steps"], strict=True):
        assert row["Leg"] == step["side"]
        _assert_cells(row, step)
    summary = mine[~mine["Step"].str.isdigit()]
    assert list(zip(summary["Step"], summary["Leg"], strict=True)) == [
        (stat, leg) for leg in ("left", "right") for stat in ("mean", "SD", "n")
    ]
    for leg in running["sides"]:
        rows = {row["Step"]: row for _, row in summary[summary["Leg"] == leg["side"]].iterrows()}
        for stat, key in (("mean", "mean"), ("SD", "sd")):
            _assert_cells(rows[stat], {name: stats[key] for name, stats in leg["metrics"].items()})
        for name, stats in leg["metrics"].items():
            assert rows["n"][STEP_COLUMNS[name][0]] == stats["n"]
        assert rows["n"]["Knee FPPA (°)"] == leg["n_steps"]
        # Events have no per-leg statistic.
        for stat in ("mean", "SD", "n"):
            assert np.isnan(rows[stat]["Midstance (ms)"])


def _check_steps_line(metadata: list[str], number: int, running: dict) -> None:
    line = metadata_value(metadata, f"trial {number} steps")
    assert line is not None
    parts = line.split("; ")
    left, right = running["sides"]
    assert f"camera view {running['camera_view']}" in parts
    assert f"steps {len(running['steps'])}" in parts
    assert f"left steps {left['n_steps']}" in parts and f"right steps {right['n_steps']}" in parts
    assert f"step rate {running['step_rate_spm']:.2f} steps/min" in parts
    assert f"left step time {left['step_time_ms']:.1f} ms" in parts
    assert f"right step time {right['step_time_ms']:.1f} ms" in parts
    assert f"step-time asymmetry {running['step_time_asymmetry_pct']:.2f} %" in parts


async def test_real_running_gives_one_row_per_step_and_each_legs_statistics(client):
    created = await _create(client, _mocap_running("back"))
    (trial,) = created["report"]["trials"]
    running = trial["running"]
    assert trial["summary"]["trusted"], trial["quality"]["flags"]
    assert {step["side"] for step in running["steps"]} == {"left", "right"}
    content, metadata, table = await _steps(client, created["id"])
    assert list(table.columns) == [
        "Trial",
        "Test",
        "Side",
        "Trial trusted",
        "Step",
        "Leg",
        *(column for column, _ in STEP_COLUMNS.values()),
    ]
    _check_trial(table, 1, trial)
    _check_steps_line(metadata, 1, running)
    assert metadata_value(metadata, "id") == created["id"]
    assert trial_metadata(metadata, 1)["resolution"] == "720x1280 px"
    # From behind the phone sees toe-off, never contact: the column is there, and empty.
    assert table["Contact (ms)"].isna().all() and table["Toe off (ms)"].notna().any()
    # Fixed decimals, read as text; the python engine reads it too past the BOM.
    _, rows = metadata_and_rows(content.decode("utf-8"))
    steps = [row for row in rows if row["Step"].isdigit()]
    assert {len(row["Midstance (ms)"].split(".")[1]) for row in steps} == {1}
    assert {len(row["Knee FPPA (°)"].split(".")[1]) for row in steps if row["Knee FPPA (°)"]} == {2}
    python = pandas.read_csv(
        io.BytesIO(content), comment="#", engine="python", encoding="utf-8-sig"
    )
    assert list(python.columns) == list(table.columns)


async def test_only_the_running_trials_of_a_mixed_assessment_have_rows(client):
    created = await _create(client, squat_trial("left"), _synthetic_running("front"))
    squat, running = created["report"]["trials"]
    assert squat["running"] is None
    _, metadata, table = await _steps(client, created["id"])
    assert set(table["Trial"]) == {2}
    _check_trial(table, 2, running)
    _check_steps_line(metadata, 2, running["running"])
    assert metadata_value(metadata, "trial 1 steps") is None
    assert trial_metadata(metadata, 1)["test"] == "single_leg_squat"  # every trial is listed
    # From the front the phone sees contact, never toe-off.
    steps = table[table["Step"].str.isdigit()]
    assert steps["Contact (ms)"].notna().any() and steps["Toe off (ms)"].isna().all()


async def test_a_squat_only_assessment_gets_a_clear_error_for_the_steps_table(client):
    created = await _create(client, squat_trial("left"), squat_trial("right"))
    response = await client.get(f"/api/v1/assessments/{created['id']}/export.csv?table=steps")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "no_running_trial"
    assert "no running trial" in error["message"] and error["details"] == []
    # The other tables still answer for it.
    for table in ("frames", "reps"):
        other = await client.get(f"/api/v1/assessments/{created['id']}/export.csv?table={table}")
        assert other.status_code == 200 and other.content.startswith(BOM.encode())


async def test_a_running_trial_without_steps_has_empty_leg_rows_and_no_step_rows(client):
    trial = _synthetic_running("back")
    trial["frames"] = trial["frames"][:20]  # a third of a second: no step
    created = await _create(client, trial)
    (report,) = created["report"]["trials"]
    assert report["running"]["steps"] == [] and not report["summary"]["trusted"]
    _, metadata, table = await _steps(client, created["id"])
    assert list(zip(table["Step"], table["Leg"], strict=True)) == [
        (stat, leg) for leg in ("left", "right") for stat in ("mean", "SD", "n")
    ]
    assert table[[column for column, _ in STEP_COLUMNS.values()]].isna().all().all()
    assert set(table["Trial trusted"]) == {"no"}
    steps_line = metadata_value(metadata, "trial 1 steps") or ""
    assert "steps 0" in steps_line.split("; ") and "step rate unknown steps/min" in steps_line


@pytest.mark.parametrize("table", ["step", "STEPS", "", "steps;frames"])
async def test_an_unknown_table_is_a_4xx_never_a_500(client, table):
    created = await _create(client, _synthetic_running("back"))
    response = await client.get(f"/api/v1/assessments/{created['id']}/export.csv?table={table}")
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_request"


async def test_the_steps_table_of_an_unknown_assessment_is_not_found(client):
    response = await client.get("/api/v1/assessments/AAAAAAAAAAAAAAAAAAAAAA/export.csv?table=steps")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
