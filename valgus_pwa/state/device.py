"""The assessments this device created: ids and owner keys kept in the browser's localStorage."""

from __future__ import annotations

import json

import reflex as rx

from valgus_pwa.contract import STORAGE


class DeviceState(rx.State):
    """Reads and rewrites the device's list of its own assessments."""

    # Written by the browser once an upload is stored: [{id, owner_key, created_at}, ...].
    device_assessments: str = rx.LocalStorage("", name=STORAGE["HISTORY_KEY"])

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
        remaining = [entry for entry in self._entries() if entry["id"] != assessment_id]
        self.device_assessments = json.dumps(remaining)
