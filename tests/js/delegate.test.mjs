import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AGREEMENT_TOLERANCE,
  CPU,
  GPU,
  afterGpuError,
  chooseDelegate,
  describeDelegate,
  isHardwareRenderer,
  judgeGpuCheck,
  landmarkDifference,
} from "../../valgus_pwa/components/delegate.js";

// Renderer strings as browsers report them (WEBGL_debug_renderer_info's unmasked renderer).
const ADRENO = "Adreno (TM) 650";
const MALI = "ANGLE (ARM, Mali-G78, OpenGL ES 3.2)";
const APPLE = "Apple GPU";
const SOFTWARE = [
  "Google SwiftShader",
  "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)",
  "llvmpipe (LLVM 15.0.6, 256 bits)",
  "softpipe",
  "Microsoft Basic Render Driver",
  "ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)",
  "Software Rasterizer",
];

test("a hardware GPU is told from a software renderer and from no WebGL", () => {
  for (const renderer of [ADRENO, MALI, APPLE, "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11)"])
    assert.equal(isHardwareRenderer(renderer), true, renderer);
  for (const renderer of SOFTWARE) assert.equal(isHardwareRenderer(renderer), false, renderer);
  for (const renderer of [null, undefined, "", "  "]) assert.equal(isHardwareRenderer(renderer), false);
});

test("the GPU is checked once per GPU, then its verdict is kept; a setting wins", () => {
  assert.deepEqual(chooseDelegate("auto", SOFTWARE[0], null), { delegate: CPU, probe: false });
  assert.deepEqual(chooseDelegate("auto", null, null), { delegate: CPU, probe: false });
  // Not checked yet: the CPU runs while the GPU is checked.
  assert.deepEqual(chooseDelegate("auto", ADRENO, null), { delegate: CPU, probe: true });
  assert.deepEqual(chooseDelegate("auto", ADRENO, { renderer: ADRENO, delegate: GPU }), {
    delegate: GPU,
    probe: false,
  });
  assert.deepEqual(chooseDelegate("auto", ADRENO, { renderer: ADRENO, delegate: CPU }), {
    delegate: CPU,
    probe: false,
  });
  // A verdict from another GPU does not count here.
  assert.deepEqual(chooseDelegate("auto", MALI, { renderer: ADRENO, delegate: GPU }), { delegate: CPU, probe: true });
  assert.deepEqual(chooseDelegate(CPU, ADRENO, { renderer: ADRENO, delegate: GPU }), { delegate: CPU, probe: false });
  assert.deepEqual(chooseDelegate(GPU, SOFTWARE[0], null), { delegate: GPU, probe: false });
});

const person = (shift = 0) => Array.from({ length: 33 }, (_, i) => ({ x: 0.3 + i / 100 + shift, y: 0.2 + i / 50 }));

test("the GPU is kept only if it agrees with the CPU and is faster", () => {
  const agreeing = landmarkDifference([person()], [person(0.004)]);
  assert.ok(agreeing < AGREEMENT_TOLERANCE);
  assert.deepEqual(judgeGpuCheck({ cpuMs: 40, gpuMs: 12, difference: agreeing }), {
    delegate: GPU,
    reason: "gpu_faster",
  });
  // A GPU init that fails.
  assert.deepEqual(judgeGpuCheck({ error: "Error: WebGL2 is not available" }), { delegate: CPU, reason: "gpu_error" });
  // A GPU that disagrees: joints moved, or another number of people found.
  const moved = landmarkDifference([person()], [person(0.05)]);
  assert.deepEqual(judgeGpuCheck({ cpuMs: 40, gpuMs: 12, difference: moved }), {
    delegate: CPU,
    reason: "gpu_disagrees",
  });
  assert.equal(landmarkDifference([person()], []), Infinity);
  assert.equal(judgeGpuCheck({ cpuMs: 40, gpuMs: 12, difference: Infinity }).delegate, CPU);
  assert.equal(judgeGpuCheck({ cpuMs: 40, gpuMs: 12, difference: NaN }).delegate, CPU);
  // A GPU slower than the CPU (a software one: seconds a frame), or only as fast.
  assert.deepEqual(judgeGpuCheck({ cpuMs: 40, gpuMs: 2500, difference: agreeing }), {
    delegate: CPU,
    reason: "gpu_slower",
  });
  assert.equal(judgeGpuCheck({ cpuMs: 40, gpuMs: 38, difference: agreeing }).delegate, CPU);
  // Both find nobody: they agree, and speed decides.
  assert.equal(landmarkDifference([], []), 0);
});

test("an error on the GPU while it runs is remembered as a CPU verdict for that GPU", () => {
  const check = afterGpuError(ADRENO);
  assert.deepEqual(chooseDelegate("auto", ADRENO, check), { delegate: CPU, probe: false });
});

test("the delegate is described honestly, with its measured rates", () => {
  assert.match(describeDelegate("auto", SOFTWARE[0], null), /CPU is used: no graphics processor/);
  assert.match(describeDelegate("auto", ADRENO, null), /checked against the CPU the first time/);
  assert.equal(
    describeDelegate("auto", ADRENO, { renderer: ADRENO, delegate: GPU, reason: "gpu_faster", cpuMs: 40, gpuMs: 12.5 }),
    "Checked on this device: the GPU was faster here (CPU 25 frames a second, GPU 80 frames a second).",
  );
  assert.match(
    describeDelegate("auto", ADRENO, { renderer: ADRENO, delegate: CPU, reason: "gpu_slower", cpuMs: 40, gpuMs: 2500 }),
    /not faster here, so the CPU is used \(CPU 25 frames a second, GPU under 1 frame a second\)/,
  );
  assert.match(describeDelegate(GPU, ADRENO, null), /falls back to the CPU/);
  assert.equal(describeDelegate(CPU, ADRENO, null), "Set to the CPU.");
});
