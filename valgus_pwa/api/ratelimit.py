"""Per-client limit on uploads: a fixed window counted in Redis when configured, else in-process.

With several workers, only Redis sees every worker's count; the in-process counter is exact for
one worker and lets a client through at most `workers` times the limit otherwise.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from dataclasses import dataclass, field

import redis
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from valgus_pwa import settings

_MAX_TRACKED_CLIENTS = 100_000
_REDIS_TIMEOUT_S = 0.5

log = logging.getLogger(__name__)


def client_address(request: Request) -> str:
    """The client's IP; behind a proxy listed in VALGUS_TRUSTED_PROXIES, the one it forwarded."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for", "")
    if peer in settings.current().trusted_proxies and forwarded:
        # The proxy appends the address it saw; anything to its left came from the client.
        return forwarded.rsplit(",", 1)[-1].strip() or peer
    return peer


@dataclass
class FixedWindowLimiter:
    limit: int
    window_s: int
    redis_url: str | None = None
    _counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    async def retry_after(self, client: str) -> int | None:
        """Count one upload; return the seconds to wait if it is over the limit, else None."""
        if self.limit == 0:
            return None
        now = time.time()
        window = int(now // self.window_s)
        if self.redis_url:
            count = await run_in_threadpool(self._count_in_redis, self.redis_url, client, window)
        else:
            count = self._count_here(client, window)
        if count is None or count <= self.limit:
            return None
        return max(1, math.ceil((window + 1) * self.window_s - now))

    def _count_here(self, client: str, window: int) -> int:
        if len(self._counts) > _MAX_TRACKED_CLIENTS:
            self._counts = {key: value for key, value in self._counts.items() if value[0] == window}
        counted_window, count = self._counts.get(client, (window, 0))
        count = count + 1 if counted_window == window else 1
        self._counts[client] = (window, count)
        return count

    def _count_in_redis(self, redis_url: str, client: str, window: int) -> int | None:
        key = f"valgus:posts:{window}:{client}"
        try:
            pipeline = _redis_client(redis_url).pipeline()
            pipeline.incr(key)
            pipeline.expire(key, self.window_s + 1)
            count, _ = pipeline.execute()
        except redis.RedisError as error:
            # Uploads matter more than the limit: let them through and say so in the logs.
            log.warning("rate limit not applied, Redis unavailable: %s", error)
            return None
        return int(count)


@functools.cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_timeout=_REDIS_TIMEOUT_S, socket_connect_timeout=_REDIS_TIMEOUT_S
    )


@functools.cache
def limiter_for(limit: int, window_s: int, redis_url: str | None) -> FixedWindowLimiter:
    return FixedWindowLimiter(limit, window_s, redis_url)


def upload_limiter() -> FixedWindowLimiter:
    """The limiter for the current settings, shared by the requests of this process."""
    config = settings.current()
    return limiter_for(config.posts_per_window, config.post_window_s, config.redis_url)
