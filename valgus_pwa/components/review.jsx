// The review step: each leg's recording at a glance, with a retake per leg, and sending; a run is
// one recording of both legs, with its frame rate against running's floor.
import React, { useState } from "react";
import { WizardButton } from "./wizard_buttons.jsx";
import { CONTRACT } from "./contract.js";
import { deepestPose } from "./skeleton_svg.js";
import { SIDES, recordedRun, trialFps } from "./wizard_state.js";

const VIEW_WORDS = { back: "from behind", front: "from the front" };

function SkeletonThumb({ trial }) {
  const pose = deepestPose(trial);
  if (!pose) return null;
  return (
    <svg
      className="wiz-thumb"
      viewBox={pose.viewBox}
      width="72"
      height="120"
      role="img"
      aria-label="Your pose at the deepest point, drawn from the keypoints"
    >
      <g fill="none" stroke="#0f766e" strokeWidth={pose.height / 45} strokeLinecap="round" strokeLinejoin="round">
        {pose.paths.map(({ key, d }) => (
          <path key={key} d={d} />
        ))}
      </g>
      <circle cx={pose.head[0]} cy={pose.head[1]} r={pose.height / 22} fill="#0f766e" />
    </svg>
  );
}

/** A recorded trial's card: its thumbnail, title and facts, the video it came from, what `children` add, and
 * a button to record it again. */
function RecordingCard({ trial, title, facts, testId, retakeTestId, onRetake, retakeLabel, children }) {
  const { source } = trial.summary;
  return (
    <li className="wiz-trial" data-testid={testId}>
      <div className="wiz-trial__body">
        <SkeletonThumb trial={trial} />
        <div>
          <h2 className="wiz-subtitle">{title}</h2>
          <p className="wiz-trial__facts">{facts}</p>
          {source ? <p className="fine-print">From the video “{source}”.</p> : null}
          {children}
        </div>
      </div>
      <WizardButton variant="secondary" onClick={onRetake} testId={retakeTestId}>
        {retakeLabel}
      </WizardButton>
    </li>
  );
}

const CHECK_NAMES = {
  body: "whole body in view",
  distance: "distance",
  frontal: "facing the camera",
  visibility: "legs visible",
  oneLeg: "standing on one leg",
};

function TrialCard({ side, trial, onRetake, retakeLabel }) {
  const title = side === "left" ? "Left leg" : "Right leg";
  if (!trial) {
    return (
      <li className="wiz-trial" data-testid={`review-${side}`}>
        <h2 className="wiz-subtitle">{title}</h2>
        <p>Not recorded.</p>
        <WizardButton variant="secondary" onClick={onRetake}>
          {retakeLabel}
        </WizardButton>
      </li>
    );
  }
  const { summary } = trial;
  const problems = summary.checks
    ? Object.entries(summary.checks)
        .filter(([, check]) => check.status === "fail")
        .map(([key]) => CHECK_NAMES[key])
        .filter(Boolean)
    : [];
  return (
    <RecordingCard
      trial={trial}
      title={title}
      facts={
        <>
          {summary.reps !== null ? `${summary.reps} ${summary.reps === 1 ? "rep" : "reps"} counted · ` : ""}
          {summary.seconds.toFixed(0)} s · {trial.frames.length} frames · you were seen in{" "}
          {Math.round(summary.detectedShare * 100)}%
        </>
      }
      testId={`review-${side}`}
      retakeTestId={`retake-${side}`}
      onRetake={onRetake}
      retakeLabel={retakeLabel}
    >
      {problems.length ? (
        <p className="wiz-warn">
          <span aria-hidden="true">⚠ </span>Check: {problems.join(", ")}. Consider a retake.
        </p>
      ) : summary.checks ? (
        <p className="wiz-ok">
          <span aria-hidden="true">✓ </span>The live checks passed. The analysis checks the recording again and tells
          you if it finds a problem.
        </p>
      ) : null}
      {summary.reps !== null && summary.reps < CONTRACT.TARGET_REPS[trial.test] ? (
        <p className="fine-print">
          Fewer reps were counted than asked for; the analysis counts them again and tells you if there are too few.
        </p>
      ) : null}
    </RecordingCard>
  );
}

/** The one recording of a run: both legs, where it was filmed from, and whether its rate is enough. */
function RunCard({ trial, onRetake, retakeLabel }) {
  const { summary } = trial;
  const fps = trialFps(trial.frames);
  const floor = CONTRACT.THRESHOLDS.MIN_RUNNING_FPS;
  return (
    <RecordingCard
      trial={trial}
      title="Treadmill run, both legs"
      facts={
        <>
          Filmed {VIEW_WORDS[trial.camera_view]} · {summary.seconds.toFixed(0)} s · {trial.frames.length} frames
          {fps !== null ? `, ${Math.round(fps)} a second` : ""} · you were seen in{" "}
          {Math.round(summary.detectedShare * 100)}%
        </>
      }
      testId="review-run"
      retakeTestId="retake-run"
      onRetake={onRetake}
      retakeLabel={retakeLabel}
    >
      {fps !== null && fps < floor ? (
        <p className="wiz-warn" data-testid="review-run-slow">
          <span aria-hidden="true">⚠ </span>This video has {Math.round(fps)} frames a second; running needs {floor}, so
          the analysis will give no angles. Film again at 60 frames a second or in slow motion.
        </p>
      ) : null}
    </RecordingCard>
  );
}

export function ReviewStep({ trials, source, sending, onRetake, onSubmit, onRestart }) {
  const recorded = SIDES.filter((side) => trials[side]);
  const [confirming, setConfirming] = useState(false);
  const label =
    source === "gallery"
      ? (side) => (trials[side] ? `Choose another video for the ${side} leg` : `Add a video for the ${side} leg`)
      : (side) => `Retake the ${side} leg`;
  const run = recordedRun(trials);
  const runTrial = run ? trials[recorded[0]] : null;
  return (
    <section aria-labelledby="review-title" className="wiz-section">
      <h1 id="review-title" className="wiz-title">
        Review and send
      </h1>
      <p>
        {run
          ? "Check the recording. Record it again if you stepped out of view, held on or the phone moved."
          : "Check each leg. Retake one if you lost balance, stepped out of view or the phone moved."}
      </p>
      <ul className="wiz-trials">
        {run ? (
          <RunCard
            trial={runTrial}
            onRetake={() => onRetake(runTrial.side)}
            retakeLabel={source === "gallery" ? "Choose another video" : "Record the run again"}
          />
        ) : (
          SIDES.map((side) => (
            <TrialCard
              key={side}
              side={side}
              trial={trials[side]}
              onRetake={() => onRetake(side)}
              retakeLabel={label(side)}
            />
          ))
        )}
      </ul>
      {recorded.length === 1 && !run ? (
        <p className="wiz-hint">With both legs, the result also compares left and right.</p>
      ) : null}
      <div className="wiz-actions wiz-actions--stack">
        <button
          type="button"
          className="wiz-button"
          onClick={onSubmit}
          disabled={!recorded.length || sending}
          aria-busy={sending}
          data-testid="wizard-submit"
        >
          Send {run ? "the run" : recorded.length === 2 ? "both legs" : "this leg"} for analysis
        </button>
        <WizardButton variant="quiet" onClick={() => setConfirming(true)} testId="wizard-restart">
          Start again
        </WizardButton>
      </div>
      {confirming ? (
        <div className="wiz-notice" role="alertdialog" aria-labelledby="restart-title" data-testid="restart-confirm">
          <p id="restart-title">
            Start again and delete {recorded.length === 2 ? "both recordings" : "this recording"}? This cannot be
            undone.
          </p>
          <div className="wiz-actions">
            <WizardButton variant="danger" onClick={onRestart} testId="restart-yes">
              Delete and start again
            </WizardButton>
            <WizardButton variant="secondary" onClick={() => setConfirming(false)} testId="restart-no">
              Keep {recorded.length === 2 ? "them" : "it"}
            </WizardButton>
          </div>
        </div>
      ) : null}
      <p className="fine-print">Only body keypoints are sent (about 33 points a frame), never the video.</p>
    </section>
  );
}
