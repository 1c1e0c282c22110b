import assert from "node:assert/strict";
import { test } from "node:test";
import {
  MIN_MEASURED_MS,
  WINDOW_MS,
  keepRecent,
  secondsLeft,
  timeLeftText,
} from "../../valgus_pwa/components/gallery_estimate.js";

/** Samples of a video analysed at `rate` media seconds per wall second, every `stepMs`. */
function playAt(rate, untilMs, stepMs = 100, samples = [], fromMs = 0, fromMediaS = 0) {
  for (let wallMs = fromMs; wallMs <= untilMs; wallMs += stepMs) {
    samples = keepRecent(samples, {
      wallMs,
      mediaS: fromMediaS + ((wallMs - fromMs) / 1000) * rate,
    });
  }
  return samples;
}

test("an 80 s video analysed at a quarter of real time has about 5 minutes left at the start", () => {
  const samples = playAt(0.25, 4000);
  const left = secondsLeft(samples, 80);
  assert.ok(Math.abs(left - (80 - 1) / 0.25) < 1e-6, String(left));
  assert.equal(timeLeftText(left), "About 5 minutes left");
});

test("no estimate before the rate has been measured for a while, or while nothing plays", () => {
  assert.equal(secondsLeft([], 80), null);
  assert.equal(secondsLeft(playAt(0.25, 0), 80), null);
  assert.equal(secondsLeft(playAt(0.25, MIN_MEASURED_MS - 100), 80), null);
  assert.notEqual(secondsLeft(playAt(0.25, MIN_MEASURED_MS), 80), null);
  assert.equal(secondsLeft(playAt(0, 5000), 80), null);
  assert.equal(secondsLeft(playAt(0.25, 5000), NaN), null);
  assert.equal(timeLeftText(null), null);
});

test("the estimate follows the current rate, not the first seconds'", () => {
  // 0.5x for 10 s (5 s of video), then the device falls behind and plays at 0.1x for 10 s.
  const fast = playAt(0.5, 10_000);
  const slowed = playAt(0.1, 20_000, 100, fast, 10_100, 5 + 0.01);
  assert.ok(slowed[slowed.length - 1].wallMs - slowed[0].wallMs <= WINDOW_MS + 100);
  const mediaS = slowed[slowed.length - 1].mediaS;
  assert.ok(Math.abs(secondsLeft(slowed, 60) - (60 - mediaS) / 0.1) < 1);
});

test("keepRecent keeps at least two samples and none older than the window needs", () => {
  const far = keepRecent(keepRecent([], { wallMs: 0, mediaS: 0 }), {
    wallMs: 60_000,
    mediaS: 1,
  });
  assert.equal(far.length, 2);
  const kept = playAt(1, 30_000, 500);
  assert.ok(kept[1].wallMs > 30_000 - WINDOW_MS && kept[0].wallMs <= 30_000 - WINDOW_MS);
});

test("the time left never grows as the video nears its end at a steady rate", () => {
  let samples = [];
  let previous = Infinity;
  for (let wallMs = 0; wallMs <= 200_000; wallMs += 250) {
    samples = keepRecent(samples, { wallMs, mediaS: wallMs / 4000 });
    const left = secondsLeft(samples, 50);
    if (left === null) continue;
    assert.ok(left <= previous + 1e-9 && left >= 0);
    previous = left;
  }
  assert.equal(previous, 0);
});

test("the time left in words", () => {
  assert.equal(timeLeftText(0), "A few seconds left");
  assert.equal(timeLeftText(14), "A few seconds left");
  assert.equal(timeLeftText(38), "About 40 seconds left");
  assert.equal(timeLeftText(49), "About 50 seconds left");
  assert.equal(timeLeftText(55), "About 1 minute left");
  assert.equal(timeLeftText(89), "About 1 minute left");
  assert.equal(timeLeftText(91), "About 2 minutes left");
  assert.equal(timeLeftText(185), "About 3 minutes left");
});
