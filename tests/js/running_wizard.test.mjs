// The running test through the wizard: one trial of both legs, the live offer by frame rate.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTRACT } from "../../valgus_pwa/components/contract.js";
import {
  FLOOR_FPS,
  RUNNING_RECORDING_S,
  initialPhase,
  liveOffer,
  next,
} from "../../valgus_pwa/components/recorder_phases.js";
import { assessmentPayload, outboxLabel } from "../../valgus_pwa/components/transport.js";
import {
  RUNNING,
  RUNNING_SIDE,
  cameraSteps,
  draftOf,
  initialState,
  nextLiveLeg,
  progressStep,
  recordedRun,
  recordedTrials,
  reduce,
  trialFps,
} from "../../valgus_pwa/components/wizard_state.js";

const run = (actions, state = initialState) => actions.reduce(reduce, state);
const running = { type: "profile", profile: { ...initialState.profile, test: RUNNING, view: "front" } };
const runTrial = (extra = {}) => ({ test: RUNNING, side: RUNNING_SIDE, camera_view: "back", frames: [], ...extra });
const squat = (side) => ({ side, test: "single_leg_squat", frames: [] });

test("a run filmed from behind is the published set-up, and the default view", () => {
  assert.equal(initialState.profile.view, "back");
  // The side a running trial names is one the schema accepts.
  assert.ok(["left", "right"].includes(RUNNING_SIDE));
  assert.ok(CONTRACT.TEST_NAMES.includes(RUNNING));
});

test("the camera route of a run: setup, how, place, the run, review; one trial, no second leg", () => {
  let state = run([running, { type: "next" }, { type: "next" }]);
  assert.equal(state.step, "place");
  assert.deepEqual(cameraSteps(RUNNING), ["setup", "how", "place", "run", "review"]);
  assert.equal(cameraSteps("single_leg_squat").length, 6);
  state = reduce(state, { type: "openCamera" });
  assert.equal(progressStep(state), "run");
  // Recorded live, the run goes to the review: there is no right leg to record after it.
  assert.equal(nextLiveLeg(state, runTrial()), null);
  state = reduce(state, { type: "trial", trial: runTrial() });
  assert.equal(state.step, "review");
  assert.ok(recordedRun(state.trials));
  assert.deepEqual(recordedTrials(state), [runTrial()]);
  assert.deepEqual(draftOf(state), { trials: { left: runTrial(), right: null }, source: "camera" });
});

test("the gallery route of a run: one video to the review, another video replaces it", () => {
  let state = run([running, { type: "next" }, { type: "next" }, { type: "openGallery" }]);
  assert.equal(state.step, "gallery");
  assert.equal(state.source, "gallery");
  state = reduce(state, { type: "trial", trial: runTrial({ frames: [{ t_ms: 0 }] }) });
  assert.equal(state.step, "review");
  state = run([{ type: "retake", side: RUNNING_SIDE }], state);
  assert.equal(state.step, "gallery");
  state = reduce(state, { type: "trial", trial: runTrial({ camera_view: "front" }) });
  assert.equal(state.step, "review");
  assert.deepEqual(recordedTrials(state), [runTrial({ camera_view: "front" })]);
});

test("a run and a leg's squat never share one test: each replaces the other", () => {
  let state = run([{ type: "openGallery" }, { type: "trial", trial: squat("right") }]);
  state = reduce(state, { type: "trial", trial: runTrial() });
  assert.deepEqual(recordedTrials(state), [runTrial()]);
  state = reduce(state, { type: "trial", trial: squat("right") });
  assert.deepEqual(recordedTrials(state), [squat("right")]);
  assert.equal(recordedRun(state.trials), false);
  // Two legs of a squat are still kept together.
  state = reduce(state, { type: "trial", trial: squat("left") });
  assert.equal(recordedTrials(state).length, 2);
});

test("the live offer: a run needs its measured rate at the floor; a squat may record anyway", () => {
  assert.equal(FLOOR_FPS.running, CONTRACT.THRESHOLDS.MIN_RUNNING_FPS);
  assert.equal(FLOOR_FPS.single_leg_squat, CONTRACT.THRESHOLDS.MIN_SQUAT_FPS);
  assert.equal(FLOOR_FPS.single_leg_landing, CONTRACT.THRESHOLDS.MIN_CONTACT_FPS);
  const unmeasured = { fps: null, slow: false };
  assert.equal(liveOffer(RUNNING, unmeasured), "measuring");
  assert.equal(liveOffer(RUNNING, { fps: 22, slow: true }), "gallery");
  assert.equal(liveOffer(RUNNING, { fps: 58, slow: false }), "start");
  assert.equal(liveOffer("single_leg_squat", unmeasured), "start");
  assert.equal(liveOffer("single_leg_squat", { fps: 12, slow: true }), "anyway");
  assert.equal(liveOffer("single_leg_landing", { fps: 30, slow: true }), "anyway");
});

test("a live run is said in running words and stops after its fixed time", () => {
  const context = { override: false, leg: "left", test: RUNNING, target: CONTRACT.TARGET_REPS.running };
  let { state, effects } = next(initialPhase, { type: "arm", override: false, leg: "left", test: RUNNING }, 0);
  assert.deepEqual(effects, [{ say: "Start the treadmill and run at an easy pace." }]);
  const said = [];
  for (let now = 250; state.phase !== "recording"; now += 250) {
    ({ state, effects } = next(state, { type: "tick", ready: true, problem: null, recording: null, ...context }, now));
    said.push(...effects.filter((effect) => effect.say).map((effect) => effect.say));
  }
  assert.equal(said[0], "Good. Keep running.");
  assert.equal(said.at(-1), `Go. Keep running for ${RUNNING_RECORDING_S} seconds.`);
  const recording = { startedAt: 10_000, doneAt: null };
  const tick = (now) => next(state, { type: "tick", ready: true, problem: null, recording, ...context }, now);
  assert.deepEqual(tick(10_000 + 1000 * RUNNING_RECORDING_S - 1).effects, []);
  assert.deepEqual(tick(10_000 + 1000 * RUNNING_RECORDING_S).effects, [{ say: "Done." }, { stop: true }]);
});

test("a trial's frame rate is read from its median frame interval, as the server reads it", () => {
  const at = (times) => times.map((t_ms) => ({ t_ms }));
  assert.equal(trialFps(at([0])), null);
  assert.equal(trialFps(at([0, 20, 40, 60])), 50);
  // One long gap (a frame the browser dropped) does not move the median.
  assert.ok(Math.abs(trialFps(at([0, 1000 / 60, 2000 / 60, 200, 200 + 1000 / 60])) - 60) < 1e-9);
});

test("a run's body carries its camera view and one side; the outbox lists it as both legs", () => {
  const trial = { ...runTrial(), frame_width: 1080, frame_height: 1920, summary: { reps: null } };
  const body = assessmentPayload("female", [trial]);
  const [sent] = body.trials;
  assert.equal(sent.test, RUNNING);
  assert.equal(sent.camera_view, "back");
  assert.equal(sent.side, RUNNING_SIDE);
  assert.equal(sent.summary, undefined);
  assert.equal(outboxLabel([trial], { running: "treadmill run" }), "treadmill run, left and right");
});
