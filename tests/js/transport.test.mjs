// What the wizard puts in the request body about the recording: when it was made, and the
// phone's roll while it was made (transport.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTRACT } from "../../valgus_pwa/components/contract.js";
import { tiltOf } from "../../valgus_pwa/components/cues.js";
import { readFileSync } from "node:fs";
import { assessmentPayload, encodeColumn, localIsoTime, trialRoll } from "../../valgus_pwa/components/transport.js";
import { draftOf, initialState, recordedTrials, reduce } from "../../valgus_pwa/components/wizard_state.js";

const trial = (side, summary, extra = {}) => ({ side, test: "single_leg_squat", frames: [], ...extra, summary });
const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/;

test("the body carries when the first leg was recorded, with the phone's offset", () => {
  const left = trial("left", { reps: 5, recordedAt: "2026-03-01T09:32:10.000+01:00" }, { device_roll_deg: 1.5 });
  const right = trial("right", { reps: 5, recordedAt: "2026-03-01T09:30:00.000+01:00" });
  const body = assessmentPayload("female", [left, right]);
  assert.equal(body.recorded_at, "2026-03-01T09:30:00.000+01:00");
  // The roll goes with its trial; the wizard's summary (and the time inside it) does not.
  assert.equal(body.trials[0].device_roll_deg, 1.5);
  assert.equal("device_roll_deg" in body.trials[1], false);
  assert.equal(body.trials.some((sent) => "summary" in sent), false);
  // The body is stored in the outbox as JSON: the time survives the round trip unchanged.
  assert.equal(JSON.parse(JSON.stringify(body)).recorded_at, body.recorded_at);
});

test("trials without a time (gallery videos) send no recorded_at", () => {
  const body = assessmentPayload(undefined, [trial("left", { reps: 3 }), trial("right", undefined)]);
  assert.equal("recorded_at" in body, false);
  assert.deepEqual(Object.keys(body).sort(), ["schema_version", "subject", "trials"]);
});

test("earliest means earliest in time, whatever the offsets", () => {
  const east = trial("left", { recordedAt: "2026-03-01T10:00:00.000+02:00" }); // 08:00 UTC
  const west = trial("right", { recordedAt: "2026-03-01T09:00:00.000+00:00" }); // 09:00 UTC
  assert.equal(assessmentPayload("male", [west, east]).recorded_at, "2026-03-01T10:00:00.000+02:00");
});

test("the local time has an offset and names the same instant", () => {
  for (const moment of ["2026-03-01T09:30:00Z", "2026-07-15T23:59:59.999Z", "2026-12-31T00:00:00Z"]) {
    const date = new Date(moment);
    const local = localIsoTime(date);
    assert.match(local, ISO_WITH_OFFSET);
    assert.equal(Date.parse(local), date.getTime());
  }
});

test("the roll sent is the readings' median, in the frame's coordinates", () => {
  assert.equal(trialRoll([1.2, 1.4, 9, 1.3, 1.1, NaN], "environment"), 1.3);
  // The front camera's frames are the mirror of the screen's view: the sign flips.
  assert.equal(trialRoll([1.2, 1.4, 1.3], "user"), -1.3);
  assert.equal(trialRoll([0.01, -0.02, 0.0], "user"), 0);
  assert.equal(Object.is(trialRoll([0.01], "user"), -0), false);
  // No sensor, or no reading while recording: nothing is sent.
  assert.equal(trialRoll([], "environment"), null);
  assert.equal(trialRoll([NaN], "user"), null);
  // A phone held in landscape reads about 90°: not a tilt, and not sent.
  assert.equal(trialRoll([89, 90, 91], "environment"), null);
  assert.equal(trialRoll([CONTRACT.MAX_DEVICE_ROLL_DEG], "environment"), CONTRACT.MAX_DEVICE_ROLL_DEG);
});

test("a phone turned anticlockwise (as its screen is seen) reads a positive roll", () => {
  // Upright in portrait: beta 90°. Turned by 3° in the screen's plane, its right edge raised, the
  // device orientation angles read beta 87°, gamma -90°.
  const upright = tiltOf(90, 0);
  assert.ok(Math.abs(upright.roll) < 1e-9);
  const turned = tiltOf(87, -90);
  assert.ok(turned.roll > 0, `roll ${turned.roll}`);
  assert.ok(Math.abs(trialRoll([turned.roll], "environment") - 3) < 0.1);
});

test("a draft resumed after a reload sends the time it was recorded, not the time it is sent", () => {
  const recordedAt = "2026-03-01T09:30:00.000+01:00";
  const left = trial("left", { reps: 5, recordedAt }, { device_roll_deg: -0.4 });
  let state = [{ type: "loaded", profile: {} }, { type: "next" }, { type: "next" }, { type: "openCamera" }].reduce(
    reduce,
    initialState,
  );
  state = reduce(state, { type: "trial", trial: left });
  // The draft store keeps it as JSON (IndexedDB structured clone keeps the same values).
  const kept = JSON.parse(JSON.stringify(draftOf(state)));
  const resumed = reduce(reduce(initialState, { type: "loaded", profile: {}, draft: kept }), { type: "resume" });
  const body = assessmentPayload("female", recordedTrials(resumed));
  assert.equal(body.recorded_at, recordedAt);
  assert.equal(body.trials[0].device_roll_deg, -0.4);
});

// The compact body (schema_version 2): a decoder written from the README's description, to check
// the encoder against the words rather than against itself.
const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeColumn(text, count) {
  assert.equal(text.length % count, 0);
  const planes = text.length / count;
  const values = [];
  for (let at = 0; at < count; at += 1) {
    let zigzag = 0;
    for (let plane = planes - 1; plane >= 0; plane -= 1) zigzag = zigzag * 64 + DIGITS.indexOf(text[plane * count + at]);
    values.push(zigzag % 2 ? -(zigzag + 1) / 2 : zigzag / 2);
  }
  return values;
}

const rowsOf = (deltas, length) =>
  Array.from({ length: deltas.length / length }, (_, row) => {
    let sum = 0;
    return deltas.slice(row * length, (row + 1) * length).map((delta) => (sum += delta));
  });

const fixture = JSON.parse(
  readFileSync(new URL("../data/jump_landing_side_view.landmarks.json", import.meta.url), "utf8"),
);

test("the README's column example: 0, 33333, 66667 µs are AqsARRAQQ", () => {
  assert.equal(encodeColumn([[0, 33333, 66667]]), "AqsARRAQQ");
  assert.deepEqual(decodeColumn("AqsARRAQQ", 3), [0, 33333, 33334]);
});

test("a real recording goes compact and comes back at the stated precision", () => {
  const { frames, ...info } = fixture;
  const body = assessmentPayload("female", [{ ...info, frames, summary: { reps: 3 } }]);
  assert.equal(body.schema_version, CONTRACT.COMPACT.SCHEMA_VERSION);
  const [sent] = body.trials;
  assert.equal("frames" in sent, false);
  assert.equal(sent.frame_width, info.frame_width);
  assert.equal(sent.frame_count, frames.length);
  // Frames without a person are named, and the columns skip them.
  const seen = frames.filter((frame) => frame.landmarks);
  assert.deepEqual(
    sent.missing_frames,
    frames.flatMap((frame, index) => (frame.landmarks ? [] : [index])),
  );
  assert.ok(sent.missing_frames.length > 0);
  const times = rowsOf(decodeColumn(sent.columns.t_us, frames.length), frames.length)[0];
  assert.deepEqual(
    times.map((t) => t / CONTRACT.COMPACT.TIME_SCALE),
    frames.map((frame) => frame.t_ms),
  );
  ["x", "y", "z", "visibility"].forEach((name, channel) => {
    const scale = CONTRACT.COMPACT.SCALES[name];
    const rows = rowsOf(decodeColumn(sent.columns[name], CONTRACT.LANDMARKS.COUNT * seen.length), seen.length);
    assert.equal(rows.length, CONTRACT.LANDMARKS.COUNT);
    rows.forEach((row, landmark) =>
      // === and not Object.is: a -0 the landmarker gave comes back as 0.
      row.forEach((value, frame) => assert.ok(value / scale === seen[frame].landmarks[landmark][channel])),
    );
  });
});

test("the same recording always gives the same body, and a smaller one than JSON", () => {
  const { frames, ...info } = fixture;
  const recorded = [{ ...info, frames, summary: { reps: 3, recordedAt: "2026-03-01T09:30:00.000+01:00" } }];
  const once = JSON.stringify(assessmentPayload("male", recorded));
  // The wizard's draft comes back from IndexedDB as a copy: the body does not change.
  assert.equal(JSON.stringify(assessmentPayload("male", structuredClone(recorded))), once);
  assert.ok(once.length < JSON.stringify({ trials: [{ frames }] }).length / 2);
});
