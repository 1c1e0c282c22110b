// The small still of the runner on the review step, drawn as SVG from the keypoints alone.
import { CONTRACT } from "./contract.js";

const L = CONTRACT.LANDMARKS;
// Polylines drawn: the torso outline, the legs and the arms.
export const THUMB_CHAINS = [
  [L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.RIGHT_HIP, L.LEFT_HIP, L.LEFT_SHOULDER],
  [L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE],
  [L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE],
  [L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST],
  [L.RIGHT_SHOULDER, L.RIGHT_ELBOW, L.RIGHT_WRIST],
];

/**
 * The deepest moment (lowest hips) of a wire trial as SVG geometry: {viewBox, paths, head,
 * height} in pixels, or null when nobody was seen.
 */
export function deepestPose(trial) {
  let deepest = null;
  for (const frame of trial.frames) {
    if (!frame.landmarks) continue;
    const hipY = (frame.landmarks[L.LEFT_HIP][1] + frame.landmarks[L.RIGHT_HIP][1]) / 2;
    if (!deepest || hipY > deepest.hipY) deepest = { hipY, landmarks: frame.landmarks };
  }
  if (!deepest) return null;
  const points = deepest.landmarks.map(([x, y]) => [x * trial.frame_width, y * trial.frame_height]);
  const shown = [L.NOSE, ...THUMB_CHAINS.flat()].map((index) => points[index]);
  const xs = shown.map(([x]) => x);
  const ys = shown.map(([, y]) => y);
  const height = Math.max(...ys) - Math.min(...ys);
  const pad = height * 0.1;
  const width = Math.max(Math.max(...xs) - Math.min(...xs), height * 0.5);
  const left = (Math.max(...xs) + Math.min(...xs)) / 2 - width / 2;
  const path = (chain) =>
    chain.map((index, position) => `${position ? "L" : "M"}${points[index][0]} ${points[index][1]}`).join(" ");
  return {
    viewBox: `${left - pad} ${Math.min(...ys) - pad} ${width + 2 * pad} ${height + 2 * pad}`,
    paths: THUMB_CHAINS.map((chain) => ({ key: chain.join("-"), d: path(chain) })),
    head: points[L.NOSE],
    height,
  };
}
