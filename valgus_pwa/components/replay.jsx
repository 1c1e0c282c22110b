// Skeleton replay of one rep, drawn from the stored keypoints alone (there is no video).
import React, { useEffect, useRef, useState } from "react";
// Linked with the capture modules (components/capture.py): report.py links only this file and share.jsx.
import { CONTRACT } from "./contract.js";

const L = CONTRACT.LANDMARKS;
const pathOf = (template, assessmentId) => template.replace("{id}", encodeURIComponent(assessmentId));

// Each rep's replay, fetched once per page however many replays show it. The answer holds only
// the rep's frames, the joints drawn and each frame's knee angle (GET …/replay/{trial}).
const requests = new Map();

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the keypoints could not be loaded (${response.status})`);
  return response.json();
}

function fetchRep(assessmentId, trialIndex, startMs, endMs) {
  const query = new URLSearchParams({ start_ms: String(startMs), end_ms: String(endMs) });
  const url = `${pathOf(CONTRACT.API.REPLAY, assessmentId)}/${trialIndex}?${query}`;
  if (!requests.has(url)) {
    const request = fetchJson(url);
    request.catch(() => requests.delete(url));
    requests.set(url, request);
  }
  return requests.get(url);
}

// [left, right] of the joints drawn.
const JOINTS = {
  shoulder: [L.LEFT_SHOULDER, L.RIGHT_SHOULDER],
  hip: [L.LEFT_HIP, L.RIGHT_HIP],
  knee: [L.LEFT_KNEE, L.RIGHT_KNEE],
  ankle: [L.LEFT_ANKLE, L.RIGHT_ANKLE],
  foot: [L.LEFT_FOOT_INDEX, L.RIGHT_FOOT_INDEX],
};
const legIndex = (side) => (side === "left" ? 0 : 1);
const STANCE = "#0f766e";
const OTHER = "#94a3b8";
const ANGLE = "#c2410c";

/**
 * The joints of one replay frame, as the server read them (pixels, unmirrored, legs
 * relabelled): drawn as they are. Null when a drawn joint was not detected. A rep sends only
 * the stance leg's toes, so the other foot is never required.
 */
function framePoints(trial, framePointsRow, stance) {
  const position = new Map(trial.landmarks.map((index, at) => [index, at]));
  const point = (index) => (position.has(index) ? framePointsRow[position.get(index)] : null);
  const joints = {};
  for (const [name, pair] of Object.entries(JOINTS)) {
    const [left, right] = pair.map(point);
    const needed = name === "foot" ? [left, right][stance] : left && right;
    if (!needed) return null;
    joints[name] = [left, right].map((p) => (p ? { x: p[0], y: p[1] } : null));
  }
  return joints;
}

function fitTransform(frames, canvas) {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const joints of frames) {
    if (!joints) continue;
    for (const pair of Object.values(joints)) {
      for (const p of pair.filter(Boolean)) {
        minX = Math.min(minX, p.x);
        maxX = Math.max(maxX, p.x);
        minY = Math.min(minY, p.y);
        maxY = Math.max(maxY, p.y);
      }
    }
  }
  const pad = 0.12 * Math.max(maxX - minX, maxY - minY, 1);
  const scale = Math.min(canvas.width / (maxX - minX + 2 * pad), canvas.height / (maxY - minY + 2 * pad));
  const offsetX = (canvas.width - (maxX - minX) * scale) / 2 - minX * scale;
  const offsetY = (canvas.height - (maxY - minY) * scale) / 2 - minY * scale;
  return (p) => ({ x: p.x * scale + offsetX, y: p.y * scale + offsetY });
}

function line(context, a, b, color, width, dash = []) {
  context.beginPath();
  context.setLineDash(dash);
  context.strokeStyle = color;
  context.lineWidth = width;
  context.moveTo(a.x, a.y);
  context.lineTo(b.x, b.y);
  context.stroke();
  context.setLineDash([]);
}

// Beside the angle of a recording that failed its quality check (the pages' one trust rule).
const UNTRUSTED_MARK = "not for clinical use";

function drawFrame(canvas, joints, toCanvas, stance, angle, label, trusted) {
  const context = canvas.getContext("2d");
  context.fillStyle = "#f8fafc";
  context.fillRect(0, 0, canvas.width, canvas.height);
  if (!joints) {
    context.fillStyle = "#475569";
    context.font = "16px system-ui, sans-serif";
    context.fillText("No person detected in this frame", 16, 32);
    return;
  }
  const j = Object.fromEntries(Object.entries(joints).map(([name, pair]) => [name, pair.map((p) => p && toCanvas(p))]));
  const other = 1 - stance;
  const width = Math.max(3, canvas.width / 90);
  line(context, j.shoulder[0], j.shoulder[1], OTHER, width / 2);
  line(context, j.hip[0], j.hip[1], OTHER, width / 2);
  line(context, j.shoulder[0], j.hip[0], OTHER, width / 2);
  line(context, j.shoulder[1], j.hip[1], OTHER, width / 2);
  line(context, j.hip[other], j.knee[other], OTHER, width / 2);
  line(context, j.knee[other], j.ankle[other], OTHER, width / 2);
  // The hip-ankle line: FPPA is how far the knee leaves it.
  line(context, j.hip[stance], j.ankle[stance], ANGLE, 2, [6, 6]);
  line(context, j.hip[stance], j.knee[stance], STANCE, width);
  line(context, j.knee[stance], j.ankle[stance], STANCE, width);
  line(context, j.ankle[stance], j.foot[stance], STANCE, width / 2);
  context.fillStyle = "#facc15";
  for (const p of [j.hip[stance], j.knee[stance], j.ankle[stance]]) {
    context.beginPath();
    context.arc(p.x, p.y, width * 1.3, 0, 2 * Math.PI);
    context.fill();
  }
  const knee = j.knee[stance];
  context.font = `bold ${Math.round(canvas.width / 18)}px system-ui, sans-serif`;
  context.fillStyle = ANGLE;
  const text = angle === null || angle === undefined ? "FPPA –" : `FPPA ${angle.toFixed(1)}°`;
  const toRight = knee.x < canvas.width / 2;
  context.textAlign = toRight ? "left" : "right";
  context.fillText(text, knee.x + (toRight ? 1 : -1) * width * 4, knee.y);
  if (!trusted) {
    context.font = `${Math.round(canvas.width / 26)}px system-ui, sans-serif`;
    context.fillText(UNTRUSTED_MARK, knee.x + (toRight ? 1 : -1) * width * 4, knee.y + canvas.width / 18);
  }
  context.textAlign = "left";
  context.font = `${Math.round(canvas.width / 26)}px system-ui, sans-serif`;
  context.fillStyle = "#334155";
  context.fillText(label, 12, canvas.height - 14);
}

// `event` and `moment` name what is played in the test's words: "deepest rep" and "deepest point"
// for a squat, "deepest landing" and "peak knee bend" for a landing.
export function SkeletonReplay({
  assessmentId,
  trialIndex,
  startMs,
  endMs,
  bottomMs,
  trusted = true,
  event = "deepest rep",
  moment = "deepest point",
}) {
  const canvasRef = useRef(null);
  const [clip, setClip] = useState(null);
  const [error, setError] = useState("");
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    let cancelled = false;
    fetchRep(assessmentId, trialIndex, startMs, endMs)
      .then((trial) => {
        if (cancelled) return;
        // A run's stride names each frame's stance leg; a rep has one stance leg throughout.
        const stanceAt = (index) => legIndex((trial.stance_sides || [])[index] || trial.side);
        const midstances = new Set(trial.midstance_ms || []);
        const frames = trial.t_ms.map((t, index) => ({
          t,
          stance: stanceAt(index),
          joints: framePoints(trial, trial.points[index], stanceAt(index)),
          angle: trial.fppa_deg[index],
          mark: midstances.has(t) ? `${trial.stance_sides[index]} leg ${moment}` : t === bottomMs ? moment : "",
        }));
        const bottom = frames.reduce(
          (best, frame, index) => (Math.abs(frame.t - bottomMs) < Math.abs(frames[best].t - bottomMs) ? index : best),
          0,
        );
        setClip({ frames });
        setPosition(bottom);
      })
      .catch((reason) => !cancelled && setError(String(reason.message || reason)));
    return () => {
      cancelled = true;
    };
  }, [assessmentId, trialIndex, startMs, endMs, bottomMs, moment]);

  useEffect(() => {
    if (!clip || !canvasRef.current || clip.frames.length === 0) return;
    const canvas = canvasRef.current;
    const toCanvas = fitTransform(
      clip.frames.map((frame) => frame.joints),
      canvas,
    );
    const frame = clip.frames[position];
    const label = `${((frame.t - clip.frames[0].t) / 1000).toFixed(2)} s${frame.mark ? ` · ${frame.mark}` : ""}`;
    drawFrame(canvas, frame.joints, toCanvas, frame.stance, frame.angle, label, trusted);
    canvas.dataset.drawnFrame = String(position);
    canvas.dataset.stance = frame.stance === 0 ? "left" : "right";
  }, [clip, position, trusted]);

  useEffect(() => {
    if (!playing || !clip) return undefined;
    const frames = clip.frames;
    const begun = performance.now() - (frames[position].t - frames[0].t);
    let handle = 0;
    const step = (now) => {
      const elapsed = now - begun;
      const duration = frames[frames.length - 1].t - frames[0].t;
      if (elapsed > duration) {
        setPosition(0);
        setPlaying(false);
        return;
      }
      const next = frames.findIndex((frame) => frame.t - frames[0].t >= elapsed);
      setPosition(next === -1 ? frames.length - 1 : next);
      handle = requestAnimationFrame(step);
    };
    handle = requestAnimationFrame(step);
    return () => cancelAnimationFrame(handle);
    // Restart only when play is pressed, not on every frame the loop itself sets.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, clip]);

  if (error) return <p className="replay__error">Replay unavailable: {error}</p>;
  const count = clip ? clip.frames.length : 0;
  return (
    <div className="replay">
      <canvas
        ref={canvasRef}
        width={360}
        height={420}
        className="replay__canvas"
        data-testid="replay-canvas"
        aria-label={`Skeleton replay of the ${event}: hip, knee and ankle lines with the knee angle${trusted ? "" : `, ${UNTRUSTED_MARK}`}`}
        data-trusted={trusted ? "true" : "false"}
        role="img"
      />
      <div className="replay__controls">
        <button
          type="button"
          className="replay__button"
          data-testid="replay-play"
          disabled={!count}
          onClick={() => setPlaying(!playing)}
        >
          {playing ? "Pause" : "Play"}
        </button>
        <input
          type="range"
          min={0}
          max={Math.max(0, count - 1)}
          value={position}
          disabled={!count}
          aria-label={`Scrub through the ${event}`}
          data-testid="replay-scrub"
          className="replay__scrub"
          onChange={(event) => {
            setPlaying(false);
            setPosition(Number(event.target.value));
          }}
        />
      </div>
    </div>
  );
}
