"""Reading an upload's body: JSON only, gzip allowed, bounded before and after inflating."""

from __future__ import annotations

import zlib

from fastapi import Request
from pydantic import ValidationError

from valgus_pwa.api.errors import ApiError, validation_details
from valgus_pwa.schemas import AssessmentIn

MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_INFLATED_BYTES = 48 * 1024 * 1024


def _too_large() -> ApiError:
    return ApiError(
        413, "body_too_large", f"The upload is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB."
    )


async def read_body(request: Request) -> tuple[bytes, bool]:
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


def gunzip(body: bytes) -> bytes:
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


def parse_assessment(body: bytes) -> AssessmentIn:
    try:
        return AssessmentIn.model_validate_json(body)
    except ValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise ApiError(400, "invalid_json", "The body is not valid JSON.") from error
        raise ApiError(
            422,
            "invalid_assessment",
            "The assessment does not match the expected format.",
            validation_details(error),
        ) from error
