"""The compact upload (schema_version 2): the same recording gives the same report as its JSON
body; the browser's own encoder (transport.js, run in Node) is what the server decodes; broken
compact bodies get a 422 with a code, never a 500."""

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from valgus_pwa.analysis.compact_frames import encode_assessment, encode_column
from valgus_pwa.schemas import MAX_COMPACT_FRAMES_PER_TRIAL, AssessmentIn

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
URL = "/api/v1/assessments"


def _clip(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.landmarks.json").read_text())


def _v1_body(*names: str) -> dict[str, Any]:
    """Real MediaPipe output of fixture clips, as the wizard sends it in version 1."""
    trials = []
    for name, side in zip(names, ("left", "right"), strict=False):
        trial = _clip(name)
        trial["side"] = side
        trial["device_roll_deg"] = 1.5
        trials.append(trial)
    return {
        "schema_version": 1,
        "subject": {"sex": "female", "age_years": 34},
        "trials": trials,
    }


def _compact(body: dict[str, Any]) -> dict[str, Any]:
    return encode_assessment(AssessmentIn.model_validate(body))


def _small_compact() -> dict[str, Any]:
    return _compact(_v1_body("squat_two_leg_frontal"))


async def _post(client, body: dict[str, Any], gzipped: bool = True):
    raw = json.dumps(body).encode()
    if gzipped:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return await client.post(URL, content=gzip.compress(raw), headers=headers)
    return await client.post(URL, content=raw, headers={"Content-Type": "application/json"})


def _without_ids(created: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in created.items() if key not in ("id", "owner_key")} | {
        "report_url": None
    }


async def test_the_same_recording_both_ways_gives_the_same_report(client):
    body = _v1_body("squat_two_leg_frontal", "squat_two_leg_oblique")
    as_json = await _post(client, body)
    as_compact = await _post(client, _compact(body))
    assert as_json.status_code == as_compact.status_code == 201
    assert _without_ids(as_compact.json()) == _without_ids(as_json.json())
    # Stored as received, read back as keypoints and as the replay, alike too.
    first, second = as_json.json()["id"], as_compact.json()["id"]
    for path in ("?include=frames", "/replay"):
        one = (await client.get(f"{URL}/{first}{path}")).json()
        two = (await client.get(f"{URL}/{second}{path}")).json()
        for times in (one, two):
            for key in ("id", "report_url", "created_at", "expires_at"):
                times.pop(key, None)
        assert two == one, path
    for table in ("frames", "reps"):
        one = (await client.get(f"{URL}/{first}/export.csv?table={table}")).text
        two = (await client.get(f"{URL}/{second}/export.csv?table={table}")).text
        rows = [
            [line for line in text.splitlines() if not line.startswith("# ")] for text in (one, two)
        ]
        assert rows[1] == rows[0], table


async def test_frames_without_a_person_and_a_mirrored_trial_decode_alike(client):
    body = _v1_body("jump_landing_side_view")  # 230 frames, the first ones without anyone
    body["trials"][0]["mirrored"] = True
    compact = _compact(body)
    assert compact["trials"][0]["missing_frames"]
    as_json, as_compact = await _post(client, body), await _post(client, compact, gzipped=False)
    assert as_json.status_code == as_compact.status_code == 201
    assert _without_ids(as_compact.json()) == _without_ids(as_json.json())


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")
async def test_the_browsers_encoder_is_what_the_server_decodes(client):
    body = _v1_body("squat_two_leg_oblique", "squat_two_leg_frontal")
    trials = [{**trial, "summary": {"reps": 5}} for trial in body["trials"]]
    script = (
        "import { assessmentPayload } from './valgus_pwa/components/transport.js';"
        "let text = ''; process.stdin.on('data', (part) => { text += part; });"
        "process.stdin.on('end', () => process.stdout.write(JSON.stringify("
        "assessmentPayload('female', JSON.parse(text)))));"
    )
    answer = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(trials),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    from_browser = json.loads(answer.stdout)
    assert from_browser["schema_version"] == 2
    assert from_browser["trials"][0]["columns"] == _compact(body)["trials"][0]["columns"]
    body["subject"] = from_browser["subject"]  # the wizard sends the sex only
    as_json, as_compact = await _post(client, body), await _post(client, from_browser)
    assert as_compact.status_code == 201, as_compact.text
    assert _without_ids(as_compact.json()) == _without_ids(as_json.json())


async def test_version_1_stays_accepted_and_other_versions_are_refused(client):
    assert (await _post(client, _v1_body("squat_two_leg_frontal"))).status_code == 201
    for version in (3, "2", True, None):
        body = _small_compact() | {"schema_version": version}
        refused = await _post(client, body)
        assert refused.status_code == 422, version
        assert refused.json()["error"]["code"] == "invalid_assessment"


def _broken(change) -> dict[str, Any]:
    body = _small_compact()
    change(body["trials"][0])
    return body


def _set_column(name: str, values: np.ndarray):
    def change(trial: dict[str, Any]) -> None:
        trial["columns"][name] = encode_column(values)

    return change


def _truncate(name: str):
    def change(trial: dict[str, Any]) -> None:
        trial["columns"][name] = trial["columns"][name][:-8]

    return change


def _detected(body: dict[str, Any]) -> int:
    trial = body["trials"][0]
    return trial["frame_count"] - len(trial["missing_frames"])


N = _detected(_small_compact())
FRAMES = _small_compact()["trials"][0]["frame_count"]

INVALID_FRAMES = {
    "column_too_short": (_set_column("x", np.zeros((33, N - 1))), "x"),
    "column_too_long": (_set_column("visibility", np.zeros((33, N + 1))), "visibility"),
    "truncated": (_truncate("y"), "y"),
    "not_digits": (lambda trial: trial["columns"].update(z="@" * 33 * N), "z"),
    "not_ascii": (lambda trial: trial["columns"].update(z="é" * 33 * N), "z"),
    "x_out_of_range": (_set_column("x", np.full((33, N), 200_000)), "x"),
    "visibility_above_one": (_set_column("visibility", np.full((33, N), 101)), "visibility"),
    "visibility_negative": (_set_column("visibility", np.full((33, N), -1)), "visibility"),
    "time_goes_back": (_set_column("t_us", np.array([[0, 2000, 1000, *range(3, FRAMES)]])), "t_us"),
    "negative_time": (_set_column("t_us", np.arange(FRAMES)[None] * 1000 - 5), "t_us"),
    "missing_not_increasing": (lambda trial: trial.update(missing_frames=[5, 3]), None),
    "missing_out_of_the_trial": (lambda trial: trial.update(missing_frames=[FRAMES]), None),
}


@pytest.mark.parametrize("case", sorted(INVALID_FRAMES))
async def test_broken_columns_get_422_invalid_frames(client, case):
    change, column = INVALID_FRAMES[case]
    refused = await _post(client, _broken(change))
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "invalid_frames"
    loc = error["details"][0]["loc"]
    assert loc[:2] == ["trials", 0]
    if column is not None:
        assert loc[-1] == column and column in error["message"]


INVALID_ENVELOPES = {
    "column_not_a_string": lambda trial: trial["columns"].update(x=[1, 2, 3]),
    "column_a_number": lambda trial: trial["columns"].update(x=float("nan")),
    "column_missing": lambda trial: trial["columns"].pop("visibility"),
    "too_many_frames": lambda trial: trial.update(frame_count=MAX_COMPACT_FRAMES_PER_TRIAL + 1),
    "no_frames": lambda trial: trial.update(frame_count=0),
    "frame_count_not_a_number": lambda trial: trial.update(frame_count="900"),
    "nobody_in_any_frame": lambda trial: trial.update(
        missing_frames=list(range(trial["frame_count"]))
    ),
    "other_person_frames_beyond_the_trial": lambda trial: trial.update(
        other_person_frames=trial["frame_count"] + 1
    ),
    "v1_frames_in_a_compact_trial": lambda trial: trial.update(frames=[]),
    "missing_frame_not_an_integer": lambda trial: trial.update(missing_frames=[1.5]),
    # Beyond a 64-bit integer (found by schemathesis): refused by the envelope, not a 500.
    "missing_frame_huge": lambda trial: trial.update(missing_frames=[2**70]),
}


@pytest.mark.parametrize("case", sorted(INVALID_ENVELOPES))
async def test_broken_envelopes_get_422_invalid_assessment(client, case):
    body = _broken(INVALID_ENVELOPES[case])
    raw = json.dumps(body, allow_nan=True).encode()  # NaN is not JSON: sent as a client might
    refused = await client.post(URL, content=raw, headers={"Content-Type": "application/json"})
    assert refused.status_code in (400, 422), refused.text
    code = refused.json()["error"]["code"]
    assert (refused.status_code, code) in ((422, "invalid_assessment"), (400, "invalid_json"))
    if case != "column_a_number":
        assert refused.status_code == 422


async def test_a_wrong_length_is_worded_with_both_counts(client):
    refused = await _post(client, _broken(_set_column("x", np.zeros((33, N - 1)))))
    message = refused.json()["error"]["message"]
    assert f"holds {33 * (N - 1)} digits: {33 * N} values need" in message  # zeros: 1 plane


async def test_a_compact_trial_may_be_longer_than_a_json_one(client):
    """240 fps for 30 s (7,200 frames) is beyond the JSON form's 6,000 frames a trial."""
    body = _v1_body("squat_two_leg_oblique")
    trial = body["trials"][0]
    frames = trial["frames"]
    looped = [frames[i % len(frames)] for i in range(7200)]
    trial["frames"] = [
        {"t_ms": round(i * 1000 / 240, 3), "landmarks": frame["landmarks"]}
        for i, frame in enumerate(looped)
    ]
    compact = encode_assessment(AssessmentIn.model_construct(**_as_models(body)))
    created = await _post(client, compact)
    assert created.status_code == 201, created.text
    assert created.json()["report"]["trials"][0]["quality"]["fps"] == pytest.approx(240, rel=0.01)
    frames_back = await client.get(f"{URL}/{created.json()['id']}?include=frames")
    assert len(frames_back.json()["trials"][0]["frames"]) == 7200


def _as_models(body: dict[str, Any]) -> dict[str, Any]:
    """The body as models without the 6,000-frame check of the JSON form."""
    from valgus_pwa.schemas import Frame, Subject, Trial

    trials = [
        Trial.model_construct(
            **{key: value for key, value in trial.items() if key != "frames"},
            frames=[Frame.model_construct(**frame) for frame in trial["frames"]],
        )
        for trial in body["trials"]
    ]
    return {
        "schema_version": 1,
        "subject": Subject.model_validate(body["subject"]),
        "recorded_at": None,
        "trials": trials,
    }


async def test_the_openapi_schema_offers_both_forms(client):
    schema = (await client.get("/api/openapi.json")).json()
    body = schema["paths"][URL]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"AssessmentIn", "AssessmentInCompact", "CompactColumns"} <= set(body["$defs"])


def test_the_column_digits_are_the_documented_ones():
    """README's example: times 0, 33333, 66667 µs are deltas 0, 33333, 33334, zigzag 0, 66666,
    66668; in base 64 (lowest digit first) 0 | 42, 17, 16 | 44, 17, 16; as digit planes
    [0, 42, 44] [0, 17, 17] [0, 16, 16] in the base64 alphabet: AqsARRAQQ."""
    assert encode_column(np.array([[0, 33333, 66667]])) == "AqsARRAQQ"
