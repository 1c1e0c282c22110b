import assert from "node:assert/strict";
import { test } from "node:test";
import {
  draftOf,
  galleryLeg,
  hasUnsaved,
  initialState,
  nextLiveLeg,
  progressStep,
  recordedTrials,
  reduce,
} from "../../valgus_pwa/components/wizard_state.js";

const run = (actions, state = initialState) => actions.reduce(reduce, state);
const trial = (side) => ({ side, test: "single_leg_squat", frames: [] });

test("the camera route: setup, how, place, left, right, review, send", () => {
  let state = run([{ type: "loaded", profile: { sex: "female" } }]);
  assert.equal(state.ready, true);
  assert.equal(state.profile.sex, "female");
  assert.equal(state.profile.test, "single_leg_squat");
  state = run([{ type: "next" }, { type: "next" }, { type: "openCamera" }], state);
  assert.equal(state.step, "live");
  assert.equal(progressStep(state), "left");
  assert.equal(nextLiveLeg(state, trial("left")), "right");
  state = reduce(state, { type: "trial", trial: trial("left") });
  assert.equal(state.step, "live");
  assert.equal(progressStep(state), "right");
  assert.equal(nextLiveLeg(state, trial("right")), null);
  state = reduce(state, { type: "trial", trial: trial("right") });
  assert.equal(state.step, "review");
  assert.deepEqual(
    recordedTrials(state).map(({ side }) => side),
    ["left", "right"],
  );
  state = reduce(state, { type: "queued", localId: "abc" });
  assert.equal(state.step, "send");
  assert.equal(state.localId, "abc");
  assert.equal(reduce(state, { type: "back" }).step, "review");
});

test("back goes one step back; from the camera, to the placement or the review", () => {
  assert.equal(run([{ type: "next" }, { type: "back" }]).step, "setup");
  assert.equal(run([{ type: "next" }, { type: "next" }, { type: "back" }]).step, "how");
  assert.equal(run([{ type: "openCamera" }, { type: "back" }]).step, "place");
  assert.equal(run([{ type: "back" }]).step, "setup");
  assert.equal(run([{ type: "next" }, { type: "next" }, { type: "next" }]).step, "place");
});

test("a retake records one leg and returns to the review", () => {
  let state = run([
    { type: "openCamera" },
    { type: "trial", trial: trial("left") },
    { type: "trial", trial: trial("right") },
  ]);
  state = reduce(state, { type: "retake", side: "left" });
  assert.equal(state.step, "live");
  assert.equal(state.leg, "left");
  assert.equal(nextLiveLeg(state, trial("left")), null);
  assert.equal(reduce(state, { type: "back" }).step, "review");
  state = reduce(state, { type: "trial", trial: trial("left") });
  assert.equal(state.step, "review");
  assert.equal(state.retaking, false);
});

test("the gallery route: each video goes to the review; back goes to the review once one exists", () => {
  let state = run([{ type: "openGallery" }]);
  assert.equal(state.step, "gallery");
  assert.equal(galleryLeg(state), "left");
  assert.equal(reduce(state, { type: "back" }).step, "setup");
  state = reduce(state, { type: "trial", trial: trial("left") });
  assert.equal(state.step, "review");
  state = reduce(state, { type: "retake", side: "right" });
  assert.equal(state.step, "gallery");
  assert.equal(galleryLeg(state), "right");
  assert.equal(reduce(state, { type: "back" }).step, "review");
  assert.equal(galleryLeg({ ...state, retaking: false }), "right");
});

test("start again forgets the trials and the source", () => {
  const state = run([{ type: "openGallery" }, { type: "trial", trial: trial("right") }, { type: "restart" }]);
  assert.equal(state.step, "setup");
  assert.equal(state.source, "camera");
  assert.deepEqual(state.trials, { left: null, right: null });
  assert.throws(() => reduce(state, { type: "jump" }), /unknown wizard action/);
});

test("the profile is replaced as chosen", () => {
  const profile = { test: "single_leg_landing", sex: "male", facing: "environment" };
  assert.deepEqual(reduce(initialState, { type: "profile", profile }).profile, profile);
});

test("a draft found at load is offered, resumed on the review or dismissed", () => {
  const draft = { trials: { left: trial("left"), right: null }, source: "camera", saved_at: "2026-12-01T20:00:00Z" };
  let state = run([{ type: "loaded", profile: {}, draft }]);
  assert.equal(state.draft, draft);
  assert.equal(state.step, "setup");
  assert.equal(reduce(state, { type: "dismissDraft" }).draft, null);
  state = reduce(state, { type: "resume" });
  assert.equal(state.step, "review");
  assert.equal(state.draft, null);
  assert.deepEqual(state.trials, draft.trials);
  // A draft without a recording is not offered.
  assert.equal(run([{ type: "loaded", profile: {}, draft: { trials: { left: null, right: null } } }]).draft, null);
  assert.equal(run([{ type: "loaded", profile: {}, draft: null }]).draft, null);
});

test("recorded trials are a draft until the test is in the outbox", () => {
  let state = run([{ type: "openCamera" }]);
  assert.equal(draftOf(state), null);
  state = reduce(state, { type: "trial", trial: trial("left") });
  assert.deepEqual(draftOf(state), { trials: { left: trial("left"), right: null }, source: "camera" });
  state = run(
    [
      { type: "trial", trial: trial("right") },
      { type: "queued", localId: "abc" },
    ],
    state,
  );
  assert.equal(draftOf(state), null);
  // A retake after queueing makes a new, unsent test.
  state = run([{ type: "back" }, { type: "retake", side: "left" }, { type: "trial", trial: trial("left") }], state);
  assert.equal(state.localId, null);
  assert.notEqual(draftOf(state), null);
  assert.equal(draftOf(reduce(state, { type: "restart" })), null);
});

test("a leg being recorded, like an unsent recording, is something leaving would lose", () => {
  let state = run([{ type: "openCamera" }]);
  assert.equal(hasUnsaved(state), false);
  state = reduce(state, { type: "recording", active: true });
  assert.equal(hasUnsaved(state), true);
  state = run([{ type: "recording", active: false }, { type: "trial", trial: trial("left") }], state);
  assert.equal(state.recording, false);
  assert.equal(hasUnsaved(state), true);
  assert.equal(hasUnsaved(run([{ type: "trial", trial: trial("right") }, { type: "queued", localId: "a" }], state)), false);
});

test("the browser's Back and Forward go to a step only when it can be shown", () => {
  const recorded = run([
    { type: "openCamera" },
    { type: "trial", trial: trial("left") },
    { type: "trial", trial: trial("right") },
  ]);
  assert.equal(reduce(recorded, { type: "goTo", step: "live" }).step, "live");
  assert.equal(reduce(recorded, { type: "goTo", step: "place" }).step, "place");
  assert.equal(
    reduce(reduce(recorded, { type: "goTo", step: "place" }), { type: "goTo", step: "review" }).step,
    "review",
  );
  // Nothing recorded, nothing queued: the review and the send step stay where they are.
  assert.equal(run([{ type: "goTo", step: "review" }]).step, "setup");
  assert.equal(reduce(recorded, { type: "goTo", step: "send" }).step, "review");
  assert.equal(run([{ type: "goTo", step: "nowhere" }]).step, "setup");
  assert.equal(run([{ type: "goTo", step: "gallery" }]).source, "gallery");
  assert.equal(run([{ type: "openGallery" }, { type: "goTo", step: "live" }]).source, "camera");
});
