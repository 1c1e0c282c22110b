"""Bytes a browser context receives over the network: every response a page or its service
worker fetched (headers and compressed body); answers the service worker gave from its cache
cost nothing. Shared by the first-visit budget test and bench/pwa_bytes.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, Request


@dataclass
class Received:
    by_url: dict[str, int] = field(default_factory=dict)
    by_service_worker: int = 0  # responses the service worker itself fetched (its install)

    @property
    def total(self) -> int:
        return sum(self.by_url.values())


def count_received(context: BrowserContext) -> tuple[Received, Callable[[], None]]:
    """Start counting; returns the running count and a function that stops it."""
    received = Received()

    def count(request: Request) -> None:
        response = request.response()
        if response is None or response.from_service_worker:
            return
        sizes = request.sizes()
        size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        url = request.url.split("?", 1)[0]
        received.by_url[url] = received.by_url.get(url, 0) + size
        if request.service_worker is not None:
            received.by_service_worker += size

    context.on("requestfinished", count)
    return received, lambda: context.remove_listener("requestfinished", count)
