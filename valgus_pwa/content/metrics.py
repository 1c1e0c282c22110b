"""Column names and value formats for report fields, shared by the clinician tables and the CSV.

Fields the report gains later get a label from their name (`pelvic_drop_deg` → "Pelvic drop (°)"),
so new metrics appear in tables and exports without changes here.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

LABELS = {
    "start_ms": "Start (ms)",
    "bottom_ms": "Bottom (ms)",
    "end_ms": "End (ms)",
    "fppa_deg": "Knee FPPA (°)",
    "fppa_contact_deg": "Knee FPPA at contact (°)",
    "fppa_peak_deg": "Peak knee FPPA over the rep (°)",
    "depth": "Depth (share of leg length)",
    "too_deep": "Too deep",
    "hip_adduction_deg": "Hip adduction (°)",
    "pelvic_drop_deg": "Contralateral pelvic drop (°)",
    "trunk_lean_deg": "Trunk lateral lean (°)",
    "knee_medial_displacement": "Knee medial displacement (share of leg length)",
    "feet_down_share": "Both feet down in the descent (share of frames)",
    "left_out": "Left out of the mean (why)",
    "ok": "Quality ok",
    "confidence": "Confidence",
    "fps": "Frame rate (fps)",
    "detected_fraction": "Frames with a person detected (share)",
    "frontal_width_ratio": "Frontal width ratio ((shoulder + hip width) / torso length)",
    "frontal_depth_yaw_deg": "Body yaw from depth (°)",
    "leg_visibility": "Tested-leg visibility (0–1)",
    "other_person_fraction": "Frames with someone else in view (share)",
}
_UNITS = {"_deg": "°", "_ms": "ms", "_px": "px", "_pct": "%", "_hz": "Hz", "_s": "s"}


def metric_label(name: str) -> str:
    """A column heading with its unit, as a Kinovea user would expect."""
    if name in LABELS:
        return LABELS[name]
    for suffix, unit in _UNITS.items():
        if name.endswith(suffix):
            return f"{name.removesuffix(suffix).replace('_', ' ').capitalize()} ({unit})"
    return name.replace("_", " ").capitalize()


def metric_text(value: object) -> str:
    """A value for a table cell or CSV field: empty when missing, yes/no for flags."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        value = value or 0.0  # no "-0"
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"
    return str(value)


# Rep fields that are not metrics: the trust flag has its own column ("Rep trusted").
REP_NOT_METRICS = ("trusted",)


def scalar_fields(items: Sequence[BaseModel], skip: tuple[str, ...] = ()) -> list[str]:
    """Names of the scalar fields that hold a value in at least one item, in schema order."""
    names: list[str] = []
    for item in items:
        for name, value in item.model_dump().items():
            scalar = isinstance(value, (bool, int, float, str))
            if scalar and name not in skip and name not in names:
                names.append(name)
    return names
