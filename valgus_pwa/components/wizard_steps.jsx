// The wizard's first steps: choosing the test, learning it and placing the phone (for a run:
// behind or in front of the treadmill, the view the trial carries as camera_view).
import React, { useEffect, useState } from "react";
import { CONTRACT } from "./contract.js";
import { askTiltPermission, unlockSound } from "./cues.js";
import {
  LandingIllustration,
  PlacementIllustration,
  RunningIllustration,
  RunningPlacementIllustration,
  SquatIllustration,
} from "./illustrations.jsx";
import {
  delegateSetting,
  describeDelegateChoice,
  describeSpeeds,
  modelSetting,
  saveDelegateSetting,
  saveModelSetting,
} from "./pose.js";
import { InstallOffer } from "./pwa.jsx";
import { WizardButton } from "./wizard_buttons.jsx";
import { RUNNING, STEP_TITLES, cameraSteps, recordedRun } from "./wizard_state.js";

const {
  single_leg_squat: SQUAT_REPS,
  single_leg_landing: LANDING_REPS,
  running: RUNNING_STEPS_PER_LEG,
} = CONTRACT.TARGET_REPS;
const { MIN_RUNNING_FPS } = CONTRACT.THRESHOLDS;
export const TEST_WORDS = {
  single_leg_squat: "single-leg squat",
  single_leg_landing: "single-leg drop landing",
  running: "treadmill run",
};

function Choice({ name, legend, hint, options, value, onChange, disabled = false }) {
  return (
    <fieldset className="wiz-fieldset" data-testid={`choose-${name}`} disabled={disabled}>
      <legend className="field-label">{legend}</legend>
      {hint ? (
        <p className="wiz-hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="wiz-options">
        {options.map(([key, label, detail]) => (
          <label key={key} className="wiz-option">
            <input
              type="radio"
              name={name}
              value={key}
              checked={value === key}
              onChange={() => onChange(key)}
              aria-describedby={hint ? `${name}-hint` : undefined}
            />
            <span>
              <span className="wiz-option__label">{label}</span>
              {detail ? <span className="wiz-option__detail">{detail}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Progress({ step, test }) {
  const steps = cameraSteps(test);
  const index = steps.indexOf(step);
  if (index < 0) return null;
  return (
    <nav className="wiz-progress-steps" aria-label="Progress">
      <p className="wiz-step-count" data-testid="wizard-step">
        Step {index + 1} of {steps.length}: {STEP_TITLES[step]}
      </p>
      <ol className="wiz-dots">
        {steps.map((name, position) => (
          <li
            key={name}
            className={
              position < index ? "wiz-dot wiz-dot--done" : position === index ? "wiz-dot wiz-dot--current" : "wiz-dot"
            }
            aria-current={position === index ? "step" : undefined}
          >
            <span className="visually-hidden">
              {STEP_TITLES[name]}
              {position < index ? " (done)" : ""}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

// The profile's choices, each setting one field; its testid is choose-<name>.
const PROFILE_CHOICES = [
  {
    field: "test",
    name: "test",
    legend: "Which test?",
    options: [
      ["single_leg_squat", "Single-leg squat (recommended)", `${SQUAT_REPS} slow squats on each leg. About 3 minutes.`],
      [
        "single_leg_landing",
        "Single-leg drop landing (optional)",
        `${LANDING_REPS} step-offs from a box about 30 cm high onto each leg.`,
      ],
      [
        RUNNING,
        "Running (treadmill)",
        "About 30 seconds of easy running, filmed from behind the treadmill: both legs in one video, best filmed at 60 frames a second with your phone's camera app.",
      ],
    ],
  },
  {
    field: "sex",
    name: "sex",
    legend: "Sex (optional)",
    hint: "Why we ask: in the published studies typical knee angles differ between women and men, so this picks the right range to compare you with. Nothing else uses it, and we never ask your name.",
    options: [
      ["female", "Female"],
      ["male", "Male"],
      ["unspecified", "Prefer not to say"],
    ],
  },
  {
    field: "facing",
    name: "camera",
    legend: "Camera",
    options: [
      ["user", "Front camera", "You can see the screen and the checks while you get into place."],
      ["environment", "Back camera", "Sharper; the app talks you through it."],
    ],
  },
];

const legsIn = (trials) => {
  if (recordedRun(trials)) return "your treadmill run";
  return trials.left && trials.right ? "both legs" : trials.left ? "the left leg" : "the right leg";
};

/** The offer to go on with recordings kept from an earlier visit that were never sent. */
export function ResumeOffer({ draft, onResume, onDiscard }) {
  return (
    <section className="wiz-notice wiz-notice--calm" aria-labelledby="resume-title" data-testid="resume-offer">
      <h2 id="resume-title" className="wiz-subtitle">
        You have a test that was not sent
      </h2>
      <p>Your recording of {legsIn(draft.trials)} is kept on this phone. Go on to review and send it?</p>
      <div className="wiz-actions">
        <WizardButton onClick={onResume} testId="resume-draft">
          Review and send it
        </WizardButton>
        <WizardButton variant="secondary" onClick={onDiscard} testId="discard-draft">
          Discard it
        </WizardButton>
      </div>
    </section>
  );
}

export function SetupStep({ profile, setProfile, onNext, onGallery, ready }) {
  // This step is in the page's HTML before its script runs: the saved setting is read once the
  // page is live, and the controls stay disabled until then so no tap is lost.
  const [model, setModel] = useState("auto");
  const [speeds, setSpeeds] = useState("");
  const [delegate, setDelegate] = useState("auto");
  const [delegateWords, setDelegateWords] = useState("");
  useEffect(() => {
    setModel(modelSetting());
    setSpeeds(describeSpeeds());
    setDelegate(delegateSetting());
    setDelegateWords(describeDelegateChoice());
  }, []);
  const chooseDelegate = (value) => {
    saveDelegateSetting(value);
    setDelegate(value);
    setDelegateWords(describeDelegateChoice());
  };
  const chooseModel = (value) => {
    saveModelSetting(value);
    setModel(value);
  };
  return (
    <section aria-labelledby="setup-title" className="wiz-section">
      <h1 id="setup-title" className="wiz-title">
        Set up the test
      </h1>
      {PROFILE_CHOICES.map(({ field, ...choice }) => (
        <Choice
          key={field}
          {...choice}
          value={profile[field]}
          onChange={(value) => setProfile({ ...profile, [field]: value })}
          disabled={!ready}
        />
      ))}
      <details className="wiz-settings">
        <summary>Settings</summary>
        <Choice
          name="model"
          legend="Pose model"
          hint={`Automatic uses the more precise full model when this device runs it at ${CONTRACT.THRESHOLDS.MIN_FPS} frames a second or more, and the faster lite model otherwise. ${speeds}`}
          value={model}
          onChange={chooseModel}
          disabled={!ready}
          options={[
            ["auto", "Automatic (recommended)"],
            ["lite", "Lite: faster"],
            ["full", "Full: more precise, slower"],
          ]}
        />
        <Choice
          name="delegate"
          legend="Pose runs on"
          hint={`Automatic uses the phone's graphics processor (GPU) where it gives the same joints as the CPU, faster. ${delegateWords}`}
          value={delegate}
          onChange={chooseDelegate}
          disabled={!ready}
          options={[
            ["auto", "Automatic (recommended)"],
            ["CPU", "CPU"],
            ["GPU", "GPU (the CPU if it fails)"],
          ]}
        />
      </details>
      <div className="wiz-actions wiz-actions--stack">
        <WizardButton onClick={onNext} disabled={!ready} testId="wizard-next">
          Next: how to do it
        </WizardButton>
        <WizardButton variant="secondary" onClick={onGallery} disabled={!ready} testId="wizard-gallery">
          Analyse a video from your gallery instead
        </WizardButton>
      </div>
      <InstallOffer />
    </section>
  );
}

/** Where the phone films a run from: the trial's camera_view; `legend` asks it of a video already filmed. */
export function CameraViewChoice({ view, onChange, legend = "Where does the phone film from?" }) {
  return (
    <Choice
      name="view"
      legend={legend}
      value={view}
      onChange={onChange}
      options={[
        ["back", "Behind the treadmill (recommended)", "As in the published studies of running on video."],
        ["front", "In front of the treadmill", "Where the treadmill leaves room in front of it."],
      ]}
    />
  );
}

/** A step's own way forward, another way, and Back, stacked (the camera's problem page too). */
export function StackedActions({ children, onBack }) {
  return (
    <div className="wiz-actions wiz-actions--stack">
      {children}
      <WizardButton variant="quiet" onClick={onBack}>
        Back
      </WizardButton>
    </div>
  );
}

/** How to do a test: its drawing and steps (`children`), then on to placing the phone. */
function HowSection({ test, illustration, children, onNext, onBack }) {
  return (
    <section aria-labelledby="how-title" className="wiz-section">
      <h1 id="how-title" className="wiz-title">
        How to do the {TEST_WORDS[test]}
      </h1>
      {illustration}
      {children}
      <div className="wiz-actions">
        <WizardButton variant="quiet" onClick={onBack}>
          Back
        </WizardButton>
        <WizardButton onClick={onNext} testId="wizard-next">
          Next: place the phone
        </WizardButton>
      </div>
    </section>
  );
}

function RunningHowStep({ onNext, onBack }) {
  return (
    <HowSection test={RUNNING} illustration={<RunningIllustration />} onNext={onNext} onBack={onBack}>
      <ol className="wiz-steps">
        <li>In your usual running shoes, with shorts or fitted clothes, so your knees and hips can be seen.</li>
        <li>Warm up, then set the treadmill to an easy, steady pace you could keep up for several minutes.</li>
        <li>Run as you normally do, in the middle of the belt, looking ahead. Do not hold on.</li>
        <li>
          Film at least 30 seconds of steady running. Both legs are measured from one video; the result averages{" "}
          {RUNNING_STEPS_PER_LEG} or more steps of each leg.
        </li>
      </ol>
      <p className="wiz-hint">
        Each foot is on the belt for only about a quarter of a second, so running needs at least {MIN_RUNNING_FPS}{" "}
        frames a second: film with your phone's camera app at 60 frames a second or in slow motion (120 or 240), then
        analyse the video here. Stop if it hurts.
      </p>
    </HowSection>
  );
}

export function HowStep({ test, onNext, onBack }) {
  if (test === RUNNING) return <RunningHowStep onNext={onNext} onBack={onBack} />;
  const squat = test === "single_leg_squat";
  return (
    <HowSection
      test={test}
      illustration={squat ? <SquatIllustration /> : <LandingIllustration />}
      onNext={onNext}
      onBack={onBack}
    >
      {squat ? (
        <ol className="wiz-steps">
          <li>Barefoot or in your running shoes, hands on your hips.</li>
          <li>
            Stand on one leg; lift the other foot a hand's width off the floor, knee bent, and keep it up until you are
            done.
          </li>
          <li>
            Squat down slowly until your knee bends about 45–60° (a quarter squat), then stand up. About 2 seconds down,
            2 seconds up.
          </li>
          <li>Do {SQUAT_REPS} in a row. Keep your hands on your hips and do not hold on to anything.</li>
        </ol>
      ) : (
        <ol className="wiz-steps">
          <li>Stand on a sturdy box or step about 30 cm high, hands on your hips.</li>
          <li>Step off forward (do not jump up) and land on one leg.</li>
          <li>Bend the knee to soften the landing, then hold still for 2 seconds.</li>
          <li>Step back up and repeat: {LANDING_REPS} landings on each leg.</li>
        </ol>
      )}
      <p className="wiz-hint">
        The app counts your reps out loud and stops by itself after the last one. Stop if it hurts.
      </p>
    </HowSection>
  );
}

/** What opens the camera: both need this tap, as iOS asks for the motion sensor and sound must be unlocked by a
 * gesture. */
const openingCamera = (open) => async () => {
  unlockSound();
  await askTiltPermission();
  open();
};

/** Placing the phone: the drawing, where to put it (`places`, list items), then what follows (`children`). */
function PlaceSection({ illustration, places, children }) {
  return (
    <section aria-labelledby="place-title" className="wiz-section">
      <h1 id="place-title" className="wiz-title">
        Place the phone
      </h1>
      {illustration}
      <ul className="wiz-steps wiz-steps--bullets">{places}</ul>
      {children}
    </section>
  );
}

export function PlaceStep({ onNext, onBack }) {
  return (
    <PlaceSection
      illustration={<PlacementIllustration />}
      places={
        <>
          <li>
            <strong>2–3 m away</strong>, so your whole body fits with room to spare.
          </li>
          <li>
            Camera at <strong>knee-to-hip height</strong>: on a chair, a step or a bag.
          </li>
          <li>
            <strong>Upright</strong> (portrait), not leaning back.
          </li>
          <li>
            <strong>Straight in front of you</strong>: face it squarely, not at an angle.
          </li>
          <li>Good light from the front or side, not a bright window behind you. Shorts help.</li>
        </>
      }
    >
      <p className="wiz-hint">Next the camera opens and checks all this for you, out loud.</p>
      <div className="wiz-actions">
        <WizardButton variant="quiet" onClick={onBack}>
          Back
        </WizardButton>
        <WizardButton onClick={openingCamera(onNext)} testId="wizard-open-camera">
          Open the camera
        </WizardButton>
      </div>
    </PlaceSection>
  );
}

/** Placing the phone for a run, and the view it films; the camera app's video is the main path. */
export function RunningPlaceStep({ view, onView, onGallery, onCamera, onBack }) {
  return (
    <PlaceSection
      illustration={<RunningPlacementIllustration />}
      places={
        <>
          <li>
            <strong>Behind the treadmill</strong>, on the floor or a stand, about 2–3 m from you; or in front, where the
            treadmill leaves room.
          </li>
          <li>
            Camera at <strong>knee-to-hip height</strong>.
          </li>
          <li>
            <strong>Upright</strong> (portrait) and level, not leaning back.
          </li>
          <li>
            <strong>Your whole body in view</strong>, head to feet, at every step.
          </li>
          <li>Good light; nobody else walking through the picture.</li>
        </>
      }
    >
      <CameraViewChoice view={view} onChange={onView} />
      <p className="wiz-hint">
        Set your phone's camera app to 60 frames a second (in its video settings) or use slow motion, start filming,
        then get on the treadmill. Once you have 30 seconds of steady running, stop and choose the video here.
      </p>
      <StackedActions onBack={onBack}>
        <WizardButton onClick={onGallery} testId="wizard-running-gallery">
          Next: choose the video of your run
        </WizardButton>
        <WizardButton variant="secondary" onClick={openingCamera(onCamera)} testId="wizard-open-camera">
          Record here instead (fast phones only)
        </WizardButton>
      </StackedActions>
    </PlaceSection>
  );
}
