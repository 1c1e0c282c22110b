import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTRACT } from "../../valgus_pwa/components/contract.js";
import { createLandingCounter, createRepCounter } from "../../valgus_pwa/components/reps.js";
import { pickRunner, createRunnerTracker } from "../../valgus_pwa/components/runner.js";
import { standing } from "./poses.mjs";

const L = CONTRACT.LANDMARKS;
const W = 720;
const H = 1280;

/** Hips lowered by depth(t) over `seconds` at `fps`. */
function squats(reps, { fps = 30, lift = 0.06, deepest = 0.08 } = {}) {
  const poses = [];
  for (let frame = 0; frame < reps * 2 * fps + fps; frame += 1) {
    const phase = frame / (2 * fps);
    const depth = phase < reps ? (deepest * (1 - Math.cos(2 * Math.PI * phase))) / 2 : 0;
    poses.push(standing({ depth, lift }));
  }
  return poses;
}

const countReps = (poses) => {
  const push = createRepCounter();
  return poses.reduce((count, pose) => push(pose, W, H), 0);
};

test("the squat counter counts single-leg squats and not a held stance", () => {
  assert.equal(countReps(squats(5)), 5);
  assert.equal(countReps(squats(3, { fps: 15 })), 3);
  assert.equal(countReps(squats(0)), 0);
  assert.equal(countReps([null, null]), 0);
});

test("squats with both feet down are not counted, as the server leaves them out", () => {
  assert.equal(countReps(squats(4, { lift: 0 })), 0);
});

test("dips shallower than the server's rep prominence are not reps", () => {
  assert.equal(countReps(squats(4, { deepest: 0.01 })), 0);
});

/** The stance ankle dropping from a box onto the floor `landings` times, then stepping back up. */
function landings(count, leg, fps = 30) {
  const frames = [];
  let t = 0;
  const at = (ankleY) => {
    const pose = standing({ lift: 0.06 });
    const index = leg === "left" ? L.LEFT_ANKLE : L.RIGHT_ANKLE;
    pose[index] = { ...pose[index], y: ankleY };
    frames.push({ pose, t });
    t += 1000 / fps;
  };
  for (let landing = 0; landing < count; landing += 1) {
    for (let i = 0; i < fps; i += 1) at(0.7); // on the box
    for (let i = 1; i <= 6; i += 1) at(0.7 + (0.1 * i) / 6); // the drop
    for (let i = 0; i < fps * 1.5; i += 1) at(0.8); // landed and held
    for (let i = 1; i <= fps; i += 1) at(0.8 - (0.1 * i) / fps); // stepping back up, slowly
  }
  return frames;
}

const countLandings = (frames, leg) => {
  const push = createLandingCounter(leg);
  return frames.reduce((count, { pose, t }) => push(pose, W, H, t), 0);
};

test("the landing counter counts each drop and not the step back up", () => {
  for (const leg of ["left", "right"]) {
    assert.equal(countLandings(landings(1, leg), leg), 1, leg);
    assert.equal(countLandings(landings(3, leg), leg), 3, leg);
    assert.equal(countLandings(landings(3, leg, 15), leg), 3, leg);
  }
});

test("a drop of the other foot is no landing on the tested leg", () => {
  assert.equal(countLandings(landings(2, "right"), "left"), 0);
});

const person = (x, height) =>
  Array.from({ length: L.COUNT }, (_, index) => ({
    x,
    y: index === L.NOSE ? 0.5 - height / 2 : index >= L.LEFT_ANKLE ? 0.5 + height / 2 : 0.5,
    z: 0,
    visibility: 1,
  }));

test("the runner is followed when someone taller comes into view", () => {
  const runner = person(0.3, 0.5);
  const other = person(0.7, 0.8);
  const follow = createRunnerTracker();
  const picks = [follow([runner]), follow([other, runner]), follow([runner, other]), follow([])];
  assert.deepEqual(
    picks.map(({ landmarks, others }) => [landmarks ? landmarks[L.LEFT_HIP].x : null, others]),
    [
      [0.3, 0],
      [0.3, 1],
      [0.3, 1],
      [null, 0],
    ],
  );
});

test("with nobody followed yet, the tallest (nearest) person is the runner", () => {
  const picked = pickRunner([person(0.3, 0.5), person(0.7, 0.8)], null);
  assert.equal(picked.landmarks[L.LEFT_HIP].x, 0.7);
  assert.deepEqual(picked.hip, [0.7, 0.5]);
  assert.deepEqual(pickRunner(null, [0.1, 0.2]), { landmarks: null, others: 0, hip: [0.1, 0.2] });
});
