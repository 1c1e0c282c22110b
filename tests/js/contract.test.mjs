import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTRACT } from "../../valgus_pwa/components/contract.js";

test("the contract names every landmark, threshold, test, key and path the browser uses", () => {
  assert.equal(CONTRACT.LANDMARKS.LEFT_HIP, 23);
  assert.equal(CONTRACT.LANDMARKS.COUNT, 33);
  for (const value of Object.values(CONTRACT.THRESHOLDS)) assert.equal(typeof value, "number");
  assert.deepEqual(Object.keys(CONTRACT.TARGET_REPS).sort(), [...CONTRACT.TEST_NAMES].sort());
  assert.match(CONTRACT.API.ASSESSMENTS, /^\/api\/v1\//);
  assert.ok(CONTRACT.API.REPLAY.includes("{id}"));
  assert.ok(Object.values(CONTRACT.STORAGE).every((key) => typeof key === "string" && key.startsWith("valgus")));
});

test("every left/right pair is a left then a right landmark", () => {
  for (const [left, right] of CONTRACT.LEFT_RIGHT_PAIRS) assert.ok(left < right && right < CONTRACT.LANDMARKS.COUNT);
});
