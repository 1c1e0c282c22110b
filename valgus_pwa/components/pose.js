// On-device pose: loading the landmarker, choosing the model by measured speed, packing
// landmarks. Shared by the live camera and the gallery analysis.
import { CONTRACT } from "./contract.js";
import { MAX_POSES } from "./runner.js";

const POSE_ROOT = "/pose";
export const LITE = "pose_landmarker_lite";
export const FULL = "pose_landmarker_full";
const { SETTINGS_KEY, SPEED_KEY } = CONTRACT.STORAGE;
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

export async function loadLandmarker(modelName) {
  // A runtime URL keeps the bundler from rewriting MediaPipe's own module.
  const bundle = new URL(`${POSE_ROOT}/vision_bundle.mjs`, window.location.origin).href;
  if (!visionModule) visionModule = import(/* @vite-ignore */ bundle);
  const vision = await visionModule;
  const fileset = await vision.FilesetResolver.forVisionTasks(`${POSE_ROOT}/wasm`);
  return vision.PoseLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: `${POSE_ROOT}/${modelName}.task`, delegate: "CPU" },
    runningMode: "VIDEO",
    // Room for someone else in view, so the runner can be followed instead of replaced.
    numPoses: MAX_POSES,
  });
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
