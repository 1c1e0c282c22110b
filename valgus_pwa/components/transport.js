// Sending an assessment: the request body built from the recorded trials, and the upload that
// reports its progress. The outbox (assets/outbox.js) stores, retries and de-duplicates.
import { CONTRACT } from "./contract.js";
import { RUNNING } from "./wizard_state.js";

/**
 * The API's request body, in the compact form (schema_version 2, README "The compact upload"):
 * the trials without the wizard's own summary of each, their frames as integer columns, and when
 * the test was recorded (the earliest trial's summary.recordedAt), so a test sent days later keeps
 * its date. Trials without a time (a video chosen from the gallery: when it was filmed is not
 * known) add none. The same recording always gives the same body: its hash is the outbox's id.
 */
export function assessmentPayload(sex, trials) {
  const times = trials.map((trial) => trial.summary && trial.summary.recordedAt).filter(Boolean);
  const earliest = times.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  return {
    schema_version: CONTRACT.COMPACT.SCHEMA_VERSION,
    subject: { sex: sex || "unspecified" },
    trials: trials.map(({ summary: _summary, ...trial }) => compactTrial(trial)),
    ...(earliest ? { recorded_at: earliest } : {}),
  };
}

// Base-64 digits, one character each (the base64 alphabet); six hold any zigzagged 32-bit delta.
const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT_CODES = Uint8Array.from(DIGITS, (digit) => digit.charCodeAt(0));
const MAX_PLANES = 6;
const COORDINATES = ["x", "y", "z", "visibility"];

/**
 * One column: rows of integers (the deltas restart at each row), each value minus the one before,
 * zigzag-mapped to unsigned (0, -1, 1, -2 -> 0, 1, 2, 3), written in base 64 one character per
 * 6-bit digit, in digit planes: the lowest digit of every value, then every second digit, as many
 * planes as the largest value needs (the server reads how many from the length).
 */
export function encodeColumn(rows) {
  const zigzags = new Float64Array(rows.reduce((total, row) => total + row.length, 0));
  let index = 0;
  let largest = 0;
  for (const row of rows) {
    let previous = 0;
    for (const value of row) {
      const delta = value - previous;
      previous = value;
      const zigzag = delta >= 0 ? 2 * delta : -2 * delta - 1;
      zigzags[index] = zigzag;
      index += 1;
      if (zigzag > largest) largest = zigzag;
    }
  }
  let planes = 1;
  while (planes < MAX_PLANES && largest >= 64 ** planes) planes += 1;
  // Character codes in a typed array, turned into text once: a 240 fps trial has millions.
  const count = zigzags.length;
  const text = new Uint8Array(planes * count);
  for (let plane = 0, unit = 1; plane < planes; plane += 1, unit *= 64) {
    for (let at = 0; at < count; at += 1) text[plane * count + at] = DIGIT_CODES[Math.floor(zigzags[at] / unit) % 64];
  }
  return new TextDecoder().decode(text);
}

/**
 * A recorded trial ({..., frames: [{t_ms, landmarks}]}, landmarks packed by pose.js packLandmarks
 * or null) in the compact form: frame times in microseconds; per coordinate, each landmark's values
 * over the frames with a person, as integers at packLandmarks' precision (CONTRACT.COMPACT.SCALES).
 */
export function compactTrial({ frames, ...info }) {
  const { TIME_SCALE, SCALES } = CONTRACT.COMPACT;
  const seen = frames.filter((frame) => frame.landmarks);
  const columns = { t_us: encodeColumn([frames.map((frame) => Math.round(frame.t_ms * TIME_SCALE))]) };
  COORDINATES.forEach((name, channel) => {
    const rows = Array.from({ length: CONTRACT.LANDMARKS.COUNT }, (_, landmark) =>
      seen.map((frame) => Math.round(frame.landmarks[landmark][channel] * SCALES[name])),
    );
    columns[name] = encodeColumn(rows);
  });
  return {
    ...info,
    frame_count: frames.length,
    missing_frames: frames.flatMap((frame, index) => (frame.landmarks ? [] : [index])),
    columns,
  };
}

/** A moment as ISO 8601 in the phone's own zone, with its UTC offset: 2026-03-01T09:30:00.000+01:00. */
export function localIsoTime(date) {
  const two = (value) => String(Math.floor(Math.abs(value))).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const zone = `${offset >= 0 ? "+" : "-"}${two(offset / 60)}:${two(offset % 60)}`;
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, -1);
  return `${local}${zone}`;
}

// The sensor's roll to a tenth of a degree: finer is below its noise.
const ROLL_DECIMALS = 1;

/**
 * The trial's device_roll_deg from the roll readings (cues.js tiltOf) taken while recording: their
 * median, in the coordinates of the frames the landmarks come from, where + means the true vertical
 * leans towards the frame's +x. For the back camera that is the sensor's roll; the front camera's
 * frames are the mirror image of the screen's view, so its sign flips. null without readings, or
 * beyond the contract's MAX_DEVICE_ROLL_DEG (a phone held in landscape).
 */
export function trialRoll(rolls, facing) {
  const readings = rolls.filter((roll) => Number.isFinite(roll)).sort((a, b) => a - b);
  if (!readings.length) return null;
  const middle = readings.length >> 1;
  const median = readings.length % 2 ? readings[middle] : (readings[middle - 1] + readings[middle]) / 2;
  // Far from upright the phone is not in portrait, and the server would refuse the whole test.
  if (Math.abs(median) > CONTRACT.MAX_DEVICE_ROLL_DEG) return null;
  const inFrame = facing === "user" ? -median : median;
  const rounded = Number(inFrame.toFixed(ROLL_DECIMALS));
  return rounded === 0 ? 0 : rounded; // never -0
}

/** How the outbox lists a recording: "single-leg squat, left and right"; a run holds both legs. */
export function outboxLabel(trials, testWords) {
  const bothLegs = trials.length === 2 || trials[0].test === RUNNING;
  const legs = bothLegs ? "left and right" : trials[0].side;
  return `${testWords[trials[0].test]}, ${legs}`;
}

/** A transport for outbox.send() that reports upload progress (0-1): fetch() cannot, XHR can. */
export function xhrTransport(onProgress) {
  return (body, headers) =>
    new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", CONTRACT.API.ASSESSMENTS);
      for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      request.upload.onload = () => onProgress(1);
      request.onload = () =>
        resolve({
          status: request.status,
          text: request.responseText,
          retryAfter: request.getResponseHeader("Retry-After"),
        });
      request.onerror = () => reject(new Error("network"));
      request.ontimeout = () => reject(new Error("timeout"));
      request.send(body);
    });
}
