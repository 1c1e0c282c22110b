"""The capture page: the guided test, run entirely on the phone."""

import reflex as rx

from valgus_pwa.components.capture import capture_wizard
from valgus_pwa.components.layout import page_frame


def capture() -> rx.Component:
    return page_frame(
        capture_wizard(),
        rx.el.noscript("The test runs in your browser and needs JavaScript."),
    )
