// Bare PoseLandmarker benchmark: every camera frame goes through detectForVideo (CPU delegate).
// A benchmark reads window.poseBench; call poseBench.reset() after warm-up to time steady state.
import { createLandmarker } from "./landmarker.js";

const model = new URLSearchParams(location.search).get("model") === "full" ? "full" : "lite";
const statusEl = document.getElementById("status");
const video = document.getElementById("camera");

const bench = {
  model,
  ready: false,
  error: null,
  frames: 0,
  detected: 0,
  fps: 0,
  startedAt: null,
  msPerFrame: 0,
  reset() {
    bench.frames = 0;
    bench.detected = 0;
    bench.fps = 0;
    bench.msPerFrame = 0;
    bench.startedAt = performance.now();
    busyMs = 0;
  },
};
window.poseBench = bench;
let busyMs = 0;

async function main() {
  const [landmarker, stream] = await Promise.all([
    createLandmarker(model),
    navigator.mediaDevices.getUserMedia({ video: true, audio: false }),
  ]);
  video.srcObject = stream;
  await video.play();
  let lastTs = -1;
  const onFrame = () => {
    // VIDEO mode rejects non-increasing timestamps, and two callbacks can share a millisecond.
    const ts = Math.max(Math.round(performance.now()), lastTs + 1);
    lastTs = ts;
    const t0 = performance.now();
    const result = landmarker.detectForVideo(video, ts);
    const t1 = performance.now();
    if (bench.startedAt === null) bench.startedAt = t1; // first call includes graph warm-up
    else {
      busyMs += t1 - t0;
      bench.frames += 1;
      if (result.landmarks.length > 0) bench.detected += 1;
      bench.fps = bench.frames / ((t1 - bench.startedAt) / 1000);
      bench.msPerFrame = busyMs / bench.frames;
    }
    statusEl.textContent =
      `${model}: ${bench.frames} frames, ${bench.detected} detected, ` +
      `${bench.fps.toFixed(1)} fps, ${bench.msPerFrame.toFixed(1)} ms/frame ` +
      `(${video.videoWidth}x${video.videoHeight})`;
    schedule();
  };
  const schedule = () =>
    "requestVideoFrameCallback" in video ? video.requestVideoFrameCallback(onFrame) : requestAnimationFrame(onFrame);
  bench.ready = true;
  schedule();
}

main().catch((err) => {
  bench.error = String(err && err.stack ? err.stack : err);
  statusEl.textContent = `error: ${bench.error}`;
  console.error(err);
});
