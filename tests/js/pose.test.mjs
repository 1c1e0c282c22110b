import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTRACT } from "../../valgus_pwa/components/contract.js";
import { tiltOf } from "../../valgus_pwa/components/cues.js";
import { FULL, LITE, MIN_FPS, chooseModel, packLandmarks, shouldTryFull } from "../../valgus_pwa/components/pose.js";

test("the model follows the measured speed unless the runner chose one", () => {
  assert.equal(chooseModel("auto", {}), LITE);
  assert.equal(chooseModel("auto", { [LITE]: 20, [FULL]: 35 }), FULL);
  assert.equal(chooseModel("auto", { [LITE]: 30, [FULL]: 55 }), LITE);
  assert.equal(chooseModel("lite", { [LITE]: 5, [FULL]: 9 }), LITE);
  assert.equal(chooseModel("full", { [LITE]: 50 }), FULL);
  assert.equal(MIN_FPS, CONTRACT.THRESHOLDS.MIN_FPS);
});

test("full is only tried online, in automatic mode, when lite leaves headroom", () => {
  assert.equal(shouldTryFull("auto", { [LITE]: 15 }, true), true);
  assert.equal(shouldTryFull("auto", { [LITE]: 50 }, true), false);
  assert.equal(shouldTryFull("lite", { [LITE]: 15 }, true), false);
  assert.equal(shouldTryFull("auto", { [LITE]: 15, [FULL]: 30 }, true), false);
  assert.equal(shouldTryFull("auto", { [LITE]: 15 }, false), false);
});

test("landmarks are packed at the precision the measurement needs", () => {
  assert.deepEqual(
    packLandmarks([
      { x: 0.123456, y: 0.98765, z: -0.12345, visibility: 0.987 },
      { x: 1, y: 0, z: 0 },
    ]),
    [
      [0.1235, 0.9877, -0.123, 0.99],
      [1, 0, 0, 0],
    ],
  );
});

test("tilt: upright, leaning back and leaning sideways", () => {
  const near = (a, b) => Math.abs(a - b) < 1e-9;
  const upright = tiltOf(90, 0);
  assert.ok(near(upright.pitch, 0) && near(upright.roll, 0));
  assert.ok(near(tiltOf(70, 0).pitch, 20));
  assert.ok(near(tiltOf(110, 0).pitch, -20));
  assert.ok(Math.abs(tiltOf(90, 10).roll) < 1e-9 || tiltOf(90, 10).roll !== 0);
  assert.ok(
    near(
      Math.abs(tiltOf(80, 15).roll),
      Math.abs(
        (Math.atan2(-Math.cos((80 * Math.PI) / 180) * Math.sin((15 * Math.PI) / 180), Math.sin((80 * Math.PI) / 180)) *
          180) /
          Math.PI,
      ),
    ),
  );
});
