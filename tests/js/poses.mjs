// Synthetic poses for the unit tests: a person facing the camera, in normalized image units.
import { CONTRACT } from "../../valgus_pwa/components/contract.js";

const L = CONTRACT.LANDMARKS;

/**
 * A standing person facing the camera: the person's left at the larger x. `lift` raises the
 * right (free) foot by that share of the picture; `depth` lowers the hips; `z` sets the depth
 * of the left shoulder and hip (negative: nearer) against the right side's opposite.
 */
export function standing({ x = 0.5, lift = 0.06, depth = 0, z = 0, visibility = 0.9 } = {}) {
  const pose = Array.from({ length: L.COUNT }, () => ({ x, y: 0.3, z: 0, visibility }));
  const set = (index, dx, y, extra = {}) => Object.assign(pose[index], { x: x + dx, y, ...extra });
  set(L.NOSE, 0, 0.2);
  for (const index of [L.LEFT_EYE, L.RIGHT_EYE, L.LEFT_EAR, L.RIGHT_EAR]) set(index, 0, 0.19);
  set(L.LEFT_SHOULDER, 0.06, 0.3 + depth, { z });
  set(L.RIGHT_SHOULDER, -0.06, 0.3 + depth, { z: -z });
  set(L.LEFT_ELBOW, 0.08, 0.4 + depth);
  set(L.RIGHT_ELBOW, -0.08, 0.4 + depth);
  set(L.LEFT_WRIST, 0.09, 0.48 + depth);
  set(L.RIGHT_WRIST, -0.09, 0.48 + depth);
  set(L.LEFT_HIP, 0.04, 0.5 + depth, { z });
  set(L.RIGHT_HIP, -0.04, 0.5 + depth, { z: -z });
  set(L.LEFT_KNEE, 0.04, 0.65 + depth / 2);
  set(L.RIGHT_KNEE, -0.04, 0.65 - lift / 2);
  set(L.LEFT_ANKLE, 0.04, 0.8);
  set(L.RIGHT_ANKLE, -0.04, 0.8 - lift);
  set(L.LEFT_HEEL, 0.04, 0.81);
  set(L.RIGHT_HEEL, -0.04, 0.81 - lift);
  set(L.LEFT_FOOT_INDEX, 0.05, 0.82);
  set(L.RIGHT_FOOT_INDEX, -0.05, 0.82 - lift);
  return pose;
}

/** Live frames {t, landmarks, others} at `fps` from poses. */
export const framesOf = (poses, fps = 30, others = 0) =>
  poses.map((landmarks, index) => ({ t: (index * 1000) / fps, landmarks, others }));

/** The same pose for `count` frames. */
export const repeated = (count, options) => Array.from({ length: count }, () => standing(options));
