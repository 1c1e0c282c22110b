// Analyse a video from the phone's gallery: the pose runs on this phone as the video plays
// (gallery_playback.js); the video itself is never uploaded. While it runs, the progress, the
// time left and Cancel come first under the heading, so they stay in view above the video. A run
// is one video of both legs, filmed from behind or in front (its camera_view), at its own rate.
import React, { useEffect, useRef, useState } from "react";
import { keepRecent, secondsLeft, timeLeftText } from "./gallery_estimate.js";
import { analyseFile, problem } from "./gallery_playback.js";
import { WizardButton } from "./wizard_buttons.jsx";
import { CameraViewChoice } from "./wizard_steps.jsx";
import { RUNNING, RUNNING_SIDE } from "./wizard_state.js";

const CHOOSING = {
  phase: "choose",
  progress: 0,
  frames: 0,
  message: "",
  timeLeft: null,
  problem: null,
  cancelled: false,
};

// Brought into view with a little room above, not flush with the screen's edge.
const BELOW_THE_EDGE = { scrollMarginTop: "0.5rem" };

/** view and onView: where a run was filmed from (camera_view), asked for the running test only. */
export function GalleryAnalysis({ test, initialLeg, view, onView, onTrial, onBack }) {
  const running = test === RUNNING;
  const videoRef = useRef(null);
  const canvasRef = useRef(null);
  const fileRef = useRef(null);
  const statusRef = useRef(null);
  const runRef = useRef(null);
  const [leg, setLeg] = useState(initialLeg);
  const [state, setState] = useState(CHOOSING);

  // Leaving the step (Back, or the browser's history) stops the analysis with it.
  useEffect(() => () => runRef.current?.abort(), []);
  // A message or the progress appearing is brought into view, however far the page was scrolled,
  // at the top of the screen: the progress block grows as its words fill in, and its Cancel at
  // the bottom must stay on screen in large text too. After Cancel, the keyboard is back on the
  // choice.
  useEffect(() => {
    if (state.phase !== "choose") statusRef.current?.scrollIntoView({ block: "start" });
    else if (state.cancelled) fileRef.current?.focus();
  }, [state.phase, state.cancelled]);

  const analyse = async (file) => {
    if (!file) return;
    const run = new AbortController();
    runRef.current = run;
    let samples = [];
    const startedAt = performance.now();
    setState({ ...CHOOSING, phase: "analysing", message: "Loading the pose model…" });
    try {
      const result = await analyseFile(
        file,
        videoRef.current,
        canvasRef.current,
        (playedS, durationS, frames) => {
          // After Cancel or Back, nothing of this run may change the page.
          if (run.signal.aborted) return;
          samples = keepRecent(samples, { wallMs: performance.now(), mediaS: playedS });
          setState({
            ...CHOOSING,
            phase: "analysing",
            progress: Math.min(1, playedS / durationS),
            frames,
            message: "Finding your joints in each frame…",
            timeLeft: timeLeftText(secondsLeft(samples, durationS)),
          });
        },
        run.signal,
      );
      // Read by the browser tests and the benchmark: how many frames, how fast, on what.
      window.valgusGalleryStats = {
        frames: result.frames.length,
        skipped: result.skipped,
        delegate: result.delegate,
        model: result.model,
        seconds: (performance.now() - startedAt) / 1000,
        videoSeconds: videoRef.current.duration,
      };
      const detected = result.frames.filter((frame) => frame.landmarks).length;
      if (result.frames.length < 2 || detected === 0) throw problem("no_person");
      onTrial({
        test,
        side: running ? RUNNING_SIDE : leg,
        ...(running ? { camera_view: view } : {}),
        frame_width: result.width,
        frame_height: result.height,
        mirrored: false,
        landmark_model: result.model,
        other_person_frames: result.otherPersonFrames,
        frames: result.frames,
        summary: {
          reps: null,
          seconds: result.frames[result.frames.length - 1].t_ms / 1000,
          detectedShare: detected / result.frames.length,
          checks: null,
          source: file.name,
        },
      });
    } catch (error) {
      if (!run.signal.aborted)
        setState({
          ...CHOOSING,
          phase: "error",
          message: error.message || String(error),
          problem: error.code,
        });
    } finally {
      run.abort(); // the run is over: its listeners on the video go with it
    }
  };

  const cancel = () => {
    runRef.current?.abort();
    setState({ ...CHOOSING, cancelled: true });
  };
  const back = () => {
    runRef.current?.abort();
    onBack();
  };

  const busy = state.phase === "analysing";
  const percent = Math.round(state.progress * 100);
  return (
    <section className="wiz-gallery" aria-labelledby="gallery-title">
      <h1 id="gallery-title" className="wiz-title">
        Analyse a video from your gallery
      </h1>
      {state.phase === "error" ? (
        <p
          ref={statusRef}
          className="wiz-error"
          style={BELOW_THE_EDGE}
          role="alert"
          data-testid="gallery-error"
          data-problem={state.problem}
        >
          {state.message}
        </p>
      ) : null}
      {busy ? (
        <div
          ref={statusRef}
          className="wiz-progress-block"
          style={BELOW_THE_EDGE}
          data-testid="gallery-analysing"
        >
          <progress
            className="wiz-progress"
            max="100"
            value={percent}
            aria-label="Analysis progress"
            data-testid="gallery-progress"
          />
          <p>
            {state.message}
            {state.frames ? ` ${percent}% · ${state.frames} frames` : ""}
          </p>
          <p role="status" data-testid="gallery-time-left">
            {state.timeLeft || "Working out the time left…"}
          </p>
          <WizardButton variant="secondary" onClick={cancel} testId="gallery-cancel">
            Cancel
          </WizardButton>
        </div>
      ) : (
        <>
          {running ? (
            <>
              <p>
                Choose the video of your run, filmed at 60 frames a second or in slow motion, phone upright, whole body
                in view. The joints are found on this phone in every frame; the video is never uploaded.
              </p>
              <CameraViewChoice view={view} onChange={onView} legend="Where was your run filmed from?" />
            </>
          ) : (
            <>
              <p>
                Choose a video of the test filmed from the front, phone upright, whole body in view. The joints are
                found on this phone; the video is never uploaded.
              </p>
              <fieldset className="wiz-fieldset">
                <legend className="field-label">Which leg is standing in this video?</legend>
                <div className="wiz-options wiz-options--row">
                  {["left", "right"].map((side) => (
                    <label key={side} className="wiz-option">
                      <input
                        type="radio"
                        name="gallery-leg"
                        value={side}
                        checked={leg === side}
                        onChange={() => setLeg(side)}
                      />
                      <span>{side === "left" ? "Left leg" : "Right leg"}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            </>
          )}
          <label className="wiz-button wiz-file">
            {state.phase === "error" ? "Choose another video" : "Choose a video"}
            <input
              ref={fileRef}
              type="file"
              accept="video/*"
              className="wiz-file__input"
              onChange={(event) => {
                const [file] = event.target.files;
                // Cleared, so choosing the same file again (after Cancel) starts again.
                event.target.value = "";
                analyse(file);
              }}
              data-testid="gallery-file"
            />
          </label>
        </>
      )}
      <div className="wiz-stage" hidden={!busy}>
        <div className="pose-capture__stage">
          <video
            ref={videoRef}
            className="pose-capture__video"
            playsInline
            muted
            aria-label="The chosen video, being analysed"
          />
          <canvas ref={canvasRef} className="pose-capture__overlay" aria-hidden="true" />
        </div>
      </div>
      <div className="wiz-actions">
        <WizardButton variant="quiet" onClick={back}>
          Back
        </WizardButton>
      </div>
    </section>
  );
}
