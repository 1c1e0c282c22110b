// Live readiness checks before recording: computed from the last moments of landmarks, in pixels.
// The checks the server also makes use its rules and thresholds (valgus_pwa/analysis/quality.py
// and report.py, through the contract), so a recording that passes here is not flagged there for
// the same reason: facing the camera (width and body turn), the tested leg's visibility, standing
// on one leg, someone else in view. The body check differs on purpose: it asks for the whole
// body, head to heels, where the server checks only hips to toes, because the distance check
// needs the head, so it is the stricter of the two. Distance and tilt are checked here only.
import { CONTRACT } from "./contract.js";
import { bySide, legIndices } from "./sides.js";

const {
  NOSE,
  LEFT_EYE,
  RIGHT_EYE,
  LEFT_EAR,
  RIGHT_EAR,
  LEFT_SHOULDER,
  RIGHT_SHOULDER,
  LEFT_HIP,
  RIGHT_HIP,
  LEFT_KNEE,
  RIGHT_KNEE,
  LEFT_ANKLE,
  RIGHT_ANKLE,
  LEFT_HEEL,
  RIGHT_HEEL,
  LEFT_FOOT_INDEX,
  RIGHT_FOOT_INDEX,
} = CONTRACT.LANDMARKS;
const {
  MIN_WIDTH_RATIO,
  MAX_DEPTH_YAW_DEG,
  MAX_OUT_OF_FRAME,
  MIN_VISIBILITY,
  MAX_OTHER_PERSON,
  FLOOR_BAND,
  MAX_FEET_DOWN,
} = CONTRACT.THRESHOLDS;

export const WINDOW_MS = 1500;
const MIN_FRAMES = 6;
// Below this share of frames with a person found, the message is about being seen at all.
const MIN_DETECTED = 0.6;
// Nose-to-heel height as a share of the picture: smaller is too far for precise joints, larger
// leaves no room to squat and land.
const MIN_BODY_HEIGHT = 0.2;
const MAX_BODY_HEIGHT = 0.85;
// Phone tilt: screen leaning back or forward, and leaning sideways.
const MAX_PITCH_DEG = 15;
const MAX_ROLL_DEG = 10;

const HEAD = [NOSE, LEFT_EYE, RIGHT_EYE, LEFT_EAR, RIGHT_EAR];
const FEET = [LEFT_ANKLE, RIGHT_ANKLE, LEFT_HEEL, RIGHT_HEEL, LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX];
const BODY = [...HEAD, LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP, LEFT_KNEE, RIGHT_KNEE, ...FEET];

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
export const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const inside = (point) => point.x >= 0 && point.x <= 1 && point.y >= 0 && point.y <= 1;
const degrees = (radians) => (radians * 180) / Math.PI;

/** (shoulder width + hip width) / torso length, in pixels of a width x height frame. */
export function frontalRatio(landmarks, width, height) {
  const px = (index) => [landmarks[index].x * width, landmarks[index].y * height];
  const [ls, rs, lh, rh] = [px(LEFT_SHOULDER), px(RIGHT_SHOULDER), px(LEFT_HIP), px(RIGHT_HIP)];
  const span = Math.abs(ls[0] - rs[0]) + Math.abs(lh[0] - rh[0]);
  const torso = Math.hypot((ls[0] + rs[0] - lh[0] - rh[0]) / 2, (ls[1] + rs[1] - lh[1] - rh[1]) / 2);
  return torso > 0 ? span / torso : 0;
}

/**
 * The body's turn from the camera in degrees, positive with the person's left side nearer, as
 * the server's frontal_cues: the depth difference across shoulders and hips against their
 * width, z in pixels of the frame's width (MediaPipe gives z on x's scale).
 */
export function depthYawDeg(landmarks, width) {
  const pose = bySide(landmarks);
  const dx = (left, right) => Math.abs(pose[left].x - pose[right].x) * width;
  const dz = (left, right) => (pose[left].z - pose[right].z) * width;
  const across = dx(LEFT_SHOULDER, RIGHT_SHOULDER) + dx(LEFT_HIP, RIGHT_HIP);
  // MediaPipe's z grows away from the camera: a nearer left side gives a negative difference.
  return degrees(Math.atan2(-(dz(LEFT_SHOULDER, RIGHT_SHOULDER) + dz(LEFT_HIP, RIGHT_HIP)), across));
}

function bodyCheck(recent, poses) {
  if (poses.length / recent.length < MIN_DETECTED) {
    return {
      status: "fail",
      message:
        "The camera keeps losing sight of you: stand in the middle of the picture, in good light, " +
        "with nothing in front of you.",
    };
  }
  // As the server, a frame without a person counts as one with the body out of view.
  const framed = poses.filter((landmarks) => BODY.every((index) => inside(landmarks[index])));
  if (framed.length / recent.length >= 1 - MAX_OUT_OF_FRAME) return { status: "pass" };
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
  const heights = poses.map((landmarks) => Math.max(...FEET.map((index) => landmarks[index].y)) - landmarks[NOSE].y);
  const height = median(heights);
  if (height < MIN_BODY_HEIGHT) {
    return {
      status: "fail",
      message: "Come a step closer: you look small in the picture. About 2–3 m from the phone is right.",
    };
  }
  if (height > MAX_BODY_HEIGHT) {
    return { status: "fail", message: "Step back: leave some space above your head and below your feet." };
  }
  return { status: "pass" };
}

function frontalCheck(poses, width, height) {
  const ratio = median(poses.map((landmarks) => frontalRatio(landmarks, width, height)));
  // As the server, frames without a depth reading do not count, and none means no turn is seen.
  const yaws = poses.map((landmarks) => depthYawDeg(landmarks, width)).filter(Number.isFinite);
  const yaw = yaws.length ? mean(yaws) : null;
  const turned = yaw !== null && Math.abs(yaw) > MAX_DEPTH_YAW_DEG;
  if (ratio >= MIN_WIDTH_RATIO && !turned) return { status: "pass", value: ratio, yaw };
  return {
    status: "fail",
    value: ratio,
    yaw,
    message:
      "Turn to face the phone: point your chest and hips straight at it. " +
      "From the side the knee angle cannot be measured.",
  };
}

/** Mean visibility of the tested leg's hip, knee and ankle, as the server's leg_visibility. */
export function legVisibility(poses, leg) {
  const legs = leg ? [legIndices(leg)] : [legIndices("left"), legIndices("right")];
  const indices = legs.flatMap(({ hip, knee, ankle }) => [hip, knee, ankle]);
  return mean(
    poses.map((landmarks) => {
      const pose = bySide(landmarks);
      return mean(indices.map((index) => pose[index].visibility ?? 0));
    }),
  );
}

function visibilityCheck(poses, leg) {
  const visibility = legVisibility(poses, leg);
  if (visibility >= MIN_VISIBILITY) return { status: "pass", value: visibility };
  return {
    status: "fail",
    value: visibility,
    message:
      "The camera cannot see your legs clearly: add light, wear shorts or fitted clothes, " +
      "and keep your arms off your legs.",
  };
}

export const distancePx = (a, b, width, height) => Math.hypot((a.x - b.x) * width, (a.y - b.y) * height);

/** The standing leg's length in pixels: the longer of the two hip-to-ankle distances. */
export const legLength = (landmarks, width, height) =>
  Math.max(
    distancePx(landmarks[LEFT_HIP], landmarks[LEFT_ANKLE], width, height),
    distancePx(landmarks[RIGHT_HIP], landmarks[RIGHT_ANKLE], width, height),
  );

/** Whether both feet are on the floor in one pose: the two ankles at one height (label-free). */
export function feetDown(landmarks, width, height) {
  // The straight standing leg is the longer one; the bent free leg is shorter.
  const leg = legLength(landmarks, width, height);
  if (!(leg > 0)) return false;
  return (Math.abs(landmarks[LEFT_ANKLE].y - landmarks[RIGHT_ANKLE].y) * height) / leg <= FLOOR_BAND;
}

/** Share of the poses in which both feet were on the floor. */
export const feetDownShare = (poses, width, height) =>
  poses.length ? poses.filter((landmarks) => feetDown(landmarks, width, height)).length / poses.length : 0;

function oneLegCheck(poses, width, height, leg) {
  const share = feetDownShare(poses, width, height);
  if (share <= MAX_FEET_DOWN) return { status: "pass", value: share };
  const other = leg === "left" ? "right" : "left";
  return {
    status: "fail",
    value: share,
    message: leg
      ? `Both feet are on the floor. Stand on your ${leg} leg and lift your ${other} foot a hand's width ` +
        "off the floor, knee bent."
      : "Both feet are on the floor. Stand on one leg and lift the other foot a hand's width off the floor, knee bent.",
  };
}

/** A note, never blocking (the runner is followed), when the server would note someone else. */
function aloneCheck(recent) {
  const crowded = recent.filter((frame) => frame.others > 0).length;
  if (!recent.length || crowded / recent.length <= MAX_OTHER_PERSON) return { status: "pass" };
  return {
    status: "note",
    message:
      "Someone else is in the picture. The app follows you, the person nearest the phone; " +
      "ask them to step out of view if you can.",
  };
}

function uprightCheck(tilt) {
  if (!tilt || !tilt.available) {
    return {
      status: "unknown",
      message: "This device has no tilt sensor, so this is not checked: make sure the phone stands straight up.",
    };
  }
  if (Math.abs(tilt.pitch) > MAX_PITCH_DEG) {
    const way = tilt.pitch > 0 ? "back" : "forward";
    return {
      status: "fail",
      message: `Stand the phone straight up: it leans ${way} by ${Math.round(Math.abs(tilt.pitch))}°.`,
    };
  }
  if (Math.abs(tilt.roll) > MAX_ROLL_DEG) {
    return {
      status: "fail",
      message: `Straighten the phone: it leans to one side by ${Math.round(Math.abs(tilt.roll))}°. Hold it in portrait.`,
    };
  }
  return { status: "pass" };
}

/**
 * Evaluate every check over recent frames [{t, landmarks|null, others}] of a width x height
 * video. `options.leg` is the tested leg (its visibility is checked; without one, both legs'),
 * and `options.oneLeg` asks for the single-leg check (the squat is done on one leg; a landing
 * starts from the box). Returns {checks: {key: {status, message}}, ready}: ready when every
 * check passes, except the tilt check, which only blocks when a sensor says the phone is tilted,
 * and the note that someone else is in view, which never blocks (the runner is followed).
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
    checks = {
      ...all({ status: "waiting", message: "Waiting to see you." }),
      body: { status: "fail", message: "Stand in front of the phone so it can see all of you." },
    };
  } else {
    checks = {
      body: bodyCheck(recent, poses),
      distance: distanceCheck(poses),
      frontal: frontalCheck(poses, width, height),
      visibility: visibilityCheck(poses, options.leg),
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
