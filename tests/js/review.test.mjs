import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTRACT } from "../../valgus_pwa/components/contract.js";
import { deepestPose } from "../../valgus_pwa/components/skeleton_svg.js";
import { assessmentPayload, outboxLabel } from "../../valgus_pwa/components/transport.js";

const L = CONTRACT.LANDMARKS;
const row = (hipY) =>
  Array.from({ length: L.COUNT }, (_, index) => [
    0.5,
    index === L.LEFT_HIP || index === L.RIGHT_HIP ? hipY : 0.4,
    0,
    1,
  ]);

test("the thumbnail shows the deepest frame, in pixels", () => {
  const trial = {
    frame_width: 100,
    frame_height: 200,
    frames: [{ landmarks: row(0.5) }, { landmarks: null }, { landmarks: row(0.6) }],
  };
  const pose = deepestPose(trial);
  assert.ok(pose.paths.some(({ d }) => d.includes(`${0.5 * 100} ${0.6 * 200}`)));
  assert.deepEqual(pose.head, [50, 80]);
  assert.equal(pose.paths.length, 5);
  assert.equal(deepestPose({ ...trial, frames: [{ landmarks: null }] }), null);
});

test("the request body leaves out the wizard's summaries", () => {
  const trials = [{ side: "left", test: "single_leg_squat", frames: [], summary: { reps: 5 } }];
  // The compact body (transport.test.mjs checks its columns): the frames become columns.
  const body = assessmentPayload(undefined, trials);
  assert.equal(body.schema_version, 2);
  assert.deepEqual(body.subject, { sex: "unspecified" });
  assert.deepEqual(Object.keys(body.trials[0]).sort(), ["columns", "frame_count", "missing_frames", "side", "test"]);
  const words = { single_leg_squat: "single-leg squat" };
  assert.equal(outboxLabel(trials, words), "single-leg squat, left");
  assert.equal(outboxLabel([...trials, { ...trials[0], side: "right" }], words), "single-leg squat, left and right");
});
