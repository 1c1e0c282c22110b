"""Reading the app's CSV exports as a spreadsheet or pandas would: BOM, "# " metadata, then rows."""

from __future__ import annotations

import csv
import io
import re

BOM = "\ufeff"


def metadata_and_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The metadata lines (without "# ") and the table's rows by column name."""
    assert text.startswith(BOM), "the export starts with a UTF-8 byte order mark"
    lines = text.removeprefix(BOM).splitlines(keepends=True)
    metadata = [line.removeprefix("# ").rstrip("\n") for line in lines if line.startswith("#")]
    table = "".join(line for line in lines if not line.startswith("#"))
    return metadata, list(csv.DictReader(io.StringIO(table)))


def data_rows(text: str) -> list[dict[str, str]]:
    """The table's rows by column name, metadata skipped."""
    return metadata_and_rows(text)[1]


def metadata_value(metadata: list[str], key: str) -> str | None:
    """The value of a "key: value" metadata line, or None."""
    for line in metadata:
        if line.startswith(f"{key}: "):
            return line.removeprefix(f"{key}: ")
    return None


def trial_metadata(metadata: list[str], number: int) -> dict[str, str]:
    """A "trial N: test …; side …; …" line as a dict: {"test": …, "side": …, "resolution": …}."""
    line = metadata_value(metadata, f"trial {number}")
    assert line is not None, f"no metadata line for trial {number}"
    parts = {}
    for part in line.split("; "):
        match = re.fullmatch(
            r"(test|side|model|frame rate|resolution|mirrored|tilt reference|trusted) (.+)", part
        )
        if match:
            parts[match[1]] = match[2]
    return parts


def roll_deg(trial_line: dict[str, str]) -> float:
    """The phone roll that pelvic drop and trunk lean were levelled by (0 without one)."""
    match = re.search(r"phone roll (-?[0-9.]+)°", trial_line.get("tilt reference", ""))
    return float(match[1]) if match else 0.0


def number(cell: str) -> float | None:
    return float(cell) if cell else None
