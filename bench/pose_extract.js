// Runs PoseLandmarker on EVERY frame of a video by seeking to each frame, for offline test data.
// Like the app, it looks for up to MAX_POSES people and follows the runner among them.
import { createLandmarker } from "./landmarker.js";
import { MAX_POSES, createRunnerTracker } from "/components/runner.js";

const params = new URLSearchParams(location.search);
const model = params.get("model") === "full" ? "full" : "lite";
const fps = Number(params.get("fps"));
const frameCount = Number(params.get("frames"));
const video = document.getElementById("clip");
const statusEl = document.getElementById("status");
const out = { done: false, error: null, model, width: 0, height: 0, frames: [], skipped: 0 };
window.poseExtract = out;

// Resolves with the presented frame's mediaTime once the seek has put a new frame on screen.
function seekTo(seconds) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`seek to ${seconds}s timed out`)), 10_000);
    video.requestVideoFrameCallback((_now, meta) => {
      clearTimeout(timer);
      resolve(meta.mediaTime);
    });
    video.currentTime = seconds;
  });
}

async function main() {
  if (!(fps > 0 && frameCount > 0)) throw new Error("need ?fps= and ?frames=");
  // A blob URL is seekable even though the test server ignores Range requests, and it is what an
  // uploaded file gives the app too.
  const response = await fetch(params.get("video"));
  if (!response.ok) throw new Error(`cannot fetch video: HTTP ${response.status}`);
  video.src = URL.createObjectURL(await response.blob());
  await new Promise((resolve, reject) => {
    video.addEventListener("loadeddata", resolve, { once: true });
    video.addEventListener("error", () => reject(new Error(`cannot load video: ${video.error?.message}`)), { once: true });
  });
  out.width = video.videoWidth;
  out.height = video.videoHeight;
  const landmarker = await createLandmarker(model, MAX_POSES);
  const followRunner = createRunnerTracker();
  let lastMs = -1;
  for (let i = 0; i < frameCount; i += 1) {
    // Aim at the middle of frame i so rounding never lands on the neighbour. Some phone videos
    // have a frame with an uneven duration: a frame that no seek presents is skipped.
    const mediaTime = await seekTo((i + 0.5) / fps);
    const tMs = mediaTime * 1000;
    if (tMs <= lastMs) {
      out.skipped += 1;
      continue;
    }
    lastMs = tMs;
    const result = landmarker.detectForVideo(video, tMs);
    const { landmarks: pose, others } = followRunner(result.landmarks);
    out.frames.push({
      t_ms: tMs,
      landmarks: pose ? pose.map((p) => [p.x, p.y, p.z, p.visibility ?? 0]) : null,
      others,
    });
    statusEl.textContent = `${model}: frame ${i + 1}/${frameCount}`;
  }
  landmarker.close();
  out.done = true;
  statusEl.textContent += " done";
}

main().catch((err) => {
  out.error = String(err && err.stack ? err.stack : err);
  statusEl.textContent = `error: ${out.error}`;
});
