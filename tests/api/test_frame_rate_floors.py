"""Frame-rate floors and sex-specific references, as a client of the API sees them: a squat
filmed below the squat's floor gets no category, a landing below the contact floor gets no
contact angle and at most medium confidence, and a man's squat is compared with men."""

from __future__ import annotations

from tests.skeletons import THREE_LANDINGS, landing_trial
from tests.synthetic import assessment, squat_trial
from valgus_pwa.analysis.quality import MIN_CONTACT_FPS, MIN_SQUAT_FPS
from valgus_pwa.content.flag_texts import flag_message
from valgus_pwa.content.references import range_label


async def _report(client, *trials: dict, sex: str = "female") -> dict:
    created = await client.post("/api/v1/assessments", json=assessment(*trials, sex=sex))
    assert created.status_code == 201, created.text
    read = await client.get(f"/api/v1/assessments/{created.json()['id']}")
    assert read.status_code == 200
    assert read.json()["report"] == created.json()["report"]
    return read.json()["report"]


async def test_a_12_fps_squat_gets_no_category_and_says_why(client):
    assert MIN_SQUAT_FPS > 12.0
    report = await _report(client, squat_trial("left", fps=12.0))
    (trial,) = report["trials"]
    assert trial["quality"]["fps"] == 12.0
    (flag,) = [f for f in trial["quality"]["flags"] if f["code"] == "low_frame_rate"]
    assert flag["blocking"] and flag["params"]["min_fps"] == MIN_SQUAT_FPS
    assert "no knee angle is given" in flag["message"]
    assert flag["message"] == flag_message(flag["code"], flag["params"], flag["blocking"])
    assert not trial["quality"]["ok"] and trial["quality"]["confidence"] == "low"
    assert trial["summary"]["category"] is None and not trial["summary"]["trusted"]
    assert trial["summary"]["quality_note"]


async def test_the_same_squat_at_30_fps_gets_its_category(client):
    report = await _report(client, squat_trial("left", fps=30.0))
    (trial,) = report["trials"]
    assert trial["quality"]["ok"] and trial["summary"]["category"] is not None
    assert "low_frame_rate" not in [f["code"] for f in trial["quality"]["flags"]]


async def test_a_30_fps_landing_gets_no_contact_angle_and_at_most_medium_confidence(client):
    assert MIN_CONTACT_FPS > 30.0
    report = await _report(client, landing_trial("left", 30.0))
    (trial,) = report["trials"]
    assert len(trial["reps"]) == len(THREE_LANDINGS)
    assert all(rep["fppa_contact_deg"] is None for rep in trial["reps"])
    assert all(rep["fppa_deg"] is not None for rep in trial["reps"])
    assert "fppa_contact_deg" not in trial["summary"]["metrics"]
    assert trial["quality"]["confidence"] in ("medium", "low")
    (flag,) = [f for f in trial["quality"]["flags"] if f["code"] == "contact_not_measured"]
    assert not flag["blocking"] and flag["params"] == {"fps": 30.0, "min_fps": MIN_CONTACT_FPS}
    assert "touches down" in flag["message"]
    # The value at peak knee flexion is still a finding.
    assert trial["quality"]["ok"] and trial["summary"]["category"] is not None


async def test_a_60_fps_landing_keeps_its_contact_angle_and_high_confidence(client):
    report = await _report(client, landing_trial("left", 60.0))
    (trial,) = report["trials"]
    assert all(rep["fppa_contact_deg"] is not None for rep in trial["reps"])
    assert trial["summary"]["metrics"]["fppa_contact_deg"]["n"] == len(THREE_LANDINGS)
    assert trial["quality"]["flags"] == [] and trial["quality"]["confidence"] == "high"


async def test_a_man_is_compared_with_the_mens_squat_values(client):
    men = await _report(client, squat_trial("left"), sex="male")
    women = await _report(client, squat_trial("left"), sex="female")
    unspecified = await _report(client, squat_trial("left"), sex="unspecified")
    man, woman, person = (r["trials"][0]["summary"] for r in (men, women, unspecified))
    assert man["reference"]["code"] == "squat_pain_free_men"
    assert man["reference"]["citation"].startswith("Ghulam HS.")
    assert man["reference"]["label"] == range_label("squat_pain_free_men")
    assert "pain-free men" in man["reference"]["label"]
    assert "women" not in man["reference"]["label"].split("±")[0]
    assert man["reference_note_code"] == "squat_male"
    assert "Munro, Herrington & Carolan 2012" in man["reference_note"]
    assert man["well_above_deg"] < woman["well_above_deg"]
    assert man["reference"]["high_deg"] < woman["reference"]["high_deg"]
    assert woman["reference"]["code"] == "squat_pain_free_women"
    assert person["reference"]["code"] == "squat_pain_free_adults"
    assert person["reference"]["low_deg"] == man["reference"]["low_deg"]
    assert person["reference"]["high_deg"] == woman["reference"]["high_deg"]
    for summary in (man, woman, person):
        assert "No published single-leg-squat range exists for men" not in summary["reference_note"]


async def test_a_mans_landing_is_compared_with_mens_step_landings(client):
    report = await _report(client, landing_trial("left", 60.0), sex="male")
    summary = report["trials"][0]["summary"]
    assert summary["reference"]["code"] == "landing_men"
    assert "step landing" in summary["reference"]["label"]
    assert summary["reference"]["citation"].startswith("Herrington L, Munro A.")
    assert "step-off from a box" in summary["reference_note"]
