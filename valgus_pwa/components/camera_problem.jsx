// What the runner sees when the camera cannot be opened or stops: what happened, what to do,
// and a way forward either way (try the camera again, or analyse a video from the gallery).
import React from "react";
import { WizardButton } from "./wizard_buttons.jsx";
import { StackedActions } from "./wizard_steps.jsx";

function LostRecording({ lost }) {
  if (!lost || (!lost.kept && lost.reps === 0)) return null;
  if (lost.kept) {
    return (
      <p className="wiz-ok" data-testid="camera-lost-kept">
        Your {lost.leg} leg was recorded up to then ({lost.reps} reps) and is kept for the review.
      </p>
    );
  }
  return (
    <p className="wiz-warn" data-testid="camera-lost-retake">
      Only {lost.reps} {lost.reps === 1 ? "rep was" : "reps were"} recorded, too few to measure. Record your {lost.leg}{" "}
      leg again.
    </p>
  );
}

/**
 * lost: the recorder's {reps, kept, leg} when the camera stopped, or null when it never opened.
 * noPose: this browser cannot run pose at all, so neither trying again nor a video would help.
 */
export function CameraProblem({ message, lost, noPose, onTryAgain, onGallery, onBack }) {
  const retake = lost && !lost.kept && lost.reps > 0;
  let title = lost ? "The camera stopped" : "The camera did not open";
  if (noPose) title = "This browser cannot run the test";
  return (
    <section className="wiz-section" aria-labelledby="camera-problem-title" data-testid="camera-problem">
      <h1 id="camera-problem-title" className="wiz-title">
        {title}
      </h1>
      <p className="wiz-error" role="alert" data-testid="camera-error">
        {message}
      </p>
      <LostRecording lost={lost} />
      <StackedActions onBack={onBack}>
        {noPose ? null : (
          <>
            <WizardButton onClick={onTryAgain} testId="camera-retry">
              {retake ? `Retake the ${lost.leg} leg` : "Try again"}
            </WizardButton>
            <WizardButton variant="secondary" onClick={onGallery} testId="camera-gallery">
              Analyse a video from your gallery instead
            </WizardButton>
          </>
        )}
      </StackedActions>
    </section>
  );
}
