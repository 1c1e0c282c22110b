// The guided test: choose the test, learn how to do it, place the phone, record the left then the
// right leg hands-free (or analyse gallery videos), review with per-leg retakes, and send the
// keypoints. Everything runs in the page, so it works offline; sending is queued when offline.
// The steps and their transitions are wizard_state.js; each step is its own component.
import React, { useEffect, useReducer, useRef } from "react";
import { CONTRACT } from "./contract.js";
import { GalleryAnalysis } from "./gallery.jsx";
import { LiveRecorder } from "./live.jsx";
import { PwaStatus, loadOutbox } from "./pwa.jsx";
import { ReviewStep } from "./review.jsx";
import { SendStep } from "./send.jsx";
import { assessmentPayload, outboxLabel } from "./transport.js";
import { HowStep, PlaceStep, Progress, SetupStep, TEST_WORDS } from "./wizard_steps.jsx";
import { galleryLeg, initialState, nextLiveLeg, progressStep, recordedTrials, reduce } from "./wizard_state.js";

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

export function CaptureWizard() {
  const [state, dispatch] = useReducer(reduce, initialState);
  // Read by the live recorder's callback, which runs between renders.
  const stateRef = useRef(state);
  stateRef.current = state;
  const { step, profile } = state;

  useEffect(() => dispatch({ type: "loaded", profile: readProfile() }), []);
  useFocusOnStep(step);

  const setProfile = (next) => {
    dispatch({ type: "profile", profile: next });
    window.localStorage.setItem(PROFILE_KEY, JSON.stringify(next));
  };
  const onLiveTrial = (trial) => {
    const next = nextLiveLeg(stateRef.current, trial);
    dispatch({ type: "trial", trial });
    return next;
  };
  const submit = async () => {
    const trials = recordedTrials(state);
    const outbox = await loadOutbox();
    // Stored before sending, so a dropped connection or a closed tab loses nothing.
    const record = await outbox.add(assessmentPayload(profile.sex, trials), outboxLabel(trials, TEST_WORDS));
    dispatch({ type: "queued", localId: record.local_id });
  };
  const back = () => dispatch({ type: "back" });

  const bodies = {
    setup: () => (
      <SetupStep
        profile={profile}
        setProfile={setProfile}
        onNext={() => dispatch({ type: "next" })}
        onGallery={() => dispatch({ type: "openGallery" })}
        ready={state.ready}
      />
    ),
    how: () => <HowStep test={profile.test} onNext={() => dispatch({ type: "next" })} onBack={back} />,
    place: () => <PlaceStep onNext={() => dispatch({ type: "openCamera" })} onBack={back} />,
    live: () => (
      <LiveRecorder
        test={profile.test}
        leg={state.leg}
        facing={profile.facing}
        onTrial={onLiveTrial}
        onBack={back}
        onGallery={() => dispatch({ type: "openGallery" })}
      />
    ),
    gallery: () => (
      <GalleryAnalysis
        test={profile.test}
        initialLeg={galleryLeg(state)}
        onTrial={(trial) => dispatch({ type: "trial", trial })}
        onBack={back}
      />
    ),
    review: () => (
      <ReviewStep
        trials={state.trials}
        source={state.source}
        onRetake={(side) => dispatch({ type: "retake", side })}
        onSubmit={submit}
        onRestart={() => dispatch({ type: "restart" })}
      />
    ),
    send: () => <SendStep localId={state.localId} onBack={back} />,
  };

  return (
    <div className="wiz" data-step={step} data-ready={state.ready ? "" : undefined}>
      <PwaStatus showOutbox={step === "setup"} />
      {state.source === "camera" ? <Progress step={progressStep(state)} /> : null}
      {bodies[step]()}
    </div>
  );
}
