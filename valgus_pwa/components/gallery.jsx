// Analyse a video from the phone's gallery: the pose runs here on each frame as the video plays
// slowly; the video itself is never uploaded.
import React, { useRef, useState } from "react";
import { drawSkeleton } from "./overlay.js";
import { loadChosenLandmarker, packLandmarks } from "./pose.js";
import { createRunnerTracker } from "./runner.js";

const MAX_PLAYBACK_RATE = 0.5;
const MIN_PLAYBACK_RATE = 0.0625;
// Leave the landmarker this share of each frame's interval, so frames are not skipped.
const BUSY_SHARE = 0.8;
// The API takes up to 6000 frames a trial: at most 90 s, at most 60 frames a second (faster
// slow-motion videos are thinned to that).
const MAX_DURATION_S = 90;
const MIN_FRAME_GAP_MS = 1000 / 61;

function waitFor(video, eventName) {
  return new Promise((resolve, reject) => {
    const onError = () =>
      reject(new Error("This video cannot be played in this browser. Try an MP4 recorded with the phone camera."));
    video.addEventListener(eventName, resolve, { once: true });
    video.addEventListener("error", onError, { once: true });
  });
}

/**
 * Play the file at <= 0.5x and run the landmarker on every presented frame (the rate drops
 * further when the device is slower than the video). Resolves to {frames, width, height, model}.
 */
async function analyseFile(file, video, canvas, onProgress) {
  if (!("requestVideoFrameCallback" in HTMLVideoElement.prototype)) {
    throw new Error("This browser cannot analyse videos frame by frame. Use a recent Chrome, Safari or Firefox.");
  }
  const url = URL.createObjectURL(file);
  try {
    video.muted = true;
    video.src = url;
    await waitFor(video, "loadeddata");
    if (video.duration > MAX_DURATION_S)
      throw new Error("This video is longer than 90 seconds. Trim it to the test and try again.");
    const { model, landmarker } = await loadChosenLandmarker();
    try {
      // The first call builds the model's graph and takes far longer than the rest; made on the
      // paused first frame, it does not cost the frames that play meanwhile.
      const followRunner = createRunnerTracker();
      const first = followRunner(landmarker.detectForVideo(video, video.currentTime * 1000).landmarks);
      const opening = {
        t_ms: video.currentTime * 1000,
        landmarks: first.landmarks ? packLandmarks(first.landmarks) : null,
      };
      const crowded = { frames: first.others > 0 ? 1 : 0 };
      const frames = await analysePlayback(video, canvas, landmarker, followRunner, opening, crowded, onProgress);
      onProgress(1, frames.length);
      return { frames, width: video.videoWidth, height: video.videoHeight, model, otherPersonFrames: crowded.frames };
    } finally {
      landmarker.close();
    }
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Run the landmarker on each frame the playing video presents after `opening`, following the
 * runner among the people it finds (crowded.frames counts frames with someone else); resolves
 * to the wire frames.
 */
function analysePlayback(video, canvas, landmarker, followRunner, opening, crowded, onProgress) {
  const frames = [opening];
  let lastMs = opening.t_ms;
  let frameInterval = Infinity;
  let costMs = 0;
  return new Promise((resolve, reject) => {
    const onFrame = (_now, meta) => {
      const tMs = meta.mediaTime * 1000;
      if (tMs - lastMs >= MIN_FRAME_GAP_MS) {
        frameInterval = Math.min(frameInterval, tMs - lastMs);
        const started = performance.now();
        const { landmarks, others } = followRunner(landmarker.detectForVideo(video, tMs).landmarks);
        costMs = costMs ? 0.8 * costMs + 0.2 * (performance.now() - started) : performance.now() - started;
        if (others > 0) crowded.frames += 1;
        frames.push({ t_ms: tMs, landmarks: landmarks ? packLandmarks(landmarks) : null });
        drawSkeleton(canvas, video.videoWidth, video.videoHeight, landmarks);
        lastMs = tMs;
        if (Number.isFinite(frameInterval)) {
          const fitting = (BUSY_SHARE * frameInterval) / costMs;
          video.playbackRate = Math.max(MIN_PLAYBACK_RATE, Math.min(MAX_PLAYBACK_RATE, fitting));
        }
      }
      onProgress(Math.min(1, video.currentTime / video.duration), frames.length);
      if (!video.ended) video.requestVideoFrameCallback(onFrame);
    };
    video.addEventListener("ended", () => resolve(frames), { once: true });
    video.addEventListener("error", () => reject(new Error("The video stopped playing.")), { once: true });
    video.requestVideoFrameCallback(onFrame);
    video.playbackRate = MAX_PLAYBACK_RATE;
    video.play().catch(reject);
  });
}

export function GalleryAnalysis({ test, initialLeg, onTrial, onBack }) {
  const videoRef = useRef(null);
  const canvasRef = useRef(null);
  const [leg, setLeg] = useState(initialLeg);
  const [state, setState] = useState({ phase: "choose", progress: 0, frames: 0, message: "" });

  const analyse = async (file) => {
    if (!file) return;
    setState({ phase: "analysing", progress: 0, frames: 0, message: "Loading the pose model…" });
    try {
      const result = await analyseFile(file, videoRef.current, canvasRef.current, (progress, frames) =>
        setState({ phase: "analysing", progress, frames, message: "Finding your joints in each frame…" }),
      );
      const detected = result.frames.filter((frame) => frame.landmarks).length;
      if (result.frames.length < 2 || detected === 0)
        throw new Error("No person was found in this video. Choose a video that shows your whole body from the front.");
      onTrial({
        test,
        side: leg,
        frame_width: result.width,
        frame_height: result.height,
        mirrored: false,
        landmark_model: result.model,
        other_person_frames: result.otherPersonFrames,
        frames: result.frames,
        summary: {
          reps: null,
          seconds: result.frames[result.frames.length - 1].t_ms / 1000,
          detectedShare: detected / result.frames.length,
          checks: null,
          source: file.name,
        },
      });
    } catch (error) {
      setState({ phase: "error", progress: 0, frames: 0, message: error.message || String(error) });
    }
  };

  const busy = state.phase === "analysing";
  return (
    <section className="wiz-gallery" aria-labelledby="gallery-title">
      <h1 id="gallery-title" className="wiz-title">
        Analyse a video from your gallery
      </h1>
      <p>
        Choose a video of the test filmed from the front, whole body in view. The joints are found on this phone; the
        video is never uploaded.
      </p>
      <fieldset className="wiz-fieldset" disabled={busy}>
        <legend className="field-label">Which leg is standing in this video?</legend>
        <div className="wiz-options wiz-options--row">
          {["left", "right"].map((side) => (
            <label key={side} className="wiz-option">
              <input
                type="radio"
                name="gallery-leg"
                value={side}
                checked={leg === side}
                onChange={() => setLeg(side)}
              />
              <span>{side === "left" ? "Left leg" : "Right leg"}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label className={`wiz-button wiz-file${busy ? " wiz-button--disabled" : ""}`}>
        Choose a video
        <input
          type="file"
          accept="video/*"
          className="wiz-file__input"
          disabled={busy}
          onChange={(event) => analyse(event.target.files[0])}
          data-testid="gallery-file"
        />
      </label>
      <div className="wiz-stage" hidden={state.phase === "choose"}>
        <div className="pose-capture__stage">
          <video
            ref={videoRef}
            className="pose-capture__video"
            playsInline
            muted
            aria-label="The chosen video, being analysed"
          />
          <canvas ref={canvasRef} className="pose-capture__overlay" aria-hidden="true" />
        </div>
      </div>
      {busy ? (
        <div className="wiz-progress-block">
          <progress
            className="wiz-progress"
            max="100"
            value={Math.round(state.progress * 100)}
            aria-label="Analysis progress"
            data-testid="gallery-progress"
          />
          <p role="status">
            {state.message} {Math.round(state.progress * 100)}% · {state.frames} frames
          </p>
        </div>
      ) : null}
      {state.phase === "error" ? (
        <p className="wiz-error" role="alert" data-testid="gallery-error">
          {state.message}
        </p>
      ) : null}
      <div className="wiz-actions">
        <button type="button" className="wiz-button wiz-button--quiet" onClick={onBack} disabled={busy}>
          Back
        </button>
      </div>
    </section>
  );
}
