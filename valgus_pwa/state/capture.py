"""State of the capture page: which test, which leg, which camera."""

import reflex as rx


def _single(value: str | list[str]) -> str:
    # Radix's segmented control may report a list; ours allows one choice.
    return value if isinstance(value, str) else value[0]


class CaptureState(rx.State):
    test: str = "single_leg_squat"
    side: str = "left"
    facing: str = "environment"

    @rx.event
    def choose_test(self, value: str | list[str]):
        self.test = _single(value)

    @rx.event
    def choose_side(self, value: str | list[str]):
        self.side = _single(value)

    @rx.event
    def choose_facing(self, value: str | list[str]):
        self.facing = _single(value)
