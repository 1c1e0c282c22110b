"""The assessments this device created: ids and owner keys kept in the browser's localStorage.

That list is the device's one history. Pages write it when they send, and move into it what the
service worker sent in the background (assets/outbox.js, recordSent): a page opened later gets it
before it starts (assets/sw.js), a page already open as soon as it sees the outbox change.
"""

from __future__ import annotations

import json

import reflex as rx

from valgus_pwa.api import service
from valgus_pwa.contract import STORAGE
from valgus_pwa.schemas import AssessmentOut


def load_each(ids: list[str]) -> list[tuple[str, AssessmentOut | None]]:
    """Each id with its stored assessment, or None once deleted or expired (blocking: run it
    in a worker thread)."""
    return [(assessment_id, service.load_assessment(assessment_id)) for assessment_id in ids]


class DeviceState(rx.State):
    """Reads and rewrites the device's list of its own assessments."""

    # Written by the browser once an upload is stored: [{id, owner_key, created_at, local_id}, ...].
    # Synced: a change made after the page started (in this tab too, assets/pwa.js) reaches the
    # state before the next page of the app loads its list.
    device_assessments: str = rx.LocalStorage("", name=STORAGE["HISTORY_KEY"], sync=True)

    def _entries(self) -> list[dict]:
        """The stored entries that carry an id, newest first as stored; junk is ignored."""
        try:
            stored = json.loads(self.device_assessments or "[]")
        except json.JSONDecodeError:
            return []
        if not isinstance(stored, list):
            return []
        return [
            entry
            for entry in stored
            if isinstance(entry, dict) and isinstance(entry.get("id"), str)
        ]

    def _owner_key(self, assessment_id: str) -> str | None:
        return next(
            (entry.get("owner_key") for entry in self._entries() if entry["id"] == assessment_id),
            None,
        )

    def _forget(self, assessment_id: str) -> None:
        if not self.device_assessments:
            # Not received from the browser (a state dropped after its lifetime, settings.py):
            # writing the empty remainder back would erase the device's list.
            return
        remaining = [entry for entry in self._entries() if entry["id"] != assessment_id]
        self.device_assessments = json.dumps(remaining)
