"""Reading an upload's body: JSON only, gzip allowed, bounded before and after inflating.

Two forms are accepted: schema_version 1 (a Frame object per frame) and the compact
schema_version 2 (integer columns, analysis/compact_frames.py), told apart by that field.
"""

from __future__ import annotations

import zlib

from fastapi import Request
from pydantic import BaseModel, ConfigDict, ValidationError

from valgus_pwa.analysis.compact_frames import CompactFramesError, decode_assessment
from valgus_pwa.api.errors import ApiError, validation_details
from valgus_pwa.schemas import COMPACT_SCHEMA_VERSION, AssessmentIn, AssessmentInCompact

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


class _Version(BaseModel):
    # Only the version is read: the rest of the body is skipped, not built.
    model_config = ConfigDict(extra="ignore")
    schema_version: object = None


def _invalid(error: ValidationError) -> ApiError:
    if any(item["type"] == "json_invalid" for item in error.errors()):
        return ApiError(400, "invalid_json", "The body is not valid JSON.")
    return ApiError(
        422,
        "invalid_assessment",
        "The assessment does not match the expected format.",
        validation_details(error),
    )


def parse_assessment(body: bytes) -> AssessmentIn:
    """The upload as the analysis reads it; a compact one with its frames as arrays."""
    try:
        version = _Version.model_validate_json(body).schema_version
        if version != COMPACT_SCHEMA_VERSION or isinstance(version, bool):
            return AssessmentIn.model_validate_json(body)
        compact = AssessmentInCompact.model_validate_json(body)
    except ValidationError as error:
        raise _invalid(error) from error
    try:
        return decode_assessment(compact)
    except CompactFramesError as error:
        raise ApiError(
            422,
            "invalid_frames",
            f"The compact frames do not decode: {'.'.join(map(str, error.loc))} {error.message}.",
            [{"loc": error.loc, "message": error.message}],
        ) from error
