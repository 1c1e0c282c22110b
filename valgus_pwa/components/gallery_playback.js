// A chosen gallery video stepped through frame by frame with the landmarker run on each frame,
// and the file's problems (empty, not a video, landscape, too long) worded for the runner.
import { CPU, GPU } from "./delegate.js";
import { drawSkeleton } from "./overlay.js";
import { gpuFailed, loadChosenDelegate, loadLandmarker, packLandmarks } from "./pose.js";
import { createRunnerTracker } from "./runner.js";
import { HEADER_BYTES, fileProblem, openingFailure, orientationProblem } from "./video_checks.js";

// The video plays at this rate between frames and is paused on each frame while the landmarker
// runs, so a slow device takes longer but skips no frame. A frame the browser still skipped
// (presented too late) is sought back to, and the rate halved, down to the slowest.
const STEP_RATE = 0.5;
const SLOWEST_STEP_RATE = 0.0625;
// A gap between two presented frames longer than this many of the video's shortest gap means a
// frame was skipped.
const SKIPPED_GAP = 1.5;
// Where in a gap of unknown frames a seek looks first: past its middle, so that a gap of exactly
// two frames finds the one between them.
const GAP_PROBE = 0.6;
// A seek lands this far past a frame's own time, so that rounding never shows the one before.
const SEEK_PAST_MS = 0.5;
// How long a seek may take to present its frame before it counts as the frame already shown.
const SEEK_FRAME_WAIT_MS = 1000;
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
 * Step through the file frame by frame and run the landmarker on every frame (at most one each
 * 1/61 s). Resolves to {frames, width, height, model, delegate, otherPersonFrames, skipped};
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
    // A GPU not checked on this device yet is checked on the video's first frame.
    const chosen = await loadChosenDelegate(video);
    const pose = { model: chosen.model, delegate: chosen.delegate, landmarker: chosen.landmarker };
    // An error on the GPU, on any frame, hands that frame and the rest over to the CPU.
    const detect = async (tMs) => {
      try {
        return (await pose.landmarker.detect(video, tMs)).landmarks;
      } catch (error) {
        if (pose.delegate !== GPU) throw error;
        gpuFailed();
        pose.landmarker.close();
        Object.assign(pose, { delegate: CPU, landmarker: await loadLandmarker(pose.model, CPU) });
        return (await pose.landmarker.detect(video, tMs)).landmarks;
      }
    };
    try {
      signal.throwIfAborted();
      // The first call builds the model's graph and takes far longer than the rest.
      const followRunner = createRunnerTracker();
      const first = followRunner(await detect(video.currentTime * 1000));
      const opening = {
        t_ms: video.currentTime * 1000,
        landmarks: first.landmarks ? packLandmarks(first.landmarks) : null,
      };
      const crowded = { frames: first.others > 0 ? 1 : 0 };
      const stepped = await analyseFrames(video, canvas, detect, followRunner, opening, crowded, {
        onProgress,
        signal,
      });
      return {
        frames: stepped.frames,
        width: video.videoWidth,
        height: video.videoHeight,
        model: pose.model,
        delegate: pose.delegate,
        otherPersonFrames: crowded.frames,
        skipped: stepped.skipped,
      };
    } finally {
      pose.landmarker.close();
    }
  } finally {
    video.pause();
    URL.revokeObjectURL(url);
  }
}

/**
 * Play on to the next presented frame and pause on it: resolves to its metadata, or null when
 * the video ends first.
 */
function nextFrame(video, signal) {
  return new Promise((resolve, reject) => {
    if (video.ended) {
      resolve(null);
      return;
    }
    const done = new AbortController();
    const handle = video.requestVideoFrameCallback((_now, meta) => {
      video.pause();
      done.abort();
      resolve(meta);
    });
    const stop = (value) => {
      video.cancelVideoFrameCallback(handle);
      done.abort();
      value instanceof Error ? reject(value) : resolve(null);
    };
    video.addEventListener("ended", () => stop(null), { once: true, signal: done.signal });
    video.addEventListener("error", () => stop(problem("stopped")), { once: true, signal: done.signal });
    signal.addEventListener("abort", () => stop(cancelled()), { once: true, signal: done.signal });
    video.play().catch((error) => {
      if (!done.signal.aborted) stop(error);
    });
  });
}

/** Seek to `seconds` (paused) and resolve to the presented frame's metadata, or null if none came. */
function seekFrame(video, seconds, signal) {
  return new Promise((resolve, reject) => {
    const done = new AbortController();
    let timer = null;
    const handle = video.requestVideoFrameCallback((_now, meta) => {
      clearTimeout(timer);
      done.abort();
      resolve(meta);
    });
    const stop = (value) => {
      clearTimeout(timer);
      video.cancelVideoFrameCallback(handle);
      done.abort();
      value instanceof Error ? reject(value) : resolve(null);
    };
    // A seek within the frame already shown presents nothing new.
    video.addEventListener("seeked", () => (timer = setTimeout(() => stop(null), SEEK_FRAME_WAIT_MS)), {
      once: true,
      signal: done.signal,
    });
    signal.addEventListener("abort", () => stop(cancelled()), { once: true, signal: done.signal });
    video.currentTime = seconds;
  });
}

/**
 * The earliest frame presented after `fromMs` and before `toMs`, in ms, or null if there is none;
 * the video is left paused on it. Seeking into the gap presents the frame there, and the gap
 * before that frame is searched again until it holds none.
 */
async function earliestFrameBetween(video, fromMs, toMs, signal) {
  let earliestMs = null;
  for (let beforeMs = toMs; ;) {
    const meta = await seekFrame(video, (fromMs + (beforeMs - fromMs) * GAP_PROBE) / 1000, signal);
    const ms = meta ? meta.mediaTime * 1000 : null;
    if (ms === null || ms <= fromMs || ms >= beforeMs) break;
    earliestMs = beforeMs = ms;
  }
  // The last probe showed an earlier frame (or none): show the earliest one found again.
  if (earliestMs !== null) await seekFrame(video, (earliestMs + SEEK_PAST_MS) / 1000, signal);
  return earliestMs;
}

/**
 * Run the landmarker on each frame of the video after `opening`, paused on each, following the
 * runner among the people it finds (crowded.frames counts frames with someone else); resolves
 * to {frames (the wire frames), skipped (frames the browser skipped and no seek recovered)},
 * reporting (seconds analysed, duration, frames) to onProgress.
 */
export async function analyseFrames(video, canvas, detect, followRunner, opening, crowded, { onProgress, signal }) {
  const frames = [opening];
  let keptMs = opening.t_ms; // the last frame analysed
  let shownMs = opening.t_ms; // the last frame presented, analysed or thinned out
  let shortestGap = Infinity; // the video's own frame interval
  let skipped = 0;
  video.pause();
  video.playbackRate = STEP_RATE;
  const analyse = async (tMs) => {
    const { landmarks, others } = followRunner(await detect(tMs));
    if (others > 0) crowded.frames += 1;
    frames.push({ t_ms: tMs, landmarks: landmarks ? packLandmarks(landmarks) : null });
    drawSkeleton(canvas, video.videoWidth, video.videoHeight, landmarks);
    keptMs = tMs;
  };
  for (;;) {
    const meta = await nextFrame(video, signal);
    if (meta === null) break;
    let tMs = meta.mediaTime * 1000;
    if (tMs <= shownMs) {
      if (tMs < opening.t_ms) break; // played from the start again: the end was passed
      continue;
    }
    if (!Number.isFinite(shortestGap)) {
      // The first gap may already hold a skipped frame, and every later skip is judged by it.
      const missedMs = await earliestFrameBetween(video, shownMs, tMs, signal);
      if (missedMs !== null) tMs = missedMs;
    } else if (tMs - shownMs > SKIPPED_GAP * shortestGap) {
      // Presented too late for the one before it: go back for that frame, and play slower.
      video.playbackRate = Math.max(SLOWEST_STEP_RATE, video.playbackRate / 2);
      const missed = await seekFrame(video, (shownMs + shortestGap * 1.02) / 1000, signal);
      const missedMs = missed ? missed.mediaTime * 1000 : null;
      if (missedMs !== null && missedMs > shownMs && missedMs < tMs) tMs = missedMs;
      else {
        skipped += Math.round((tMs - shownMs) / shortestGap) - 1;
      }
    }
    shortestGap = Math.min(shortestGap, tMs - shownMs);
    shownMs = tMs;
    // Faster slow-motion videos are thinned to at most 60 frames a second.
    if (tMs - keptMs >= MIN_FRAME_GAP_MS) await analyse(tMs);
    // Cancel can come while the landmarker's worker has the frame: then no progress is reported.
    signal.throwIfAborted();
    onProgress(tMs / 1000, video.duration, frames.length);
  }
  return { frames, skipped };
}
