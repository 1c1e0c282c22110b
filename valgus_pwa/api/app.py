"""Routes of API v1: every answer is JSON, every client mistake a 4xx, never a 500."""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import os
import re
import zlib
from typing import Literal

import anyio
import redis
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from valgus_pwa.api import csv_export, service
from valgus_pwa.api.middleware import (
    AccessLogMiddleware,
    SecurityHeadersMiddleware,
    configure_logging,
)
from valgus_pwa.api.ratelimit import REDIS_URL_ENV, client_address, configured_limit, upload_limiter
from valgus_pwa.schemas import (
    AssessmentComparison,
    AssessmentCreated,
    AssessmentIn,
    AssessmentOut,
    ErrorResponse,
)
from valgus_pwa.store import (
    DeleteOutcome,
    IdempotencyKeyReused,
    StoreUnavailable,
    Upload,
    get_store,
    link_lifetime,
)

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_INFLATED_BYTES = 48 * 1024 * 1024
RETRY_AFTER_SECONDS = "5"
_ASSESSMENT_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
# Clients send a random UUID; a short or guessable key would let others replay the answer.
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{16,128}$")

# Validating and analysing hold the GIL, so more of them at once in one worker only thrash;
# two let one upload compute while another waits on the database. Workers add the cores.
_ANALYSIS_SLOTS = anyio.CapacityLimiter(2)

configure_logging()
log = logging.getLogger(__name__)
# A bad setting stops the server at start-up rather than failing every request.
link_lifetime()
configured_limit()


class ApiError(Exception):
    """A client-facing error: HTTP status, stable code, plain message."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers


def error_response(error: ApiError) -> JSONResponse:
    body = {"error": {"code": error.code, "message": error.message, "details": error.details}}
    return JSONResponse(body, status_code=error.status, headers=error.headers)


def _validation_details(error: ValidationError | RequestValidationError) -> list[dict]:
    return [
        {
            "loc": [part for part in item.get("loc", ()) if isinstance(part, (str, int))][:8],
            "message": item.get("msg", "invalid"),
        }
        for item in error.errors()[:20]
    ]


_NOT_FOUND = ApiError(
    404, "not_found", "No assessment with this id. The link may be wrong, expired or deleted."
)

api_app = FastAPI(
    title="Valgus self-test API",
    version="1",
    docs_url=None,  # Swagger UI loads its script from a CDN; the schema is at /api/openapi.json
    redoc_url=None,
    openapi_url="/api/openapi.json",
)
api_app.add_middleware(SecurityHeadersMiddleware)
api_app.add_middleware(AccessLogMiddleware)


@api_app.exception_handler(ApiError)
async def _handle_api_error(_request: Request, error: ApiError) -> JSONResponse:
    return error_response(error)


@api_app.exception_handler(StoreUnavailable)
async def _handle_store_unavailable(_request: Request, _error: StoreUnavailable) -> JSONResponse:
    return error_response(
        ApiError(
            503,
            "store_unavailable",
            "The database is unavailable. Please try again shortly.",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
    )


@api_app.exception_handler(IdempotencyKeyReused)
async def _handle_idempotency_key_reused(
    _request: Request, error: IdempotencyKeyReused
) -> JSONResponse:
    return error_response(ApiError(422, "idempotency_key_reused", str(error)))


@api_app.exception_handler(Exception)
async def _handle_unexpected(_request: Request, _error: Exception) -> JSONResponse:
    # A defect, never a client mistake: log it, and still answer in the API's error shape.
    log.exception("unhandled error")
    return error_response(ApiError(500, "internal_error", "Something went wrong on our side."))


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in api_app.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


@api_app.exception_handler(StarletteHTTPException)
async def _handle_http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return error_response(ApiError(error.status_code, code, str(error.detail), headers=headers))


@api_app.exception_handler(RequestValidationError)
async def _handle_request_validation(
    _request: Request, error: RequestValidationError
) -> JSONResponse:
    return error_response(
        ApiError(422, "invalid_request", "The request is not valid.", _validation_details(error))
    )


async def _read_body(request: Request) -> tuple[bytes, bool]:
    """The raw request body within the size limit, and whether it is gzip-compressed."""
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the assessment as application/json.")
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip"):
        raise ApiError(415, "unsupported_encoding", "Only gzip compression is supported.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise _too_large()
    return bytes(body), encoding == "gzip"


def _too_large() -> ApiError:
    return ApiError(
        413, "body_too_large", f"The upload is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB."
    )


def _gunzip(body: bytes) -> bytes:
    # Bounded inflation, so a small gzip bomb cannot exhaust memory.
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        inflated = inflater.decompress(body, MAX_INFLATED_BYTES)
    except zlib.error as error:
        raise ApiError(400, "invalid_gzip", "The body is not valid gzip.") from error
    if inflater.unconsumed_tail:
        raise _too_large()
    # The body is stored as received, so it must hold exactly the one stream that was checked.
    if not inflater.eof or inflater.unused_data:
        raise ApiError(400, "invalid_gzip", "The body is not one complete gzip stream.")
    return inflated


def _parse_assessment(body: bytes) -> AssessmentIn:
    try:
        return AssessmentIn.model_validate_json(body)
    except ValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise ApiError(400, "invalid_json", "The body is not valid JSON.") from error
        raise ApiError(
            422,
            "invalid_assessment",
            "The assessment does not match the expected format.",
            _validation_details(error),
        ) from error


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is not None and not _IDEMPOTENCY_KEY.match(key):
        raise ApiError(
            400,
            "invalid_idempotency_key",
            "Idempotency-Key must be 16 to 128 letters, digits or -_.: (send a random UUID).",
        )
    return key


def _analyse_and_store(
    body: bytes, gzipped: bool, idempotency_key: str | None
) -> AssessmentCreated:
    """Validate, analyse and store one upload (CPU-bound: runs in a worker thread)."""
    json_body = _gunzip(body) if gzipped else body
    assessment = _parse_assessment(json_body)
    # Stored as received rather than re-serialised: the same bytes, at a fraction of the cost.
    body_gz = body if gzipped else gzip.compress(body, compresslevel=5, mtime=0)
    upload = Upload(body_gz=body_gz, sha256=hashlib.sha256(json_body).hexdigest())
    try:
        return service.create_assessment(assessment, upload, idempotency_key)
    except service.AnalysisFailed as error:
        raise ApiError(422, "unanalysable", str(error)) from error


def _checked_id(assessment_id: str) -> str:
    if not _ASSESSMENT_ID.match(assessment_id):
        raise _NOT_FOUND
    return assessment_id


_ERRORS = {
    status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 413, 415, 422, 429, 503)
}


@api_app.get("/healthz", include_in_schema=True)
async def healthz() -> dict:
    """The process is up and serving (no dependency is checked)."""
    return {"status": "ok"}


def _check_dependencies() -> dict:
    get_store().ping()
    redis_url = os.environ.get(REDIS_URL_ENV)
    if not redis_url:
        return {"status": "ready", "database": "ok", "redis": "not_configured"}
    try:
        with redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2) as client:
            client.ping()
    except redis.RedisError as error:
        raise ApiError(
            503,
            "redis_unavailable",
            "Redis, which holds the pages' state, is unavailable.",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        ) from error
    return {"status": "ready", "database": "ok", "redis": "ok"}


@api_app.get("/readyz", responses={503: {"model": ErrorResponse}})
async def readyz() -> dict:
    """Ready for traffic: the database (and Redis, when configured) answers."""
    return await run_in_threadpool(_check_dependencies)


@api_app.post(
    "/api/v1/assessments",
    status_code=201,
    response_model=AssessmentCreated,
    responses=_ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": AssessmentIn.model_json_schema(
                        ref_template="#/components/schemas/{model}"
                    )
                }
            },
        }
    },
)
async def create_assessment(request: Request) -> Response:
    """Analyse and store one assessment of keypoints; answer its share id and owner key.

    With an `Idempotency-Key` header (a random UUID per upload), a retry of the same upload
    answers the same 201 body, owner key included, and never stores a second copy.
    """
    retry_after = await upload_limiter().retry_after(client_address(request))
    if retry_after is not None:
        raise ApiError(
            429,
            "too_many_requests",
            "Too many uploads from this address. Please wait and retry.",
            headers={"Retry-After": str(retry_after)},
        )
    idempotency_key = _idempotency_key(request)
    body, gzipped = await _read_body(request)
    created = await anyio.to_thread.run_sync(
        functools.partial(_analyse_and_store, body, gzipped, idempotency_key),
        limiter=_ANALYSIS_SLOTS,
    )
    return Response(created.model_dump_json(), status_code=201, media_type="application/json")


@api_app.get("/api/v1/assessments/{assessment_id}", response_model=AssessmentOut, responses=_ERRORS)
async def get_assessment(assessment_id: str, include: str | None = None) -> JSONResponse:
    """The report of one assessment; `?include=frames` adds the keypoints for export."""
    include_frames = include == "frames"
    found = await run_in_threadpool(
        service.load_assessment, _checked_id(assessment_id), include_frames
    )
    if found is None:
        raise _NOT_FOUND
    return JSONResponse(
        found.model_dump(mode="json", exclude=None if include_frames else {"trials"})
    )


@api_app.delete("/api/v1/assessments/{assessment_id}", status_code=204, responses=_ERRORS)
async def delete_assessment(assessment_id: str, request: Request) -> Response:
    """Delete an assessment; only the holder of its owner key may."""
    scheme, _, owner_key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not owner_key.strip():
        raise ApiError(
            401,
            "unauthorized",
            "Send the owner key as 'Authorization: Bearer <key>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    outcome = await run_in_threadpool(
        service.delete_assessment, _checked_id(assessment_id), owner_key.strip()
    )
    if outcome is DeleteOutcome.NOT_FOUND:
        raise _NOT_FOUND
    if outcome is DeleteOutcome.WRONG_KEY:
        raise ApiError(403, "forbidden", "This key does not own the assessment.")
    return Response(status_code=204)


@api_app.get(
    "/api/v1/assessments/{assessment_id}/compare/{earlier_id}",
    response_model=AssessmentComparison,
    responses=_ERRORS,
)
async def compare_assessments(assessment_id: str, earlier_id: str) -> JSONResponse:
    """Did each leg's valgus change since an earlier assessment, beyond measurement noise?"""
    found = await run_in_threadpool(
        service.compare_assessments, _checked_id(assessment_id), _checked_id(earlier_id)
    )
    if found is None:
        raise _NOT_FOUND
    return JSONResponse(found.model_dump(mode="json"))


@api_app.get(
    "/api/v1/assessments/{assessment_id}/export.csv", response_class=Response, responses=_ERRORS
)
async def export_csv(assessment_id: str, table: Literal["frames", "reps"] = "frames") -> Response:
    """The assessment as CSV: per-frame angles (`table=frames`) or per-rep metrics (`table=reps`)."""
    found = await run_in_threadpool(
        service.load_assessment, _checked_id(assessment_id), table == "frames"
    )
    if found is None:
        raise _NOT_FOUND
    return Response(
        csv_export.TABLES[table](found),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="knee-check-{assessment_id}-{table}.csv"'
        },
    )
