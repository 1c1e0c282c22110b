// Live readiness checks before recording: computed from the last moments of landmarks, in pixels.
// Thresholds follow the server's quality checks (valgus_pwa/analysis/quality.py) so a recording
// that passes here is not flagged there for the same reason.

export const WINDOW_MS = 1500;
const MIN_FRAMES = 6;
// The server flags a view as not frontal below this (shoulder width + hip width) / torso length.
const MIN_WIDTH_RATIO = 0.5;
// The server's floor for the mean visibility of the tested leg's hip, knee and ankle.
const MIN_VISIBILITY = 0.6;
// Share of recent frames that must show the whole body inside the picture.
const MIN_IN_FRAME = 0.8;
const MIN_DETECTED = 0.6;
// Nose-to-heel height as a share of the picture: smaller is too far for precise joints, larger
// leaves no room to squat and land.
const MIN_BODY_HEIGHT = 0.2;
const MAX_BODY_HEIGHT = 0.85;
// Phone tilt: screen leaning back or forward, and leaning sideways.
const MAX_PITCH_DEG = 15;
const MAX_ROLL_DEG = 10;
// Single-leg stance, as the server judges each rep (FLOOR_BAND and MAX_FEET_DOWN in
// valgus_pwa/analysis/report.py): both feet are down in a frame when the ankles are at one
// image height within this share of leg length, and that may hold in at most half the frames.
export const FLOOR_BAND = 0.07;
export const MAX_FEET_DOWN = 0.5;

const NOSE = 0;
const SHOULDERS = [11, 12];
const HIPS = [23, 24];
const LEGS = [23, 24, 25, 26, 27, 28];
const FEET = [27, 28, 29, 30, 31, 32];
const HEAD = [0, 2, 5, 7, 8];
const BODY = [...HEAD, ...SHOULDERS, ...HIPS, 25, 26, ...FEET];

export const CHECKS = [
  { key: "body", label: "Whole body in view" },
  { key: "distance", label: "Distance from the phone" },
  { key: "frontal", label: "Facing the camera" },
  { key: "visibility", label: "Legs clearly visible" },
  { key: "oneLeg", label: "Standing on one leg" },
  { key: "alone", label: "Only you in view" },
  { key: "upright", label: "Phone upright" },
];

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const inside = (point) => point.x >= 0 && point.x <= 1 && point.y >= 0 && point.y <= 1;

/** (shoulder width + hip width) / torso length, in pixels of a width x height frame. */
export function frontalRatio(landmarks, width, height) {
  const px = (index) => [landmarks[index].x * width, landmarks[index].y * height];
  const [ls, rs, lh, rh] = [px(11), px(12), px(23), px(24)];
  const span = Math.abs(ls[0] - rs[0]) + Math.abs(lh[0] - rh[0]);
  const torso = Math.hypot((ls[0] + rs[0] - lh[0] - rh[0]) / 2, (ls[1] + rs[1] - lh[1] - rh[1]) / 2);
  return torso > 0 ? span / torso : 0;
}

function bodyCheck(poses, detectedShare) {
  if (detectedShare < MIN_DETECTED) {
    return { status: "fail", message: "The camera keeps losing sight of you: stand in the middle of the picture, in good light, with nothing in front of you." };
  }
  const framed = poses.filter((landmarks) => BODY.every((index) => inside(landmarks[index])));
  if (framed.length / poses.length >= MIN_IN_FRAME) return { status: "pass" };
  const latest = poses[poses.length - 1];
  if (FEET.some((index) => latest[index].y > 1)) {
    return { status: "fail", message: "Step back, or tilt the phone down a little: your feet are out of view." };
  }
  if (HEAD.some((index) => latest[index].y < 0)) {
    return { status: "fail", message: "Step back, or tilt the phone up a little: your head is out of view." };
  }
  return { status: "fail", message: "Move to the middle of the picture: part of you is out of view at the side." };
}

function distanceCheck(poses) {
  const height = median(poses.map((landmarks) => Math.max(...FEET.map((index) => landmarks[index].y)) - landmarks[NOSE].y));
  if (height < MIN_BODY_HEIGHT) {
    return { status: "fail", message: "Come a step closer: you look small in the picture. About 2–3 m from the phone is right." };
  }
  if (height > MAX_BODY_HEIGHT) {
    return { status: "fail", message: "Step back: leave some space above your head and below your feet." };
  }
  return { status: "pass" };
}

function frontalCheck(poses, width, height) {
  const ratio = median(poses.map((landmarks) => frontalRatio(landmarks, width, height)));
  if (ratio >= MIN_WIDTH_RATIO) return { status: "pass", value: ratio };
  return {
    status: "fail",
    value: ratio,
    message: "Turn to face the phone: point your chest and hips straight at it. From the side the knee angle cannot be measured.",
  };
}

function visibilityCheck(poses) {
  const visibility = mean(poses.map((landmarks) => mean(LEGS.map((index) => landmarks[index].visibility ?? 0))));
  if (visibility >= MIN_VISIBILITY) return { status: "pass", value: visibility };
  return {
    status: "fail",
    value: visibility,
    message: "The camera cannot see your legs clearly: add light, wear shorts or fitted clothes, and keep your arms off your legs.",
  };
}

export const distancePx = (a, b, width, height) => Math.hypot((a.x - b.x) * width, (a.y - b.y) * height);

/** Whether both feet are on the floor in one pose: the two ankles at one height (label-free). */
export function feetDown(landmarks, width, height) {
  // The straight standing leg is the longer one; the bent free leg is shorter.
  const leg = Math.max(distancePx(landmarks[23], landmarks[27], width, height), distancePx(landmarks[24], landmarks[28], width, height));
  if (!(leg > 0)) return false;
  return (Math.abs(landmarks[27].y - landmarks[28].y) * height) / leg <= FLOOR_BAND;
}

/** Share of the poses in which both feet were on the floor. */
export const feetDownShare = (poses, width, height) => (poses.length ? poses.filter((landmarks) => feetDown(landmarks, width, height)).length / poses.length : 0);

function oneLegCheck(poses, width, height, leg) {
  const share = feetDownShare(poses, width, height);
  if (share <= MAX_FEET_DOWN) return { status: "pass", value: share };
  const other = leg === "left" ? "right" : "left";
  return {
    status: "fail",
    value: share,
    message: leg
      ? `Both feet are on the floor. Stand on your ${leg} leg and lift your ${other} foot a hand's width off the floor, knee bent.`
      : "Both feet are on the floor. Stand on one leg and lift the other foot a hand's width off the floor, knee bent.",
  };
}

function aloneCheck(recent) {
  const crowded = recent.filter((frame) => frame.others > 0).length;
  if (!recent.length || crowded / recent.length <= 0.5) return { status: "pass" };
  return { status: "note", message: "Someone else is in the picture. The app follows you, the person nearest the phone; ask them to step out of view if you can." };
}

function uprightCheck(tilt) {
  if (!tilt || !tilt.available) {
    return { status: "unknown", message: "This device has no tilt sensor, so this is not checked: make sure the phone stands straight up." };
  }
  if (Math.abs(tilt.pitch) > MAX_PITCH_DEG) {
    const way = tilt.pitch > 0 ? "back" : "forward";
    return { status: "fail", message: `Stand the phone straight up: it leans ${way} by ${Math.round(Math.abs(tilt.pitch))}°.` };
  }
  if (Math.abs(tilt.roll) > MAX_ROLL_DEG) {
    return { status: "fail", message: `Straighten the phone: it leans to one side by ${Math.round(Math.abs(tilt.roll))}°. Hold it in portrait.` };
  }
  return { status: "pass" };
}

/**
 * Evaluate every check over recent frames [{t, landmarks|null, others}] of a width x height
 * video. `options.oneLeg` asks for the single-leg check (the squat is done on one leg; a
 * landing starts from the box), with `options.leg` the leg to stand on. Returns
 * {checks: {key: {status, message}}, ready}: ready when every check passes, except the tilt
 * check, which only blocks when a sensor says the phone is tilted, and the note that someone
 * else is in view, which never blocks (the runner is followed).
 */
export function evaluateReadiness(recent, width, height, tilt, options = {}) {
  const upright = uprightCheck(tilt);
  const poses = recent.map((frame) => frame.landmarks).filter(Boolean);
  const measured = ["body", "distance", "frontal", "visibility", ...(options.oneLeg ? ["oneLeg"] : [])];
  const all = (check) => Object.fromEntries(measured.map((key) => [key, check]));
  let checks;
  if (recent.length < MIN_FRAMES) {
    checks = all({ status: "waiting", message: "Checking…" });
  } else if (poses.length < MIN_FRAMES / 2) {
    checks = { ...all({ status: "waiting", message: "Waiting to see you." }), body: { status: "fail", message: "Stand in front of the phone so it can see all of you." } };
  } else {
    checks = {
      body: bodyCheck(poses, poses.length / recent.length),
      distance: distanceCheck(poses),
      frontal: frontalCheck(poses, width, height),
      visibility: visibilityCheck(poses),
      ...(options.oneLeg ? { oneLeg: oneLegCheck(poses, width, height, options.leg) } : {}),
    };
  }
  checks.alone = aloneCheck(recent);
  checks.upright = upright;
  const ready = Object.values(checks).every((check) => ["pass", "unknown", "note"].includes(check.status));
  return { checks, ready };
}

/** The instruction to act on first, in the order a runner fixes things. */
export function firstProblem(result) {
  for (const { key } of CHECKS) {
    const check = result.checks[key];
    if (check && check.status === "fail") return check.message;
  }
  return null;
}
