// A chosen gallery video played slowly with the landmarker run on each frame it presents, and
// the file's problems (empty, not a video, landscape, too long) worded for the runner.
import { drawSkeleton } from "./overlay.js";
import { loadChosenLandmarker, packLandmarks } from "./pose.js";
import { createRunnerTracker } from "./runner.js";
import { HEADER_BYTES, fileProblem, openingFailure, orientationProblem } from "./video_checks.js";

const MAX_PLAYBACK_RATE = 0.5;
const MIN_PLAYBACK_RATE = 0.0625;
// Leave the landmarker this share of each frame's interval, so frames are not skipped.
const BUSY_SHARE = 0.8;
// The API takes up to 6000 frames a trial: at most 90 s, at most 60 frames a second (faster
// slow-motion videos are thinned to that).
const MAX_DURATION_S = 90;
const MIN_FRAME_GAP_MS = 1000 / 61;

const PROBLEMS = {
  empty:
    "This file is empty (0 bytes), so there is nothing to analyse. It may not have finished saving or copying to this phone: choose the video again, or another one.",
  not_video: "This file is not a video. Choose a video of the test recorded with the phone camera.",
  unplayable:
    "This video's format cannot be played in this browser. Choose an MP4 recorded with the phone camera, or record the test with the camera here.",
  landscape:
    "This video is landscape (wider than tall). Film the test with the phone held upright (portrait), your whole body in view from head to feet, then choose that video. If you did film upright and it shows sideways, rotate it in your gallery and save it first.",
  too_long: "This video is longer than 90 seconds. Trim it to the test and try again.",
  no_frame_callback: "This browser cannot analyse videos frame by frame. Use a recent Chrome, Safari or Firefox.",
  stopped: "The video stopped playing. Choose it again.",
  no_person: "No person was found in this video. Choose a video that shows your whole body from the front.",
};

/** An error worded from one of PROBLEMS, its code kept for the page (data-problem). */
export const problem = (code) => Object.assign(new Error(PROBLEMS[code]), { code });

const cancelled = () => new DOMException("The analysis was cancelled.", "AbortError");

function waitFor(video, eventName, file, signal) {
  return new Promise((resolve, reject) => {
    // Only the file's first bytes tell a file that is no video from one this browser cannot play.
    const onError = () =>
      file
        .slice(0, HEADER_BYTES)
        .arrayBuffer()
        .then((bytes) => reject(problem(openingFailure(new Uint8Array(bytes)))), reject);
    video.addEventListener(eventName, resolve, { once: true, signal });
    video.addEventListener("error", onError, { once: true, signal });
    signal.addEventListener("abort", () => reject(cancelled()), { once: true });
  });
}

/**
 * Play the file at <= 0.5x and run the landmarker on every presented frame (the rate drops
 * further when the device is slower than the video). Resolves to {frames, width, height, model};
 * rejects with an AbortError when `signal` aborts, which also removes its listeners.
 */
export async function analyseFile(file, video, canvas, onProgress, signal) {
  if (!("requestVideoFrameCallback" in HTMLVideoElement.prototype)) throw problem("no_frame_callback");
  if (fileProblem(file.size)) throw problem(fileProblem(file.size));
  const url = URL.createObjectURL(file);
  try {
    video.muted = true;
    video.src = url;
    await waitFor(video, "loadeddata", file, signal);
    // videoWidth and videoHeight are the sizes as shown, after the file's rotation is applied.
    const orientation = orientationProblem(video.videoWidth, video.videoHeight);
    if (orientation) throw problem(orientation);
    if (video.duration > MAX_DURATION_S) throw problem("too_long");
    const { model, landmarker } = await loadChosenLandmarker();
    try {
      signal.throwIfAborted();
      // The first call builds the model's graph and takes far longer than the rest; made on the
      // paused first frame, it does not cost the frames that play meanwhile.
      const followRunner = createRunnerTracker();
      const first = followRunner(landmarker.detectForVideo(video, video.currentTime * 1000).landmarks);
      const opening = {
        t_ms: video.currentTime * 1000,
        landmarks: first.landmarks ? packLandmarks(first.landmarks) : null,
      };
      const crowded = { frames: first.others > 0 ? 1 : 0 };
      const frames = await analysePlayback(video, canvas, landmarker, followRunner, opening, crowded, {
        onProgress,
        signal,
      });
      return {
        frames,
        width: video.videoWidth,
        height: video.videoHeight,
        model,
        otherPersonFrames: crowded.frames,
      };
    } finally {
      landmarker.close();
    }
  } finally {
    video.pause();
    URL.revokeObjectURL(url);
  }
}

/**
 * Run the landmarker on each frame the playing video presents after `opening`, following the
 * runner among the people it finds (crowded.frames counts frames with someone else); resolves
 * to the wire frames, reporting (seconds played, duration, frames) to onProgress.
 */
function analysePlayback(video, canvas, landmarker, followRunner, opening, crowded, { onProgress, signal }) {
  const frames = [opening];
  let lastMs = opening.t_ms;
  let frameInterval = Infinity;
  let costMs = 0;
  return new Promise((resolve, reject) => {
    const onFrame = (_now, meta) => {
      if (signal.aborted) return;
      const tMs = meta.mediaTime * 1000;
      if (tMs - lastMs >= MIN_FRAME_GAP_MS) {
        frameInterval = Math.min(frameInterval, tMs - lastMs);
        const started = performance.now();
        const { landmarks, others } = followRunner(landmarker.detectForVideo(video, tMs).landmarks);
        costMs = costMs ? 0.8 * costMs + 0.2 * (performance.now() - started) : performance.now() - started;
        if (others > 0) crowded.frames += 1;
        frames.push({
          t_ms: tMs,
          landmarks: landmarks ? packLandmarks(landmarks) : null,
        });
        drawSkeleton(canvas, video.videoWidth, video.videoHeight, landmarks);
        lastMs = tMs;
        if (Number.isFinite(frameInterval)) {
          const fitting = (BUSY_SHARE * frameInterval) / costMs;
          video.playbackRate = Math.max(MIN_PLAYBACK_RATE, Math.min(MAX_PLAYBACK_RATE, fitting));
        }
      }
      onProgress(video.currentTime, video.duration, frames.length);
      if (!video.ended) video.requestVideoFrameCallback(onFrame);
    };
    video.addEventListener("ended", () => resolve(frames), {
      once: true,
      signal,
    });
    video.addEventListener("error", () => reject(problem("stopped")), {
      once: true,
      signal,
    });
    signal.addEventListener("abort", () => reject(cancelled()), { once: true });
    video.requestVideoFrameCallback(onFrame);
    video.playbackRate = MAX_PLAYBACK_RATE;
    video.play().catch(reject);
  });
}
