"""The whole analysis on synthetic assessments: reps, summary, references, comparison."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.skeletons import make_trial, squat_profile, squat_skeletons
from valgus_pwa.analysis import ANALYSIS_VERSION, analyse_assessment, compare_reports
from valgus_pwa.analysis.norms import SMALLEST_DETECTABLE_DIFFERENCE_DEG, categorize, norm_for
from valgus_pwa.content.render import rendered
from valgus_pwa.schemas import AssessmentIn, Frame, Report, Subject, Trial


def _squat_trial(side: str, fppa: float, *, n_reps: int = 5, mirrored: bool = False) -> Trial:
    t_ms, progress = squat_profile([2200.0] * n_reps, [700.0] * (n_reps + 1), 30.0)
    skeletons = squat_skeletons(side, progress, fppa_bottom=fppa)
    return make_trial(skeletons, t_ms, side=side, mirrored=mirrored)


def test_five_rep_squat_gives_five_reps_at_the_known_angle():
    report = analyse_assessment(
        AssessmentIn(
            schema_version=1, subject=Subject(sex="female"), trials=[_squat_trial("left", 12.0)]
        )
    )
    assert report.analysis_version == ANALYSIS_VERSION
    (trial,) = report.trials
    assert len(trial.reps) == 5
    assert all(rep.fppa_deg == pytest.approx(12.0, abs=0.5) for rep in trial.reps)
    assert trial.summary.fppa_deg == pytest.approx(12.0, abs=0.5)
    assert trial.summary.fppa_sd_deg < 0.5 and trial.summary.n_reps == 5
    assert trial.summary.category == "within"
    assert trial.summary.reference.code == "squat_pain_free_women"
    assert rendered(report).trials[0].summary.reference.citation.startswith("Herrington L.")
    assert trial.quality.ok and trial.quality.confidence == "high"
    assert report.comparison is None  # one side only


def test_series_is_per_frame_and_json_safe():
    trial_in = _squat_trial("right", 7.0, n_reps=3)
    trial_in.frames[10].landmarks = None
    trial = analyse_assessment(AssessmentIn(schema_version=1, trials=[trial_in])).trials[0]
    assert trial.series.t_ms == [frame.t_ms for frame in trial_in.frames]
    assert len(trial.series.fppa_deg) == len(trial_in.frames)
    assert trial.series.fppa_deg[10] is not None  # a one-frame gap is bridged
    peak = max(value for value in trial.series.fppa_deg if value is not None)
    assert peak == pytest.approx(7.0, abs=0.3)
    json.loads(trial.model_dump_json())  # no NaN or infinity in the report


def test_both_sides_are_compared():
    report = analyse_assessment(
        AssessmentIn(
            schema_version=1,
            subject=Subject(sex="female"),
            trials=[_squat_trial("left", 18.0), _squat_trial("right", 6.0, mirrored=True)],
        )
    )
    left, right = report.trials
    assert (left.summary.category, right.summary.category) == ("well_above", "within")
    comparison = report.comparison
    assert comparison.test == "single_leg_squat"
    assert comparison.asymmetry_deg == pytest.approx(12.0, abs=0.5)
    assert comparison.left_fppa_deg == pytest.approx(18.0, abs=0.5)
    # Judged against the reps' spread within the session: 5 steady reps a side.
    fppa = comparison.metrics["fppa_deg"]
    assert (fppa.basis, fppa.n_left, fppa.n_right) == ("rep_spread", 5, 5)
    assert fppa.difference_se < 0.5 and fppa.beyond_rep_spread is True
    assert comparison.within_noise is False


def test_untrusted_trials_are_left_out_of_the_comparison():
    few = _squat_trial("right", 6.0, n_reps=0)
    report = analyse_assessment(
        AssessmentIn(schema_version=1, trials=[_squat_trial("left", 10.0), few])
    )
    assert not report.trials[1].quality.ok
    assert report.comparison is None


@pytest.mark.parametrize(
    ("test", "sex", "value", "category"),
    [
        ("single_leg_squat", "female", 2.0, "below"),
        ("single_leg_squat", "female", 8.4, "within"),
        ("single_leg_squat", "male", 15.0, "above"),
        ("single_leg_squat", "unspecified", 16.8, "well_above"),
        ("single_leg_landing", "female", 4.0, "below"),
        ("single_leg_landing", "male", 4.0, "within"),
        ("single_leg_landing", "male", 10.0, "above"),
        ("single_leg_landing", "female", 20.0, "well_above"),
        ("single_leg_landing", "unspecified", 1.0, "within"),
    ],
)
def test_categories_against_published_ranges(test, sex, value, category):
    assert categorize(value, norm_for(test, sex)) == category


def test_every_reference_is_cited_and_ordered():
    for test in ("single_leg_squat", "single_leg_landing"):
        for sex in ("female", "male", "unspecified"):
            norm = norm_for(test, sex)
            assert norm.reference.low_deg < norm.reference.high_deg < norm.well_above_deg
            assert norm.reference.code and norm.note_code
    male, female = norm_for("single_leg_squat", "male"), norm_for("single_leg_squat", "female")
    assert male.note_code != female.note_code
    either_sex = norm_for("single_leg_landing", "unspecified").reference
    assert (either_sex.low_deg, either_sex.high_deg) == (1.0, 12.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.data_too_large])
@given(
    data=st.data(),
    n_frames=st.integers(1, 40),
    test=st.sampled_from(["single_leg_squat", "single_leg_landing"]),
    mirrored=st.booleans(),
)
def test_any_valid_upload_gives_a_json_safe_report(data, n_frames, test, mirrored):
    value = st.floats(-0.5, 1.5, allow_nan=False)
    landmarks = st.one_of(
        st.none(),
        st.lists(st.tuples(value, value, value, st.floats(0, 1)), min_size=33, max_size=33),
    )
    steps = data.draw(st.lists(st.floats(1, 200), min_size=n_frames, max_size=n_frames))
    frames = [Frame(t_ms=float(t), landmarks=data.draw(landmarks)) for t in np.cumsum(steps)]
    trial = Trial(
        test=test,
        side=data.draw(st.sampled_from(["left", "right"])),
        frame_width=720,
        frame_height=1280,
        mirrored=mirrored,
        frames=frames,
    )
    report = analyse_assessment(AssessmentIn(schema_version=1, trials=[trial, trial]))
    json.loads(report.model_dump_json())


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("point", [[0.5, 0.5, 0.0, 0.9], [0.0, 0.0, 0.0, 0.0]])
@pytest.mark.parametrize("n_frames", [1, 2, 30])
def test_collapsed_skeletons_give_no_number_and_no_warning(point, n_frames):
    frames = [Frame(t_ms=33.0 * i, landmarks=[point] * 33) for i in range(n_frames)]
    for test in ("single_leg_squat", "single_leg_landing"):
        trial = Trial(test=test, side="left", frame_width=720, frame_height=1280, frames=frames)
        report = analyse_assessment(AssessmentIn(schema_version=1, trials=[trial]))
        assert not report.trials[0].quality.ok and report.trials[0].summary.fppa_deg is None


@settings(max_examples=20, deadline=None)
@given(before=st.floats(-10, 30), after=st.floats(-10, 30))
def test_follow_up_change_is_real_only_from_the_smallest_detectable_difference(before, after):
    earlier = analyse_assessment(
        AssessmentIn(schema_version=1, trials=[_squat_trial("right", before, n_reps=3)])
    )
    current = analyse_assessment(
        AssessmentIn(schema_version=1, trials=[_squat_trial("right", after, n_reps=3)])
    )
    (change,) = compare_reports(earlier, current)
    assert change.change_deg == pytest.approx(after - before, abs=0.3)
    if abs(change.change_deg) < SMALLEST_DETECTABLE_DIFFERENCE_DEG:
        assert change.verdict == "within_noise"
    else:
        assert change.verdict == "real_change"
    assert compare_reports(current, earlier)[0].change_deg == pytest.approx(-change.change_deg)


def test_each_metric_is_averaged_per_trial_and_compared_between_legs():
    report = analyse_assessment(
        AssessmentIn(
            schema_version=1, trials=[_squat_trial("left", 15.0), _squat_trial("right", 5.0)]
        )
    )
    for trial in report.trials:
        metrics = trial.summary.metrics
        assert metrics["fppa_deg"].mean == trial.summary.fppa_deg and metrics["fppa_deg"].n == 5
        assert {"hip_adduction_deg", "pelvic_drop_deg", "trunk_lean_deg", "depth"} <= metrics.keys()
        assert "fppa_contact_deg" not in metrics  # a squat has no initial contact
        assert metrics["depth"].mean == pytest.approx(0.25, abs=0.02)
        assert metrics["knee_medial_displacement"].mean > 0  # valgus: knee medial of the line
        assert trial.summary.trusted
    asymmetry = report.comparison.metrics
    assert asymmetry["fppa_deg"].difference == pytest.approx(10.0, abs=0.5)
    assert asymmetry["fppa_peak_deg"].difference == pytest.approx(10.0, abs=0.5)
    assert asymmetry["depth"].difference == pytest.approx(0.0, abs=0.01)


def test_an_untrusted_trial_shows_its_number_but_no_category():
    trial = analyse_assessment(
        AssessmentIn(schema_version=1, trials=[_squat_trial("left", 20.0, n_reps=3)])
    ).trials[0]
    assert trial.summary.category == "well_above" and trial.summary.trusted
    sideways = _squat_trial("left", 20.0, n_reps=3)
    # Turn the camera: everything narrows and MediaPipe's depth opens up.
    for frame in sideways.frames:
        rows = np.array(frame.landmarks)
        rows[:, 2] = (rows[:, 0] - 0.5) * 1.5
        frame.landmarks = rows.tolist()
    flagged = analyse_assessment(AssessmentIn(schema_version=1, trials=[sideways])).trials[0]
    assert not flagged.quality.ok and "not_frontal" in [f.code for f in flagged.quality.flags]
    assert flagged.summary.fppa_deg is not None
    assert flagged.summary.category is None and not flagged.summary.trusted
    assert flagged.summary.quality_note is None  # worded on reading
    shown = rendered(Report(analysis_version=ANALYSIS_VERSION, trials=[flagged])).trials[0]
    assert "not good enough" in shown.summary.quality_note


def test_without_a_complete_rep_the_lowest_point_is_shown_but_not_trusted():
    t_ms = np.arange(0.0, 3000.0, 1000 / 30)
    progress = np.clip((t_ms - 1000) / 1500, 0, 1)  # goes down and stops at the bottom
    trial = make_trial(squat_skeletons("right", progress, fppa_bottom=9.0), t_ms, side="right")
    (report,) = analyse_assessment(AssessmentIn(schema_version=1, trials=[trial])).trials
    assert report.reps == [] and report.summary.fppa_deg is None
    assert report.summary.lowest_point_fppa_deg == pytest.approx(9.0, abs=0.5)
    assert report.summary.trusted is False and report.summary.category is None
    assert "too_few_reps" in [flag.code for flag in report.quality.flags]
