"""The API's one error shape, and the handlers that give every failure that shape, never a 500 page."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from valgus_pwa.schemas import ErrorResponse
from valgus_pwa.store import IdempotencyKeyReused, StoreUnavailable

RETRY_AFTER_SECONDS = "5"

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A client-facing error: HTTP status, stable code, plain message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers


NOT_FOUND = ApiError(
    404, "not_found", "No assessment with this id. The link may be wrong, expired or deleted."
)

# The error answers the assessment routes document in the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 413, 415, 422, 429, 503)
}


def error_response(error: ApiError) -> JSONResponse:
    body = {"error": {"code": error.code, "message": error.message, "details": error.details}}
    return JSONResponse(body, status_code=error.status, headers=error.headers)


def validation_details(error: ValidationError | RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "loc": [part for part in item.get("loc", ()) if isinstance(part, (str, int))][:8],
            "message": item.get("msg", "invalid"),
        }
        for item in error.errors()[:20]
    ]


async def _handle_api_error(_request: Request, error: ApiError) -> JSONResponse:
    return error_response(error)


async def _handle_store_unavailable(_request: Request, _error: StoreUnavailable) -> JSONResponse:
    return error_response(
        ApiError(
            503,
            "store_unavailable",
            "The database is unavailable. Please try again shortly.",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
    )


async def _handle_idempotency_key_reused(
    _request: Request, error: IdempotencyKeyReused
) -> JSONResponse:
    return error_response(ApiError(422, "idempotency_key_reused", str(error)))


async def _handle_unexpected(_request: Request, _error: Exception) -> JSONResponse:
    # A defect, never a client mistake: log it, and still answer in the API's error shape.
    log.exception("unhandled error")
    return error_response(ApiError(500, "internal_error", "Something went wrong on our side."))


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


async def _handle_http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return error_response(ApiError(error.status_code, code, str(error.detail), headers=headers))


async def _handle_request_validation(
    _request: Request, error: RequestValidationError
) -> JSONResponse:
    return error_response(
        ApiError(422, "invalid_request", "The request is not valid.", validation_details(error))
    )


# Passed to FastAPI: its type admits each handler's own exception type, add_exception_handler's not.
EXCEPTION_HANDLERS: dict[
    int | type[Exception], Callable[[Request, Any], Coroutine[Any, Any, Response]]
] = {
    ApiError: _handle_api_error,
    StoreUnavailable: _handle_store_unavailable,
    IdempotencyKeyReused: _handle_idempotency_key_reused,
    Exception: _handle_unexpected,
    StarletteHTTPException: _handle_http_error,
    RequestValidationError: _handle_request_validation,
}
