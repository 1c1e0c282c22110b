// The live camera with on-device pose: every video frame goes through the landmarker; the video
// never leaves the phone. The wizard decides what to do with each frame's landmarks.
import React, { useEffect, useRef, useState } from "react";
import { drawSkeleton } from "./overlay.js";
import { loadLandmarker } from "./pose.js";
import { createRunnerTracker } from "./runner.js";

function plainError(error) {
  if (error && error.name === "NotAllowedError")
    return "Camera access was refused. Allow the camera in your browser settings, then reload.";
  if (error && error.name === "NotFoundError") return "No camera was found on this device.";
  if (error && error.name === "NotReadableError") return "The camera is in use by another app. Close it and try again.";
  return `Something went wrong: ${error && error.message ? error.message : error}`;
}

/**
 * Run the camera and the landmarker. onPose({t, landmarks, others, width, height, detectMs}) is
 * called for every frame, with the runner's landmarks (null when nobody is seen) and the number
 * of other people in view. Changing model swaps the landmarker
 * without restarting the camera. A model that fails to load is an error shown to the runner,
 * unless onModelError(model, error) returns true because the caller switches to another model.
 */
export function useLivePose({ facing, model, onPose, onModelError = () => false }) {
  const videoRef = useRef(null);
  const canvasRef = useRef(null);
  const landmarkerRef = useRef(null);
  const onPoseRef = useRef(onPose);
  onPoseRef.current = onPose;
  const onModelErrorRef = useRef(onModelError);
  onModelErrorRef.current = onModelError;
  const [camera, setCamera] = useState({ phase: "loading", message: "Starting the camera…" });
  const [loadedModel, setLoadedModel] = useState(null);

  useEffect(() => {
    let cancelled = false;
    let landmarker = null;
    setLoadedModel(null);
    loadLandmarker(model).then(
      (created) => {
        landmarker = created;
        if (cancelled) {
          created.close();
          return;
        }
        landmarkerRef.current = { landmarker: created, lastTimestamp: -1 };
        setLoadedModel(model);
      },
      (error) => {
        if (cancelled || onModelErrorRef.current(model, error)) return;
        setCamera({ phase: "error", message: `The pose model did not load. ${plainError(error)}` });
      },
    );
    return () => {
      cancelled = true;
      landmarkerRef.current = null;
      if (landmarker) landmarker.close();
    };
  }, [model]);

  useEffect(() => {
    let cancelled = false;
    let stream = null;
    let frameHandle = null;
    const video = videoRef.current;
    const stats = { frames: 0, detected: 0, startedAt: performance.now() };
    const followRunner = createRunnerTracker();
    // Read by the benchmark that compares this loop with a bare landmarker page.
    window.valgusCaptureStats = stats;

    const onFrame = () => {
      if (cancelled) return;
      const current = landmarkerRef.current;
      // After an unmount React clears the refs before this effect's cleanup runs.
      if (current && canvasRef.current && video.readyState >= 2) {
        // VIDEO mode rejects repeated timestamps, and two callbacks can share a millisecond.
        const t = Math.max(Math.round(performance.now()), current.lastTimestamp + 1);
        current.lastTimestamp = t;
        const started = performance.now();
        const result = current.landmarker.detectForVideo(video, t);
        const detectMs = performance.now() - started;
        const { landmarks, others } = followRunner(result.landmarks);
        drawSkeleton(canvasRef.current, video.videoWidth, video.videoHeight, landmarks);
        stats.frames += 1;
        if (landmarks) stats.detected += 1;
        onPoseRef.current({ t, landmarks, others, width: video.videoWidth, height: video.videoHeight, detectMs });
      }
      frameHandle =
        "requestVideoFrameCallback" in video
          ? video.requestVideoFrameCallback(onFrame)
          : requestAnimationFrame(onFrame);
    };

    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: { ideal: facing }, width: { ideal: 720 }, height: { ideal: 1280 } },
        });
        if (cancelled) return;
        video.srcObject = stream;
        await video.play();
        setCamera({ phase: "running", message: "" });
        onFrame();
      } catch (error) {
        if (!cancelled) setCamera({ phase: "error", message: plainError(error) });
      }
    })();

    return () => {
      cancelled = true;
      if (frameHandle !== null && "cancelVideoFrameCallback" in video) video.cancelVideoFrameCallback(frameHandle);
      if (stream) stream.getTracks().forEach((track) => track.stop());
    };
  }, [facing]);

  let status = camera;
  if (camera.phase === "running" && loadedModel !== model)
    status = { phase: "loading", message: "Loading the pose model…" };
  return { videoRef, canvasRef, status, loadedModel };
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
