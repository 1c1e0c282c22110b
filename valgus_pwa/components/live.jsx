// Recording one leg with the live camera, hands-free: the runner taps Start at the phone, walks
// into place, and recording begins by itself once every readiness check has passed for a moment,
// after a spoken countdown. It stops by itself after the target reps (a run: after a fixed time,
// and only on a device whose live rate reaches running's floor).
// A little over 300 lines: what is left here is the one component that carries out the
// recorder's effects (camera, pose, speech, timers); its rules are in recorder_phases.js,
// readiness.js and reps.js, each tested alone.
import React, { useEffect, useRef, useState } from "react";
import { CONTRACT } from "./contract.js";
import { CameraStage, useLivePose } from "./capture.jsx";
import { CameraProblem } from "./camera_problem.jsx";
import { Checklist } from "./checklist.jsx";
import { GPU } from "./delegate.js";
import { beep, keepScreenOn, speak, unlockSound, watchTilt } from "./cues.js";
import {
  FULL,
  LITE,
  MIN_FPS,
  checkGpu,
  chooseModel,
  currentDelegate,
  fallsBackToLite,
  gpuFailed,
  measuredSpeeds,
  modelSetting,
  packLandmarks,
  recordSpeed,
  shouldTryFull,
} from "./pose.js";
import { WINDOW_MS, evaluateReadiness, firstProblem, median } from "./readiness.js";
import { FLOOR_FPS, RUNNING_RECORDING_S, initialPhase, liveOffer, next as nextPhase } from "./recorder_phases.js";
import { createLandingCounter, createRepCounter } from "./reps.js";
import { localIsoTime, trialRoll } from "./transport.js";
import { WizardButton } from "./wizard_buttons.jsx";
import { RUNNING, RUNNING_SIDE } from "./wizard_state.js";

const TICK_MS = 250;
// Keep recording briefly after the last rep so its return to standing (a landing's held
// finish, 2 s in the instructions) is in the data.
const AFTER_LAST_REP_MS = { single_leg_squat: 1000, single_leg_landing: 2000 };
// Speed measurement: skip the first frames (graph warm-up), then time this many.
const WARM_UP_FRAMES = 10;
const SPEED_SAMPLES = 30;
const NO_PROGRESS = { reps: 0, seconds: 0, frames: 0, detected: 0 };
// The live rate: frames analysed a second over the last RATE_WINDOW_MS, told once it spans
// RATE_MIN_MS. Once below the test's floor it must climb this much above it to stop being slow,
// so the message does not flicker at the edge.
const RATE_WINDOW_MS = 3000;
const RATE_MIN_MS = 2000;
const RATE_RECOVERY = 1.1;
const NOT_MEASURED = { fps: null, slow: false };

/** The live rate over `times` (frame times, ms), or null while they span too little. */
function liveFps(times) {
  if (times.length < 2) return null;
  const spanMs = times[times.length - 1] - times[0];
  return spanMs >= RATE_MIN_MS ? ((times.length - 1) * 1000) / spanMs : null;
}

// The squat is done on one leg from the start; a landing starts standing on the box; a run is
// on both legs, and both legs are checked.
const readinessOptions = (test, leg) => ({ oneLeg: test === "single_leg_squat", leg: test === RUNNING ? null : leg });
// A run's steps are found by the server; live, it is recorded for a fixed time (recorder_phases.js).
const NO_COUNT = () => 0;
const COUNTERS = {
  single_leg_squat: () => createRepCounter(),
  single_leg_landing: (leg) => createLandingCounter(leg),
  running: () => NO_COUNT,
};

/**
 * One leg's recording. onTrial(trial) is called when it is done and returns the next leg to
 * record, if any.
 */
export function LiveRecorder({ test, leg, facing, view, onTrial, onRecording, onBack, onGallery }) {
  const [model, setModel] = useState(() => chooseModel());
  // CPU or GPU (delegate.js); a GPU not checked yet on this device is checked once the CPU runs.
  const [startDelegate] = useState(currentDelegate);
  const [delegate, setDelegate] = useState(startDelegate.delegate);
  const gpuCheckRef = useRef(startDelegate.probe ? "due" : "none");
  const [checkingGpu, setCheckingGpu] = useState(false);
  const rateRef = useRef({ key: null, times: [] });
  const [rate, setRate] = useState(NOT_MEASURED);
  // The timed phases (recorder_phases.js), held in a ref for the timer and the frame callback,
  // and in state for rendering: `dispatch` keeps the two the same object.
  const [flow, setFlow] = useState(initialPhase);
  const flowRef = useRef(initialPhase);
  const [override, setOverride] = useState(false);
  const [readiness, setReadiness] = useState(() => evaluateReadiness([], 0, 0, null, readinessOptions(test, leg)));
  const [progress, setProgress] = useState(NO_PROGRESS);
  const recentRef = useRef([]);
  const sizeRef = useRef({ width: 0, height: 0 });
  const tiltRef = useRef(null);
  const recordingRef = useRef(null);
  const speedRef = useRef({ model: null, seen: 0, samples: [] });
  const target = CONTRACT.TARGET_REPS[test];
  const { phase, countdown } = flow;

  const { videoRef, canvasRef, status, loadedModel, loadedDelegate, retry } = useLivePose({
    facing,
    // Phones give 30 fps unless asked; a run needs pose at 50 fps or more.
    frameRate: test === RUNNING ? 60 : undefined,
    model,
    delegate,
    onGpuError: () => setDelegate(gpuFailed()),
    onCameraLost: () => {
      const recording = recordingRef.current;
      const reps = recording ? recording.reps : 0;
      dispatch({
        type: "cameraLost",
        reps,
        minReps: CONTRACT.THRESHOLDS.MIN_REPS_FOR_FINDING,
        leg: latest.current.leg,
      });
    },
    onModelError: (failed) => {
      if (!fallsBackToLite(failed)) return false;
      setModel(LITE);
      return true;
    },
    onPose: (frame) => {
      sizeRef.current = { width: frame.width, height: frame.height };
      const recent = recentRef.current;
      recent.push({ t: frame.t, landmarks: frame.landmarks, others: frame.others });
      while (recent.length && recent[0].t < frame.t - WINDOW_MS) recent.shift();
      keepRate(frame);
      measureSpeed(frame);
      maybeCheckGpu(frame);
      const recording = recordingRef.current;
      // A frame handed to the landmarker before the recording started can come back after it.
      if (!recording || frame.t < recording.startedAt) return;
      recording.frames.push({
        t_ms: frame.t - recording.startedAt,
        landmarks: frame.landmarks ? packLandmarks(frame.landmarks) : null,
      });
      recording.poses.push({ t: frame.t, landmarks: frame.landmarks, others: frame.others });
      if (frame.landmarks) recording.detected += 1;
      // The phone's roll while it records, for levelling trunk lean and pelvic drop.
      const tilt = tiltRef.current;
      if (tilt && tilt.available) recording.rolls.push(tilt.roll);
      if (frame.others > 0) recording.otherPersonFrames += 1;
      const reps = recording.countRep(frame.landmarks, frame.width, frame.height, frame.t);
      if (reps !== recording.reps) {
        recording.reps = reps;
        if (reps < target) speak(String(reps));
      }
      if (reps >= target && recording.doneAt === null) recording.doneAt = frame.t + AFTER_LAST_REP_MS[test];
    },
  });

  // Read by the timer, which outlives renders: always the latest props and model.
  const latest = useRef(null);
  latest.current = { onTrial, override, loadedModel, model, leg, test, target, facing, view };

  // The frames' times since the current model and delegate started, for the live rate.
  function keepRate(frame) {
    const kept = rateRef.current;
    const key = `${loadedModel}/${loadedDelegate}`;
    if (kept.key !== key) Object.assign(kept, { key, times: [] });
    kept.times.push(frame.t);
    while (kept.times.length > 2 && kept.times[0] < frame.t - RATE_WINDOW_MS) kept.times.shift();
  }

  // Once the CPU's speed is known and a person is in view, check the GPU on that frame.
  function maybeCheckGpu(frame) {
    const speed = speedRef.current;
    if (gpuCheckRef.current !== "due" || recordingRef.current || flowRef.current.phase !== "check") return;
    if (!frame.landmarks || !loadedModel || speed.samples.length < SPEED_SAMPLES) return;
    gpuCheckRef.current = "running";
    setCheckingGpu(true);
    checkGpu(loadedModel, videoRef.current).then((check) => {
      gpuCheckRef.current = "done";
      setCheckingGpu(false);
      setDelegate(check.delegate);
    });
  }

  // Time the landmarker on this device; in automatic mode, move to full only if it keeps up.
  function measureSpeed(frame) {
    const speed = speedRef.current;
    if (speed.model !== loadedModel) Object.assign(speed, { model: loadedModel, seen: 0, samples: [] });
    if (!loadedModel || speed.samples.length >= SPEED_SAMPLES) return;
    speed.seen += 1;
    if (speed.seen <= WARM_UP_FRAMES) return;
    speed.samples.push(frame.detectMs);
    if (speed.samples.length < SPEED_SAMPLES) return;
    recordSpeed(loadedModel, median(speed.samples));
    if (recordingRef.current || modelSetting() !== "auto") return;
    if (loadedModel === LITE && shouldTryFull()) setModel(FULL);
    else if (loadedModel === FULL && 1000 / measuredSpeeds()[FULL] < MIN_FPS) setModel(LITE);
  }

  useEffect(
    () =>
      watchTilt((tilt) => {
        tiltRef.current = tilt;
      }),
    [],
  );
  useEffect(() => keepScreenOn(), []);
  const recordingNow = phase === "recording";
  useEffect(() => {
    onRecording(recordingNow);
  }, [recordingNow]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => onRecording(false), []); // eslint-disable-line react-hooks/exhaustive-deps

  function dispatch(event) {
    const { state, effects } = nextPhase(flowRef.current, event, performance.now());
    flowRef.current = state;
    setFlow(state);
    for (const effect of effects) {
      if (effect.say) speak(effect.say);
      if (effect.beep) beep(...effect.beep);
      if (effect.start) startRecording();
      if (effect.stop) stopRecording();
      if (effect.discard) recordingRef.current = null;
    }
  }

  function startRecording() {
    const { test: currentTest, leg: currentLeg } = latest.current;
    recordingRef.current = {
      startedAt: Math.round(performance.now()),
      // When the test was done, on the phone's clock: kept with the draft and the outbox.
      recordedAt: localIsoTime(new Date()),
      rolls: [],
      frames: [],
      poses: [],
      detected: 0,
      otherPersonFrames: 0,
      reps: 0,
      doneAt: null,
      countRep: COUNTERS[currentTest](currentLeg),
    };
  }

  function stopRecording() {
    const recording = recordingRef.current;
    recordingRef.current = null;
    if (!recording || recording.frames.length < 2) {
      dispatch({ type: "stopped", nextLeg: null });
      return;
    }
    beep(660, 0.4);
    const { width, height } = sizeRef.current;
    const current = latest.current;
    // No sensor (or no reading): no roll is sent, and the report says the picture's axes were used.
    const roll = trialRoll(recording.rolls, current.facing);
    const running = current.test === RUNNING;
    const nextLeg = current.onTrial({
      test: current.test,
      side: running ? RUNNING_SIDE : current.leg,
      ...(running ? { camera_view: current.view } : {}),
      frame_width: width,
      frame_height: height,
      mirrored: false,
      landmark_model: current.loadedModel || current.model,
      other_person_frames: recording.otherPersonFrames,
      ...(roll === null ? {} : { device_roll_deg: roll }),
      frames: recording.frames,
      summary: {
        recordedAt: recording.recordedAt,
        reps: running ? null : recording.reps,
        seconds: recording.frames[recording.frames.length - 1].t_ms / 1000,
        detectedShare: recording.detected / recording.frames.length,
        checks: evaluateReadiness(recording.poses, width, height, null, readinessOptions(current.test, current.leg))
          .checks,
      },
    });
    if (nextLeg) setProgress(NO_PROGRESS);
    dispatch({ type: "stopped", nextLeg });
  }

  useEffect(() => {
    const timer = setInterval(() => {
      const { width, height } = sizeRef.current;
      const { test: currentTest, leg: currentLeg, override: overridden, target: reps } = latest.current;
      const result = evaluateReadiness(
        recentRef.current,
        width,
        height,
        tiltRef.current,
        readinessOptions(currentTest, currentLeg),
      );
      setReadiness(result);
      const fps = liveFps(rateRef.current.times);
      const floor = FLOOR_FPS[currentTest];
      setRate((previous) => {
        if (fps === null) return rateRef.current.times.length ? previous : NOT_MEASURED;
        return { fps, slow: previous.slow ? fps < floor * RATE_RECOVERY : fps < floor };
      });
      const recording = recordingRef.current;
      if (recording) {
        const seconds = (performance.now() - recording.startedAt) / 1000;
        setProgress({ reps: recording.reps, seconds, frames: recording.frames.length, detected: recording.detected });
      }
      dispatch({
        type: "tick",
        ready: result.ready,
        problem: firstProblem(result),
        override: overridden,
        leg: currentLeg,
        test: currentTest,
        target: reps,
        recording: recording && { startedAt: recording.startedAt, doneAt: recording.doneAt },
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const arm = () => {
    unlockSound();
    dispatch({ type: "arm", override, leg, test });
  };
  const cancel = () => dispatch({ type: "cancel" });

  const tryAgain = () => {
    retry();
    dispatch({ type: "retry" });
  };

  const cameraReady = status.phase === "running";
  if (phase === "lost" || status.phase === "error" || status.phase === "lost") {
    return (
      <CameraProblem
        message={status.message}
        lost={flow.lost}
        noPose={status.noPose}
        onTryAgain={tryAgain}
        onGallery={onGallery}
        onBack={onBack}
      />
    );
  }
  const running = test === RUNNING;
  // Told before recording, in the check phase: a live recording here would be flagged, and a run
  // recorded live is offered only once the rate is known to be fast enough.
  const offer = cameraReady && phase === "check" ? liveOffer(test, rate) : "start";
  const slow = offer === "anyway" || offer === "gallery";
  const problem = firstProblem(readiness);
  let banner;
  if (status.phase !== "running") banner = status.message || "Starting…";
  else if (phase === "recording" && running)
    banner = `Recording: ${Math.min(Math.round(progress.seconds), RUNNING_RECORDING_S)} of ${RUNNING_RECORDING_S} s`;
  else if (phase === "recording") banner = `Rep ${Math.min(progress.reps, target)} of ${target}`;
  else if (phase === "countdown") banner = countdown !== null ? `Recording in ${countdown}` : "Get ready";
  else if (problem) banner = problem;
  else banner = readiness.ready ? "All checks passed." : "Checking your position…";

  return (
    <section className="wiz-live" data-phase={phase} aria-labelledby="live-title">
      <h1 id="live-title" className="wiz-title">
        {running ? "Run on the treadmill" : `${leg === "left" ? "Left" : "Right"} leg: stand on your ${leg} leg`}
      </h1>
      <CameraStage videoRef={videoRef} canvasRef={canvasRef} mirrored={facing === "user"}>
        <p className={`wiz-banner wiz-banner--${phase}`} role="status" aria-live="polite" data-testid="capture-status">
          {banner}
        </p>
        {phase === "countdown" && countdown !== null ? (
          <p className="wiz-countdown" aria-hidden="true">
            {countdown}
          </p>
        ) : null}
      </CameraStage>
      {phase === "recording" && running ? (
        <p className="wiz-counts" data-testid="capture-counts">
          {progress.seconds.toFixed(0)} of {RUNNING_RECORDING_S} s · person seen in{" "}
          {progress.frames ? Math.round((100 * progress.detected) / progress.frames) : 0}% of {progress.frames} frames
        </p>
      ) : phase === "recording" ? (
        <p className="wiz-counts" data-testid="capture-counts">
          <strong className="wiz-reps" data-testid="rep-count">
            {progress.reps}
          </strong>{" "}
          of {target} reps · {progress.seconds.toFixed(0)} s · person seen in{" "}
          {progress.frames ? Math.round((100 * progress.detected) / progress.frames) : 0}% of {progress.frames} frames
        </p>
      ) : (
        <Checklist readiness={readiness} cameraReady={cameraReady} />
      )}
      {slow ? <SlowDevice test={test} fps={rate.fps} floor={FLOOR_FPS[test]} /> : null}
      {offer === "measuring" ? (
        <p className="wiz-hint" role="status" data-testid="capture-measuring">
          Measuring how many frames a second this phone analyses: running needs {FLOOR_FPS[test]} a second to record
          here.
        </p>
      ) : null}
      <div className="wiz-actions">
        {phase === "recording" ? (
          <WizardButton variant="stop" onClick={stopRecording} testId="capture-stop">
            Stop recording
          </WizardButton>
        ) : phase === "check" ? (
          <>
            {slow ? (
              <WizardButton onClick={onGallery} testId="capture-use-gallery">
                Record with your camera app, then analyse the video here
              </WizardButton>
            ) : null}
            {offer === "gallery" ? null : (
              <WizardButton
                variant={slow ? "secondary" : undefined}
                onClick={arm}
                disabled={!cameraReady || offer === "measuring"}
                testId="capture-start"
              >
                {slow ? "Record here anyway" : "Start"}
              </WizardButton>
            )}
            <WizardButton variant="quiet" onClick={onBack}>
              Back
            </WizardButton>
          </>
        ) : (
          <WizardButton variant="secondary" onClick={cancel} testId="capture-cancel">
            Cancel
          </WizardButton>
        )}
      </div>
      {phase === "check" && offer !== "gallery" ? (
        <p className="fine-print">
          After you tap {slow ? "Record here anyway" : "Start"}, recording begins by itself once every check has passed,
          with a spoken countdown.
        </p>
      ) : null}
      {phase !== "recording" && offer !== "gallery" ? (
        <label className="wiz-override">
          <input
            type="checkbox"
            checked={override}
            onChange={(event) => setOverride(event.target.checked)}
            data-testid="capture-override"
          />
          <span>Record even if the checks do not pass. The result may not be reliable.</span>
        </label>
      ) : null}
      <p className="fine-print" data-testid="capture-pose-info">
        Pose model: {loadedModel === FULL ? "full" : "lite"}, on the {loadedDelegate === GPU ? "GPU" : "CPU"}
        {rate.fps !== null ? `, ${Math.round(rate.fps)} frames a second` : ""}
        {checkingGpu ? " (checking whether the GPU is faster…)" : ""}. Your video stays on this phone; only body
        keypoints are sent.
      </p>
    </section>
  );
}

/** The camera step's word on a device too slow for the test live, and the path that works. */
function SlowDevice({ test, fps, floor }) {
  if (test === RUNNING) {
    return (
      <div className="wiz-notice" role="status" data-testid="capture-slow">
        <p>
          <strong>This phone is too slow to record running here.</strong> It finds your joints in about{" "}
          {Math.round(fps)} frames a second; each foot is on the belt for only about a quarter of a second, so running
          needs {floor} a second.
        </p>
        <p>
          Film your run with your phone's camera app at 60 frames a second or in slow motion, then analyse the video
          here: every frame is analysed, however long it takes.
        </p>
      </div>
    );
  }
  const squat = test === "single_leg_squat";
  return (
    <div className="wiz-notice" role="status" data-testid="capture-slow">
      <p>
        <strong>This phone is too slow for a live recording of this test.</strong> It finds your joints in about{" "}
        {Math.round(fps)} frames a second here; the {squat ? "squat" : "landing"} needs {floor} a second for{" "}
        {squat ? "a result" : "the knee angle at landing"}. A live recording would be flagged for its frame rate.
      </p>
      <p>
        Record the test with your camera app{squat ? "" : " at 60 frames a second"}, then analyse the video here: every
        frame is analysed, however long it takes.
      </p>
    </div>
  );
}
