"""Which web pages may use the app from a browser: its own origin, and any a deployment names.

Cross-origin HTTP reads are governed by CORS, granted by Reflex's CORS middleware to the listed
origins only (rxconfig.py). The live connection (`/_event`) is a websocket, which CORS does not
cover: Socket.IO checks the page's Origin with `origin_allowed`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import urlsplit


def origin_allowed_by(listed: frozenset[str]) -> Callable[[str | None, Mapping[str, str]], bool]:
    """The check for Socket.IO: the page's origin is this server's (by the Host the browser
    sent, or the one a proxy forwarded) or a listed one."""

    def origin_allowed(origin: str | None, environ: Mapping[str, str]) -> bool:
        if not origin:
            return True  # not a web page: no page's permissions to protect
        if origin in listed:
            return True
        host = urlsplit(origin).netloc
        own_hosts = (environ.get("HTTP_HOST"), environ.get("HTTP_X_FORWARDED_HOST"))
        return bool(host) and host in own_hosts

    return origin_allowed
