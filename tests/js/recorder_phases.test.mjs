import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ABORT_AFTER_MS,
  COUNTDOWN_S,
  HOLD_MS,
  MAX_RECORDING_S,
  OVERRIDE_COUNTDOWN_S,
  initialPhase,
  next,
} from "../../valgus_pwa/components/recorder_phases.js";

const context = { override: false, leg: "left", test: "single_leg_squat", target: 5, recording: null };
const tick = (ready, extra = {}) => ({
  type: "tick",
  ready,
  problem: ready ? null : "Step back.",
  ...context,
  ...extra,
});

/** Run events at times; returns the final state and every effect with its time. */
function play(steps, state = initialPhase) {
  const effects = [];
  for (const [now, event] of steps) {
    const result = next(state, event, now);
    state = result.state;
    for (const effect of result.effects) effects.push([now, effect]);
  }
  return { state, effects };
}

const said = (effects) => effects.filter(([, effect]) => effect.say).map(([, effect]) => effect.say);

test("armed, the countdown starts once every check held for HOLD_MS, then recording starts", () => {
  const steps = [[0, { type: "arm", override: false, leg: "left" }]];
  for (let t = 250; t <= HOLD_MS + 250; t += 250) steps.push([t, tick(true)]);
  let { state, effects } = play(steps);
  assert.equal(state.phase, "countdown");
  assert.deepEqual(said(effects), ["Get into position on your left leg.", "Good. Stay on your left leg."]);
  const started = state.countdownEnds;
  assert.equal(started, HOLD_MS + 250 + 1000 * COUNTDOWN_S);
  const later = [];
  for (let t = HOLD_MS + 500; t <= started; t += 250) later.push([t, tick(true)]);
  ({ state, effects } = play(later, state));
  assert.equal(state.phase, "recording");
  assert.deepEqual(said(effects), ["3", "2", "1", "Go. 5 slow squats."]);
  assert.ok(effects.some(([, effect]) => effect.start));
});

test("a passing glimpse does not start the countdown", () => {
  const { state } = play([
    [0, { type: "arm", override: false, leg: "left" }],
    [250, tick(true)],
    [500, tick(false)],
    [750, tick(true)],
    [750 + HOLD_MS - 1, tick(true)],
  ]);
  assert.equal(state.phase, "armed");
});

test("guidance is spoken, not repeated too often", () => {
  const steps = [[0, { type: "arm", override: false, leg: "left" }]];
  for (let t = 250; t <= 11000; t += 250) steps.push([t, tick(false)]);
  const spoken = said(play(steps).effects);
  // The arming words, then the problem after 3 s and again after 7 more.
  assert.deepEqual(spoken, ["Get into position on your left leg.", "Step back.", "Step back."]);
});

test("a check failing for ABORT_AFTER_MS stops the countdown; a shorter glitch does not", () => {
  const counting = { ...initialPhase, phase: "countdown", countdownEnds: 10000 };
  const glitch = play(
    [
      [1000, tick(false)],
      [1000 + ABORT_AFTER_MS - 1, tick(false)],
      [1900, tick(true)],
    ],
    counting,
  );
  assert.equal(glitch.state.phase, "countdown");
  const fails = play(
    [
      [1000, tick(false)],
      [1000 + ABORT_AFTER_MS, tick(false)],
    ],
    counting,
  );
  assert.equal(fails.state.phase, "armed");
  assert.equal(fails.state.countdown, null);
  assert.deepEqual(said(fails.effects), ["Hold on. Step back."]);
});

test("with the checks overridden the countdown is long and never stops", () => {
  const { state } = play([
    [0, { type: "arm", override: true, leg: "right" }],
    [250, tick(false, { override: true })],
  ]);
  assert.equal(state.phase, "countdown");
  assert.equal(state.countdownEnds, 250 + 1000 * OVERRIDE_COUNTDOWN_S);
  const still = play(
    [
      [5000, tick(false, { override: true })],
      [7000, tick(false, { override: true })],
    ],
    state,
  );
  assert.equal(still.state.phase, "countdown");
  assert.equal(still.state.countdown, Math.ceil((state.countdownEnds - 7000) / 1000));
});

test("recording stops after the last rep's finish, or at the time limit", () => {
  const recording = { ...initialPhase, phase: "recording" };
  const going = next(recording, tick(true, { recording: { startedAt: 0, doneAt: null } }), 30000);
  assert.deepEqual(going.effects, []);
  const done = next(recording, tick(true, { recording: { startedAt: 0, doneAt: 9000 } }), 9000);
  assert.deepEqual(done.effects, [{ say: "Done." }, { stop: true }]);
  const late = next(recording, tick(true, { recording: { startedAt: 0, doneAt: null } }), MAX_RECORDING_S * 1000);
  assert.deepEqual(late.effects, [{ say: "Time is up." }, { stop: true }]);
});

test("after a recording the next leg is armed at once, or the recorder waits for Start", () => {
  const recording = { ...initialPhase, phase: "recording" };
  const right = next(recording, { type: "stopped", nextLeg: "right" }, 0);
  assert.equal(right.state.phase, "armed");
  assert.deepEqual(right.effects, [{ say: "Now your right leg. Stand on your right leg." }]);
  assert.equal(next(recording, { type: "stopped", nextLeg: null }, 0).state.phase, "check");
  assert.equal(next(right.state, { type: "cancel" }, 0).state.phase, "check");
  assert.equal(next(initialPhase, tick(true), 0).state, initialPhase);
  assert.throws(() => next(initialPhase, { type: "jump" }, 0), /unknown recorder event/);
});

test("a landing recording is announced in landings", () => {
  const counting = { ...initialPhase, phase: "countdown", countdownEnds: 1000 };
  const { effects } = next(counting, tick(true, { test: "single_leg_landing", target: 3 }), 1000);
  assert.deepEqual(effects.at(-1), { say: "Go. 3 landings." });
});

const recording = { ...initialPhase, phase: "recording" };
// The analysis gives a finding from two reps (MIN_REPS_FOR_FINDING).
const loseCamera = (reps, phase = recording) =>
  next(phase, { type: "cameraLost", reps, minReps: 2, leg: "left" }, 9000);

/** The state once the camera is lost after `reps`; the recording is either kept or dropped. */
function lostAfter(reps, kept) {
  const { state, effects } = loseCamera(reps);
  assert.equal(state.phase, "lost");
  assert.deepEqual(state.lost, { reps, kept, leg: "left" });
  assert.equal(effects.some((effect) => effect.stop), kept);
  assert.equal(effects.some((effect) => effect.discard), !kept);
  return state;
}

test("the camera lost while recording keeps the reps when there are enough for the analysis", () => {
  const state = lostAfter(2, true);
  // The kept trial is handed over; the recorder waits for the camera instead of arming the next leg.
  const after = next(state, { type: "stopped", nextLeg: "right" }, 9100);
  assert.equal(after.state.phase, "lost");
  assert.deepEqual(after.effects, []);
});

test("the camera lost with too few reps drops the recording and offers a retake", () => {
  const state = lostAfter(1, false);
  // Ticks change nothing until the runner tries again, which starts from the check phase.
  assert.equal(next(state, tick(true), 9250).state, state);
  const retried = next(state, { type: "retry" }, 12000).state;
  assert.equal(retried.phase, "check");
  assert.equal(retried.lost, null);
});

test("the camera lost before recording has nothing to keep", () => {
  for (const phase of ["check", "armed", "countdown"]) {
    const { state, effects } = loseCamera(0, { ...initialPhase, phase });
    assert.equal(state.phase, "lost", phase);
    assert.deepEqual(state.lost, { reps: 0, kept: false, leg: "left" }, phase);
    assert.deepEqual(effects, [], phase);
  }
});
