"""Charts drawn on the server: every point where it belongs, gaps kept, labels at their ticks."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valgus_pwa.state.line_chart import (
    PLOT_UNITS,
    Axis,
    Series,
    Shade,
    line_chart_html,
    nice_step,
    ticks,
)

COORDINATES = re.compile(r"[ML](-?\d+) (-?\d+)")
degrees = st.one_of(st.none(), st.floats(-60, 60, allow_nan=False))


def _paths(chart: str, kind: str) -> list[str]:
    return re.findall(rf'class="line-chart__{kind}"[^>]* d="([^"]+)"', chart)


def _labels(chart: str, axis: str) -> list[tuple[float, str]]:
    block = re.search(rf'class="line-chart__{axis}"[^>]*>(.*?)</div>', chart).group(1)
    where = "top" if axis == "y" else "left"
    return [
        (float(at), text) for at, text in re.findall(rf'{where}:(-?[\d.]+)%[^"]*">([^<]*)<', block)
    ]


@given(st.lists(degrees, min_size=1, max_size=80))
def test_every_measured_point_is_in_the_plot_and_each_gap_starts_a_new_line(values):
    points = [(index / 30, value) for index, value in enumerate(values)]
    chart = line_chart_html([Series("Knee", "#000", points)], label="knee", x_axis=Axis())
    drawn = "".join(_paths(chart, "line"))
    coordinates = [(int(x), int(y)) for x, y in COORDINATES.findall(drawn)]
    assert len(coordinates) == sum(value is not None for value in values)
    assert all(0 <= x <= PLOT_UNITS and 0 <= y <= PLOT_UNITS for x, y in coordinates)
    runs = sum(
        1
        for index, value in enumerate(values)
        if value is not None and (index == 0 or values[index - 1] is None)
    )
    assert drawn.count("M") == runs


@given(st.lists(degrees, min_size=1, max_size=40))
def test_joined_series_cross_gaps_and_dot_every_measured_point(values):
    points = [(float(number), value) for number, value in enumerate(values, 1)]
    chart = line_chart_html(
        [Series("Left", "#000", points, "line_and_dots")], label="steps", x_axis=Axis()
    )
    measured = sum(value is not None for value in values)
    assert len(_paths(chart, "dot")) == measured
    assert "".join(_paths(chart, "line")).count("M") == (1 if measured else 0)


@given(
    st.floats(-90, 90, allow_nan=False),
    st.floats(0.001, 120, allow_nan=False),
)
def test_the_value_axis_covers_the_data_with_whole_ticks(low, span):
    chart = line_chart_html(
        [Series("Knee", "#000", [(0.0, low), (1.0, low + span)])], label="k", x_axis=Axis()
    )
    labels = _labels(chart, "y")
    values = [float(text.rstrip("°")) for _, text in labels]
    assert min(values) <= low + 1e-6 and max(values) >= low + span - 1e-6
    assert len(values) <= 8
    # The top label sits at the top of the plot, the bottom one at its foot.
    assert labels[0][0] == pytest.approx(0.0) or labels[-1][0] == pytest.approx(0.0)
    assert {round(at, 2) for at, _ in labels} >= {0.0, 100.0}


def test_a_fixed_time_axis_labels_whole_seconds_and_the_band_spans_its_degrees():
    points = [(t / 10, 5.0 + t / 10) for t in range(121)]
    chart = line_chart_html(
        [Series("Knee", "#000", points)],
        label="knee over 12 s",
        x_axis=Axis(unit=" s", low=0, high=12, integers=True),
        shades=[Shade(0.0, 10.0, "y", "#0f0", 0.1), Shade(2.0, 4.0, "x", "#00f", 0.1)],
    )
    assert [text for _, text in _labels(chart, "x")] == [
        "0 s",
        "2 s",
        "4 s",
        "6 s",
        "8 s",
        "10 s",
        "12 s",
    ]
    # The end labels stay inside the chart; the others are centred on their ticks.
    assert 'left:0.00%;transform:none">0 s<' in chart
    assert 'left:100.00%;transform:translateX(-100%)">12 s<' in chart
    assert 'left:50.00%;">6 s<' in chart
    rep = re.search(r'line-chart__shade--x" x="(\d+)" y="0" width="(\d+)"', chart)
    assert (int(rep.group(1)), int(rep.group(2))) == (
        167,
        166,
    )  # 2 s to 4 s of 12, rounded to whole units
    assert 'role="img" aria-label="knee over 12 s"' in chart


def test_a_dot_names_its_series_time_and_angle_for_a_pointer():
    chart = line_chart_html(
        [Series("Deepest point of a rep", "#c00", [(2.5, 12.34)], "dots")],
        label="k",
        x_axis=Axis(unit=" s", low=0, high=5),
    )
    assert "<title>Deepest point of a rep: 2.5 s, 12.3°</title>" in chart
    assert not _paths(chart, "line")


def test_one_point_or_none_still_draws_an_axis():
    for points in ([(0.0, 7.0)], [(0.0, None)], []):
        chart = line_chart_html([Series("Knee", "#000", points)], label="k", x_axis=Axis(low=0))
        assert _labels(chart, "y") and _labels(chart, "x")


def test_names_are_escaped():
    chart = line_chart_html([Series("<b>&", "#000", [(0.0, 1.0)])], label='a"b', x_axis=Axis())
    assert "<b>" not in chart and "&lt;b&gt;&amp;" in chart and 'aria-label="a&quot;b"' in chart


@given(st.floats(0.01, 1e4, allow_nan=False), st.booleans())
def test_a_nice_step_is_one_two_or_five_times_a_power_of_ten_and_fits(span, integers):
    step = nice_step(span, integers=integers)
    assert span / step <= 6 + 1e-9
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 5)
    if integers:
        assert step >= 1
    assert ticks(0, span, step)[0] == 0


def test_tests_all_in_one_week_span_the_first_week_from_zero():
    points = [(0.0, 12.0), (0.0, 14.0)]
    chart = line_chart_html(
        [Series("Left knee", "#000", points, "line_and_dots")],
        label="k",
        x_axis=Axis(unit=" wk", low=0),
    )
    labels = [text for _, text in _labels(chart, "x")]
    assert labels[0] == "0 wk" and labels[-1] == "1 wk"
