// Where the pose model runs: the CPU (WebAssembly) or the GPU (WebGL). Pure rules, no browser
// calls: pose.js reads the renderer, runs the landmarkers and stores the choice.
//
// The GPU is tried only where the WebGL renderer is a real GPU: software renderers (SwiftShader,
// llvmpipe and the like) run the GPU delegate far slower than the CPU one. Where it is tried, it
// is checked once against the CPU on the same frame, kept only if it agrees and is faster, and
// given up for the CPU on any error.

export const CPU = "CPU";
export const GPU = "GPU";
/** The runner's settings: "auto" (checked on this device), or one delegate forced. */
export const DELEGATE_SETTINGS = ["auto", CPU, GPU];
// Largest difference in a landmark's x or y (a share of the frame) between the two delegates on
// the same frame that still counts as the same answer. Float rounding differs between WebGL and
// WebAssembly; 0.02 of the frame is about 2 cm on a runner filmed head to heels, well under
// what a wrong joint would move.
export const AGREEMENT_TOLERANCE = 0.02;
// The GPU must be at least this much faster to be kept: a tie is not worth the GPU's risks.
export const GPU_MIN_SPEEDUP = 1.1;

const SOFTWARE_RENDERERS = [
  /swiftshader/i,
  /llvmpipe/i,
  /softpipe/i,
  /software/i,
  /microsoft basic render/i,
  /mesa offscreen/i,
  /\bwarp\b/i,
];

/** Whether a WebGL renderer string names a hardware GPU. No string (no WebGL): no GPU. */
export function isHardwareRenderer(renderer) {
  if (typeof renderer !== "string" || !renderer.trim()) return false;
  return !SOFTWARE_RENDERERS.some((pattern) => pattern.test(renderer));
}

/**
 * The delegate to run now, and whether the GPU still needs its check.
 * setting: "auto" | "CPU" | "GPU"; renderer: the WebGL renderer string or null;
 * stored: the remembered check {renderer, delegate, ...} or null.
 * Returns {delegate, probe}: probe true means run the CPU now and check the GPU.
 */
export function chooseDelegate(setting, renderer, stored) {
  if (setting === CPU) return { delegate: CPU, probe: false };
  if (setting === GPU) return { delegate: GPU, probe: false };
  if (!isHardwareRenderer(renderer)) return { delegate: CPU, probe: false };
  // A check made with another GPU (a new phone, a browser update) says nothing about this one.
  if (stored && stored.renderer === renderer && (stored.delegate === CPU || stored.delegate === GPU))
    return { delegate: stored.delegate, probe: false };
  return { delegate: CPU, probe: true };
}

/**
 * The largest x or y difference between two sets of people's landmarks (arrays of {x, y}),
 * or Infinity when they do not find the same number of people.
 */
export function landmarkDifference(cpuPeople, gpuPeople) {
  if (cpuPeople.length !== gpuPeople.length) return Infinity;
  let largest = 0;
  cpuPeople.forEach((person, index) => {
    const other = gpuPeople[index];
    if (other.length !== person.length) {
      largest = Infinity;
      return;
    }
    person.forEach((point, i) => {
      largest = Math.max(largest, Math.abs(point.x - other[i].x), Math.abs(point.y - other[i].y));
    });
  });
  return largest;
}

/**
 * The verdict of the GPU check: {delegate, reason}. check is {error} when the GPU failed, or
 * {cpuMs, gpuMs, difference} with the milliseconds a frame each took on the same test frame.
 * reason: "gpu_error" | "gpu_disagrees" | "gpu_slower" | "gpu_faster".
 */
export function judgeGpuCheck(check) {
  if (check.error) return { delegate: CPU, reason: "gpu_error" };
  if (!(check.difference <= AGREEMENT_TOLERANCE)) return { delegate: CPU, reason: "gpu_disagrees" };
  if (!(check.gpuMs > 0 && check.cpuMs > 0) || check.cpuMs / check.gpuMs < GPU_MIN_SPEEDUP)
    return { delegate: CPU, reason: "gpu_slower" };
  return { delegate: GPU, reason: "gpu_faster" };
}

/** What to remember after an error on the GPU while it ran (live or on a gallery video). */
export const afterGpuError = (renderer) => ({ renderer, delegate: CPU, reason: "gpu_error" });

const REASON_WORDS = {
  gpu_error: "the GPU failed here, so the CPU is used",
  gpu_disagrees: "the GPU's results did not match the CPU's, so the CPU is used",
  gpu_slower: "the GPU was not faster here, so the CPU is used",
  gpu_faster: "the GPU was faster here",
};

function rate(ms) {
  const fps = Math.round(1000 / ms);
  if (fps < 1) return "under 1 frame a second";
  return fps === 1 ? "1 frame a second" : `${fps} frames a second`;
}

/**
 * The delegate in plain words for the settings and the camera step: which one runs, at what
 * rate, and why. check is the stored check or null; renderer the WebGL renderer string or null.
 */
export function describeDelegate(setting, renderer, check) {
  if (setting === CPU) return "Set to the CPU.";
  if (setting === GPU) return "Set to the GPU; it falls back to the CPU if the GPU fails.";
  if (!isHardwareRenderer(renderer)) return "The CPU is used: no graphics processor (GPU) was found for the browser.";
  if (!check || check.renderer !== renderer) return "The GPU is checked against the CPU the first time the camera runs.";
  const figures =
    check.cpuMs && check.gpuMs ? ` (CPU ${rate(check.cpuMs)}, GPU ${rate(check.gpuMs)})` : "";
  const words = REASON_WORDS[check.reason] || `the ${check.delegate} is used`;
  return `Checked on this device: ${words}${figures}.`;
}
