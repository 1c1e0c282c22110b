"""The Reflex app: pages, PWA head tags, and the HTTP API mounted on the same origin."""

import reflex as rx
from reflex import constants

from valgus_pwa import settings
from valgus_pwa.api.app import api_app
from valgus_pwa.api.origins import origin_allowed_by
from valgus_pwa.components.layout import page_frame
from valgus_pwa.components.status import report_loading
from valgus_pwa.pages.capture import capture
from valgus_pwa.pages.clinician import clinician
from valgus_pwa.pages.history import history, progress
from valgus_pwa.pages.home import home
from valgus_pwa.pages.not_found import not_found
from valgus_pwa.pages.result import REPORT_META, result
from valgus_pwa.state.history import HistoryState
from valgus_pwa.state.result import ResultState

APP_TITLE = "Knee check: single-leg squat valgus test"

app = rx.App(
    api_transformer=api_app,
    stylesheets=["/styles.css"],
    # The HTML of the report routes, which are not prerendered: the page frame and a loading line
    # paint at once instead of a blank page until the scripts have run.
    hydrate_fallback=page_frame(report_loading()),
    # No toasts: the pages say in their own words when they cannot reach the server (PwaStatus,
    # the report's "needs a connection" view), so the framework's toaster and connection
    # banner would only repeat it; without them every page loads and runs about 13 kB less.
    toaster=None,
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
# The connection banner and its toasts (Reflex's default overlay wrap): see toaster=None above.
del app.app_wraps[(5, "Overlay")]
# (page, route, title, on_load); the two report views share one state and one loader.
PAGES = [
    (home, "/", APP_TITLE, None),
    (capture, "/capture", "Record the test · Knee check", None),
    (result, "/r/[report_id]", "Your result · Knee check", ResultState.load),
    (clinician, "/r/[report_id]/clinician", "Clinical report · Knee check", ResultState.load),
    (history, "/history", "Your tests · Knee check", HistoryState.load_history),
    (progress, "/progress", "Your progress · Knee check", HistoryState.load_progress),
    # Every path the app does not have: Reflex's 404 slug.
    (not_found, constants.Page404.SLUG, "Page not found · Knee check", None),
]
# The live connection is a websocket, outside CORS: only this app's pages and listed origins.
if app.sio is not None:
    app.sio.eio.cors_allowed_origins = origin_allowed_by(settings.current().allowed_origins)

for page, route, title, on_load in PAGES:
    meta = REPORT_META if route.startswith("/r/") else []
    app.add_page(page, route=route, title=title, on_load=on_load, meta=meta)
