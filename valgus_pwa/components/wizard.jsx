// The guided test: choose the test, learn how to do it, place the phone, record the left then the
// right leg hands-free (or analyse gallery videos), review with per-leg retakes, and send the
// keypoints. A treadmill run is one recording of both legs, best a camera-app video from the
// gallery. Everything runs in the page, so it works offline; sending is queued when offline.
// The steps and their transitions are wizard_state.js; each step is its own component.
import React, { useEffect, useReducer, useRef, useState } from "react";
import { CONTRACT } from "./contract.js";
import { clearDraft, loadDraft, saveDraft } from "./drafts.js";
import { GalleryAnalysis } from "./gallery.jsx";
import { LiveRecorder } from "./live.jsx";
import { PwaStatus, loadOutbox } from "./pwa.jsx";
import { ReviewStep } from "./review.jsx";
import { SendStep } from "./send.jsx";
import { assessmentPayload, outboxLabel } from "./transport.js";
import {
  HowStep,
  PlaceStep,
  Progress,
  ResumeOffer,
  RunningPlaceStep,
  SetupStep,
  TEST_WORDS,
} from "./wizard_steps.jsx";
import {
  RUNNING,
  draftOf,
  galleryLeg,
  hasUnsaved,
  initialState,
  nextLiveLeg,
  progressStep,
  recordedTrials,
  reduce,
} from "./wizard_state.js";

const { PROFILE_KEY } = CONTRACT.STORAGE;

function readProfile() {
  try {
    return JSON.parse(window.localStorage.getItem(PROFILE_KEY)) || {};
  } catch {
    return {};
  }
}

/** A new step replaces the page's content: start at its top, and let screen readers start at its heading. */
function useFocusOnStep(step) {
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const heading = document.querySelector(".wiz h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }, [step]);
}

const LEAVE_RECORDING = "Stop recording this leg? What has been recorded of it is lost.";

/**
 * Each step is a browser history entry, so Back and Forward move through the steps instead of
 * leaving the wizard. An entry the state cannot show (the review once nothing is recorded) is
 * replaced by the step shown. Back during a recording asks first; kept recording, the recording
 * step's entry is put back.
 */
function useStepHistory(stateRef, step, dispatch) {
  const entry = (shown) => ({ ...window.history.state, wizardStep: shown });
  useEffect(() => {
    window.history.replaceState(entry(stateRef.current.step), "");
    const onPopState = (event) => {
      const wanted = event.state && event.state.wizardStep;
      if (!wanted) return;
      if (stateRef.current.recording && !window.confirm(LEAVE_RECORDING)) {
        window.history.pushState(entry(stateRef.current.step), "");
        return;
      }
      const action = { type: "goTo", step: wanted };
      const shown = reduce(stateRef.current, action).step;
      if (shown !== wanted) window.history.replaceState(entry(shown), "");
      dispatch(action);
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (window.history.state && window.history.state.wizardStep === step)
      return;
    window.history.pushState(entry(step), "");
  }, [step]);
}

/**
 * Unsent recordings stay on the device (drafts.js) until they are in the outbox or discarded,
 * and leaving the page with them, or during a recording, asks first.
 */
function useKeptDraft(state) {
  const draft = draftOf(state);
  // The current recordings are stored: a reload (or a closed tab) from now on offers them again.
  const [kept, setKept] = useState(false);
  useEffect(() => {
    // Until the saved draft is read (and while it is offered), there is nothing to overwrite it with.
    if (!state.ready) return undefined;
    if (!draft) {
      if (!state.draft) clearDraft();
      return undefined;
    }
    let current = true;
    saveDraft(draft).then((stored) => current && setKept(stored));
    return () => {
      current = false;
      setKept(false);
    };
  }, [state.ready, state.trials, state.localId, state.draft]); // eslint-disable-line react-hooks/exhaustive-deps
  const unsent = hasUnsaved(state);
  useEffect(() => {
    if (!unsent) return undefined;
    const askFirst = (event) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", askFirst);
    return () => window.removeEventListener("beforeunload", askFirst);
  }, [unsent]);
  return kept;
}

export function CaptureWizard() {
  const [state, dispatch] = useReducer(reduce, initialState);
  // Read by the live recorder's callback, which runs between renders.
  const stateRef = useRef(state);
  stateRef.current = state;
  const { step, profile } = state;

  useEffect(() => {
    loadDraft().then((draft) =>
      dispatch({ type: "loaded", profile: readProfile(), draft }),
    );
  }, []);
  useFocusOnStep(step);
  useStepHistory(stateRef, step, dispatch);
  const draftKept = useKeptDraft(state);

  const setProfile = (next) => {
    dispatch({ type: "profile", profile: next });
    window.localStorage.setItem(PROFILE_KEY, JSON.stringify(next));
  };
  const onLiveTrial = (trial) => {
    const next = nextLiveLeg(stateRef.current, trial);
    dispatch({ type: "trial", trial });
    return next;
  };
  // The ref stops a second tap that arrives before the button has re-rendered as disabled.
  const sendingRef = useRef(false);
  const [sending, setSending] = useState(false);
  const submit = async () => {
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    try {
      const trials = recordedTrials(state);
      const outbox = await loadOutbox();
      // Stored before sending, so a dropped connection or a closed tab loses nothing.
      const record = await outbox.add(
        assessmentPayload(profile.sex, trials),
        outboxLabel(trials, TEST_WORDS),
      );
      dispatch({ type: "queued", localId: record.local_id });
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  };
  const back = () => dispatch({ type: "back" });
  const openGallery = () => dispatch({ type: "openGallery" });
  const setView = (view) => setProfile({ ...profile, view });

  const bodies = {
    setup: () => (
      <SetupStep
        profile={profile}
        setProfile={setProfile}
        onNext={() => dispatch({ type: "next" })}
        onGallery={openGallery}
        ready={state.ready}
      />
    ),
    how: () => (
      <HowStep
        test={profile.test}
        onNext={() => dispatch({ type: "next" })}
        onBack={back}
      />
    ),
    place: () =>
      profile.test === RUNNING ? (
        <RunningPlaceStep
          view={profile.view}
          onView={setView}
          onGallery={openGallery}
          onCamera={() => dispatch({ type: "openCamera" })}
          onBack={back}
        />
      ) : (
        <PlaceStep onNext={() => dispatch({ type: "openCamera" })} onBack={back} />
      ),
    live: () => (
      <LiveRecorder
        test={profile.test}
        leg={state.leg}
        facing={profile.facing}
        view={profile.view}
        onTrial={onLiveTrial}
        onRecording={(active) => dispatch({ type: "recording", active })}
        onBack={back}
        onGallery={openGallery}
      />
    ),
    gallery: () => (
      <GalleryAnalysis
        test={profile.test}
        initialLeg={galleryLeg(state)}
        view={profile.view}
        onView={setView}
        onTrial={(trial) => dispatch({ type: "trial", trial })}
        onBack={back}
      />
    ),
    review: () => (
      <ReviewStep
        trials={state.trials}
        sending={sending}
        source={state.source}
        onRetake={(side) => dispatch({ type: "retake", side })}
        onSubmit={submit}
        onRestart={() => dispatch({ type: "restart" })}
      />
    ),
    send: () => <SendStep localId={state.localId} onBack={back} />,
  };

  return (
    <div
      className="wiz"
      data-step={step}
      data-ready={state.ready ? "" : undefined}
      data-draft-kept={draftKept ? "" : undefined}
    >
      <PwaStatus showOutbox={step === "setup"} />
      {state.source === "camera" ? (
        <Progress step={progressStep(state)} test={profile.test} />
      ) : null}
      {state.draft && step === "setup" ? (
        <ResumeOffer
          draft={state.draft}
          onResume={() => dispatch({ type: "resume" })}
          onDiscard={() => dispatch({ type: "dismissDraft" })}
        />
      ) : null}
      {bodies[step]()}
    </div>
  );
}
