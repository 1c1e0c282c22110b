"""The assessments resource: upload, read, delete, compare, export and replay one assessment."""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from valgus_pwa.api import csv_export, service
from valgus_pwa.api.body import gunzip, parse_assessment, read_body
from valgus_pwa.api.errors import ERROR_RESPONSES, NOT_FOUND, ApiError
from valgus_pwa.api.ratelimit import client_address, upload_limiter
from valgus_pwa.api.replay import (
    EncodedAnswers,
    Replay,
    RepReplay,
    rep_etag,
    rep_replay,
    replay,
    stride_replay,
)
from valgus_pwa.contract import ASSESSMENTS_PATH
from valgus_pwa.schemas import (
    AssessmentComparison,
    AssessmentCreated,
    AssessmentIn,
    AssessmentInCompact,
    AssessmentOut,
)
from valgus_pwa.store import DeleteOutcome, Upload

_ASSESSMENT_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
# Clients send a random UUID; a short or guessable key would let others replay the answer.
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{16,128}$")

# Validating and analysing hold the GIL, so more of them at once in one worker only thrash;
# two let one upload compute while another waits on the database. Workers add the cores.
_ANALYSIS_SLOTS = anyio.CapacityLimiter(2)

router = APIRouter(prefix=ASSESSMENTS_PATH, responses=ERROR_RESPONSES)

# Either upload form (schema_version 1 or the compact 2); its models are defined inside the
# request body's own schema, where the references point.
_UPLOAD_SCHEMA = TypeAdapter(AssessmentIn | AssessmentInCompact).json_schema(
    ref_template=f"#/paths/{ASSESSMENTS_PATH.replace('/', '~1')}/post/requestBody/content"
    "/application~1json/schema/$defs/{model}"
)


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
    json_body = gunzip(body) if gzipped else body
    assessment = parse_assessment(json_body)
    # Stored as received rather than re-serialised: the same bytes, at a fraction of the cost.
    body_gz = body if gzipped else gzip.compress(body, compresslevel=5, mtime=0)
    upload = Upload(body_gz=body_gz, sha256=hashlib.sha256(json_body).hexdigest())
    try:
        return service.create_assessment(assessment, upload, idempotency_key)
    except service.AnalysisFailed as error:
        raise ApiError(422, "unanalysable", str(error)) from error


def _checked_id(assessment_id: str) -> str:
    if not _ASSESSMENT_ID.match(assessment_id):
        raise NOT_FOUND
    return assessment_id


async def _found(assessment_id: str, include_frames: bool) -> AssessmentOut:
    """The stored assessment, in a worker thread; 404 when unknown, deleted or expired."""
    found = await run_in_threadpool(
        service.load_assessment, _checked_id(assessment_id), include_frames
    )
    if found is None:
        raise NOT_FOUND
    return found


@router.post(
    "",
    status_code=201,
    response_model=AssessmentCreated,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _UPLOAD_SCHEMA}},
        }
    },
)
async def create_assessment(request: Request) -> Response:
    """Analyse and store one assessment of keypoints; answer its share id and owner key.

    The keypoints come as a Frame object per frame (`schema_version: 1`) or as the compact
    integer columns (`schema_version: 2`); both give the same report.

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
    body, gzipped = await read_body(request)
    created = await anyio.to_thread.run_sync(
        functools.partial(_analyse_and_store, body, gzipped, idempotency_key),
        limiter=_ANALYSIS_SLOTS,
    )
    return Response(created.model_dump_json(), status_code=201, media_type="application/json")


@router.get("/{assessment_id}", response_model=AssessmentOut)
async def get_assessment(assessment_id: str, include: str | None = None) -> JSONResponse:
    """The report of one assessment; `?include=frames` adds the keypoints for export."""
    include_frames = include == "frames"
    found = await _found(assessment_id, include_frames)
    return JSONResponse(
        found.model_dump(mode="json", exclude=None if include_frames else {"trials"})
    )


@router.delete("/{assessment_id}", status_code=204)
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
        raise NOT_FOUND
    if outcome is DeleteOutcome.WRONG_KEY:
        raise ApiError(403, "forbidden", "This key does not own the assessment.")
    return Response(status_code=204)


@router.get("/{assessment_id}/compare/{earlier_id}", response_model=AssessmentComparison)
async def compare_assessments(assessment_id: str, earlier_id: str) -> JSONResponse:
    """Did each leg's valgus change since an earlier assessment, beyond between-day noise?

    Refused (422, `earlier_is_later`) when `earlier_id` was recorded after `assessment_id`.
    """
    try:
        found = await run_in_threadpool(
            service.compare_assessments, _checked_id(assessment_id), _checked_id(earlier_id)
        )
    except service.EarlierIsLater as error:
        raise ApiError(
            422,
            "earlier_is_later",
            f"The earlier assessment ({error.earlier_created_at}) was recorded after this one"
            f" ({error.created_at}). Put the later assessment first:"
            " /assessments/{later_id}/compare/{earlier_id}.",
        ) from error
    if found is None:
        raise NOT_FOUND
    return JSONResponse(found.model_dump(mode="json"))


@router.get("/{assessment_id}/export.csv", response_class=Response)
async def export_csv(
    assessment_id: str, table: Literal["frames", "reps", "steps"] = "frames"
) -> Response:
    """The assessment as CSV: per-frame angles (`table=frames`), per-rep metrics (`table=reps`)
    or a running trial's steps (`table=steps`).

    `table=steps` of an assessment without a running trial is refused (422, `no_running_trial`).
    """
    # Every table states each trial's resolution, read from the keypoints; the per-frame one
    # recomputes the filtered points, so it is built off the event loop.
    found = await _found(assessment_id, True)
    try:
        text = await run_in_threadpool(csv_export.EXPORTS[table], found)
    except csv_export.NoRunningTrial as error:
        raise ApiError(422, "no_running_trial", str(error)) from error
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="knee-check-{assessment_id}-{table}.csv"'
        },
    )


@router.get("/{assessment_id}/replay", response_model=Replay)
async def get_replay(assessment_id: str) -> JSONResponse:
    """Each trial's keypoints as the analysis read them: pixels, unmirrored, legs relabelled."""
    found = await _found(assessment_id, True)
    shaped = await run_in_threadpool(replay, found.trials or [])
    return JSONResponse(shaped.model_dump(mode="json"))


# Encoded rep answers by ETag: a club's shared link opened by hundreds reads its keypoints once.
_REP_ANSWERS = EncodedAnswers(capacity=256)
# `private`: no shared cache (proxy, CDN) keeps health data. `no-cache`: the browser revalidates
# every time, so a deleted or expired assessment answers 404 at once instead of replaying from
# a copy; an unchanged one answers 304 after one indexed lookup, without reading keypoints.
_REP_CACHE_CONTROL = "private, no-cache"


def _rep_answer(
    found: AssessmentOut, trial_index: int, start_ms: float | None, end_ms: float | None
) -> bytes:
    trial, report = (found.trials or [])[trial_index], found.report.trials[trial_index]
    shaped = (
        stride_replay(trial, report.running, start_ms, end_ms)
        if report.running is not None
        else rep_replay(trial, report.series.fppa_deg, start_ms, end_ms)
    )
    return shaped.model_dump_json().encode()


@router.get(
    "/{assessment_id}/replay/{trial_index}",
    response_model=RepReplay,
    responses={304: {"description": "Not modified: the copy named by If-None-Match is current"}},
)
async def get_rep_replay(
    assessment_id: str,
    trial_index: int,
    request: Request,
    start_ms: Annotated[float | None, Query(allow_inf_nan=False)] = None,
    end_ms: Annotated[float | None, Query(allow_inf_nan=False)] = None,
) -> Response:
    """One rep of one trial (one stride of a run) as the report page replays it: the joints it
    draws, each frame's FPPA.

    Frames from `start_ms` to `end_ms` (the trial's first and last frame when left out). Sent
    gzip-compressed when the client accepts it, with an `ETag`: `If-None-Match` answers 304.
    """
    etag = rep_etag(_checked_id(assessment_id), trial_index, start_ms, end_ms)
    headers = {"ETag": etag, "Cache-Control": _REP_CACHE_CONTROL, "Vary": "Accept-Encoding"}
    encoded = _REP_ANSWERS.get(etag)
    revalidating = etag in request.headers.get("if-none-match", "")
    if encoded is not None or revalidating:
        if not await run_in_threadpool(service.assessment_exists, assessment_id):
            raise NOT_FOUND
        if revalidating:
            return Response(status_code=304, headers=headers)
    if encoded is None:
        # Viewers who open one link together wait for the first one's answer instead of each
        # reading and decoding the whole upload.
        async with _REP_ANSWERS.first_reader(etag):
            encoded = _REP_ANSWERS.get(etag)
            if encoded is None:
                found = await _found(assessment_id, True)
                if not 0 <= trial_index < min(len(found.trials or []), len(found.report.trials)):
                    raise NOT_FOUND
                body = await run_in_threadpool(_rep_answer, found, trial_index, start_ms, end_ms)
                encoded = _REP_ANSWERS.put(etag, body)
    plain, gzipped = encoded
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        return Response(gzipped, media_type="application/json", headers=headers)
    return Response(plain, media_type="application/json", headers=headers)
