"""State of the capture page: which test, which leg, which camera."""

import reflex as rx


class CaptureState(rx.State):
    test: str = "single_leg_squat"
    side: str = "left"
    facing: str = "environment"

    @rx.event
    def choose_test(self, value: str):
        self.test = value

    @rx.event
    def choose_side(self, value: str):
        self.side = value

    @rx.event
    def choose_facing(self, value: str):
        self.facing = value
