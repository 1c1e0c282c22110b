// Camera capture with on-device pose: the video never leaves the phone, only keypoints are sent.
import React, { useCallback, useEffect, useRef, useState } from "react";

const POSE_ROOT = "/pose";
const HISTORY_KEY = "valgus.assessments";
// Bones drawn on the overlay, as pairs of MediaPipe landmark indices.
const BONES = [
  [11, 12], [11, 23], [12, 24], [23, 24],
  [11, 13], [13, 15], [12, 14], [14, 16],
  [23, 25], [25, 27], [27, 31], [24, 26], [26, 28], [28, 32],
];
const LEG_POINTS = [23, 24, 25, 26, 27, 28];

const round = (value, digits) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

// Precision the measurement needs (DESIGN §3): smaller uploads on weak signal.
const packLandmarks = (landmarks) =>
  landmarks.map((p) => [round(p.x, 4), round(p.y, 4), round(p.z, 3), round(p.visibility ?? 0, 2)]);

async function loadLandmarker(modelName) {
  // A runtime URL keeps the bundler from rewriting MediaPipe's own module.
  const bundleUrl = new URL(`${POSE_ROOT}/vision_bundle.mjs`, window.location.origin).href;
  const vision = await import(/* @vite-ignore */ bundleUrl);
  const fileset = await vision.FilesetResolver.forVisionTasks(`${POSE_ROOT}/wasm`);
  return vision.PoseLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: `${POSE_ROOT}/${modelName}.task`, delegate: "CPU" },
    runningMode: "VIDEO",
    numPoses: 1,
  });
}

function drawSkeleton(canvas, video, landmarks) {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, width, height);
  if (!landmarks) return;
  const line = Math.max(3, width / 160);
  context.lineWidth = line;
  context.strokeStyle = "#22d3ee";
  for (const [a, b] of BONES) {
    context.beginPath();
    context.moveTo(landmarks[a].x * width, landmarks[a].y * height);
    context.lineTo(landmarks[b].x * width, landmarks[b].y * height);
    context.stroke();
  }
  context.fillStyle = "#facc15";
  for (const index of LEG_POINTS) {
    context.beginPath();
    context.arc(landmarks[index].x * width, landmarks[index].y * height, line * 1.6, 0, 2 * Math.PI);
    context.fill();
  }
}

async function gzipJson(payload) {
  const text = JSON.stringify(payload);
  if (typeof CompressionStream === "undefined") return { body: text, headers: {} };
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return { body: await new Response(stream).blob(), headers: { "Content-Encoding": "gzip" } };
}

function newIdempotencyKey() {
  // One random key per recording, sent again with each retry: the server never stores it twice.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function rememberAssessment(created) {
  // The owner key stays on this device only: it is what allows deleting the result later.
  const history = JSON.parse(window.localStorage.getItem(HISTORY_KEY) || "[]");
  history.unshift({ id: created.id, owner_key: created.owner_key, created_at: new Date().toISOString() });
  window.localStorage.setItem(HISTORY_KEY, JSON.stringify(history.slice(0, 100)));
}

function plainError(error) {
  if (error && error.name === "NotAllowedError") return "Camera access was refused. Allow the camera in your browser settings, then reload.";
  if (error && error.name === "NotFoundError") return "No camera was found on this device.";
  if (error && error.name === "NotReadableError") return "The camera is in use by another app. Close it and try again.";
  return `Something went wrong: ${error && error.message ? error.message : error}`;
}

export function PoseCapture({ test = "single_leg_squat", side = "left", facing = "environment", model = "pose_landmarker_lite", apiUrl = "/api/v1/assessments" }) {
  const videoRef = useRef(null);
  const canvasRef = useRef(null);
  const landmarkerRef = useRef(null);
  const recordingRef = useRef(null);
  const uploadKeyRef = useRef(null);
  const statsRef = useRef({ frames: 0, detected: 0, startedAt: 0 });
  const [phase, setPhase] = useState("loading");
  const [message, setMessage] = useState("Loading the pose model…");
  const [counts, setCounts] = useState({ frames: 0, detected: 0, seconds: 0 });
  const [pending, setPending] = useState(null);

  useEffect(() => {
    let cancelled = false;
    let stream = null;
    let frameHandle = null;
    let lastTimestamp = -1;
    const video = videoRef.current;

    const onFrame = () => {
      if (cancelled) return;
      const landmarker = landmarkerRef.current;
      if (landmarker && video.readyState >= 2) {
        // VIDEO mode rejects repeated timestamps, and two callbacks can share a millisecond.
        const now = Math.max(Math.round(performance.now()), lastTimestamp + 1);
        lastTimestamp = now;
        const result = landmarker.detectForVideo(video, now);
        const landmarks = result.landmarks && result.landmarks.length ? result.landmarks[0] : null;
        drawSkeleton(canvasRef.current, video, landmarks);
        const stats = statsRef.current;
        stats.frames += 1;
        if (landmarks) stats.detected += 1;
        const recording = recordingRef.current;
        if (recording) {
          recording.frames.push({ t_ms: now - recording.startedAt, landmarks: landmarks ? packLandmarks(landmarks) : null });
          if (landmarks) recording.detected += 1;
        }
      }
      frameHandle = "requestVideoFrameCallback" in video ? video.requestVideoFrameCallback(onFrame) : requestAnimationFrame(onFrame);
    };

    (async () => {
      try {
        landmarkerRef.current = await loadLandmarker(model);
        if (cancelled) return;
        setMessage("Starting the camera…");
        stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: { ideal: facing }, width: { ideal: 720 }, height: { ideal: 1280 } },
        });
        if (cancelled) return;
        video.srcObject = stream;
        await video.play();
        statsRef.current = { frames: 0, detected: 0, startedAt: performance.now() };
        // Read by the benchmark that compares this loop with a bare landmarker page.
        window.valgusCaptureStats = statsRef.current;
        setPhase("ready");
        setMessage("Stand 2–3 m from the phone so your whole body is in view, then press Start.");
        onFrame();
      } catch (error) {
        if (!cancelled) {
          setPhase("error");
          setMessage(plainError(error));
        }
      }
    })();

    return () => {
      cancelled = true;
      if (frameHandle !== null && "cancelVideoFrameCallback" in video) video.cancelVideoFrameCallback(frameHandle);
      if (stream) stream.getTracks().forEach((track) => track.stop());
    };
  }, [facing, model]);

  useEffect(() => {
    if (phase !== "recording") return undefined;
    const timer = setInterval(() => {
      const recording = recordingRef.current;
      if (recording) setCounts({ frames: recording.frames.length, detected: recording.detected, seconds: (performance.now() - recording.startedAt) / 1000 });
    }, 250);
    return () => clearInterval(timer);
  }, [phase]);

  const upload = useCallback(async (payload) => {
    setPhase("uploading");
    setMessage("Sending your keypoints for analysis…");
    try {
      const { body, headers } = await gzipJson(payload);
      const response = await fetch(apiUrl, { method: "POST", body, headers: { "Content-Type": "application/json", "Idempotency-Key": uploadKeyRef.current, ...headers } });
      const answer = await response.json().catch(() => ({}));
      if (response.status !== 201) {
        const reason = answer.error ? answer.error.message : `The server answered ${response.status}.`;
        throw new Error(reason);
      }
      rememberAssessment(answer);
      setPending(null);
      setMessage("Done. Opening your result…");
      window.location.assign(answer.report_url);
    } catch (error) {
      setPending(payload);
      setPhase("upload_failed");
      setMessage(`The upload did not go through (${error.message}). Your recording is kept: press Retry.`);
    }
  }, [apiUrl]);

  const start = () => {
    recordingRef.current = { frames: [], detected: 0, startedAt: Math.round(performance.now()) };
    setCounts({ frames: 0, detected: 0, seconds: 0 });
    setPhase("recording");
    setMessage("Recording. Do 5 slow single-leg squats, then press Stop.");
  };

  const stop = () => {
    const recording = recordingRef.current;
    recordingRef.current = null;
    const video = videoRef.current;
    if (!recording || recording.frames.length < 2) {
      setPhase("ready");
      setMessage("The recording was too short. Press Start and record your squats.");
      return;
    }
    uploadKeyRef.current = newIdempotencyKey();
    upload({
      schema_version: 1,
      trials: [{
        test, side, mirrored: false, landmark_model: model,
        frame_width: video.videoWidth, frame_height: video.videoHeight,
        frames: recording.frames,
      }],
    });
  };

  const mirrored = facing === "user";
  const busy = phase === "loading" || phase === "uploading";
  return (
    <div className="pose-capture" data-phase={phase}>
      <div className="pose-capture__stage" style={{ transform: mirrored ? "scaleX(-1)" : "none" }}>
        <video ref={videoRef} className="pose-capture__video" playsInline muted aria-label="Camera preview" />
        <canvas ref={canvasRef} className="pose-capture__overlay" aria-hidden="true" />
      </div>
      <p className="pose-capture__status" role="status" aria-live="polite" data-testid="capture-status">
        {busy ? <span className="pose-capture__spinner" aria-hidden="true" /> : null}
        {message}
      </p>
      {phase === "recording" ? (
        <p className="pose-capture__counts" data-testid="capture-counts">
          {counts.seconds.toFixed(0)} s · {counts.frames} frames · person seen in {counts.frames ? Math.round((100 * counts.detected) / counts.frames) : 0}%
        </p>
      ) : null}
      <div className="pose-capture__buttons">
        {phase === "recording" ? (
          <button type="button" className="pose-capture__button pose-capture__button--stop" onClick={stop} data-testid="capture-stop">Stop and analyse</button>
        ) : phase === "upload_failed" ? (
          <button type="button" className="pose-capture__button" onClick={() => upload(pending)} data-testid="capture-retry">Retry upload</button>
        ) : (
          <button type="button" className="pose-capture__button" onClick={start} disabled={phase !== "ready"} data-testid="capture-start">Start recording</button>
        )}
      </div>
    </div>
  );
}
