"""The landing page: what the test is, the one next step, and the way to earlier tests."""

import reflex as rx

from valgus_pwa.components.capture import install_offer, offline_use, pwa_status
from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.ui import button_link, fine_print, heading, row, text


def home() -> rx.Component:
    return page_frame(
        pwa_status(),
        heading("Check how your knee moves", 1),
        text(
            "A single-leg squat test of about 3 minutes, filmed with your phone, measures how far "
            "your knee moves inward (dynamic knee valgus). The video stays on your phone: only "
            "body keypoints are sent for analysis.",
            class_name="lead",
        ),
        rx.el.ol(
            rx.el.li("Prop your phone upright 2–3 m away, at knee-to-hip height, facing you."),
            rx.el.li("Stand on one leg, hands on hips, whole body in view."),
            rx.el.li("Do 5 slow squats to about a quarter-depth, then test the other leg."),
            rx.el.li(
                "The app checks your position and counts reps out loud, so you can do it alone."
            ),
            class_name="wiz-steps",
        ),
        rx.el.a(
            "Start the test", href="/capture", class_name="wiz-button", data_testid="start-test"
        ),
        row(
            button_link("Your tests", "/history", "secondary", data_testid="history-link"),
            button_link("Your progress", "/progress", "secondary", data_testid="progress-link"),
            class_name="home-links",
        ),
        fine_print(
            "This is a movement screen, not a diagnosis. If your knee hurts, see a physiotherapist.",
        ),
        offline_use(),
        install_offer(),
    )
