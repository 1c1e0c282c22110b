import assert from "node:assert/strict";
import { test } from "node:test";
import { analyseFrames } from "../../valgus_pwa/components/gallery_playback.js";

const FRAME_MS = 1000 / 60;

/**
 * A paused <video> of `count` frames at 60 fps whose playback skips frames as `skipsAfter(index)`
 * says: playing on from frame i presents frame i + 1 + skipsAfter(i), as a busy phone does.
 * Seeking presents the frame that holds the time sought.
 */
class SteppedVideo extends EventTarget {
  constructor(count, skipsAfter) {
    super();
    this.frameTimes = Array.from({ length: count }, (_, i) => i * FRAME_MS);
    this.skipsAfter = skipsAfter;
    this.shown = 0;
    this.ended = false;
    this.duration = (count * FRAME_MS) / 1000;
    this.playbackRate = 1;
    this.callbacks = new Map();
    this.nextHandle = 1;
    this.videoWidth = 540;
    this.videoHeight = 960;
  }
  get currentTime() {
    return this.frameTimes[this.shown] / 1000;
  }
  set currentTime(seconds) {
    const index = this.frameTimes.findLastIndex((ms) => ms <= seconds * 1000 + 1e-9);
    setTimeout(() => {
      const changed = index !== this.shown;
      this.shown = index;
      this.dispatchEvent(new Event("seeked"));
      if (changed) this.present();
    });
  }
  requestVideoFrameCallback(callback) {
    this.callbacks.set(this.nextHandle, callback);
    return this.nextHandle++;
  }
  cancelVideoFrameCallback(handle) {
    this.callbacks.delete(handle);
  }
  present() {
    const waiting = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of waiting) callback(0, { mediaTime: this.frameTimes[this.shown] / 1000 });
  }
  play() {
    setTimeout(() => {
      const next = this.shown + 1 + this.skipsAfter(this.shown);
      if (next >= this.frameTimes.length) {
        this.ended = true;
        this.dispatchEvent(new Event("ended"));
        return;
      }
      this.shown = next;
      this.present();
    });
    return Promise.resolve();
  }
  pause() {}
}

const canvas = { width: 0, height: 0, getContext: () => ({ clearRect() {} }) };

const analyse = (video, { detect = async () => [], onProgress = () => {}, signal = new AbortController().signal }) =>
  analyseFrames(
    video,
    canvas,
    detect,
    () => ({ landmarks: null, others: 0 }),
    { t_ms: 0, landmarks: null },
    { frames: 0 },
    {
      onProgress,
      signal,
    },
  );

async function analysedTimes(video) {
  const result = await analyse(video, {});
  return { times: result.frames.map((frame) => Math.round(frame.t_ms * 10) / 10), skipped: result.skipped };
}

const every = (count) => Array.from({ length: count }, (_, i) => Math.round(i * FRAME_MS * 10) / 10);

test("a video played without skips has every frame analysed once", async () => {
  const { times, skipped } = await analysedTimes(new SteppedVideo(100, () => 0));
  assert.deepEqual(times, every(100));
  assert.equal(skipped, 0);
});

test("a frame skipped in the very first gap is found, and so are the single skips after it", async () => {
  // The first play after the opening frame skips one frame (the landmarker's first call is slow),
  // then every tenth frame is skipped: judged by a first gap of two frames, none would be seen.
  const skipsAfter = (index) => (index === 0 || index % 10 === 5 ? 1 : 0);
  const { times, skipped } = await analysedTimes(new SteppedVideo(100, skipsAfter));
  assert.deepEqual(times, every(100));
  assert.equal(skipped, 0);
});

test("a first gap of several skipped frames is searched down to the next frame", async () => {
  const { times } = await analysedTimes(new SteppedVideo(100, (index) => (index === 0 ? 4 : 0)));
  assert.deepEqual(times, every(100));
});

test("a cancel that comes while a frame is with the landmarker reports no more progress", async () => {
  const run = new AbortController();
  const reported = [];
  // The landmarker (in its worker) answers later; the runner cancels meanwhile, on the 10th frame.
  const detect = () =>
    new Promise((resolve) => {
      if (reported.length === 10) run.abort();
      setTimeout(() => resolve([]), 1);
    });
  const analysis = analyse(new SteppedVideo(100, () => 0), {
    detect,
    onProgress: (seconds) => reported.push(seconds),
    signal: run.signal,
  });
  await assert.rejects(analysis, { name: "AbortError" });
  assert.equal(reported.length, 10);
});
