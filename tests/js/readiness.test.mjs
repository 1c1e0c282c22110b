import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTRACT } from "../../valgus_pwa/components/contract.js";
import {
  depthYawDeg,
  evaluateReadiness,
  feetDown,
  firstProblem,
  frontalRatio,
  legVisibility,
  median,
} from "../../valgus_pwa/components/readiness.js";
import { bySide } from "../../valgus_pwa/components/sides.js";
import { framesOf, repeated, standing } from "./poses.mjs";

const L = CONTRACT.LANDMARKS;
const { MAX_DEPTH_YAW_DEG, MIN_VISIBILITY } = CONTRACT.THRESHOLDS;
const W = 720;
const H = 1280;
const check = (frames, options = { leg: "left", oneLeg: true }, tilt = null) =>
  evaluateReadiness(frames, W, H, tilt, options);

test("a person standing on one leg, square to the camera, is ready", () => {
  const result = check(framesOf(repeated(30)));
  for (const key of ["body", "distance", "frontal", "visibility", "oneLeg", "alone"]) {
    assert.equal(result.checks[key].status, "pass", key);
  }
  assert.equal(result.checks.upright.status, "unknown");
  assert.equal(result.ready, true);
  assert.equal(firstProblem(result), null);
});

test("too few frames wait, and nobody seen asks the runner to stand in front", () => {
  assert.equal(check(framesOf(repeated(3))).checks.body.status, "waiting");
  const empty = framesOf(Array.from({ length: 10 }, () => null));
  const result = check(empty);
  assert.equal(result.checks.body.status, "fail");
  assert.equal(result.checks.frontal.status, "waiting");
  assert.equal(result.ready, false);
});

test("a turned body fails the frontal check, with the server's yaw formula and limit", () => {
  // z difference across shoulders and hips = tan(yaw) x their width, as MediaPipe gives it.
  const width = 0.12 + 0.08;
  const zFor = (deg) => (Math.tan((deg * Math.PI) / 180) * width) / 4;
  const slightly = check(framesOf(repeated(20, { z: -zFor(MAX_DEPTH_YAW_DEG - 5) })));
  const clearly = check(framesOf(repeated(20, { z: -zFor(MAX_DEPTH_YAW_DEG + 5) })));
  assert.equal(slightly.checks.frontal.status, "pass");
  assert.equal(clearly.checks.frontal.status, "fail");
  assert.ok(Math.abs(clearly.checks.frontal.yaw - (MAX_DEPTH_YAW_DEG + 5)) < 1e-9);
  assert.match(clearly.checks.frontal.message, /^Turn to face the phone/);
  // A nearer left side is a positive yaw; swapped labels read the same turn.
  const pose = standing({ z: -zFor(30) });
  assert.ok(Math.abs(depthYawDeg(pose, W) - 30) < 1e-9);
  const swapped = [...pose];
  for (const [a, b] of CONTRACT.LEFT_RIGHT_PAIRS) [swapped[a], swapped[b]] = [pose[b], pose[a]];
  assert.ok(Math.abs(depthYawDeg(swapped, W) - 30) < 1e-9);
});

test("without depth readings no turn is seen", () => {
  const flat = repeated(20).map((pose) => pose.map(({ x, y, visibility }) => ({ x, y, visibility })));
  assert.equal(check(framesOf(flat)).checks.frontal.status, "pass");
  assert.equal(check(framesOf(flat)).checks.frontal.yaw, null);
});

test("the frontal ratio is measured in pixels, not normalized units", () => {
  const pose = standing();
  assert.ok(Math.abs(frontalRatio(pose, 2000, 1000) - 2 * frontalRatio(pose, 1000, 1000)) < 1e-12);
  assert.ok(Math.abs(frontalRatio(pose, 1000, 1000) - 1.0) < 1e-12);
});

test("only the tested leg's visibility counts, as on the server", () => {
  const dimLeft = repeated(20).map((pose) => {
    for (const index of [L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE]) pose[index] = { ...pose[index], visibility: 0.2 };
    return pose;
  });
  assert.equal(check(framesOf(dimLeft), { leg: "left" }).checks.visibility.status, "fail");
  assert.equal(check(framesOf(dimLeft), { leg: "right" }).checks.visibility.status, "pass");
  assert.ok(legVisibility(dimLeft, "left") < MIN_VISIBILITY);
  // Without a tested leg both legs count.
  assert.ok(Math.abs(legVisibility(dimLeft) - (0.2 + 0.9) / 2) < 1e-12);
});

test("the tested leg is found by image side when MediaPipe swapped the labels", () => {
  const pose = standing();
  pose[L.LEFT_HIP] = { ...pose[L.LEFT_HIP], visibility: 0.1 };
  const swapped = [...pose];
  for (const [a, b] of CONTRACT.LEFT_RIGHT_PAIRS) [swapped[a], swapped[b]] = [pose[b], pose[a]];
  assert.deepEqual(bySide(swapped), pose);
  assert.equal(legVisibility([swapped], "left"), legVisibility([pose], "left"));
  assert.equal(bySide(pose), pose);
});

test("both feet down fails the one-leg check for the squat only", () => {
  const twoFeet = framesOf(repeated(20, { lift: 0 }));
  const failing = check(twoFeet, { leg: "right", oneLeg: true }).checks.oneLeg;
  assert.equal(failing.status, "fail");
  assert.equal(failing.value, 1);
  assert.match(failing.message, /^Both feet are on the floor\. Stand on your right leg and lift your left foot/);
  assert.equal("oneLeg" in check(twoFeet, { leg: "left" }).checks, false);
  assert.equal(feetDown(standing({ lift: 0 }), W, H), true);
  assert.equal(feetDown(standing({ lift: 0.06 }), W, H), false);
});

test("someone else in view is a note that never blocks, from the server's share of frames", () => {
  const poses = repeated(40);
  const alone = check(framesOf(poses));
  const sometimes = framesOf(poses).map((frame, index) => ({ ...frame, others: index === 0 ? 1 : 0 }));
  const often = framesOf(poses, 30, 1);
  assert.equal(check(sometimes).checks.alone.status, "pass");
  const crowded = check(often);
  assert.equal(crowded.checks.alone.status, "note");
  assert.match(crowded.checks.alone.message, /^Someone else is in the picture\./);
  assert.equal(crowded.ready, alone.ready);
});

test("frames without a person count as out of view, as on the server", () => {
  const poses = repeated(20);
  const gappy = framesOf(poses.map((pose, index) => (index % 4 === 0 ? null : pose)));
  assert.equal(check(gappy).checks.body.status, "fail");
  const feetOut = framesOf(repeated(20).map((pose) => pose.map((point) => ({ ...point, y: point.y + 0.3 }))));
  assert.match(check(feetOut).checks.body.message, /feet are out of view/);
});

test("distance: too small or too large in the picture", () => {
  const shrink = (factor) =>
    repeated(20).map((pose) => pose.map((point) => ({ ...point, y: 0.5 + (point.y - 0.5) * factor })));
  assert.match(check(framesOf(shrink(0.2))).checks.distance.message, /^Come a step closer/);
  assert.match(check(framesOf(shrink(1.5))).checks.distance.message, /^Step back/);
});

test("the tilt check blocks only when a sensor says the phone leans", () => {
  const frames = framesOf(repeated(20));
  assert.equal(check(frames, {}, { available: true, pitch: 3, roll: 2 }).ready, true);
  const back = check(frames, {}, { available: true, pitch: 25, roll: 0 });
  assert.equal(back.ready, false);
  assert.match(back.checks.upright.message, /leans back by 25°/);
  assert.match(check(frames, {}, { available: true, pitch: 0, roll: -14 }).checks.upright.message, /one side by 14°/);
  assert.equal(check(frames, {}, { available: false }).checks.upright.status, "unknown");
});

test("the first problem follows the order a runner fixes things", () => {
  const result = {
    checks: { upright: { status: "fail", message: "tilt" }, body: { status: "fail", message: "body" } },
  };
  assert.equal(firstProblem(result), "body");
});

test("median of odd and even counts", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
});
