// Live counters for feedback and auto-stop: squat reps and drop landings. The server detects
// and measures reps itself (valgus_pwa/analysis/reps.py); these follow the same rules, with its
// thresholds (through the contract), on the frames as they arrive, so the runner hears the count
// the report will give.
import { CONTRACT } from "./contract.js";
import { feetDown, legLength as legLengthOf } from "./readiness.js";
import { bySide, legIndices } from "./sides.js";

const { LEFT_HIP, RIGHT_HIP } = CONTRACT.LANDMARKS;
// Landings, as the server's detect_landings: a fall of the stance ankle at least MIN_FALL_SPEED
// leg lengths a second, ending (speed below CONTACT_SPEED_FRACTION of its peak) at least
// MIN_DROP_FRACTION of leg length lower than it began and within FLOOR_TOLERANCE of the floor
// (the lowest the ankle has been), at least MIN_LANDING_GAP_MS after the last landing. A squat
// rep is as deep as the server's rep prominence (PROMINENCE_FRACTION of leg length), and counts
// when both feet were down in at most MAX_FEET_DOWN of its descent.
const {
  PROMINENCE_FRACTION,
  MAX_FEET_DOWN,
  MIN_FALL_SPEED,
  CONTACT_SPEED_FRACTION,
  MIN_DROP_FRACTION,
  FLOOR_TOLERANCE,
  MIN_LANDING_GAP_MS,
} = CONTRACT.THRESHOLDS;
// Counted once the hips have come back up by this share of the rep's depth.
const RETURN_SHARE = 0.6;
const SMOOTHING = 0.35;

/**
 * Returns push(landmarks, width, height) -> squat reps counted so far. A rep counts only when
 * the runner stood on one leg for its descent, as the server leaves out two-footed reps.
 */
export function createRepCounter() {
  let hipY = null;
  let legLength = 0;
  let top = Infinity;
  let bottom = -Infinity;
  let goingDown = false;
  let descent = { frames: 0, feetDown: 0 };
  let count = 0;

  return function push(landmarks, width, height) {
    if (!landmarks) return count;
    const y = ((landmarks[LEFT_HIP].y + landmarks[RIGHT_HIP].y) / 2) * height;
    hipY = hipY === null ? y : hipY + SMOOTHING * (y - hipY);
    const leg = legLengthOf(landmarks, width, height);
    legLength = legLength ? Math.max(legLength * 0.995, leg) : leg;
    if (!goingDown) {
      top = Math.min(top, hipY);
      if (hipY - top > PROMINENCE_FRACTION * legLength) {
        goingDown = true;
        bottom = hipY;
        descent = { frames: 0, feetDown: 0 };
      }
    } else {
      if (hipY >= bottom) {
        descent.frames += 1;
        if (feetDown(landmarks, width, height)) descent.feetDown += 1;
      }
      bottom = Math.max(bottom, hipY);
      if (bottom - hipY > RETURN_SHARE * (bottom - top)) {
        if (descent.feetDown <= MAX_FEET_DOWN * descent.frames) count += 1;
        goingDown = false;
        top = hipY;
      }
    }
    return count;
  };
}

/**
 * The landing leg's ankle, whatever MediaPipe calls it: facing the camera (pose runs on the
 * unmirrored frames), the person's left foot is the one further right in the image.
 */
const stanceAnkle = (landmarks, leg) => bySide(landmarks)[legIndices(leg).ankle];

/** Returns push(landmarks, width, height, tMs) -> drop landings on `leg` counted so far. */
export function createLandingCounter(leg) {
  let ankleY = null;
  let lastT = null;
  let legLength = 0;
  let floor = -Infinity;
  let restY = null;
  let fall = null;
  let lastContact = -Infinity;
  let count = 0;

  return function push(landmarks, width, height, tMs) {
    if (!landmarks) return count;
    const y = stanceAnkle(landmarks, leg).y * height;
    const previous = ankleY;
    ankleY = ankleY === null ? y : ankleY + SMOOTHING * (y - ankleY);
    legLength = Math.max(legLength * 0.995, legLengthOf(landmarks, width, height));
    floor = Math.max(floor, ankleY);
    const dt = lastT === null ? 0 : tMs - lastT;
    lastT = tMs;
    if (previous === null || dt <= 0) return count;
    const speed = ((ankleY - previous) / dt) * 1000;
    if (!fall) {
      // A fall is measured from where the ankle last stopped going down.
      if (speed <= 0 || restY === null) restY = previous;
      if (speed >= MIN_FALL_SPEED * legLength) fall = { from: restY, peak: speed };
      return count;
    }
    fall.peak = Math.max(fall.peak, speed);
    if (speed > CONTACT_SPEED_FRACTION * fall.peak) return count;
    const dropped = ankleY - fall.from >= MIN_DROP_FRACTION * legLength;
    const onFloor = floor - ankleY <= FLOOR_TOLERANCE * legLength;
    if (dropped && onFloor && tMs - lastContact >= MIN_LANDING_GAP_MS) {
      count += 1;
      lastContact = tMs;
    }
    fall = null;
    restY = ankleY;
    return count;
  };
}
