"""CSV exports match the report, and a follow-up test is compared with an earlier one per side."""

from __future__ import annotations

import pytest

from tests.csv_reading import data_rows
from tests.synthetic import assessment, squat_trial
from valgus_pwa.api import service


async def _create(client, body: dict) -> dict:
    response = await client.post("/api/v1/assessments", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _rows(text: str) -> list[dict[str, str]]:
    return data_rows(text)


async def test_frames_csv_has_one_row_per_frame_with_the_reports_angles(client):
    body = assessment(squat_trial("left", valgus_px=30), squat_trial("right", valgus_px=10))
    created = await _create(client, body)
    response = await client.get(f"/api/v1/assessments/{created['id']}/export.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _rows(response.text)
    assert {"Trial", "Test", "Side", "Frame", "Time (ms)", "Knee FPPA (°)"} <= set(rows[0])
    for number, trial in enumerate(created["report"]["trials"], start=1):
        mine = [row for row in rows if row["Trial"] == str(number)]
        assert (
            len(mine) == len(trial["series"]["t_ms"]) == len(body["trials"][number - 1]["frames"])
        )
        assert [float(row["Time (ms)"]) for row in mine] == pytest.approx(trial["series"]["t_ms"])
        angles = [float(row["Knee FPPA (°)"]) if row["Knee FPPA (°)"] else None for row in mine]
        assert angles == pytest.approx(trial["series"]["fppa_deg"])
        bottoms = [row for row in mine if "bottom" in row["Event"]]
        assert [float(row["Time (ms)"]) for row in bottoms] == pytest.approx(
            [rep["bottom_ms"] for rep in trial["reps"]]
        )
        # Knee pixels are the uploaded landmarks scaled to the frame (720 x 1280, unmirrored).
        knee_index = 25 if trial["side"] == "left" else 26
        first_knee = body["trials"][number - 1]["frames"][0]["landmarks"][knee_index]
        assert float(mine[0]["Stance knee x raw (px)"]) == pytest.approx(
            first_knee[0] * 720, abs=0.1
        )
        assert float(mine[0]["Stance knee y raw (px)"]) == pytest.approx(
            first_knee[1] * 1280, abs=0.1
        )


async def test_reps_csv_has_every_rep_metric(client):
    created = await _create(client, assessment(squat_trial("left")))
    response = await client.get(f"/api/v1/assessments/{created['id']}/export.csv?table=reps")
    assert response.status_code == 200
    rows = [row for row in _rows(response.text) if row["Rep"].isdigit()]
    reps = created["report"]["trials"][0]["reps"]
    assert len(rows) == len(reps)
    for row, rep in zip(rows, reps, strict=True):
        assert float(row["Knee FPPA (°)"]) == pytest.approx(rep["fppa_deg"])
        assert float(row["Bottom (ms)"]) == pytest.approx(rep["bottom_ms"])
        assert float(row["Depth (share of leg length)"]) == pytest.approx(rep["depth"])
        assert row["Too deep"] in ("yes", "no")


async def test_export_of_an_unknown_assessment_or_table_is_a_clear_4xx(client):
    assert (await client.get("/api/v1/assessments/" + "A" * 22 + "/export.csv")).status_code == 404
    created = await _create(client, assessment())
    response = await client.get(f"/api/v1/assessments/{created['id']}/export.csv?table=pixels")
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_request"


async def test_a_follow_up_is_compared_per_side_against_measurement_noise(client):
    earlier = await _create(
        client, assessment(squat_trial("left", valgus_px=40), squat_trial("right", valgus_px=30))
    )
    current = await _create(
        client, assessment(squat_trial("left", valgus_px=5), squat_trial("right", valgus_px=28))
    )
    comparison = service.compare_assessments(current["id"], earlier["id"])
    by_side = {change.side: change for change in comparison.sides}
    assert by_side["left"].verdict == "real_change" and by_side["left"].change_deg < -8
    assert "a real change" in by_side["left"].message
    assert (
        by_side["right"].verdict == "within_noise"
        and "within measurement noise" in by_side["right"].message
    )
    assert comparison.smallest_detectable_difference_deg == pytest.approx(8.0)
    assert service.compare_assessments(current["id"], "B" * 22) is None
