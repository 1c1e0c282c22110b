"""Line charts of angles as static HTML and SVG, drawn on the server.

The report pages' charts are read, not explored: a chart drawn here costs the browser no chart
library and no script, prints as sharply as it shows, and travels as one string in the page's
state instead of every point as an object.

The plot is an SVG whose coordinates run 0..1000 on both axes and that stretches to its box
(`preserveAspectRatio="none"`); its strokes keep their width (`non-scaling-stroke`) and its dots
are zero-length strokes with round caps, so they stay round at any shape of the box. The axis
labels and the legend are HTML placed by percentages, so their text keeps its size.
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Callable, Sequence
from typing import Literal

PLOT_UNITS = 1000
MAX_TICKS = 6
# Where the data's range is zero (one test, one step), the axis shows this much around it.
EMPTY_RANGE = 1.0

Point = tuple[float, float | None]


@dataclasses.dataclass(frozen=True)
class Series:
    """One named series of (x, degrees) points; None where nothing was measured.

    "line": a plain line with gaps where nothing was measured (a point per frame);
    "dots": only a dot at each point (marked moments);
    "line_and_dots": a dot at each point, joined across the gaps (a point per step or test).
    """

    name: str
    colour: str
    points: Sequence[Point]
    shape: Literal["line", "dots", "line_and_dots"] = "line"


@dataclasses.dataclass(frozen=True)
class Axis:
    """The x axis: its unit after each label, and a fixed range where the data should not set it."""

    unit: str = ""
    low: float | None = None
    high: float | None = None
    integers: bool = False


@dataclasses.dataclass(frozen=True)
class Shade:
    """A shaded region: an x span (a rep) or a y band (the typical range)."""

    start: float
    end: float
    along: Literal["x", "y"]
    colour: str
    opacity: float


def nice_step(span: float, most: int = MAX_TICKS, integers: bool = False) -> float:
    """The tick step of 1, 2 or 5 times a power of ten that gives at most `most` intervals."""
    raw = max(span, 1e-9) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)
    return max(1.0, step) if integers else step


def ticks(low: float, high: float, step: float) -> list[float]:
    """The multiples of step from low to high, both included when they are multiples."""
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(index * step, 10) for index in range(first, last + 1)]


def data_range(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if high - low < 1e-9:
        return low - EMPTY_RANGE / 2, high + EMPTY_RANGE / 2
    return low, high


def _label(value: float, unit: str) -> str:
    text = f"{value:g}" if abs(value) >= 1e-9 else "0"
    return f"{text}{unit}"


def _scale(value: float, low: float, high: float) -> int:
    return round((value - low) / (high - low) * PLOT_UNITS)


def _x_label_anchor(at_percent: float) -> str:
    """A label centred on its tick, except at the plot's ends, where it stays inside the chart."""
    if at_percent > 99.5:
        return "transform:translateX(-100%)"
    if at_percent < 0.5:
        return "transform:none"
    return ""


def _path(
    points: Sequence[Point],
    join_gaps: bool,
    x_of: Callable[[float], int],
    y_of: Callable[[float], int],
) -> str:
    """An SVG path through the points: a gap starts a new line unless join_gaps."""
    parts: list[str] = []
    pen_down = False
    for x, y in points:
        if y is None:
            pen_down = pen_down and join_gaps
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x_of(x)} {y_of(y)}")
        pen_down = True
    return "".join(parts)


def line_chart_html(
    series: Sequence[Series],
    *,
    label: str,
    x_axis: Axis,
    y_unit: str = "°",
    shades: Sequence[Shade] = (),
) -> str:
    """The chart as HTML: y labels, the plot, x labels and a legend of the series.

    label: what the chart shows, in words, for a screen reader (the SVG's accessible name).
    The y range takes in every measured point and any y band, rounded out to whole ticks.
    """
    measured = [y for one in series for _, y in one.points if y is not None]
    bands = [value for shade in shades if shade.along == "y" for value in (shade.start, shade.end)]
    y_low, y_high = data_range(measured + bands or [0.0])
    y_step = nice_step(y_high - y_low)
    y_low, y_high = math.floor(y_low / y_step) * y_step, math.ceil(y_high / y_step) * y_step
    xs = [x for one in series for x, _ in one.points] or [0.0]
    x_low = x_axis.low if x_axis.low is not None else min(xs)
    x_high = x_axis.high if x_axis.high is not None else max(xs)
    if x_high - x_low < 1e-9:
        # One x value: around it, or from a fixed start (tests all in the first week: 0–1 wk).
        x_low, x_high = (
            (x_low, x_low + EMPTY_RANGE) if x_axis.low is not None else data_range([x_low])
        )
    x_step = nice_step(x_high - x_low, integers=x_axis.integers)

    def x_of(value: float) -> int:
        return _scale(value, x_low, x_high)

    def y_of(value: float) -> int:
        return PLOT_UNITS - _scale(value, y_low, y_high)

    shapes: list[str] = []
    for shade in shades:
        if shade.along == "x":
            left, right = x_of(max(shade.start, x_low)), x_of(min(shade.end, x_high))
            box = f'x="{left}" y="0" width="{max(0, right - left)}" height="{PLOT_UNITS}"'
        else:
            top, bottom = y_of(shade.end), y_of(shade.start)
            box = f'x="0" y="{top}" width="{PLOT_UNITS}" height="{max(0, bottom - top)}"'
        shapes.append(
            f'<rect class="line-chart__shade line-chart__shade--{shade.along}" {box}'
            f' fill="{shade.colour}" fill-opacity="{shade.opacity}"/>'
        )
    y_ticks = ticks(y_low, y_high, y_step)
    x_ticks = ticks(x_low, x_high, x_step)
    grid = "".join(
        f'<path class="line-chart__grid" d="M0 {y_of(value)}H{PLOT_UNITS}"/>' for value in y_ticks
    ) + "".join(
        f'<path class="line-chart__grid" d="M{x_of(value)} 0V{PLOT_UNITS}"/>' for value in x_ticks
    )
    for one in series:
        name = html.escape(one.name)
        if one.shape != "dots":
            path = _path(one.points, one.shape == "line_and_dots", x_of, y_of)
            if path:
                shapes.append(
                    f'<path class="line-chart__line" data-series="{name}" d="{path}"'
                    f' stroke="{one.colour}"/>'
                )
        if one.shape != "line":
            shapes.extend(
                f'<path class="line-chart__dot" data-series="{name}"'
                f' d="M{x_of(x)} {y_of(y)}h0" stroke="{one.colour}">'
                f"<title>{name}: {_label(x, x_axis.unit)}, {y:.1f}{y_unit}</title></path>"
                for x, y in one.points
                if y is not None
            )
    y_labels = "".join(
        f'<span style="top:{100 - (value - y_low) / (y_high - y_low) * 100:.2f}%">'
        f"{_label(value, y_unit)}</span>"
        for value in y_ticks
    )
    x_labels = "".join(
        f'<span style="left:{at:.2f}%;{_x_label_anchor(at)}">{_label(value, x_axis.unit)}</span>'
        for value in x_ticks
        for at in [(value - x_low) / (x_high - x_low) * 100]
    )
    legend = "".join(
        f'<li><span class="line-chart__swatch line-chart__swatch--{one.shape}"'
        f' style="--colour:{one.colour}"></span>{html.escape(one.name)}</li>'
        for one in series
    )
    return (
        '<div class="line-chart">'
        f'<div class="line-chart__y" aria-hidden="true">{y_labels}</div>'
        '<div class="line-chart__plot">'
        f'<svg viewBox="0 0 {PLOT_UNITS} {PLOT_UNITS}" preserveAspectRatio="none" role="img"'
        f' aria-label="{html.escape(label)}">{grid}{"".join(shapes)}</svg></div>'
        f'<div class="line-chart__x" aria-hidden="true">{x_labels}</div>'
        f'<ul class="line-chart__legend">{legend}</ul>'
        "</div>"
    )
