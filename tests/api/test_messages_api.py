"""Words are rendered when a report is read: the store keeps codes, the API sends today's words."""

from tests.synthetic import assessment, squat_trial
from valgus_pwa.content.change_texts import change_message
from valgus_pwa.content.flag_texts import QUALITY_NOTE, flag_message
from valgus_pwa.content.references import range_label, range_note
from valgus_pwa.schemas import SideChange
from valgus_pwa.store import get_store


def _two_leg_squat() -> dict:
    trial = squat_trial("left", reps=2, fps=20.0)
    for frame in trial["frames"]:
        frame["landmarks"][28][1] = frame["landmarks"][27][1]  # the free foot on the floor
    return trial


async def test_stored_reports_keep_codes_and_the_api_sends_rendered_messages(client):
    created = await client.post(
        "/api/v1/assessments", json=assessment(_two_leg_squat(), squat_trial("right"))
    )
    assert created.status_code == 201, created.text
    assessment_id = created.json()["id"]

    stored = get_store().get(assessment_id)
    assert stored is not None
    stored_flags = [flag for trial in stored.report["trials"] for flag in trial["quality"]["flags"]]
    assert stored_flags and all(flag["message"] == "" and flag["code"] for flag in stored_flags)
    [one_leg] = [flag for flag in stored_flags if flag["code"] == "not_single_leg"]
    assert one_leg["params"] == {"reps": 2, "of": 2, "side": "left", "test": "single_leg_squat"}

    for answer in (created, await client.get(f"/api/v1/assessments/{assessment_id}")):
        flagged, clean = answer.json()["report"]["trials"]
        codes = [flag["code"] for flag in flagged["quality"]["flags"]]
        assert "not_single_leg" in codes and "low_frame_rate" in codes
        for flag in flagged["quality"]["flags"]:
            words = flag_message(flag["code"], flag["params"], flag["blocking"])
            assert flag["message"] and flag["message"] == words
        summary = flagged["summary"]
        assert summary["quality_note"] == QUALITY_NOTE and clean["summary"]["quality_note"] is None
        assert summary["reference"]["label"] == range_label(summary["reference"]["code"])
        assert summary["reference"]["citation"].startswith("Herrington L.")
        assert summary["reference_note"] == range_note(summary["reference_note_code"])


async def test_a_follow_up_sends_each_change_in_words(client):
    ids = []
    for valgus_px in (10, 40):
        created = await client.post(
            "/api/v1/assessments", json=assessment(squat_trial("left", valgus_px=valgus_px))
        )
        ids.append(created.json()["id"])
    response = await client.get(f"/api/v1/assessments/{ids[1]}/compare/{ids[0]}")
    assert response.status_code == 200, response.text
    (change,) = response.json()["sides"]
    assert change["verdict"] == "real_change" and "a real change" in change["message"]
    assert change["message"] == change_message(SideChange.model_validate(change))
