"""Two running tests compared: each leg's change of each measure against that measure's own
running smallest detectable difference, never the squat's 8°; and the words of each change."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.unit.test_squat_vs_run import report, running_report_trial, squat_report_trial
from valgus_pwa.analysis.followup import (
    RUNNING_CHANGE_SDD_DEG,
    compare_reports,
    compare_running,
    running_comparison_warnings,
)
from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG
from valgus_pwa.analysis.running import RUNNING_METRICS
from valgus_pwa.analysis.running_norms import RUNNING_SDD_DEG
from valgus_pwa.content.change_texts import (
    running_before_after_text,
    running_change_message,
    running_change_title,
)

angles = st.floats(-15, 35, allow_nan=False).map(lambda v: round(v, 2))
leg_means = st.fixed_dictionaries({name: angles for name in RUNNING_METRICS})


def test_each_measure_is_judged_by_its_own_running_figure():
    assert RUNNING_CHANGE_SDD_DEG == {
        "pelvic_drop_deg": 2.8,
        "hip_adduction_deg": 3.8,
        "trunk_lean_deg": 2.3,
        # No running figure for the knee angle: the squat's 2D FPPA figure, borrowed.
        "fppa_deg": SMALLEST_DETECTABLE_DIFFERENCE_DEG,
    }


@given(before=leg_means, after=leg_means)
def test_a_change_is_real_from_the_measures_sdd(before, after):
    earlier = report(running_report_trial({"left": before, "right": before}))
    current = report(running_report_trial({"left": after, "right": after}))
    changes = compare_running(earlier, current)
    assert [(c.side, c.measure) for c in changes] == [
        (side, name) for side in ("left", "right") for name in RUNNING_METRICS
    ]
    for change in changes:
        difference = round(after[change.measure] - before[change.measure], 2)
        assume(abs(abs(difference) - change.sdd_deg) > 1e-6)  # not on the edge
        assert change.change_deg == pytest.approx(difference, abs=0.011)
        assert change.sdd_deg == RUNNING_CHANGE_SDD_DEG[change.measure]
        assert change.sdd_borrowed == (RUNNING_SDD_DEG[change.measure] is None)
        real = abs(difference) >= change.sdd_deg
        assert change.verdict == ("real_change" if real else "within_noise")


def test_a_3_degree_rise_in_pelvic_drop_is_real_although_below_the_squats_8():
    before = dict.fromkeys(RUNNING_METRICS, 5.0)
    after = {**before, "pelvic_drop_deg": 8.0, "hip_adduction_deg": 8.0}
    changes = compare_running(
        report(running_report_trial({"left": before})),
        report(running_report_trial({"left": after})),
    )
    by_measure = {c.measure: c for c in changes if c.side == "left"}
    assert by_measure["pelvic_drop_deg"].verdict == "real_change"  # 3° ≥ 2.8°
    assert by_measure["hip_adduction_deg"].verdict == "within_noise"  # 3° < 3.8°
    assert by_measure["fppa_deg"].verdict == "within_noise"
    message = running_change_message(by_measure["pelvic_drop_deg"])
    assert message.startswith("Left leg, running pelvic drop: 3.0° more than before.")
    assert "2.8°" in message and "Dingenen et al. 2018" in message


def test_an_untrusted_or_missing_run_is_not_comparable():
    means = dict.fromkeys(RUNNING_METRICS, 5.0)
    trusted = report(running_report_trial({"left": means, "right": means}))
    untrusted = report(running_report_trial({"left": means, "right": means}, trusted=False))
    squat_only = report(squat_report_trial("left", 10.0))
    for earlier, current in ((trusted, untrusted), (squat_only, trusted)):
        changes = compare_running(earlier, current)
        assert changes and {c.verdict for c in changes} == {"not_comparable"}
        assert running_comparison_warnings(earlier, current, changes) == []
    assert compare_running(squat_only, squat_only) == []


def test_the_squat_comparison_leaves_the_running_trial_out():
    means = dict.fromkeys(RUNNING_METRICS, 5.0)
    earlier = report(squat_report_trial("left", 10.0), running_report_trial({"left": means}))
    current = report(squat_report_trial("left", 20.0), running_report_trial({"left": means}))
    (change,) = compare_reports(earlier, current)
    assert (change.test, change.side, change.verdict) == ("single_leg_squat", "left", "real_change")


def test_runs_filmed_at_different_rates_are_warned_about():
    means = dict.fromkeys(RUNNING_METRICS, 5.0)
    earlier = report(running_report_trial({"left": means}, fps=60.0))
    current = report(running_report_trial({"left": means}, fps=120.0))
    changes = compare_running(earlier, current)
    (warning,) = running_comparison_warnings(earlier, current, changes)
    assert warning.code == "frame_rate_differs"
    assert warning.params == {"earlier_fps": 60.0, "current_fps": 120.0}


@given(before=leg_means, after=leg_means)
def test_every_running_change_is_worded_with_its_measure_and_figure(before, after):
    changes = compare_running(
        report(running_report_trial({"left": before})),
        report(running_report_trial({"left": after, "right": after})),
    )
    for change in changes:
        message = running_change_message(change)
        title = running_change_title(change)
        assert title.startswith(f"{change.side.capitalize()} leg · running · ")
        assert message.startswith(f"{change.side.capitalize()} leg, running ")
        if change.verdict == "not_comparable":
            assert change.side == "right" and "earlier assessment" in message
            assert running_before_after_text(change).startswith("Earlier no result")
            continue
        figure = f"{change.sdd_deg:.0f}°" if change.sdd_borrowed else f"{change.sdd_deg:.1f}°"
        assert figure in message
        source = "Munro, Herrington & Carolan 2012" if change.sdd_borrowed else "Dingenen"
        assert source in message
        # Inside the noise a change has no direction.
        directed = " more than before" in message or " less than before" in message
        assert directed == (change.verdict == "real_change")
