// The wizard's steps as data: one state object and the actions that move it. Pure, so every
// route through the wizard is unit-tested without a browser (tests/js/wizard_state.test.mjs).
import { median } from "./readiness.js";

/** Steps in order. The camera route shows the progress through cameraSteps(test). */
export const STEPS = ["setup", "how", "place", "live", "gallery", "review", "send"];
export const CAMERA_STEPS = ["setup", "how", "place", "left", "right", "review"];
export const STEP_TITLES = {
  setup: "The test",
  how: "How to do it",
  place: "Place the phone",
  left: "Left leg",
  right: "Right leg",
  run: "Record the run",
  review: "Review and send",
};
export const SIDES = ["left", "right"];
const NO_TRIALS = { left: null, right: null };

// The running test records one trial that holds both legs.
export const RUNNING = "running";
// A running trial still names one leg (schemas.TrialInfo: the leg of interest, only echoed; the
// analysis measures both). The wizard asks for none, so it names the first leg the report lists.
export const RUNNING_SIDE = "left";
const RUNNING_STEPS = ["setup", "how", "place", "run", "review"];

/** The steps the camera route's progress shows for a test. */
export const cameraSteps = (test) => (test === RUNNING ? RUNNING_STEPS : CAMERA_STEPS);

export const initialState = {
  step: "setup",
  // "camera" or "gallery": where the trials come from.
  source: "camera",
  // view: where the phone films a run from, the trial's camera_view ("back", the published
  // set-up, or "front").
  profile: { test: "single_leg_squat", sex: "unspecified", facing: "user", view: "back" },
  trials: NO_TRIALS,
  // The leg being recorded, and whether it replaces one already recorded.
  leg: "left",
  retaking: false,
  // The outbox record being sent.
  localId: null,
  // The page is live (its script has run and the saved profile and draft are read).
  ready: false,
  // Unsent recordings found on the device when the page loaded, offered to resume.
  draft: null,
  // The live recorder is recording a leg: leaving now would lose it.
  recording: false,
};

const recordedAny = (state) => SIDES.some((side) => state.trials[side]);
const isRun = (trial) => Boolean(trial) && trial.test === RUNNING;
/** The recorded trials are one run (both legs in one trial), not one trial a leg. */
export const recordedRun = (trials) => SIDES.some((side) => isRun(trials[side]));

// A step reached by the browser's Back or Forward: the review needs a recording, sending a test
// in the outbox.
function canShow(state, step) {
  if (step === "review") return recordedAny(state);
  if (step === "send") return state.localId !== null;
  return STEPS.includes(step);
}

const sourceOf = (state, step) => ({ live: "camera", gallery: "gallery" })[step] || state.source;

/** The state after one action {type, ...}. */
export function reduce(state, action) {
  switch (action.type) {
    case "loaded": {
      const draft = action.draft && recordedAny(action.draft) ? action.draft : null;
      return { ...state, profile: { ...state.profile, ...action.profile }, ready: true, draft };
    }
    case "resume":
      return {
        ...state,
        trials: { ...NO_TRIALS, ...state.draft.trials },
        source: state.draft.source,
        leg: "left",
        retaking: false,
        step: "review",
        draft: null,
      };
    case "dismissDraft":
      return { ...state, draft: null };
    case "goTo":
      return canShow(state, action.step)
        ? { ...state, step: action.step, source: sourceOf(state, action.step) }
        : state;
    case "recording":
      return { ...state, recording: action.active };
    case "profile":
      return { ...state, profile: action.profile };
    case "next": {
      const following = { setup: "how", how: "place" }[state.step];
      return following ? { ...state, step: following } : state;
    }
    case "back": {
      if (state.step === "live") return { ...state, step: state.retaking ? "review" : "place" };
      if (state.step === "gallery") return { ...state, step: recordedAny(state) ? "review" : "setup" };
      const previous = { how: "setup", place: "how", send: "review" }[state.step];
      return previous ? { ...state, step: previous } : state;
    }
    case "openCamera":
      return { ...state, source: "camera", step: "live" };
    case "openGallery":
      return { ...state, source: "gallery", step: "gallery" };
    case "trial": {
      // A run is the whole test: it replaces what was recorded before, and a leg replaces a run.
      const kept = isRun(action.trial) || recordedRun(state.trials) ? NO_TRIALS : state.trials;
      const trials = { ...kept, [action.trial.side]: action.trial };
      // A new recording makes a new test: not in the outbox yet, and it replaces an older draft.
      const recorded = { ...state, trials, localId: null, draft: null };
      // A live left leg goes on to the right one, with the camera still running.
      if (state.step === "live" && !state.retaking && !isRun(action.trial) && action.trial.side === "left") {
        return { ...recorded, leg: "right" };
      }
      return { ...recorded, retaking: false, step: "review" };
    }
    case "retake":
      return { ...state, leg: action.side, retaking: true, step: state.source === "gallery" ? "gallery" : "live" };
    case "restart":
      return { ...state, trials: NO_TRIALS, leg: "left", retaking: false, source: "camera", step: "setup" };
    case "queued":
      return { ...state, localId: action.localId, step: "send" };
    default:
      throw new Error(`unknown wizard action ${action.type}`);
  }
}

/** The leg the live recorder should go on to after `trial`, or null when it is done. */
export const nextLiveLeg = (before, trial) => {
  const after = reduce(before, { type: "trial", trial });
  return after.step === "live" ? after.leg : null;
};

/** The step shown in the progress dots: the live step is the leg being recorded, or the run. */
export const progressStep = (state) => {
  if (state.step !== "live") return state.step;
  return state.profile.test === RUNNING ? "run" : state.leg;
};

/** The leg a gallery video is first asked for: the retaken one, or the next one missing. */
export const galleryLeg = (state) => (state.retaking ? state.leg : state.trials.left ? "right" : "left");

/** What to keep on the device as unsent: the recorded trials until the test is in the outbox. */
export const draftOf = (state) =>
  state.localId === null && recordedAny(state) ? { trials: state.trials, source: state.source } : null;

/** Leaving the page (or the step) now loses something the runner has not sent. */
export const hasUnsaved = (state) => state.recording || draftOf(state) !== null;

/** The recorded trials, left first. */
export const recordedTrials = (state) => SIDES.filter((side) => state.trials[side]).map((side) => state.trials[side]);

/** A recorded trial's frame rate as the server reads it: from the median frame interval; null for one frame. */
export function trialFps(frames) {
  const gaps = frames.slice(1).map((frame, index) => frame.t_ms - frames[index].t_ms);
  return gaps.length ? 1000 / median(gaps) : null;
}
