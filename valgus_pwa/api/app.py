"""Routes of API v1: every answer is JSON, every client mistake a 4xx, never a 500."""

from __future__ import annotations

import re
import zlib
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from valgus_pwa.api import csv_export, service
from valgus_pwa.schemas import AssessmentCreated, AssessmentIn, AssessmentOut, ErrorResponse
from valgus_pwa.schemas import AssessmentComparison
from valgus_pwa.store import DeleteOutcome, StoreUnavailable

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_INFLATED_BYTES = 48 * 1024 * 1024
RETRY_AFTER_SECONDS = "5"
_ASSESSMENT_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")


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
        {"loc": [part for part in item.get("loc", ()) if isinstance(part, (str, int))][:8],
         "message": item.get("msg", "invalid")}
        for item in error.errors()[:20]
    ]


_NOT_FOUND = ApiError(404, "not_found", "No assessment with this id. The link may be wrong, expired or deleted.")

api_app = FastAPI(
    title="Valgus self-test API",
    version="1",
    docs_url="/api/docs",
    redoc_url=None,
    openapi_url="/api/openapi.json",
)


@api_app.exception_handler(ApiError)
async def _handle_api_error(_request: Request, error: ApiError) -> JSONResponse:
    return error_response(error)


@api_app.exception_handler(StoreUnavailable)
async def _handle_store_unavailable(_request: Request, _error: StoreUnavailable) -> JSONResponse:
    return error_response(
        ApiError(503, "store_unavailable", "The database is unavailable. Please try again shortly.",
                 headers={"Retry-After": RETRY_AFTER_SECONDS})
    )


@api_app.exception_handler(StarletteHTTPException)
async def _handle_http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    return error_response(ApiError(error.status_code, code, str(error.detail), headers=error.headers))


@api_app.exception_handler(RequestValidationError)
async def _handle_request_validation(_request: Request, error: RequestValidationError) -> JSONResponse:
    return error_response(ApiError(422, "invalid_request", "The request is not valid.", _validation_details(error)))


async def _read_body(request: Request) -> bytes:
    """The request body, gunzipped if needed, within the size limits."""
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
    return _gunzip(bytes(body)) if encoding == "gzip" else bytes(body)


def _too_large() -> ApiError:
    return ApiError(413, "body_too_large", f"The upload is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB.")


def _gunzip(body: bytes) -> bytes:
    # Bounded inflation, so a small gzip bomb cannot exhaust memory.
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        inflated = inflater.decompress(body, MAX_INFLATED_BYTES)
    except zlib.error as error:
        raise ApiError(400, "invalid_gzip", "The body is not valid gzip.") from error
    if inflater.unconsumed_tail:
        raise _too_large()
    return inflated


def _parse_assessment(body: bytes) -> AssessmentIn:
    try:
        return AssessmentIn.model_validate_json(body)
    except ValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise ApiError(400, "invalid_json", "The body is not valid JSON.") from error
        raise ApiError(422, "invalid_assessment", "The assessment does not match the expected format.",
                       _validation_details(error)) from error


def _checked_id(assessment_id: str) -> str:
    if not _ASSESSMENT_ID.match(assessment_id):
        raise _NOT_FOUND
    return assessment_id


_ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 413, 415, 422, 503)}


@api_app.post(
    "/api/v1/assessments",
    status_code=201,
    response_model=AssessmentCreated,
    responses=_ERRORS,
    openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
        "schema": AssessmentIn.model_json_schema(ref_template="#/components/schemas/{model}")}}}},
)
async def create_assessment(request: Request) -> JSONResponse:
    """Analyse and store one assessment of keypoints; answer its share id and owner key."""
    assessment = _parse_assessment(await _read_body(request))
    try:
        created = await run_in_threadpool(service.create_assessment, assessment)
    except service.AnalysisFailed as error:
        raise ApiError(422, "unanalysable", str(error)) from error
    return JSONResponse(created.model_dump(mode="json"), status_code=201)


@api_app.get("/api/v1/assessments/{assessment_id}", response_model=AssessmentOut, responses=_ERRORS)
async def get_assessment(assessment_id: str, include: str | None = None) -> JSONResponse:
    """The report of one assessment; `?include=frames` adds the keypoints for export."""
    include_frames = include == "frames"
    found = await run_in_threadpool(service.load_assessment, _checked_id(assessment_id), include_frames)
    if found is None:
        raise _NOT_FOUND
    return JSONResponse(found.model_dump(mode="json", exclude=None if include_frames else {"trials"}))


@api_app.delete("/api/v1/assessments/{assessment_id}", status_code=204, responses=_ERRORS)
async def delete_assessment(assessment_id: str, request: Request) -> Response:
    """Delete an assessment; only the holder of its owner key may."""
    scheme, _, owner_key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not owner_key.strip():
        raise ApiError(401, "unauthorized", "Send the owner key as 'Authorization: Bearer <key>'.",
                       headers={"WWW-Authenticate": "Bearer"})
    outcome = await run_in_threadpool(service.delete_assessment, _checked_id(assessment_id), owner_key.strip())
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


@api_app.get("/api/v1/assessments/{assessment_id}/export.csv", response_class=Response, responses=_ERRORS)
async def export_csv(assessment_id: str, table: Literal["frames", "reps"] = "frames") -> Response:
    """The assessment as CSV: per-frame angles (`table=frames`) or per-rep metrics (`table=reps`)."""
    found = await run_in_threadpool(service.load_assessment, _checked_id(assessment_id), table == "frames")
    if found is None:
        raise _NOT_FOUND
    return Response(
        csv_export.TABLES[table](found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="knee-check-{assessment_id}-{table}.csv"'},
    )
