"""Liveness and readiness probes for the load balancer and the orchestrator."""

from __future__ import annotations

import redis
from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from valgus_pwa import settings
from valgus_pwa.api.errors import RETRY_AFTER_SECONDS, ApiError
from valgus_pwa.schemas import ErrorResponse
from valgus_pwa.store import get_store

router = APIRouter()


@router.get("/healthz", include_in_schema=True)
async def healthz() -> dict[str, str]:
    """The process is up and serving (no dependency is checked)."""
    return {"status": "ok"}


def _check_dependencies() -> dict[str, str]:
    get_store().ping()
    redis_url = settings.current().redis_url
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


@router.get("/readyz", responses={503: {"model": ErrorResponse}})
async def readyz() -> dict[str, str]:
    """Ready for traffic: the database (and Redis, when configured) answers."""
    return await run_in_threadpool(_check_dependencies)
