// The Pose Landmarker as the bench pages load it: the built runtime under /pose, CPU delegate,
// VIDEO mode, `numPoses` people (one unless asked). `model` is "lite" or "full".
const POSE_ROOT = "/pose";

export async function createLandmarker(model, numPoses = 1) {
  // Absolute same-origin URL; FilesetResolver appends "/vision_wasm[_nosimd]_internal.{js,wasm}".
  const vision = await import(new URL(`${POSE_ROOT}/vision_bundle.mjs`, location.origin).href);
  const fileset = await vision.FilesetResolver.forVisionTasks(`${POSE_ROOT}/wasm`);
  return vision.PoseLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: `${POSE_ROOT}/pose_landmarker_${model}.task`, delegate: "CPU" },
    runningMode: "VIDEO",
    numPoses,
  });
}
