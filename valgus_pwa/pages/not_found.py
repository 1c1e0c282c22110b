"""The page for any path the app does not have: the app's frame, what happened, and ways on."""

import reflex as rx

from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.ui import button_link, heading, row, text


def not_found() -> rx.Component:
    return page_frame(
        heading("Page not found", 1),
        text("There is no page at this address. The link may be mistyped or cut short."),
        row(
            button_link("Go to the start", "/", data_testid="home-link"),
            button_link("Your tests", "/history", "secondary"),
        ),
    )
