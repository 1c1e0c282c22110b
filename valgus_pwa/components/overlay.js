// The skeleton drawn over the camera or the gallery video while the landmarker runs.
import { CONTRACT } from "./contract.js";

const L = CONTRACT.LANDMARKS;
// Bones drawn on the overlay, as pairs of landmarks: torso, arms, legs and feet.
const BONES = [
  [L.LEFT_SHOULDER, L.RIGHT_SHOULDER],
  [L.LEFT_SHOULDER, L.LEFT_HIP],
  [L.RIGHT_SHOULDER, L.RIGHT_HIP],
  [L.LEFT_HIP, L.RIGHT_HIP],
  [L.LEFT_SHOULDER, L.LEFT_ELBOW],
  [L.LEFT_ELBOW, L.LEFT_WRIST],
  [L.RIGHT_SHOULDER, L.RIGHT_ELBOW],
  [L.RIGHT_ELBOW, L.RIGHT_WRIST],
  [L.LEFT_HIP, L.LEFT_KNEE],
  [L.LEFT_KNEE, L.LEFT_ANKLE],
  [L.LEFT_ANKLE, L.LEFT_FOOT_INDEX],
  [L.RIGHT_HIP, L.RIGHT_KNEE],
  [L.RIGHT_KNEE, L.RIGHT_ANKLE],
  [L.RIGHT_ANKLE, L.RIGHT_FOOT_INDEX],
];
const LEG_POINTS = [L.LEFT_HIP, L.RIGHT_HIP, L.LEFT_KNEE, L.RIGHT_KNEE, L.LEFT_ANKLE, L.RIGHT_ANKLE];

/** Draw bones and leg joints over a frame of the given pixel size. */
export function drawSkeleton(canvas, width, height, landmarks, colour = "#22d3ee") {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, width, height);
  if (!landmarks) return;
  const line = Math.max(3, width / 160);
  context.lineWidth = line;
  context.strokeStyle = colour;
  // One path per colour: a stroke or fill per bone would cost the capture loop frames.
  context.beginPath();
  for (const [a, b] of BONES) {
    context.moveTo(landmarks[a].x * width, landmarks[a].y * height);
    context.lineTo(landmarks[b].x * width, landmarks[b].y * height);
  }
  context.stroke();
  context.fillStyle = "#facc15";
  context.beginPath();
  for (const index of LEG_POINTS) {
    const x = landmarks[index].x * width;
    const y = landmarks[index].y * height;
    context.moveTo(x + line * 1.6, y);
    context.arc(x, y, line * 1.6, 0, 2 * Math.PI);
  }
  context.fill();
}
