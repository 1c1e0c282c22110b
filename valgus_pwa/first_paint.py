"""Build step: every page paints from its HTML and stylesheet before its scripts arrive.

Pages are prerendered (the report routes as a frame that says it is loading), so nothing on screen
needs a script to appear. React hoists the scripts' `modulepreload` links into the head, where the
browser fetches them at high priority next to the stylesheet: on a slow phone connection the
170 kB of runtime then delays the first paint by about a second. Marked low priority, they load
right after the stylesheet and still run as soon as they arrive.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reflex.plugins import Plugin

MODULE_PRELOAD = re.compile(r'<link rel="modulepreload" (?!fetchpriority=)')


def scripts_after_first_paint(html: str) -> str:
    return MODULE_PRELOAD.sub('<link rel="modulepreload" fetchpriority="low" ', html)


class ScriptsAfterFirstPaint(Plugin):
    """Rewrites the built HTML pages; runs before Reflex compresses them."""

    def post_build(self, **context: Any) -> None:
        static_dir: Path = context["static_dir"]
        for page in static_dir.rglob("*.html"):
            html = page.read_text()
            rewritten = scripts_after_first_paint(html)
            if rewritten != html:
                page.write_text(rewritten)
