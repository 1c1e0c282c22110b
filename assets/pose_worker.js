// The pose landmarker off the page's thread, so the camera's overlay, checks and countdown stay
// smooth while it runs (valgus_pwa/components/pose.js starts it and speaks to it).
// A classic worker, not a module one: MediaPipe loads its WebAssembly runtime with
// importScripts(), which module workers do not allow.
//
// Messages in:  {id, type: "load", bundle, wasm, options}, then {id, type: "detect", frame, t}
//               (frame an ImageBitmap, handed over and closed here).
// Messages out: {id, type: "loaded"}, {id, type: "result", landmarks, ms} (ms: the model's own
//               time on the frame), or {id, type: "failed", message}: one for each message in.
let landmarker = null;

async function load({ bundle, wasm, options }) {
  const vision = await import(bundle);
  const fileset = await vision.FilesetResolver.forVisionTasks(wasm);
  landmarker = await vision.PoseLandmarker.createFromOptions(fileset, options);
}

self.addEventListener("message", async ({ data }) => {
  try {
    if (data.type === "load") {
      await load(data);
      self.postMessage({ id: data.id, type: "loaded" });
    } else if (data.type === "detect") {
      try {
        const started = performance.now();
        const { landmarks } = landmarker.detectForVideo(data.frame, data.t);
        self.postMessage({ id: data.id, type: "result", landmarks, ms: performance.now() - started });
      } finally {
        data.frame.close();
      }
    }
  } catch (error) {
    self.postMessage({ id: data.id, type: "failed", message: String((error && error.message) || error) });
  }
});
