// The live recorder's timed phases as a pure step function: check (waiting for Start), armed
// (waiting for every readiness check to hold), countdown, recording, and lost (the camera
// stopped, until the runner tries again). next(state, event, nowMs)
// returns the new state and the effects for the recorder to carry out (speak, beep, start or
// stop the recording), so every timing rule is unit-tested without a camera. It also says what
// the camera step offers from the live frame rate (liveOffer).
import { CONTRACT } from "./contract.js";
import { RUNNING } from "./wizard_state.js";

const { MIN_SQUAT_FPS, MIN_CONTACT_FPS, MIN_RUNNING_FPS } = CONTRACT.THRESHOLDS;

// All checks must pass this long before the countdown, so a passing glimpse does not start it.
export const HOLD_MS = 1500;
export const COUNTDOWN_S = 3;
// A check failing this long stops the countdown; a shorter glitch of the landmarks does not.
export const ABORT_AFTER_MS = 1000;
// With the checks overridden there is no "ready" moment: give time to walk into place.
export const OVERRIDE_COUNTDOWN_S = 8;
// Spoken guidance: a new problem at most this often, the same one again after GUIDANCE_EVERY_MS.
const GUIDANCE_GAP_MS = 3000;
const GUIDANCE_EVERY_MS = 7000;
export const MAX_RECORDING_S = 60;
// A run is recorded for a fixed time, its steps are found by the server: 30 s at an easy 150-180
// steps a minute is about 40 steps a leg, well above the 7 a leg the analysis needs, so steps
// lost to tracking or to settling into the pace still leave enough.
export const RUNNING_RECORDING_S = 30;

// The frame rate each test needs from a recording for its full result (the server's floors).
export const FLOOR_FPS = {
  single_leg_squat: MIN_SQUAT_FPS,
  single_leg_landing: MIN_CONTACT_FPS,
  running: MIN_RUNNING_FPS,
};

/**
 * What the camera step offers before recording, from the live rate {fps (null until measured),
 * slow (below the test's floor)}: "start"; for a squat or a landing on a slow device "anyway"
 * (a live recording is still allowed, and may be flagged for its frame rate). A run below its
 * floor gets no result at all, so it is offered live only once the rate is measured at or above
 * the floor: "measuring" until then, "gallery" (record with the camera app instead) below it.
 */
export function liveOffer(test, rate) {
  if (test !== RUNNING) return rate.slow ? "anyway" : "start";
  if (rate.slow) return "gallery";
  return rate.fps === null ? "measuring" : "start";
}

export const initialPhase = {
  phase: "check",
  // Seconds left, shown while counting down.
  countdown: null,
  readySince: null,
  failingSince: null,
  countdownEnds: null,
  spokenCount: null,
  lastGuidance: 0,
  lastProblem: null,
  // Once the camera is lost: {reps, kept, leg}: whether the recording of that leg was kept.
  lost: null,
};

const say = (text) => ({ say: text });
const beep = (frequency, seconds) => ({ beep: [frequency, seconds] });

function whileArmed(state, { ready, problem, override, leg, test }, now) {
  const ok = ready || override;
  const readySince = ok ? (state.readySince ?? now) : null;
  let next = { ...state, readySince };
  const effects = [];
  const repeat = problem !== state.lastProblem || now - state.lastGuidance > GUIDANCE_EVERY_MS;
  if (!ok && problem && repeat && now - state.lastGuidance > GUIDANCE_GAP_MS) {
    effects.push(say(problem));
    next = { ...next, lastGuidance: now, lastProblem: problem };
  }
  if (ok && (override || now - readySince >= HOLD_MS)) {
    const seconds = override ? OVERRIDE_COUNTDOWN_S : COUNTDOWN_S;
    next = { ...next, phase: "countdown", countdownEnds: now + 1000 * seconds, spokenCount: null, failingSince: null };
    if (!override) effects.push(say(test === RUNNING ? "Good. Keep running." : `Good. Stay on your ${leg} leg.`));
  }
  return { state: next, effects };
}

function whileCountingDown(state, { ready, problem, override, test, target }, now) {
  const failingSince = ready ? null : (state.failingSince ?? now);
  if (!override && failingSince !== null && now - failingSince >= ABORT_AFTER_MS) {
    return {
      state: { ...state, phase: "armed", failingSince, readySince: null, countdown: null },
      effects: [say(`Hold on. ${problem || ""}`)],
    };
  }
  const left = Math.ceil((state.countdownEnds - now) / 1000);
  if (left <= 0) {
    const go = {
      single_leg_squat: `Go. ${target} slow squats.`,
      single_leg_landing: `Go. ${target} landings.`,
      running: `Go. Keep running for ${RUNNING_RECORDING_S} seconds.`,
    }[test];
    return {
      state: { ...state, phase: "recording", failingSince, countdown: null },
      effects: [{ start: true }, beep(1046, 0.3), say(go)],
    };
  }
  const next = { ...state, failingSince, countdown: left };
  if (left > 3 || left === state.spokenCount) return { state: next, effects: [] };
  return { state: { ...next, spokenCount: left }, effects: [say(String(left)), beep(660, 0.12)] };
}

function whileRecording(state, { recording, test }, now) {
  const seconds = (now - recording.startedAt) / 1000;
  const done = test === RUNNING ? seconds >= RUNNING_RECORDING_S : recording.doneAt !== null && now >= recording.doneAt;
  if (!done && seconds < MAX_RECORDING_S) return { state, effects: [] };
  return { state, effects: [say(done ? "Done." : "Time is up."), { stop: true }] };
}

// A recording cut short keeps its reps when there are enough for the analysis to measure.
function cameraLost(state, { reps, minReps, leg }) {
  const lost = { ...state, phase: "lost", countdown: null, readySince: null, failingSince: null };
  if (state.phase !== "recording") return { state: { ...lost, lost: { reps: 0, kept: false, leg } }, effects: [] };
  const kept = reps >= minReps;
  return {
    state: { ...lost, lost: { reps, kept, leg } },
    effects: [
      say(kept ? "The camera stopped. Your reps are kept." : "The camera stopped."),
      kept ? { stop: true } : { discard: true },
    ],
  };
}

/**
 * One step. Events: {type: "arm", override, leg, test}; {type: "cancel"}; {type: "tick", ready,
 * problem, override, leg, test, target, recording: {startedAt, doneAt} | null} every timer
 * tick; {type: "stopped", nextLeg} once a recording ended (nextLeg: the leg to record next, or
 * null); {type: "cameraLost", reps, minReps, leg} when the camera's track ended; {type: "retry"}
 * once the camera is opened again. Returns {state, effects}: effects are {say: text},
 * {beep: [hz, s]}, {start: true}, {stop: true} (end the recording and keep it) and
 * {discard: true} (end it and drop it).
 */
export function next(state, event, now) {
  switch (event.type) {
    case "arm": {
      let words = `Get into position on your ${event.leg} leg.`;
      if (event.override) words = "Get into position. Recording starts soon.";
      else if (event.test === RUNNING) words = "Start the treadmill and run at an easy pace.";
      return { state: { ...state, phase: "armed", readySince: null, lastGuidance: now }, effects: [say(words)] };
    }
    case "cancel":
      return { state: { ...state, phase: "check", countdown: null }, effects: [] };
    case "tick":
      if (state.phase === "recording" && event.recording) return whileRecording(state, event, now);
      if (state.phase === "armed") return whileArmed(state, event, now);
      if (state.phase === "countdown") return whileCountingDown(state, event, now);
      return { state, effects: [] };
    case "stopped": {
      // The camera stays on between legs: after the left leg the right one is armed at once, so
      // a runner out at the test spot does not have to come back to the phone.
      if (state.phase === "lost") return { state, effects: [] };
      if (!event.nextLeg) return { state: { ...state, phase: "check" }, effects: [] };
      const words = `Now your ${event.nextLeg} leg. Stand on your ${event.nextLeg} leg.`;
      return { state: { ...state, phase: "armed", readySince: null }, effects: [say(words)] };
    }
    case "cameraLost":
      return cameraLost(state, event);
    case "retry":
      return { state: { ...initialPhase, lastGuidance: state.lastGuidance }, effects: [] };
    default:
      throw new Error(`unknown recorder event ${event.type}`);
  }
}
