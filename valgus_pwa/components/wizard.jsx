// The guided test: choose the test, learn how to do it, place the phone, record the left then the
// right leg hands-free (or analyse gallery videos), review with per-leg retakes, and send the
// keypoints. Everything runs in the page, so it works offline; sending is queued when offline.
import React, { useEffect, useRef, useState } from "react";
import { askTiltPermission, unlockSound } from "./cues.js";
import { GalleryAnalysis } from "./gallery.jsx";
import { LandingIllustration, PlacementIllustration, SquatIllustration } from "./illustrations.jsx";
import { LiveRecorder, TARGET_REPS } from "./live.jsx";
import { describeSpeeds, modelSetting, saveModelSetting } from "./pose.js";
import { InstallOffer, OutboxList, PwaStatus, loadOutbox, requestBackgroundSend, settleSent, useOnline, useOutbox } from "./pwa.jsx";

const PROFILE_KEY = "valgus.profile";
const API_URL = "/api/v1/assessments";
const TEST_NAMES = { single_leg_squat: "single-leg squat", single_leg_landing: "single-leg drop landing" };
const CAMERA_STEPS = ["setup", "how", "place", "left", "right", "review"];
const STEP_TITLES = { setup: "The test", how: "How to do it", place: "Place the phone", left: "Left leg", right: "Right leg", review: "Review and send" };

function readProfile() {
  try {
    return JSON.parse(window.localStorage.getItem(PROFILE_KEY)) || {};
  } catch (_) {
    return {};
  }
}

function Choice({ name, legend, hint, options, value, onChange, testId, disabled = false }) {
  return (
    <fieldset className="wiz-fieldset" data-testid={testId} disabled={disabled}>
      <legend className="field-label">{legend}</legend>
      {hint ? <p className="wiz-hint" id={`${name}-hint`}>{hint}</p> : null}
      <div className="wiz-options">
        {options.map(([key, label, detail]) => (
          <label key={key} className="wiz-option">
            <input type="radio" name={name} value={key} checked={value === key} onChange={() => onChange(key)} aria-describedby={hint ? `${name}-hint` : undefined} />
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

function Progress({ step }) {
  const index = CAMERA_STEPS.indexOf(step);
  if (index < 0) return null;
  return (
    <nav className="wiz-progress-steps" aria-label="Progress">
      <p className="wiz-step-count" data-testid="wizard-step">Step {index + 1} of {CAMERA_STEPS.length}: {STEP_TITLES[step]}</p>
      <ol className="wiz-dots">
        {CAMERA_STEPS.map((name, position) => (
          <li key={name} className={position < index ? "wiz-dot wiz-dot--done" : position === index ? "wiz-dot wiz-dot--current" : "wiz-dot"} aria-current={position === index ? "step" : undefined}>
            <span className="visually-hidden">{STEP_TITLES[name]}{position < index ? " (done)" : ""}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function SetupStep({ profile, setProfile, onNext, onGallery, ready }) {
  // This step is in the page's HTML before its script runs: the saved setting is read once the
  // page is live, and the controls stay disabled until then so no tap is lost.
  const [model, setModel] = useState("auto");
  const [speeds, setSpeeds] = useState("");
  useEffect(() => {
    setModel(modelSetting());
    setSpeeds(describeSpeeds());
  }, []);
  const chooseModel = (value) => {
    saveModelSetting(value);
    setModel(value);
  };
  return (
    <section aria-labelledby="setup-title" className="wiz-section">
      <h1 id="setup-title" className="wiz-title">Set up the test</h1>
      <Choice
        name="test"
        legend="Which test?"
        value={profile.test}
        onChange={(test) => setProfile({ ...profile, test })}
        testId="choose-test"
        disabled={!ready}
        options={[
          ["single_leg_squat", "Single-leg squat (recommended)", "5 slow squats on each leg. About 3 minutes."],
          ["single_leg_landing", "Single-leg drop landing (optional)", "3 step-offs from a box about 30 cm high onto each leg."],
        ]}
      />
      <Choice
        name="sex"
        legend="Sex (optional)"
        hint="Why we ask: in the published studies typical knee angles differ between women and men, so this picks the right range to compare you with. Nothing else uses it, and we never ask your name."
        value={profile.sex}
        onChange={(sex) => setProfile({ ...profile, sex })}
        testId="choose-sex"
        disabled={!ready}
        options={[["female", "Female"], ["male", "Male"], ["unspecified", "Prefer not to say"]]}
      />
      <Choice
        name="camera"
        legend="Camera"
        value={profile.facing}
        onChange={(facing) => setProfile({ ...profile, facing })}
        testId="choose-camera"
        disabled={!ready}
        options={[
          ["user", "Front camera", "You can see the screen and the checks while you get into place."],
          ["environment", "Back camera", "Sharper; the app talks you through it."],
        ]}
      />
      <details className="wiz-settings">
        <summary>Settings</summary>
        <Choice
          name="model"
          legend="Pose model"
          hint={`Automatic uses the more precise full model when this device runs it at 24 frames a second or more, and the faster lite model otherwise. ${speeds}`}
          value={model}
          onChange={chooseModel}
          testId="choose-model"
        disabled={!ready}
          options={[["auto", "Automatic (recommended)"], ["lite", "Lite: faster"], ["full", "Full: more precise, slower"]]}
        />
      </details>
      <div className="wiz-actions wiz-actions--stack">
        <button type="button" className="wiz-button" onClick={onNext} disabled={!ready} data-testid="wizard-next">Next: how to do it</button>
        <button type="button" className="wiz-button wiz-button--secondary" onClick={onGallery} disabled={!ready} data-testid="wizard-gallery">Analyse a video from your gallery instead</button>
      </div>
      <InstallOffer />
    </section>
  );
}

function HowStep({ test, onNext, onBack }) {
  const squat = test === "single_leg_squat";
  return (
    <section aria-labelledby="how-title" className="wiz-section">
      <h1 id="how-title" className="wiz-title">How to do the {TEST_NAMES[test]}</h1>
      {squat ? <SquatIllustration /> : <LandingIllustration />}
      {squat ? (
        <ol className="wiz-steps">
          <li>Barefoot or in your running shoes, hands on your hips.</li>
          <li>Stand on one leg; lift the other foot a hand's width off the floor, knee bent, and keep it up until you are done.</li>
          <li>Squat down slowly until your knee bends about 45–60° (a quarter squat), then stand up. About 2 seconds down, 2 seconds up.</li>
          <li>Do 5 in a row. Keep your hands on your hips and do not hold on to anything.</li>
        </ol>
      ) : (
        <ol className="wiz-steps">
          <li>Stand on a sturdy box or step about 30 cm high, hands on your hips.</li>
          <li>Step off forward (do not jump up) and land on one leg.</li>
          <li>Bend the knee to soften the landing, then hold still for 2 seconds.</li>
          <li>Step back up and repeat: 3 landings on each leg.</li>
        </ol>
      )}
      <p className="wiz-hint">The app counts your reps out loud and stops by itself after the last one. Stop if it hurts.</p>
      <div className="wiz-actions">
        <button type="button" className="wiz-button wiz-button--quiet" onClick={onBack}>Back</button>
        <button type="button" className="wiz-button" onClick={onNext} data-testid="wizard-next">Next: place the phone</button>
      </div>
    </section>
  );
}

function PlaceStep({ onNext, onBack }) {
  const openCamera = async () => {
    // Both need this tap: iOS asks for the motion sensor, and sound must be unlocked by a gesture.
    unlockSound();
    await askTiltPermission();
    onNext();
  };
  return (
    <section aria-labelledby="place-title" className="wiz-section">
      <h1 id="place-title" className="wiz-title">Place the phone</h1>
      <PlacementIllustration />
      <ul className="wiz-steps wiz-steps--bullets">
        <li><strong>2–3 m away</strong>, so your whole body fits with room to spare.</li>
        <li>Camera at <strong>knee-to-hip height</strong>: on a chair, a step or a bag.</li>
        <li><strong>Upright</strong> (portrait), not leaning back.</li>
        <li><strong>Straight in front of you</strong>: face it squarely, not at an angle.</li>
        <li>Good light from the front or side, not a bright window behind you. Shorts help.</li>
      </ul>
      <p className="wiz-hint">Next the camera opens and checks all this for you, out loud.</p>
      <div className="wiz-actions">
        <button type="button" className="wiz-button wiz-button--quiet" onClick={onBack}>Back</button>
        <button type="button" className="wiz-button" onClick={openCamera} data-testid="wizard-open-camera">Open the camera</button>
      </div>
    </section>
  );
}

const THUMB_CHAINS = [[11, 12, 24, 23, 11], [23, 25, 27], [24, 26, 28], [11, 13, 15], [12, 14, 16]];

function SkeletonThumb({ trial }) {
  // The deepest moment (lowest hips) of the recording, drawn from the keypoints alone.
  let deepest = null;
  for (const frame of trial.frames) {
    if (!frame.landmarks) continue;
    const hipY = (frame.landmarks[23][1] + frame.landmarks[24][1]) / 2;
    if (!deepest || hipY > deepest.hipY) deepest = { hipY, landmarks: frame.landmarks };
  }
  if (!deepest) return null;
  const points = deepest.landmarks.map(([x, y]) => [x * trial.frame_width, y * trial.frame_height]);
  const shown = [0, ...THUMB_CHAINS.flat()].map((index) => points[index]);
  const xs = shown.map(([x]) => x);
  const ys = shown.map(([, y]) => y);
  const height = Math.max(...ys) - Math.min(...ys);
  const pad = height * 0.1;
  const width = Math.max(Math.max(...xs) - Math.min(...xs), height * 0.5);
  const left = (Math.max(...xs) + Math.min(...xs)) / 2 - width / 2;
  const path = (chain) => chain.map((index, position) => `${position ? "L" : "M"}${points[index][0]} ${points[index][1]}`).join(" ");
  return (
    <svg className="wiz-thumb" viewBox={`${left - pad} ${Math.min(...ys) - pad} ${width + 2 * pad} ${height + 2 * pad}`} width="72" height="120" role="img" aria-label="Your pose at the deepest point, drawn from the keypoints">
      <g fill="none" stroke="#0f766e" strokeWidth={height / 45} strokeLinecap="round" strokeLinejoin="round">
        {THUMB_CHAINS.map((chain) => <path key={chain.join("-")} d={path(chain)} />)}
      </g>
      <circle cx={points[0][0]} cy={points[0][1]} r={height / 22} fill="#0f766e" />
    </svg>
  );
}

const CHECK_NAMES = { body: "whole body in view", distance: "distance", frontal: "facing the camera", visibility: "legs visible", oneLeg: "standing on one leg" };

function TrialCard({ side, trial, onRetake, retakeLabel }) {
  const title = side === "left" ? "Left leg" : "Right leg";
  if (!trial) {
    return (
      <li className="wiz-trial" data-testid={`review-${side}`}>
        <h2 className="wiz-subtitle">{title}</h2>
        <p>Not recorded.</p>
        <button type="button" className="wiz-button wiz-button--secondary" onClick={onRetake}>{retakeLabel}</button>
      </li>
    );
  }
  const { summary } = trial;
  const problems = summary.checks ? Object.entries(summary.checks).filter(([, check]) => check.status === "fail").map(([key]) => CHECK_NAMES[key]).filter(Boolean) : [];
  return (
    <li className="wiz-trial" data-testid={`review-${side}`}>
      <div className="wiz-trial__body">
        <SkeletonThumb trial={trial} />
        <div>
          <h2 className="wiz-subtitle">{title}</h2>
          <p className="wiz-trial__facts">
            {summary.reps !== null ? `${summary.reps} ${summary.reps === 1 ? "rep" : "reps"} counted · ` : ""}
            {summary.seconds.toFixed(0)} s · {trial.frames.length} frames · you were seen in {Math.round(summary.detectedShare * 100)}%
          </p>
          {summary.source ? <p className="fine-print">From the video “{summary.source}”.</p> : null}
          {problems.length ? (
            <p className="wiz-warn"><span aria-hidden="true">⚠ </span>Check: {problems.join(", ")}. Consider a retake.</p>
          ) : summary.checks ? (
            <p className="wiz-ok"><span aria-hidden="true">✓ </span>The recording checks passed.</p>
          ) : null}
          {summary.reps !== null && summary.reps < TARGET_REPS[trial.test] ? (
            <p className="fine-print">Fewer reps were counted than asked for; the analysis counts them again and tells you if there are too few.</p>
          ) : null}
        </div>
      </div>
      <button type="button" className="wiz-button wiz-button--secondary" onClick={onRetake} data-testid={`retake-${side}`}>{retakeLabel}</button>
    </li>
  );
}

function ReviewStep({ trials, source, onRetake, onSubmit, onRestart }) {
  const recorded = ["left", "right"].filter((side) => trials[side]);
  const label = source === "gallery" ? (side) => (trials[side] ? `Choose another video for the ${side} leg` : `Add a video for the ${side} leg`) : (side) => `Retake the ${side} leg`;
  return (
    <section aria-labelledby="review-title" className="wiz-section">
      <h1 id="review-title" className="wiz-title">Review and send</h1>
      <p>Check each leg. Retake one if you lost balance, stepped out of view or the phone moved.</p>
      <ul className="wiz-trials">
        {["left", "right"].map((side) => <TrialCard key={side} side={side} trial={trials[side]} onRetake={() => onRetake(side)} retakeLabel={label(side)} />)}
      </ul>
      {recorded.length === 1 ? <p className="wiz-hint">With both legs, the result also compares left and right.</p> : null}
      <div className="wiz-actions wiz-actions--stack">
        <button type="button" className="wiz-button" onClick={onSubmit} disabled={!recorded.length} data-testid="wizard-submit">
          Send {recorded.length === 2 ? "both legs" : "this leg"} for analysis
        </button>
        <button type="button" className="wiz-button wiz-button--quiet" onClick={onRestart}>Start again</button>
      </div>
      <p className="fine-print">Only body keypoints are sent (about 33 points a frame), never the video.</p>
    </section>
  );
}

function xhrTransport(onProgress) {
  // fetch() cannot report upload progress; XMLHttpRequest can.
  return (body, headers) => new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", API_URL);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.upload.onload = () => onProgress(1);
    request.onload = () => resolve({ status: request.status, text: request.responseText });
    request.onerror = () => reject(new Error("network"));
    request.ontimeout = () => reject(new Error("timeout"));
    request.send(body);
  });
}

function SendStep({ localId, onBack }) {
  const online = useOnline();
  const records = useOutbox();
  const [upload, setUpload] = useState({ phase: "sending", progress: 0 });
  const opened = useRef(false);
  const record = records.find((candidate) => candidate.local_id === localId);

  const openResult = async (sent) => {
    if (opened.current) return;
    opened.current = true;
    window.location.assign(await settleSent(sent));
  };

  useEffect(() => {
    let cancelled = false;
    (async () => {
      if (!navigator.onLine) {
        setUpload({ phase: "queued", progress: 0 });
        requestBackgroundSend();
        return;
      }
      const outbox = await loadOutbox();
      const sent = await outbox.send(localId, xhrTransport((progress) => !cancelled && setUpload({ phase: "sending", progress })));
      if (cancelled || !sent) return;
      if (sent.status === "sent") openResult(sent);
      else if (sent.status === "queued") {
        setUpload({ phase: "queued", progress: 0 });
        requestBackgroundSend();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [localId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    // Back online: send it from here too (the service worker may also do it; a lock prevents doubles).
    if (online && upload.phase === "queued") loadOutbox().then((outbox) => outbox.send(localId));
  }, [online, upload.phase, localId]);

  useEffect(() => {
    // Sent by this page, another tab or the service worker: open the result.
    if (record && record.status === "sent") openResult(record);
  }, [record]); // eslint-disable-line react-hooks/exhaustive-deps

  const discard = async () => {
    await (await loadOutbox()).remove(localId);
    onBack();
  };

  if (record && record.status === "rejected") {
    return (
      <section className="wiz-section" aria-labelledby="send-title">
        <h1 id="send-title" className="wiz-title">The analysis did not accept this recording</h1>
        <p className="wiz-error" role="alert">{record.last_error}</p>
        <button type="button" className="wiz-button" onClick={discard}>Back to the review</button>
      </section>
    );
  }
  if (upload.phase === "queued") {
    return (
      <section className="wiz-section" aria-labelledby="send-title">
        <h1 id="send-title" className="wiz-title">Saved on this phone</h1>
        <p role="status" data-testid="send-queued">
          {online ? "The server could not be reached. " : "You are offline. "}
          Your recording is kept on this phone and sent automatically when the connection returns, even if you close this page.
          The result opens here once it has been analysed.
        </p>
        <OutboxList title="Waiting to be sent" />
      </section>
    );
  }
  const percent = Math.round(upload.progress * 100);
  return (
    <section className="wiz-section" aria-labelledby="send-title">
      <h1 id="send-title" className="wiz-title">Sending your keypoints</h1>
      <progress className="wiz-progress" max="100" value={percent} aria-label="Upload progress" data-testid="upload-progress" />
      <p role="status">{percent < 100 ? `Uploading: ${percent}%` : "Uploaded. Analysing your recording…"}</p>
    </section>
  );
}

export function CaptureWizard() {
  const [profile, setProfileState] = useState({ test: "single_leg_squat", sex: "unspecified", facing: "user" });
  const [step, setStep] = useState("setup");
  const [source, setSource] = useState("camera");
  const [trials, setTrials] = useState({ left: null, right: null });
  const [leg, setLeg] = useState("left");
  const [retaking, setRetaking] = useState(false);
  const [localId, setLocalId] = useState(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    setProfileState((current) => ({ ...current, ...readProfile() }));
    setReady(true);
  }, []);
  const firstStep = useRef(true);
  useEffect(() => {
    // A new step replaces the page's content: start at its top, and let screen readers start at
    // its heading.
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

  const setProfile = (next) => {
    setProfileState(next);
    window.localStorage.setItem(PROFILE_KEY, JSON.stringify(next));
  };

  const onLiveTrial = (trial) => {
    setTrials((current) => ({ ...current, [trial.side]: trial }));
    if (!retaking && trial.side === "left") {
      setLeg("right");
      return "right";
    }
    setRetaking(false);
    setStep("review");
    return null;
  };
  const onGalleryTrial = (trial) => {
    setTrials((current) => ({ ...current, [trial.side]: trial }));
    setStep("review");
  };
  const retake = (side) => {
    setLeg(side);
    setRetaking(true);
    setStep(source === "gallery" ? "gallery" : "live");
  };
  const restart = () => {
    setTrials({ left: null, right: null });
    setLeg("left");
    setRetaking(false);
    setSource("camera");
    setStep("setup");
  };
  const submit = async () => {
    const recorded = ["left", "right"].filter((side) => trials[side]).map((side) => trials[side]);
    const payload = {
      schema_version: 1,
      subject: { sex: profile.sex || "unspecified" },
      trials: recorded.map(({ summary, ...trial }) => trial),
    };
    const legs = recorded.length === 2 ? "left and right" : recorded[0].side;
    const outbox = await loadOutbox();
    // Stored before sending, so a dropped connection or a closed tab loses nothing.
    const record = await outbox.add(payload, `${TEST_NAMES[recorded[0].test]}, ${legs}`);
    setLocalId(record.local_id);
    setStep("send");
  };

  const progressStep = step === "live" ? leg : step;
  let body;
  if (step === "setup") body = <SetupStep profile={profile} setProfile={setProfile} onNext={() => setStep("how")} onGallery={() => { setSource("gallery"); setStep("gallery"); }} ready={ready} />;
  else if (step === "how") body = <HowStep test={profile.test} onNext={() => setStep("place")} onBack={() => setStep("setup")} />;
  else if (step === "place") body = <PlaceStep onNext={() => { setSource("camera"); setStep("live"); }} onBack={() => setStep("how")} />;
  else if (step === "live") {
    body = (
      <LiveRecorder
        test={profile.test}
        leg={leg}
        facing={profile.facing}
        onTrial={onLiveTrial}
        onBack={() => (retaking ? setStep("review") : setStep("place"))}
      />
    );
  } else if (step === "gallery") {
    body = (
      <GalleryAnalysis
        test={profile.test}
        initialLeg={retaking ? leg : trials.left ? "right" : "left"}
        onTrial={onGalleryTrial}
        onBack={() => setStep(trials.left || trials.right ? "review" : "setup")}
      />
    );
  } else if (step === "review") body = <ReviewStep trials={trials} source={source} onRetake={retake} onSubmit={submit} onRestart={restart} />;
  else body = <SendStep localId={localId} onBack={() => setStep("review")} />;

  return (
    <div className="wiz" data-step={step} data-ready={ready ? "" : undefined}>
      <PwaStatus showOutbox={step === "setup"} />
      {source === "camera" ? <Progress step={progressStep} /> : null}
      {body}
    </div>
  );
}
