"""ASGI middleware that wraps every response, Reflex pages included: security headers and logs.

Both sit on the API app, which Reflex mounts its own app under, so pages, assets and the API
all pass through them; the websocket passes untouched.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import sys
import time
import uuid
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
_SHARE_ID_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_-]{22}(?=/|$)")
_CLIENT_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_NOINDEX_PREFIXES = ("/r/", "/api/")


def _built_pages_dir() -> Path:
    from reflex.utils.prerequisites import get_web_dir
    from reflex_base.constants.base import Dirs

    return get_web_dir() / Dirs.STATIC


def inline_script_hashes(pages_dir: Path) -> list[str]:
    """CSP hashes of the inline scripts in the built pages (React Router's hydration data)."""
    hashes = set()
    for page in pages_dir.rglob("*.html"):
        for script in _INLINE_SCRIPT.findall(page.read_bytes()):
            digest = base64.b64encode(hashlib.sha256(script).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


@functools.cache
def content_security_policy(document: bool = True) -> str:
    """Only our own origin; WASM compilation for the pose runtime; inline scripts by hash only.

    The hashes (about 1 kB) matter only in an HTML document: every other answer (scripts,
    workers, images, the API) gets the policy without them, which would otherwise be most of
    the bytes of each small answer.
    """
    hashes = inline_script_hashes(_built_pages_dir()) if document else []
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # React style attributes and emotion set styles at run time; styles cannot run code.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' blob:",
            "worker-src 'self' blob:",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _served_over_https(scope: Scope) -> bool:
    # Trusting X-Forwarded-Proto from anyone is safe here: browsers ignore HSTS sent over http.
    forwarded = Headers(scope=scope).get("x-forwarded-proto", "")
    return scope.get("scheme") == "https" or forwarded.split(",")[0].strip().lower() == "https"


class SecurityHeadersMiddleware:
    """Adds CSP, anti-framing, no-sniff, no-referrer, HSTS behind HTTPS and noindex on shared links."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A 304 carries no policy: its headers would replace the stored copy's, and an
                # HTML page revalidated so would lose its inline-script hashes.
                if message["status"] != 304:
                    document = headers.get("content-type", "").startswith("text/html")
                    headers.setdefault("Content-Security-Policy", content_security_policy(document))
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                headers.setdefault(
                    "Permissions-Policy", "camera=(self), microphone=(), geolocation=()"
                )
                if _served_over_https(scope):
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
                if path.startswith(_NOINDEX_PREFIXES):
                    headers.setdefault("X-Robots-Tag", "noindex, nofollow")
                if path.startswith("/api/"):
                    # Reports are health data: no shared or browser cache keeps a copy.
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


@functools.cache
def prerendered_folders() -> frozenset[str]:
    """The paths of the built pages kept as folder/index.html ("/history", "/capture")."""
    pages_dir = _built_pages_dir()
    return frozenset(
        "/" + index.parent.relative_to(pages_dir).as_posix()
        for index in pages_dir.rglob("index.html")
        if index.parent != pages_dir
    )


class PageWithoutSlashMiddleware:
    """Answers a built page's path without its trailing slash with the page itself.

    The static files would answer /history with a redirect to /history/: one more round trip
    (about 300 ms on a phone's connection) before the page starts to load, for every link
    opened from outside the app. The page's own links and assets are absolute, so the page is
    the same at either path.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in prerendered_folders():
            path = scope["path"] + "/"
            scope = {**scope, "path": path, "raw_path": path.encode()}
        await self.app(scope, receive, send)


class JsonLogFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any structured fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str) -> None:
    """Send the app's logs to stderr as JSON lines, at the given level."""
    logger = logging.getLogger("valgus_pwa")
    if any(isinstance(handler.formatter, JsonLogFormatter) for handler in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLogFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


access_log = logging.getLogger("valgus_pwa.access")


def loggable_path(path: str) -> str:
    """The path with share ids blanked: an id in a log is a key to someone's health data."""
    return _SHARE_ID_SEGMENT.sub("{id}", path)


class AccessLogMiddleware:
    """Logs each HTTP request, and each websocket when it closes, as one JSON line.

    HTTP answers also carry the line's request id as X-Request-ID. The worker's pid says which
    of several backend workers served it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        offered = Headers(scope=scope).get("x-request-id", "")
        request_id = offered if _CLIENT_REQUEST_ID.match(offered) else uuid.uuid4().hex
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).setdefault("X-Request-ID", request_id)
            elif message["type"] == "websocket.accept":
                status = 101
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "request" if scope["type"] == "http" else "websocket",
                extra={
                    "fields": {
                        "method": scope.get("method", "WEBSOCKET"),
                        "path": loggable_path(scope["path"]),
                        # No response started means the app raised (or refused the websocket).
                        "status": status or (500 if scope["type"] == "http" else 403),
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "request_id": request_id,
                        "pid": os.getpid(),
                    }
                },
            )
