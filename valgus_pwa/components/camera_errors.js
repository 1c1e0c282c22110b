// What went wrong with the camera, in words that say what to do next. Pure, so every cause is
// unit-tested without a camera (tests/js/camera_errors.test.mjs).

// Not a DOMException name: the browser has no navigator.mediaDevices at all, which it does on a
// page that is not served over https (or from localhost).
export const NO_MEDIA_DEVICES = "NoMediaDevices";

const DENIED = {
  cause: "denied",
  message:
    "Camera access was refused. Allow the camera for this site (the camera or lock icon next to the address), then tap Try again.",
};

const ADVICE = {
  NotAllowedError: DENIED,
  // What some browsers throw when the camera is blocked by a policy rather than by the runner.
  SecurityError: DENIED,
  NotFoundError: {
    cause: "not-found",
    message: "No camera was found on this device. Connect one and tap Try again, or analyse a video instead.",
  },
  NotReadableError: {
    cause: "in-use",
    message: "The camera is in use by another app or a call. Close it, then tap Try again.",
  },
  OverconstrainedError: {
    cause: "constraints",
    message:
      "This camera cannot give the picture the test needs. Choose the other camera in step 1, or analyse a video instead.",
  },
  [NO_MEDIA_DEVICES]: {
    cause: "insecure",
    message:
      "This browser only opens the camera on a secure (https) page. Open the app's https address, or analyse a video instead.",
  },
};

/** {cause, message} for an error thrown while opening the camera. */
export function cameraProblem(error) {
  const known = error && ADVICE[error.name];
  if (known) return known;
  return {
    cause: "other",
    message:
      "The camera could not be started. Close other apps that use it and tap Try again, or analyse a video instead.",
  };
}

/** The camera API, or an error named NO_MEDIA_DEVICES to throw when the browser has none. */
export function cameraApi(navigatorLike) {
  const devices = navigatorLike && navigatorLike.mediaDevices;
  if (devices && typeof devices.getUserMedia === "function") return devices;
  const error = new Error("navigator.mediaDevices is not available");
  error.name = NO_MEDIA_DEVICES;
  throw error;
}
