// The person's left and right by where they are in the image, as the server relabels
// MediaPipe's labels (fix_label_swaps in valgus_pwa/analysis/landmarks.py): facing the camera,
// the person's left side is at the larger image x. MediaPipe trades the torso's, the knees' and
// the feet's labels independently, so each group is ordered on its own.
import { CONTRACT } from "./contract.js";

const { LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP, LEFT_KNEE, RIGHT_KNEE, LEFT_ANKLE, RIGHT_ANKLE } =
  CONTRACT.LANDMARKS;
const PAIRS = CONTRACT.LEFT_RIGHT_PAIRS;

// Each group: the pairs it relabels together and the pairs whose image x decides. Face and arms
// follow the torso.
const GROUPS = [
  {
    pairs: PAIRS.filter(([left]) => left <= LEFT_HIP),
    deciding: [
      [LEFT_SHOULDER, RIGHT_SHOULDER],
      [LEFT_HIP, RIGHT_HIP],
    ],
  },
  { pairs: [[LEFT_KNEE, RIGHT_KNEE]], deciding: [[LEFT_KNEE, RIGHT_KNEE]] },
  { pairs: PAIRS.filter(([left]) => left >= LEFT_ANKLE), deciding: [[LEFT_ANKLE, RIGHT_ANKLE]] },
];

/**
 * The pose with left/right labels swapped, group by group, where the labelled left side is at
 * the smaller image x. The server keeps MediaPipe's labels for pairs too close to order and
 * follows them from frame to frame; here, over a short live window, the image side decides.
 */
export function bySide(landmarks) {
  let relabelled = landmarks;
  for (const { pairs, deciding } of GROUPS) {
    const gap = deciding.reduce((sum, [left, right]) => sum + landmarks[left].x - landmarks[right].x, 0);
    if (!(gap < 0)) continue;
    if (relabelled === landmarks) relabelled = [...landmarks];
    for (const [left, right] of pairs) [relabelled[left], relabelled[right]] = [landmarks[right], landmarks[left]];
  }
  return relabelled;
}

/** Landmark indices of one leg of the person: "left" or "right". */
export const legIndices = (leg) =>
  leg === "left"
    ? { hip: LEFT_HIP, knee: LEFT_KNEE, ankle: LEFT_ANKLE }
    : { hip: RIGHT_HIP, knee: RIGHT_KNEE, ankle: RIGHT_ANKLE };
