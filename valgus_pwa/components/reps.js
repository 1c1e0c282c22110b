// Live rep counter: a rep is the hips going down by a share of leg length and coming back up.
// Only for feedback and auto-stop; the server detects and measures the reps itself.

// Same share of leg length as the server's rep prominence (valgus_pwa/analysis/reps.py).
const MIN_DEPTH = 0.06;
// Counted once the hips have come back up by this share of the rep's depth.
const RETURN_SHARE = 0.6;
const SMOOTHING = 0.35;

const distance = (a, b, width, height) => Math.hypot((a.x - b.x) * width, (a.y - b.y) * height);

/** Returns push(landmarks, width, height) -> reps counted so far. */
export function createRepCounter() {
  let hipY = null;
  let legLength = 0;
  let top = Infinity;
  let bottom = -Infinity;
  let goingDown = false;
  let count = 0;

  return function push(landmarks, width, height) {
    if (!landmarks) return count;
    const y = ((landmarks[23].y + landmarks[24].y) / 2) * height;
    hipY = hipY === null ? y : hipY + SMOOTHING * (y - hipY);
    // The straight standing leg is the longer one; its length scales the depth threshold.
    const leg = Math.max(distance(landmarks[23], landmarks[27], width, height), distance(landmarks[24], landmarks[28], width, height));
    legLength = legLength ? Math.max(legLength * 0.995, leg) : leg;
    if (!goingDown) {
      top = Math.min(top, hipY);
      if (hipY - top > MIN_DEPTH * legLength) {
        goingDown = true;
        bottom = hipY;
      }
    } else {
      bottom = Math.max(bottom, hipY);
      if (bottom - hipY > RETURN_SHARE * (bottom - top)) {
        count += 1;
        goingDown = false;
        top = hipY;
      }
    }
    return count;
  };
}
