"""The capture page: choose test, leg and camera, then record with on-device pose."""

import reflex as rx

from valgus_pwa.components.capture import pose_capture
from valgus_pwa.components.layout import choice, page_frame
from valgus_pwa.state.capture import CaptureState


def capture() -> rx.Component:
    return page_frame(
        rx.heading("Record the test", size="6", as_="h1"),
        choice(
            "Test",
            CaptureState.test,
            [("single_leg_squat", "Single-leg squat"), ("single_leg_landing", "Drop landing")],
            CaptureState.choose_test,
            "choose-test",
        ),
        choice("Standing leg", CaptureState.side, [("left", "Left"), ("right", "Right")], CaptureState.choose_side, "choose-side"),
        choice(
            "Camera",
            CaptureState.facing,
            [("environment", "Rear"), ("user", "Front (selfie)")],
            CaptureState.choose_facing,
            "choose-camera",
        ),
        pose_capture(
            test=CaptureState.test,
            side=CaptureState.side,
            facing=CaptureState.facing,
            model="pose_landmarker_lite",
        ),
        rx.text("Your video stays on this phone. Only body keypoints are sent.", class_name="fine-print"),
    )
