"""The Reflex app: pages, PWA head tags, and the HTTP API mounted on the same origin."""

import reflex as rx

from valgus_pwa.api.app import api_app
from valgus_pwa.pages.capture import capture
from valgus_pwa.pages.clinician import clinician
from valgus_pwa.pages.history import history, progress
from valgus_pwa.pages.home import home
from valgus_pwa.pages.result import REPORT_META, result
from valgus_pwa.state.history import HistoryState
from valgus_pwa.state.result import ResultState

APP_TITLE = "Knee check: single-leg squat valgus test"

app = rx.App(
    api_transformer=api_app,
    stylesheets=["/styles.css"],
    head_components=[
        rx.el.meta(name="theme-color", content="#0f766e"),
        rx.el.meta(
            name="description",
            content="Film a single-leg squat and measure your knee movement on your phone.",
        ),
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.link(rel="apple-touch-icon", href="/icons/icon-192.png"),
        rx.el.meta(name="apple-mobile-web-app-capable", content="yes"),
        rx.el.script(src="/pwa.js", defer=True),
    ],
)
app.add_page(home, route="/", title=APP_TITLE)
app.add_page(capture, route="/capture", title="Record the test · Knee check")
app.add_page(
    result,
    route="/r/[report_id]",
    title="Your result · Knee check",
    on_load=ResultState.load,
    meta=REPORT_META,
)
app.add_page(
    clinician,
    route="/r/[report_id]/clinician",
    title="Clinical report · Knee check",
    on_load=ResultState.load,
    meta=REPORT_META,
)
app.add_page(
    history, route="/history", title="Your tests · Knee check", on_load=HistoryState.load_history
)
app.add_page(
    progress,
    route="/progress",
    title="Your progress · Knee check",
    on_load=HistoryState.load_progress,
)
