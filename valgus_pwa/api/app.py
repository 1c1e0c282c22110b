"""API v1 wired together: every answer is JSON, every client mistake a 4xx, never a 500."""

from __future__ import annotations

from fastapi import FastAPI

from valgus_pwa import settings
from valgus_pwa.api.errors import EXCEPTION_HANDLERS
from valgus_pwa.api.middleware import (
    AccessLogMiddleware,
    PageWithoutSlashMiddleware,
    SecurityHeadersMiddleware,
    configure_logging,
)
from valgus_pwa.api.routes import assessments, health

# Read here, at import, so a bad setting stops the server at start-up rather than failing
# every request.
configure_logging(settings.current().log_level)

api_app = FastAPI(
    title="Valgus self-test API",
    version="1",
    docs_url=None,  # Swagger UI loads its script from a CDN; the schema is at /api/openapi.json
    redoc_url=None,
    openapi_url="/api/openapi.json",
    exception_handlers=EXCEPTION_HANDLERS,
)
api_app.add_middleware(SecurityHeadersMiddleware)
api_app.add_middleware(AccessLogMiddleware)
api_app.add_middleware(PageWithoutSlashMiddleware)
api_app.include_router(health.router)
api_app.include_router(assessments.router)
