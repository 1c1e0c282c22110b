// How long the analysis of a gallery video has left: the video plays at whatever rate the
// landmarker keeps up with, so the time left is the video left divided by the rate measured
// over the last few seconds (the rate settles after the first frames).

/** Samples older than this are dropped, so the estimate follows the current rate. */
export const WINDOW_MS = 8000;
/** No estimate until the samples span this long: the first frames' rate says little. */
export const MIN_MEASURED_MS = 2000;

/** The samples to keep after `sample` ({wallMs, mediaS}): the last WINDOW_MS of them, at least two. */
export function keepRecent(samples, sample) {
  const kept = [...samples, sample];
  while (kept.length > 2 && sample.wallMs - kept[1].wallMs >= WINDOW_MS) kept.shift();
  return kept;
}

/** Seconds of wall time left to analyse a video of `durationS` at the sampled rate, or null. */
export function secondsLeft(samples, durationS) {
  // A video whose length the browser does not know yet (NaN) has no time left to tell.
  if (samples.length < 2 || !Number.isFinite(durationS)) return null;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const spanS = (last.wallMs - first.wallMs) / 1000;
  const playedS = last.mediaS - first.mediaS;
  if (spanS * 1000 < MIN_MEASURED_MS || playedS <= 0) return null;
  return Math.max(0, durationS - last.mediaS) / (playedS / spanS);
}

/** The time left in words: "About 3 minutes left", "About 40 seconds left", or null. */
export function timeLeftText(seconds) {
  if (seconds === null) return null;
  if (seconds < 15) return "A few seconds left";
  if (seconds < 50) return `About ${Math.round(seconds / 10) * 10} seconds left`;
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? "About 1 minute left" : `About ${minutes} minutes left`;
}
