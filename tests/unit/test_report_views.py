"""How a report is shaped for the pages: colour scale, chart points, rep table, trend over weeks,
texts as HTML."""

from __future__ import annotations

import pytest

from tests import synthetic
from tests.skeletons import landing_trial
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.content.education import render
from valgus_pwa.content.metric_definitions import chart_caption
from valgus_pwa.schemas import AssessmentIn, AssessmentOut
from valgus_pwa.state.history import trend_points
from valgus_pwa.state.trial_view import (
    asymmetry_text,
    chart_points,
    deepest_rep,
    scale_view,
    trial_view,
)
from valgus_pwa.state.views import section_view


def _report(*trials: dict):
    return analyse_assessment(AssessmentIn.model_validate(synthetic.assessment(*trials)))


def test_scale_zones_fill_the_bar_and_the_marker_sits_at_the_value():
    trial = _report(synthetic.squat_trial("left", valgus_px=20)).trials[0]
    scale = scale_view(trial, trustworthy=True)
    widths = [float(zone.width.rstrip("%")) for zone in scale.zones]
    assert [zone.tone for zone in scale.zones] == ["below", "within", "above", "well_above"]
    assert sum(widths) == pytest.approx(100, abs=0.05)
    low = float(scale.axis_low.replace("−", "-").rstrip("°"))
    high = float(scale.axis_high.replace("−", "-").rstrip("°"))
    marker = float(scale.marker_left.rstrip("%"))
    assert low + marker / 100 * (high - low) == pytest.approx(trial.summary.fppa_deg, abs=0.1)
    assert scale.marker_label == f"You: {trial.summary.fppa_deg:.1f}°"


def test_chart_marks_every_rep_bottom_and_the_clinical_table_has_every_rep():
    trial = _report(synthetic.squat_trial("right", reps=4)).trials[0]
    points = chart_points(trial)
    bottoms = [point["t"] for point in points if point["bottom"] is not None]
    assert bottoms == [round(rep.bottom_ms / 1000, 3) for rep in trial.reps]
    view = trial_view(trial, "female")
    assert len(view.rep_rows) == 4 and view.rep_columns[:2] == ["Rep", "Start (ms)"]
    assert deepest_rep(trial.reps).bottom_ms == view.replay_bottom_ms


def test_trend_is_per_side_by_weeks_and_skips_untrusted_trials():
    report = _report(
        synthetic.squat_trial("left", valgus_px=20), synthetic.squat_trial("right", reps=0)
    )
    first = AssessmentOut(
        id="a", created_at="2026-01-01T10:00:00+00:00", report_url="/r/a", report=report
    )
    later = first.model_copy(update={"id": "b", "created_at": "2026-01-15T10:00:00+00:00"})
    points = trend_points([first, later])
    assert [point["week"] for point in points] == [0, 2]
    assert points[0]["left"] == pytest.approx(report.trials[0].summary.fppa_deg)
    assert points[0]["right"] is None


def test_a_text_reaches_the_page_as_html_with_its_emphasis_and_linked_citations():
    section = render("next_steps", "runner")
    view = section_view(section)
    assert "**" not in view.html and "](" not in view.html
    assert "<li><strong>If your knee hurts, see a physiotherapist.</strong>" in view.html
    for source in section.sources:
        assert f'<a href="{source.url}">{source.short}</a>' in view.html


def test_a_two_leg_squat_shows_no_number_and_says_why():
    two_legs = synthetic.squat_trial("left", reps=5)
    for frame in two_legs["frames"]:
        frame["landmarks"][28][1] = frame["landmarks"][27][1]  # both feet on the floor
    view = trial_view(_report(two_legs).trials[0])
    assert view.fppa == "" and not view.trustworthy
    assert view.fppa_label == "No knee angle: every rep was left out (see the notes below)"
    assert view.headline.startswith("Left knee: no result: both feet were on the floor")
    assert [row.label for row in view.reps] == [
        f"Rep {n} (left out: both feet down)" for n in range(1, 6)
    ]


def test_a_landing_report_names_landings_contact_and_peak_knee_bend():
    report = _report(landing_trial("left"), landing_trial("right"))
    view = trial_view(report.trials[0], "female")
    assert view.rep_columns[:3] == ["Landing", "Contact (ms)", "Peak knee bend (ms)"]
    assert [rep.label for rep in view.reps] == ["Landing 1", "Landing 2", "Landing 3"]
    assert view.fppa_label == "Mean knee angle at peak knee bend (FPPA)"
    assert "<title>Peak knee bend of a landing: " in view.chart
    assert (view.deepest_event, view.moment) == ("deepest landing", "peak knee bend")
    assert view.reps_title == "Angle at peak knee bend of each landing"
    words = " ".join([asymmetry_text(report), view.fppa_label, view.reps_title, view.headline])
    assert "landings vary" in asymmetry_text(report) and "landing-to-landing" in words
    assert "rep" not in words.replace("report", "").lower().split()


def test_a_squat_report_keeps_reps_and_the_deepest_point():
    report = _report(synthetic.squat_trial("left"), synthetic.squat_trial("right"))
    view = trial_view(report.trials[0], "female")
    assert view.rep_columns[:3] == ["Rep", "Start (ms)", "Bottom (ms)"]
    assert view.fppa_label == "Mean knee angle at the deepest point (FPPA)"
    assert "<title>Deepest point of a rep: " in view.chart
    assert view.reps_title == "Angle at the deepest point of each rep"
    assert "reps vary" in asymmetry_text(report)


def test_an_untrusted_chart_names_the_measured_moment_in_the_tests_words():
    assert chart_caption(False, "rep", "deepest point").endswith(
        "without the typical range or each rep's deepest point. Light blue: each rep."
    )
    landing = _report(landing_trial("left")).trials[0]
    assert trial_view(landing, "female").chart_caption == chart_caption(
        True, "landing", "peak knee bend"
    )
