// On-device pose: loading the landmarker, choosing the model by measured speed, packing
// landmarks. Shared by the live camera and the gallery analysis.
import { CONTRACT } from "./contract.js";
import {
  CPU,
  GPU,
  afterGpuError,
  chooseDelegate,
  describeDelegate,
  judgeGpuCheck,
  landmarkDifference,
} from "./delegate.js";
import { MAX_POSES } from "./runner.js";

const POSE_ROOT = "/pose";
export const LITE = "pose_landmarker_lite";
export const FULL = "pose_landmarker_full";
const { SETTINGS_KEY, SPEED_KEY, DELEGATE_KEY } = CONTRACT.STORAGE;
// The full model is chosen when the device sustains this rate with it (the quality check's floor).
export const { MIN_FPS } = CONTRACT.THRESHOLDS;
// Full takes about 1.5-2x lite's time here; only devices with this much headroom try it.
const FULL_COST_RATIO = 1.8;
const round = (value, digits) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** Rows of x, y, z, visibility at the precision the measurement needs (docs/MEASUREMENT.md). */
export const packLandmarks = (landmarks) =>
  landmarks.map((p) => [round(p.x, 4), round(p.y, 4), round(p.z, 3), round(p.visibility ?? 0, 2)]);

let visionModule = null;

// A GPU that cannot start can abort the WebAssembly runtime instead of rejecting: its promise
// then never settles. Such a start is given up after this long, or at the abort's page error.
const GPU_START_TIMEOUT_MS = 30_000;

/** A landmarker for modelName on `delegate` ("CPU" or "GPU"); a GPU that cannot start rejects. */
export function loadLandmarker(modelName, delegate = CPU) {
  if (delegate !== GPU) return createLandmarker(modelName, CPU);
  return new Promise((resolve, reject) => {
    const done = new AbortController();
    const fail = (error) => {
      done.abort();
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const timer = setTimeout(() => fail(new Error("The GPU did not start.")), GPU_START_TIMEOUT_MS);
    window.addEventListener("error", (event) => fail(event.error || event.message), { signal: done.signal });
    window.addEventListener("unhandledrejection", (event) => fail(event.reason), { signal: done.signal });
    createLandmarker(modelName, GPU).then((landmarker) => {
      if (done.signal.aborted) {
        landmarker.close();
        return;
      }
      done.abort();
      clearTimeout(timer);
      resolve(landmarker);
    }, fail);
  });
}

// MediaPipe needs a WebGL 2 context even on the CPU (for its image input): without one its
// runtime aborts, so such a browser is told so before the runtime loads.
const NO_WEBGL2 = "no_webgl2";
const NO_WEBGL2_MESSAGE =
  "This browser cannot run the pose model: it has no WebGL 2. Open this page in a recent Chrome, Safari or Firefox, with hardware acceleration on.";
let webgl2Known = null;

/** Whether this browser can make a WebGL 2 context. Asked once a page. */
function hasWebgl2() {
  if (webgl2Known === null) {
    try {
      const gl = document.createElement("canvas").getContext("webgl2");
      webgl2Known = Boolean(gl);
      gl?.getExtension("WEBGL_lose_context")?.loseContext();
    } catch {
      webgl2Known = false;
    }
  }
  return webgl2Known;
}

/** Whether `error` says this browser cannot run pose at all (so trying again will not help). */
export const cannotRunPose = (error) => error?.code === NO_WEBGL2;

// Where pose runs off the page's thread (assets/pose_worker.js), where the browser allows it:
// a worker, OffscreenCanvas for MediaPipe's WebGL there, and ImageBitmap to hand frames over.
const WORKER_SCRIPT = "/pose_worker.js";
const workersRunPose = () =>
  typeof Worker === "function" && typeof OffscreenCanvas === "function" && typeof createImageBitmap === "function";

/**
 * A landmarker: detect(source, tMs) resolves to {landmarks, ms} for the frame a video, canvas or
 * image shows now (tMs rising, as MediaPipe's VIDEO mode needs; ms the model's own time on it,
 * without the wait for a worker busy with the frame before); close() ends it.
 */
async function createLandmarker(modelName, delegate) {
  if (!hasWebgl2()) throw Object.assign(new Error(NO_WEBGL2_MESSAGE), { code: NO_WEBGL2 });
  // A runtime URL keeps the bundler from rewriting MediaPipe's own module.
  const bundle = new URL(`${POSE_ROOT}/vision_bundle.mjs`, window.location.origin).href;
  const wasm = new URL(`${POSE_ROOT}/wasm`, window.location.origin).href;
  const options = {
    baseOptions: { modelAssetPath: new URL(`${POSE_ROOT}/${modelName}.task`, window.location.origin).href, delegate },
    runningMode: "VIDEO",
    // Room for someone else in view, so the runner can be followed instead of replaced.
    numPoses: MAX_POSES,
  };
  if (workersRunPose()) return startWorkerLandmarker({ bundle, wasm, options });
  if (!visionModule) visionModule = import(/* @vite-ignore */ bundle);
  const vision = await visionModule;
  const landmarker = await vision.PoseLandmarker.createFromOptions(
    await vision.FilesetResolver.forVisionTasks(wasm),
    options,
  );
  return {
    detect: async (source, tMs) => {
      const started = performance.now();
      const { landmarks } = landmarker.detectForVideo(source, tMs);
      return { landmarks, ms: performance.now() - started };
    },
    close: () => landmarker.close(),
  };
}

/** The landmarker in a worker of its own; rejects if it cannot load there. */
async function startWorkerLandmarker(load) {
  const worker = new Worker(WORKER_SCRIPT);
  const waiting = new Map(); // message id -> {resolve, reject}
  let nextId = 0;
  // An error the worker did not catch (its runtime aborted) fails every answer awaited, and after.
  let stopped = null;
  const stop = (error) => {
    stopped = stopped || error;
    worker.terminate();
    for (const { reject } of waiting.values()) reject(stopped);
    waiting.clear();
  };
  worker.addEventListener("message", ({ data }) => {
    const answer = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.type === "failed") answer?.reject(new Error(data.message));
    else answer?.resolve(data);
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    stop(new Error(event.message || "The pose worker stopped."));
  });
  const ask = (message, transfer = []) =>
    new Promise((resolve, reject) => {
      if (stopped) throw stopped;
      nextId += 1;
      waiting.set(nextId, { resolve, reject });
      worker.postMessage({ ...message, id: nextId }, transfer);
    });
  try {
    await ask({ type: "load", ...load });
  } catch (error) {
    stop(error);
    throw error;
  }
  return {
    async detect(source, tMs) {
      const frame = await createImageBitmap(source);
      const { landmarks, ms } = await ask({ type: "detect", frame, t: tMs }, [frame]);
      return { landmarks, ms };
    },
    close: () => stop(new Error("The landmarker was closed.")),
  };
}

function readJson(key, fallback) {
  try {
    return JSON.parse(window.localStorage.getItem(key)) || fallback;
  } catch {
    return fallback;
  }
}

/** The runner's model setting: "auto", "lite" or "full". */
export const modelSetting = () => readJson(SETTINGS_KEY, {}).model || "auto";

export function saveModelSetting(value) {
  window.localStorage.setItem(SETTINGS_KEY, JSON.stringify({ ...readJson(SETTINGS_KEY, {}), model: value }));
}

/** Milliseconds per frame measured on this device, by model name. */
export const measuredSpeeds = () => readJson(SPEED_KEY, {});

export function recordSpeed(modelName, msPerFrame) {
  const speeds = { ...measuredSpeeds(), [modelName]: Math.round(msPerFrame * 10) / 10 };
  window.localStorage.setItem(SPEED_KEY, JSON.stringify(speeds));
}

const sustains = (msPerFrame) => msPerFrame > 0 && 1000 / msPerFrame >= MIN_FPS;

// Models that did not load in this page: full, offline, before it was ever fetched and cached.
const unavailable = new Set();

/**
 * The model to run now. An explicit setting wins; otherwise full if it was measured to sustain
 * MIN_FPS (and has not failed to load here), lite if full failed or lite leaves too little
 * headroom, and lite while nothing is known.
 */
export function chooseModel(setting = modelSetting(), speeds = measuredSpeeds()) {
  if (setting === "lite") return LITE;
  if (setting === "full") return FULL;
  if (speeds[FULL] !== undefined && !unavailable.has(FULL)) return sustains(speeds[FULL]) ? FULL : LITE;
  return LITE;
}

/**
 * In automatic mode, whether full is worth measuring given lite's measured speed. Not offline:
 * only lite is kept for offline use, and a failed download would stall the camera.
 */
export function shouldTryFull(setting = modelSetting(), speeds = measuredSpeeds(), online = navigator.onLine) {
  return (
    setting === "auto" &&
    online &&
    !unavailable.has(FULL) &&
    speeds[FULL] === undefined &&
    speeds[LITE] !== undefined &&
    sustains(speeds[LITE] * FULL_COST_RATIO)
  );
}

/**
 * After modelName failed to load: in automatic mode full is given up for this page, and the caller
 * should load lite instead. Returns whether to fall back to lite.
 */
export function fallsBackToLite(modelName, setting = modelSetting()) {
  if (modelName !== FULL || setting !== "auto") return false;
  unavailable.add(FULL);
  return true;
}

/** The model chooseModel() picks, loaded: { model, landmarker }, lite if full would not load. */
export async function loadChosenLandmarker() {
  const model = chooseModel();
  try {
    return { model, landmarker: await loadLandmarker(model) };
  } catch (error) {
    if (!fallsBackToLite(model)) throw error;
    return { model: LITE, landmarker: await loadLandmarker(LITE) };
  }
}

/** A plain description of the model choice, for the settings panel. */
export function describeSpeeds(speeds = measuredSpeeds()) {
  const parts = [
    [LITE, "lite"],
    [FULL, "full"],
  ]
    .filter(([name]) => speeds[name] !== undefined)
    .map(([name, label]) => `${label} ${Math.round(1000 / speeds[name])} frames a second`);
  if (!parts.length) return "Not measured on this device yet: it is measured while you set up the camera.";
  return `Measured on this device: ${parts.join(", ")}.`;
}

// Where the model runs (components/delegate.js has the rules).

let rendererRead = false;
let renderer = null;

/**
 * The WebGL renderer string (the unmasked one where the browser gives it), or null without
 * WebGL. Read once a page.
 */
export function webglRenderer() {
  if (rendererRead) return renderer;
  rendererRead = true;
  try {
    const gl = document.createElement("canvas").getContext("webgl");
    if (gl) {
      const info = gl.getExtension("WEBGL_debug_renderer_info");
      renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || "") || null;
      gl.getExtension("WEBGL_lose_context")?.loseContext();
    }
  } catch {
    renderer = null;
  }
  return renderer;
}

/** The runner's delegate setting: "auto", "CPU" or "GPU". */
export const delegateSetting = () => readJson(SETTINGS_KEY, {}).delegate || "auto";

export function saveDelegateSetting(value) {
  window.localStorage.setItem(SETTINGS_KEY, JSON.stringify({ ...readJson(SETTINGS_KEY, {}), delegate: value }));
}

/** The GPU check remembered on this device: {renderer, delegate, reason, cpuMs, gpuMs} or null. */
export const delegateCheck = () => readJson(DELEGATE_KEY, null);

function saveDelegateCheck(check) {
  window.localStorage.setItem(DELEGATE_KEY, JSON.stringify(check));
}

// A forced GPU that failed in this page: the CPU is used until the page is reloaded.
let gpuFailedHere = false;

/** {delegate, probe}: the delegate to run now, and whether the GPU still needs its check. */
export function currentDelegate() {
  const choice = chooseDelegate(delegateSetting(), webglRenderer(), delegateCheck());
  return gpuFailedHere && choice.delegate === GPU ? { delegate: CPU, probe: false } : choice;
}

/** After any error on the GPU (loading or running): the CPU from now on. Returns CPU. */
export function gpuFailed() {
  gpuFailedHere = true;
  if (delegateSetting() === "auto") saveDelegateCheck(afterGpuError(webglRenderer()));
  return CPU;
}

/** The landmarks and the median milliseconds of `landmarker` on one still frame. */
async function timeDetections(landmarker, frame, clock, slowMs) {
  await landmarker.detect(frame, clock.next()); // builds the graph: not timed
  const times = [];
  let people = [];
  for (let i = 0; i < 5; i += 1) {
    const detected = await landmarker.detect(frame, clock.next());
    people = detected.landmarks;
    times.push(detected.ms);
    // A GPU several times slower than the CPU (a software one) need not be timed further.
    if (slowMs && times[times.length - 1] > 3 * slowMs) break;
  }
  times.sort((a, b) => a - b);
  return { people, ms: times[Math.floor(times.length / 2)] };
}

/**
 * Check the GPU against the CPU on the frame `source` shows now (a video or an image): same
 * model, same frame, landmarks compared and both timed. Remembers and returns the verdict
 * ({renderer, delegate, reason, cpuMs, gpuMs}).
 */
export async function checkGpu(modelName, source) {
  const frame = document.createElement("canvas");
  frame.width = source.videoWidth || source.width;
  frame.height = source.videoHeight || source.height;
  frame.getContext("2d").drawImage(source, 0, 0, frame.width, frame.height);
  let time = 0;
  const clock = { next: () => (time += 40) };
  const opened = [];
  let check;
  try {
    const cpu = await loadLandmarker(modelName, CPU);
    opened.push(cpu);
    const onCpu = await timeDetections(cpu, frame, clock);
    // One at a time: a GPU that fails to start must not take a running landmarker with it.
    cpu.close();
    opened.pop();
    const gpu = await loadLandmarker(modelName, GPU);
    opened.push(gpu);
    const onGpu = await timeDetections(gpu, frame, clock, onCpu.ms);
    check = { cpuMs: onCpu.ms, gpuMs: onGpu.ms, difference: landmarkDifference(onCpu.people, onGpu.people) };
  } catch (error) {
    check = { error: String(error) };
  } finally {
    for (const landmarker of opened) landmarker.close();
  }
  const verdict = judgeGpuCheck(check);
  const record = {
    renderer: webglRenderer(),
    model: modelName,
    ...verdict,
    ...(check.cpuMs ? { cpuMs: Math.round(check.cpuMs * 10) / 10, gpuMs: Math.round(check.gpuMs * 10) / 10 } : {}),
  };
  saveDelegateCheck(record);
  return record;
}

/**
 * The model chooseModel() picks on the delegate currentDelegate() picks, loaded:
 * {model, delegate, landmarker}. A GPU not checked yet is checked first on the frame `source`
 * shows; a GPU that fails to load gives the CPU.
 */
export async function loadChosenDelegate(source) {
  const model = chooseModel();
  let { delegate, probe } = currentDelegate();
  if (probe && source) delegate = (await checkGpu(model, source)).delegate;
  if (delegate === GPU) {
    try {
      return { model, delegate: GPU, landmarker: await loadLandmarker(model, GPU) };
    } catch {
      gpuFailed();
    }
  }
  const loaded = await loadChosenLandmarker();
  return { ...loaded, delegate: CPU };
}

/** Which delegate runs and why, for the settings panel. */
export const describeDelegateChoice = () => describeDelegate(delegateSetting(), webglRenderer(), delegateCheck());
