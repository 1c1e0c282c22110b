import reflex as rx

from valgus_pwa import settings
from valgus_pwa.first_paint import ScriptsAfterFirstPaint

config = rx.Config(
    app_name="valgus_pwa",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # No component library: pages are plain HTML styled by assets/styles.css, and they paint
    # before React and Reflex's runtime arrive (valgus_pwa/first_paint.py).
    plugins=[rx.plugins.SitemapPlugin(), ScriptsAfterFirstPaint()],
    # Brotli first (about a fifth smaller than gzip for the scripts every page loads), gzip for
    # the browsers without it; both written at build time.
    frontend_compression_formats=["brotli", "gzip"],
    # A tab's state lives this long after its last event, in memory (one worker) and in Redis
    # (scale-out), instead of an hour: a burst of readers of a shared link leaves nothing
    # behind for long (VALGUS_STATE_LIFETIME_S, settings.py).
    redis_token_expiration=settings.current().state_lifetime_s,
    # The app calls its API from its own origin: no CORS grant to any other by default (Reflex
    # grants every origin, with credentials, unless told). VALGUS_ALLOWED_ORIGINS adds some.
    cors_allowed_origins=sorted(settings.current().allowed_origins),
)
