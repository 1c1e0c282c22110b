// The live camera with on-device pose: every video frame goes through the landmarker; the video
// never leaves the phone. The wizard decides what to do with each frame's landmarks.
import React, { useEffect, useRef, useState } from "react";
import { cameraApi, cameraProblem } from "./camera_errors.js";
import { drawSkeleton } from "./overlay.js";
import { CPU, GPU } from "./delegate.js";
import { cannotRunPose, loadLandmarker } from "./pose.js";
import { createRunnerTracker } from "./runner.js";

const STARTING = { phase: "loading", message: "Starting the camera…" };
const FRAMES_IN_FLIGHT = 2;
const MODEL_FAILED = {
  phase: "error",
  cause: "model",
  message: "The pose model did not load. Check the connection, then tap Try again.",
};

/**
 * Run the camera and the landmarker. onPose({t, landmarks, others, width, height, detectMs}) is
 * called for every frame, with the runner's landmarks (null when nobody is seen) and the number
 * of other people in view. Changing model or delegate ("CPU" or "GPU") swaps the landmarker
 * without restarting the camera. A model that fails to load is an error shown to the runner,
 * unless onModelError(model, error) returns true because the caller switches to another model.
 * Any error on the GPU, loading or running, calls onGpuError(error) instead: the caller moves
 * to the CPU. loadedModel and loadedDelegate say what runs now.
 * frameRate, when given, is the camera frame rate asked for (an ideal, not a requirement).
 * onCameraLost() is called when the camera's track ends while it runs (another app took it).
 * status is {phase: loading | running | error | lost, message, cause}; retry() starts again.
 */
export function useLivePose({
  facing,
  frameRate,
  model,
  delegate = CPU,
  onPose,
  onModelError = () => false,
  onGpuError = () => {},
  onCameraLost = () => {},
}) {
  const videoRef = useRef(null);
  const canvasRef = useRef(null);
  const landmarkerRef = useRef(null);
  const onPoseRef = useRef(onPose);
  onPoseRef.current = onPose;
  const onModelErrorRef = useRef(onModelError);
  onModelErrorRef.current = onModelError;
  const onGpuErrorRef = useRef(onGpuError);
  onGpuErrorRef.current = onGpuError;
  const onCameraLostRef = useRef(onCameraLost);
  onCameraLostRef.current = onCameraLost;
  // Bumped by retry(): the camera, or the model that failed to load, is opened again.
  const [attempts, setAttempts] = useState({ camera: 0, model: 0 });
  const [camera, setCamera] = useState(STARTING);
  const [loaded, setLoaded] = useState({ model: null, delegate: null });
  // The error that kept the model from loading, or null.
  const [modelFailed, setModelFailed] = useState(null);

  useEffect(() => {
    let cancelled = false;
    let landmarker = null;
    setLoaded({ model: null, delegate: null });
    setModelFailed(null);
    loadLandmarker(model, delegate).then(
      (created) => {
        landmarker = created;
        if (cancelled) {
          created.close();
          return;
        }
        landmarkerRef.current = { landmarker: created, delegate, lastTimestamp: -1 };
        setLoaded({ model, delegate });
      },
      (error) => {
        if (cancelled) return;
        if (delegate === GPU) {
          onGpuErrorRef.current(error);
          return;
        }
        if (onModelErrorRef.current(model, error)) return;
        setModelFailed(error);
      },
    );
    return () => {
      cancelled = true;
      landmarkerRef.current = null;
      if (landmarker) landmarker.close();
    };
  }, [model, delegate, attempts.model]);

  useEffect(() => {
    let cancelled = false;
    let stream = null;
    let frameHandle = null;
    const video = videoRef.current;
    const stats = { frames: 0, detected: 0, startedAt: performance.now() };
    const followRunner = createRunnerTracker();
    // Read by the benchmark that compares this loop with a bare landmarker page.
    window.valgusCaptureStats = stats;

    const schedule = () => {
      frameHandle =
        "requestVideoFrameCallback" in video
          ? video.requestVideoFrameCallback(onFrame)
          : requestAnimationFrame(onFrame);
    };
    // Frames with the landmarker now: while it analyses one (in its worker), the next is handed
    // over, so it never waits for the page; frames shown while both are out are not analysed.
    let inFlight = 0;
    const onFrame = () => {
      if (cancelled) return;
      const current = landmarkerRef.current;
      // After an unmount React clears the refs before this effect's cleanup runs.
      if (inFlight < FRAMES_IN_FLIGHT && current && canvasRef.current && video.readyState >= 2) {
        inFlight += 1;
        // VIDEO mode rejects repeated timestamps, and two callbacks can share a millisecond.
        const t = Math.max(Math.round(performance.now()), current.lastTimestamp + 1);
        current.lastTimestamp = t;
        current.landmarker.detect(video, t).then(
          (result) => {
            inFlight -= 1;
            // The landmarker changed (or the page left) while this frame was analysed.
            if (cancelled || landmarkerRef.current !== current || !canvasRef.current) return;
            const { landmarks, others } = followRunner(result.landmarks);
            drawSkeleton(canvasRef.current, video.videoWidth, video.videoHeight, landmarks);
            stats.frames += 1;
            stats.delegate = current.delegate;
            if (landmarks) stats.detected += 1;
            onPoseRef.current({
              t,
              landmarks,
              others,
              width: video.videoWidth,
              height: video.videoHeight,
              detectMs: result.ms,
            });
          },
          (error) => {
            inFlight -= 1;
            if (cancelled || landmarkerRef.current !== current) return;
            // A GPU that fails while running (a lost WebGL context) hands over to the CPU.
            if (current.delegate !== GPU) throw error;
            landmarkerRef.current = null;
            onGpuErrorRef.current(error);
          },
        );
      }
      schedule();
    };

    (async () => {
      try {
        stream = await cameraApi(navigator).getUserMedia({
          audio: false,
          video: {
            facingMode: { ideal: facing },
            width: { ideal: 720 },
            height: { ideal: 1280 },
            ...(frameRate ? { frameRate: { ideal: frameRate } } : {}),
          },
        });
        if (cancelled) return;
        for (const track of stream.getVideoTracks()) {
          track.addEventListener("ended", () => {
            if (cancelled) return;
            setCamera({
              phase: "lost",
              cause: "lost",
              message: "Another app or a call took the camera.",
            });
            onCameraLostRef.current();
          });
        }
        video.srcObject = stream;
        await video.play();
        setCamera({ phase: "running", message: "" });
        onFrame();
      } catch (error) {
        if (!cancelled) setCamera({ phase: "error", ...cameraProblem(error) });
      }
    })();

    return () => {
      cancelled = true;
      if (frameHandle !== null && "cancelVideoFrameCallback" in video) video.cancelVideoFrameCallback(frameHandle);
      if (stream) stream.getTracks().forEach((track) => track.stop());
    };
  }, [facing, frameRate, attempts.camera]);

  let status = camera;
  if (camera.phase === "running" && modelFailed)
    status = cannotRunPose(modelFailed)
      ? { ...MODEL_FAILED, noPose: true, message: modelFailed.message }
      : MODEL_FAILED;
  else if (camera.phase === "running" && (loaded.model !== model || loaded.delegate !== delegate))
    status = { phase: "loading", message: "Loading the pose model…" };
  const retry = () => {
    const part = status.cause === "model" ? "model" : "camera";
    if (part === "camera") setCamera(STARTING);
    setAttempts((counts) => ({ ...counts, [part]: counts[part] + 1 }));
  };
  const ready = loaded.model === model && loaded.delegate === delegate;
  return {
    videoRef,
    canvasRef,
    status,
    loadedModel: ready ? loaded.model : null,
    loadedDelegate: ready ? loaded.delegate : null,
    retry,
  };
}

/** Video with the skeleton drawn over it; a front camera's preview is mirrored like a mirror. */
export function CameraStage({ videoRef, canvasRef, mirrored, children }) {
  return (
    <div className="wiz-stage">
      <div className="pose-capture__stage" style={{ transform: mirrored ? "scaleX(-1)" : "none" }}>
        <video ref={videoRef} className="pose-capture__video" playsInline muted aria-label="Camera preview" />
        <canvas ref={canvasRef} className="pose-capture__overlay" aria-hidden="true" />
      </div>
      {children}
    </div>
  );
}
