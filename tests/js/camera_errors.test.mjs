import assert from "node:assert/strict";
import { test } from "node:test";
import { NO_MEDIA_DEVICES, cameraApi, cameraProblem } from "../../valgus_pwa/components/camera_errors.js";

const named = (name) => Object.assign(new Error(name), { name });

test("each getUserMedia failure has its own cause and says what to do", () => {
  const causes = {
    NotAllowedError: ["denied", /Allow the camera/],
    NotFoundError: ["not-found", /No camera was found/],
    NotReadableError: ["in-use", /in use by another app/],
    OverconstrainedError: ["constraints", /other camera/],
    [NO_MEDIA_DEVICES]: ["insecure", /https/],
  };
  for (const [name, [cause, words]] of Object.entries(causes)) {
    const problem = cameraProblem(named(name));
    assert.equal(problem.cause, cause, name);
    assert.match(problem.message, words, name);
    assert.doesNotMatch(problem.message, /Something went wrong|undefined/, name);
  }
});

test("an unknown error is not shown raw", () => {
  const problem = cameraProblem(new TypeError("Cannot read properties of undefined (reading 'getUserMedia')"));
  assert.equal(problem.cause, "other");
  assert.doesNotMatch(problem.message, /undefined/);
  assert.equal(cameraProblem(undefined).cause, "other");
});

test("without navigator.mediaDevices the camera API throws the insecure-origin error", () => {
  assert.throws(
    () => cameraApi({}),
    (error) => error.name === NO_MEDIA_DEVICES,
  );
  assert.throws(
    () => cameraApi({ mediaDevices: {} }),
    (error) => error.name === NO_MEDIA_DEVICES,
  );
  const devices = { getUserMedia: async () => null };
  assert.equal(cameraApi({ mediaDevices: devices }), devices);
});
