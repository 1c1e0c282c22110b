"""The names and numbers that the browser and the server share, in one place.

The live checks in the browser follow the server's analysis: they read its thresholds and
landmark indices from here instead of copies. `python -m valgus_pwa.contract` writes them as
two generated (git-ignored) scripts:
- valgus_pwa/components/contract.js, an ES module (`CONTRACT`) for the React modules;
- assets/contract.js, which sets `self.ValgusContract` for the classic scripts that the
  service worker loads with importScripts() (assets/outbox.js).
Importing the valgus_pwa.components package writes them too, so every build of the app has them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

from valgus_pwa.analysis import compact_frames, landmarks, quality, report, reps
from valgus_pwa.schemas import (
    COMPACT_SCHEMA_VERSION,
    LANDMARK_COUNT,
    MAX_DEVICE_ROLL_DEG,
    SCHEMA_VERSION,
    TestName,
)

# MediaPipe Pose indices the browser uses and the analysis does not read: the face and heels
# frame the whole body, the arms are drawn.
NOSE = 0
LEFT_EYE, RIGHT_EYE = 2, 5
LEFT_EAR, RIGHT_EAR = 7, 8
LEFT_ELBOW, RIGHT_ELBOW = 13, 14
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_HEEL, RIGHT_HEEL = 29, 30

# Reps the wizard asks for per leg: five squats, three landings (the protocols in MEASUREMENT.md);
# running: ten steps a leg, as Dingenen et al. 2018 averaged (at least seven for a stable mean).
TARGET_REPS: dict[TestName, int] = {"single_leg_squat": 5, "single_leg_landing": 3, "running": 10}

# Keys of what the browser keeps on the device. The history key is also read by the app's state.
STORAGE = {
    "PROFILE_KEY": "valgus.profile",
    "SETTINGS_KEY": "valgus.settings",
    "SPEED_KEY": "valgus.modelSpeed",
    # Where the pose model runs on this device (CPU or GPU), checked once per GPU (delegate.js).
    "DELEGATE_KEY": "valgus.poseDelegate",
    "HISTORY_KEY": "valgus.assessments",
    "OUTBOX_DB": "valgus",
    # Recordings not sent yet, kept until they are sent or discarded (components/drafts.js).
    "DRAFTS_DB": "valgus-drafts",
    # The service worker's cache of the pose runtime and models; pages read it to tell whether
    # the test works offline on this device.
    "POSE_CACHE": "valgus-pose",
}

ASSESSMENTS_PATH = "/api/v1/assessments"
API = {
    "ASSESSMENTS": ASSESSMENTS_PATH,
    # Paths of one assessment: {id} is replaced by its id.
    "REPLAY": ASSESSMENTS_PATH + "/{id}/replay",
    "REPORT": "/r/{id}",
}

_LANDMARK_NAMES = {
    "NOSE": NOSE,
    "LEFT_EYE": LEFT_EYE,
    "RIGHT_EYE": RIGHT_EYE,
    "LEFT_EAR": LEFT_EAR,
    "RIGHT_EAR": RIGHT_EAR,
    "LEFT_SHOULDER": landmarks.LEFT_SHOULDER,
    "RIGHT_SHOULDER": landmarks.RIGHT_SHOULDER,
    "LEFT_ELBOW": LEFT_ELBOW,
    "RIGHT_ELBOW": RIGHT_ELBOW,
    "LEFT_WRIST": LEFT_WRIST,
    "RIGHT_WRIST": RIGHT_WRIST,
    "LEFT_HIP": landmarks.LEFT_HIP,
    "RIGHT_HIP": landmarks.RIGHT_HIP,
    "LEFT_KNEE": landmarks.LEFT_KNEE,
    "RIGHT_KNEE": landmarks.RIGHT_KNEE,
    "LEFT_ANKLE": landmarks.LEFT_ANKLE,
    "RIGHT_ANKLE": landmarks.RIGHT_ANKLE,
    "LEFT_HEEL": LEFT_HEEL,
    "RIGHT_HEEL": RIGHT_HEEL,
    "LEFT_FOOT_INDEX": landmarks.LEFT_FOOT_INDEX,
    "RIGHT_FOOT_INDEX": landmarks.RIGHT_FOOT_INDEX,
}

# Thresholds of the analysis that the live checks and counters apply as the server does.
_THRESHOLDS = {
    "MIN_WIDTH_RATIO": quality.MIN_WIDTH_RATIO,
    "MAX_DEPTH_YAW_DEG": quality.MAX_DEPTH_YAW_DEG,
    "MAX_OUT_OF_FRAME": quality.MAX_OUT_OF_FRAME,
    "MIN_VISIBILITY": quality.MIN_VISIBILITY,
    "MIN_FPS": quality.MIN_FPS,
    # Per-test floors: a squat below MIN_SQUAT_FPS gets no finding; a landing below
    # MIN_CONTACT_FPS gets no contact angle.
    "MIN_SQUAT_FPS": quality.MIN_SQUAT_FPS,
    "MIN_CONTACT_FPS": quality.MIN_CONTACT_FPS,
    # Running below MIN_RUNNING_FPS gets no finding: stance lasts a quarter of a second.
    "MIN_RUNNING_FPS": quality.MIN_RUNNING_FPS,
    "MIN_REPS_FOR_FINDING": quality.MIN_REPS_FOR_FINDING,
    "MAX_OTHER_PERSON": quality.MAX_OTHER_PERSON,
    "FLOOR_BAND": report.FLOOR_BAND,
    "MAX_FEET_DOWN": report.MAX_FEET_DOWN,
    "PROMINENCE_FRACTION": reps.PROMINENCE_FRACTION,
    "MIN_FALL_SPEED": reps.MIN_FALL_SPEED,
    "CONTACT_SPEED_FRACTION": reps.CONTACT_SPEED_FRACTION,
    "MIN_DROP_FRACTION": reps.MIN_DROP_FRACTION,
    "FLOOR_TOLERANCE": reps.FLOOR_TOLERANCE,
    "MIN_LANDING_GAP_MS": reps.MIN_LANDING_GAP_MS,
}


def contract() -> dict[str, Any]:
    """Everything the browser shares with the server, as JSON-ready values."""
    return {
        "SCHEMA_VERSION": SCHEMA_VERSION,
        # The compact upload (README, "The compact upload"): its version and the integers per
        # unit of each column, the decimals the browser rounds landmarks to.
        "COMPACT": {
            "SCHEMA_VERSION": COMPACT_SCHEMA_VERSION,
            "TIME_SCALE": compact_frames.TIME_SCALE,
            "SCALES": compact_frames.SCALES,
        },
        # The largest phone roll a trial may send (beyond it the phone is not in portrait).
        "MAX_DEVICE_ROLL_DEG": MAX_DEVICE_ROLL_DEG,
        "LANDMARKS": {**_LANDMARK_NAMES, "COUNT": LANDMARK_COUNT},
        "LEFT_RIGHT_PAIRS": [list(pair) for pair in landmarks.LEFT_RIGHT_PAIRS],
        "THRESHOLDS": _THRESHOLDS,
        "TEST_NAMES": list(get_args(TestName)),
        "TARGET_REPS": TARGET_REPS,
        "STORAGE": STORAGE,
        "API": API,
    }


ROOT = Path(__file__).resolve().parent.parent
MODULE_PATH = ROOT / "valgus_pwa" / "components" / "contract.js"
SCRIPT_PATH = ROOT / "assets" / "contract.js"
_HEADER = "// Generated by `python -m valgus_pwa.contract` from valgus_pwa/contract.py.\n"


def module_text() -> str:
    """The ES module that the React modules import."""
    return f"{_HEADER}export const CONTRACT = {json.dumps(contract(), indent=2)};\n"


def script_text() -> str:
    """The classic script for the service worker and the outbox it shares with pages."""
    return f"{_HEADER}self.ValgusContract = {json.dumps(contract(), indent=2)};\n"


def _write_if_changed(path: Path, text: str) -> bool:
    # An unchanged file keeps its timestamp, so the frontend build has nothing new to bundle.
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True


def write() -> list[Path]:
    """Write both generated files where their content changed; returns the ones written."""
    targets = ((MODULE_PATH, module_text()), (SCRIPT_PATH, script_text()))
    return [path for path, text in targets if _write_if_changed(path, text)]


if __name__ == "__main__":
    for written in write():
        print(f"wrote {written.relative_to(ROOT)}")
