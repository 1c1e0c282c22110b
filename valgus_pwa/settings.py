"""Every setting the app reads from the environment, read once into one typed object.

docs/OPERATIONS.md lists the variables. A malformed value raises ValueError naming the variable
when the settings are first read, which the API does at import: the server stops at start-up
rather than failing every request.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DATABASE_URL_ENV = "VALGUS_DATABASE_URL"
LINK_TTL_ENV = "VALGUS_LINK_TTL_DAYS"
POST_RATE_LIMIT_ENV = "VALGUS_POST_RATE_LIMIT"
POST_RATE_WINDOW_ENV = "VALGUS_POST_RATE_WINDOW_S"
TRUSTED_PROXIES_ENV = "VALGUS_TRUSTED_PROXIES"
ALLOWED_ORIGINS_ENV = "VALGUS_ALLOWED_ORIGINS"
LOG_LEVEL_ENV = "VALGUS_LOG_LEVEL"
REDIS_URL_ENV = "REFLEX_REDIS_URL"
STATE_LIFETIME_ENV = "VALGUS_STATE_LIFETIME_S"

DEFAULT_SQLITE_PATH = Path(__file__).resolve().parents[1] / "data" / "valgus.db"
DEFAULT_LINK_TTL_DAYS = 90.0
DEFAULT_POSTS_PER_WINDOW = 30
DEFAULT_WINDOW_S = 60
DEFAULT_LOG_LEVEL = "INFO"
# How long Reflex keeps a tab's page state after its last event, in memory and in Redis. A
# report page gets all it shows in one delta; a shared link opened by hundreds must not hold
# each reader's copy for Reflex's default hour.
DEFAULT_STATE_LIFETIME_S = 300


@dataclass(frozen=True)
class Settings:
    database_url: str
    link_lifetime: dt.timedelta  # how long a share link stays valid
    posts_per_window: int  # uploads allowed per client per window; 0 means no limit
    post_window_s: int
    trusted_proxies: frozenset[str]  # proxies whose X-Forwarded-For names the client
    # Other web origins allowed to call the API and open the live connection; none by default.
    allowed_origins: frozenset[str]
    redis_url: str | None  # Reflex's state manager and the shared upload counter
    log_level: str
    state_lifetime_s: int  # Reflex's redis_token_expiration (the memory manager's too)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Settings:
        """Settings from environment variables; unset or empty ones take their default."""

        def read(name: str, default: object) -> str:
            return environ.get(name) or str(default)

        window_s = _whole_number(POST_RATE_WINDOW_ENV, read(POST_RATE_WINDOW_ENV, DEFAULT_WINDOW_S))
        if window_s == 0:
            raise ValueError(f"{POST_RATE_WINDOW_ENV} must be at least 1 second")
        proxies = read(TRUSTED_PROXIES_ENV, "").split(",")
        origins = [origin.strip() for origin in read(ALLOWED_ORIGINS_ENV, "").split(",")]
        return cls(
            database_url=read(DATABASE_URL_ENV, f"sqlite:///{DEFAULT_SQLITE_PATH}"),
            link_lifetime=_days(LINK_TTL_ENV, read(LINK_TTL_ENV, DEFAULT_LINK_TTL_DAYS)),
            posts_per_window=_whole_number(
                POST_RATE_LIMIT_ENV, read(POST_RATE_LIMIT_ENV, DEFAULT_POSTS_PER_WINDOW)
            ),
            post_window_s=window_s,
            trusted_proxies=frozenset(proxy.strip() for proxy in proxies if proxy.strip()),
            allowed_origins=frozenset(_origin(origin) for origin in origins if origin),
            redis_url=environ.get(REDIS_URL_ENV) or None,
            log_level=read(LOG_LEVEL_ENV, DEFAULT_LOG_LEVEL).upper(),
            state_lifetime_s=_state_lifetime(read(STATE_LIFETIME_ENV, DEFAULT_STATE_LIFETIME_S)),
        )


def _origin(raw: str) -> str:
    """An origin as browsers send it: scheme and host (and port), nothing else."""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise ValueError(
            f"{ALLOWED_ORIGINS_ENV} takes origins such as https://clinic.example, not {raw!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


def _whole_number(name: str, raw: str) -> int:
    if not raw.isdigit():
        raise ValueError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


def _state_lifetime(raw: str) -> int:
    seconds = _whole_number(STATE_LIFETIME_ENV, raw)
    if seconds < 1:
        raise ValueError(f"{STATE_LIFETIME_ENV} must be at least 1 second")
    return seconds


def _days(name: str, raw: str) -> dt.timedelta:
    try:
        days = float(raw)
    except ValueError:
        days = float("nan")
    if not 0 < days < 100_000:
        raise ValueError(f"{name} must be a number of days above 0, not {raw!r}")
    return dt.timedelta(days=days)


@functools.cache
def current() -> Settings:
    """This process's settings, read from the environment on first use.

    Whoever changes the environment afterwards (tests do) calls `current.cache_clear()`.
    """
    return Settings.from_environment(os.environ)
