// Following the runner when more than one person is in view. The landmarker looks for up to
// MAX_POSES people; the runner is the person whose hips are nearest to where the runner's hips
// were, so someone walking past, or standing behind, never silently takes the runner's place.
// Pure functions: no DOM, no landmarker.
import { CONTRACT } from "./contract.js";

// Room for the runner and one other person: enough to tell them apart, and each extra pose
// costs the landmarker time on every frame.
export const MAX_POSES = 2;

const { NOSE, LEFT_HIP, RIGHT_HIP, LEFT_ANKLE, RIGHT_ANKLE } = CONTRACT.LANDMARKS;

const midHip = (landmarks) => [
  (landmarks[LEFT_HIP].x + landmarks[RIGHT_HIP].x) / 2,
  (landmarks[LEFT_HIP].y + landmarks[RIGHT_HIP].y) / 2,
];

/** Nose-to-lower-ankle height in normalized image units: the nearest person looks tallest. */
const apparentHeight = (landmarks) => Math.max(landmarks[LEFT_ANKLE].y, landmarks[RIGHT_ANKLE].y) - landmarks[NOSE].y;

/**
 * Choose the runner among the poses of one frame. `previous` is the runner's mid-hip [x, y] in
 * the last frame where the runner was seen, or null: then the tallest person is taken (the
 * runner stands nearest the phone, as the set-up asks). Returns {landmarks, others, hip}, with
 * landmarks null when nobody is seen and others the number of other people in view.
 */
export function pickRunner(poses, previous) {
  const found = Array.isArray(poses) ? poses.filter(Boolean) : [];
  if (!found.length) return { landmarks: null, others: 0, hip: previous };
  let best = found[0];
  if (found.length > 1) {
    const nearness = (landmarks) => -Math.hypot(midHip(landmarks)[0] - previous[0], midHip(landmarks)[1] - previous[1]);
    const score = previous ? nearness : apparentHeight;
    for (const landmarks of found) if (score(landmarks) > score(best)) best = landmarks;
  }
  return { landmarks: best, others: found.length - 1, hip: midHip(best) };
}

/** A stateful follower: push(poses) -> {landmarks, others} for each frame in time order. */
export function createRunnerTracker() {
  let hip = null;
  return function push(poses) {
    const picked = pickRunner(poses, hip);
    hip = picked.hip;
    return { landmarks: picked.landmarks, others: picked.others };
  };
}
