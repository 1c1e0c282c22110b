"""Frame-rate floors per test: a squat below its floor gets no finding, a landing below the
contact floor gets no contact angle and at most medium confidence, and both say so plainly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.skeletons import box_landings, make_trial, squat_profile, squat_skeletons
from valgus_pwa import contract
from valgus_pwa.analysis import analyse_trial
from valgus_pwa.analysis.quality import (
    MIN_CONTACT_FPS,
    MIN_FPS,
    MIN_SQUAT_FPS,
    contact_issue,
    contact_measurable,
    frame_rate_issue,
    judge,
)
from valgus_pwa.content.flag_texts import flag_message

rates = st.floats(1.0, 240.0, allow_nan=False)
LANDINGS = [(600.0, 8.0, 800.0), (700.0, 12.0, 900.0), (650.0, 10.0, 850.0)]


def test_the_floors_are_ordered_and_shared_with_the_browser():
    assert MIN_SQUAT_FPS < MIN_FPS < MIN_CONTACT_FPS
    thresholds = contract.contract()["THRESHOLDS"]
    assert thresholds["MIN_FPS"] == MIN_FPS  # the JS that reads MIN_FPS keeps working
    assert thresholds["MIN_SQUAT_FPS"] == MIN_SQUAT_FPS
    assert thresholds["MIN_CONTACT_FPS"] == MIN_CONTACT_FPS


@given(fps=rates)
def test_a_squat_below_its_floor_is_blocked_and_between_floor_and_minimum_only_flagged(fps):
    issue = frame_rate_issue(fps, "single_leg_squat")
    if fps >= MIN_FPS:
        assert issue is None
        return
    assert issue is not None and issue.code == "low_frame_rate"
    assert issue.blocking == (fps < MIN_SQUAT_FPS)
    assert issue.params["min_fps"] == (MIN_SQUAT_FPS if issue.blocking else MIN_FPS)
    ok, confidence, _ = judge([issue], measured=True)
    assert ok == (not issue.blocking)
    assert confidence == ("low" if issue.blocking else "medium")


@given(fps=rates)
def test_a_landing_is_never_blocked_by_its_frame_rate(fps):
    issue = frame_rate_issue(fps, "single_leg_landing")
    assert issue is None or not issue.blocking


@given(fps=st.none() | rates, landed=st.booleans())
def test_the_contact_flag_fires_exactly_for_a_seen_landing_below_the_contact_floor(fps, landed):
    issue = contact_issue(fps, "single_leg_landing", landed)
    expected = landed and fps is not None and fps < MIN_CONTACT_FPS
    assert (issue is not None) == expected
    assert contact_measurable(fps) == (fps is not None and fps >= MIN_CONTACT_FPS)
    assert contact_issue(fps, "single_leg_squat", landed) is None
    if issue is not None:
        assert not issue.blocking and issue.params["min_fps"] == MIN_CONTACT_FPS
        # A flag on its own gives medium confidence: never high.
        assert judge([issue], measured=True)[1] == "medium"
        words = flag_message(issue.code, issue.params, issue.blocking)
        # The words show the rate as the flag carries it (to 0.01 fps), rounded to whole frames.
        shown = f"{issue.params['fps']:.0f} frames per second"
        assert words and shown in words and "not given" in words


def _landing(fps: float, side: str = "right"):
    t_ms, skeletons, _, _ = box_landings(side, LANDINGS, fps)
    return analyse_trial(make_trial(skeletons, t_ms, side=side, test="single_leg_landing"))


@settings(max_examples=8, deadline=None)
@given(fps=st.sampled_from([25.0, 30.0]), side=st.sampled_from(["left", "right"]))
def test_a_landing_below_the_contact_floor_has_no_contact_angle(fps, side):
    report = _landing(fps, side)
    assert len(report.reps) == len(LANDINGS)
    assert all(rep.fppa_contact_deg is None for rep in report.reps)
    assert all(rep.fppa_deg is not None for rep in report.reps)
    assert "fppa_contact_deg" not in report.summary.metrics
    codes = [flag.code for flag in report.quality.flags]
    assert "contact_not_measured" in codes and report.quality.confidence != "high"
    assert report.quality.ok and report.summary.category is not None


@pytest.mark.parametrize("fps", [MIN_CONTACT_FPS, 60.0, 120.0])
def test_a_landing_at_or_above_the_contact_floor_keeps_its_contact_angle(fps):
    report = _landing(fps)
    assert all(rep.fppa_contact_deg is not None for rep in report.reps)
    assert report.summary.metrics["fppa_contact_deg"].n == len(LANDINGS)
    assert report.quality.flags == [] and report.quality.confidence == "high"


@pytest.mark.parametrize("fps", [10.0, 12.0, 15.0, 18.0])
def test_a_squat_below_its_floor_gets_no_category(fps):
    t_ms, progress = squat_profile([2200.0] * 5, [700.0] * 6, fps)
    report = analyse_trial(make_trial(squat_skeletons("left", progress, fppa_bottom=9.0), t_ms))
    (flag,) = [flag for flag in report.quality.flags if flag.code == "low_frame_rate"]
    assert flag.blocking and flag.params["test"] == "single_leg_squat"
    assert not report.quality.ok and report.summary.category is None
    assert not report.summary.trusted
    words = flag_message(flag.code, flag.params, flag.blocking)
    assert words and "no knee angle is given" in words and f"at least {MIN_SQUAT_FPS:.0f}" in words


def test_a_flag_stored_before_the_floors_keeps_its_stored_words():
    """Older reports have low_frame_rate with only fps: render keeps their stored message."""
    assert flag_message("low_frame_rate", {"fps": 22.0}, False) is None
