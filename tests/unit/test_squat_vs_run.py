"""Squat against run: each leg's squat FPPA beside its running hip adduction, pelvic drop and
knee FPPA, the verdict of the two, which tests are paired, and the words of every verdict."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.synthetic import assessment, squat_trial
from tests.synthetic_running import standard_running
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.analysis.norms import categorize, norm_for
from valgus_pwa.analysis.running_norms import RUNNING_REFERENCES, running_category
from valgus_pwa.analysis.squat_vs_run import (
    COMPARED_MEASURES,
    PAIR_WINDOW_DAYS,
    DatedReport,
    LegSquatVsRun,
    find_pair,
    squat_vs_run,
)
from valgus_pwa.content.squat_vs_run_texts import (
    VERDICT_LABELS,
    running_lines,
    squat_line,
    verdict_sentence,
)
from valgus_pwa.schemas import (
    AssessmentIn,
    MetricStats,
    Quality,
    Report,
    RunningResult,
    RunningSide,
    Series,
    Sex,
    Side,
    TrialReport,
    TrialSummary,
)

angles = st.floats(-15, 35, allow_nan=False).map(lambda v: round(v, 2))
running_means = st.fixed_dictionaries(
    {name: angles for name in ("pelvic_drop_deg", "hip_adduction_deg", "fppa_deg")}
)
VERDICTS = tuple(VERDICT_LABELS)


def _trial(test: str, side: Side, summary: TrialSummary, running=None) -> TrialReport:
    return TrialReport(
        test=test,  # type: ignore[arg-type]
        side=side,
        landmark_model="pose_landmarker_full",
        quality=Quality(ok=summary.trusted, confidence="high", fps=60.0),
        reps=[],
        summary=summary,
        series=Series(t_ms=[], fppa_deg=[]),
        running=running,
    )


def squat_report_trial(
    side: Side, fppa_deg: float, trusted: bool = True, sex: Sex = "female"
) -> TrialReport:
    """A squat trial's report as the analysis gives it: mean FPPA, its range and category."""
    norm = norm_for("single_leg_squat", sex)
    summary = TrialSummary(
        fppa_deg=fppa_deg,
        n_reps=5,
        category=categorize(fppa_deg, norm) if trusted else None,
        reference=norm.reference,
        well_above_deg=norm.well_above_deg,
        reference_note_code=norm.note_code,
        metrics={"fppa_deg": MetricStats(mean=fppa_deg, sd=1.0, n=5)},
        trusted=trusted,
    )
    return _trial("single_leg_squat", side, summary)


def running_report_trial(
    means: dict[Side, dict[str, float]], trusted: bool = True, fps: float = 60.0
) -> TrialReport:
    """A running trial's report: each leg's measure means over 10 steps."""
    sides = [
        RunningSide(
            side=side,
            n_steps=10,
            metrics={name: MetricStats(mean=v, sd=1.0, n=10) for name, v in leg.items()},
        )
        for side, leg in means.items()
    ]
    trial = _trial(
        "running",
        "left",
        TrialSummary(n_reps=20, trusted=trusted),
        RunningResult(camera_view="back", sides=sides),
    )
    return trial.model_copy(update={"quality": trial.quality.model_copy(update={"fps": fps})})


def report(*trials: TrialReport) -> Report:
    return Report(analysis_version="test", trials=list(trials))


@given(squat=angles, run=running_means, side=st.sampled_from(["left", "right"]))
def test_each_leg_reads_its_own_numbers_and_the_verdict_follows_the_categories(squat, run, side):
    other = "right" if side == "left" else "left"
    squats = report(squat_report_trial(side, squat), squat_report_trial(other, 8.0))
    runs = report(running_report_trial({side: run, other: dict.fromkeys(run, 5.0)}))
    (leg,) = [leg for leg in squat_vs_run(squats, runs) if leg.side == side]
    assert leg.squat_fppa_deg == squat
    assert leg.squat_category == categorize(squat, norm_for("single_leg_squat", "female"))
    assert leg.running_deg == {name: run[name] for name in COMPARED_MEASURES}
    assert leg.running_categories == {
        name: running_category(name, run[name])
        for name in COMPARED_MEASURES
        if name in RUNNING_REFERENCES
    }
    squat_high = leg.squat_category in ("above", "well_above")
    running_high = "above" in leg.running_categories.values()
    expected = {
        (True, True): "carries_into_running",
        (True, False): "squat_only",
        (False, True): "running_only",
        (False, False): "neither",
    }[(squat_high, running_high)]
    assert leg.verdict == expected


@given(run=running_means)
def test_the_knee_angle_in_running_is_shown_but_never_decides(run):
    squats = report(squat_report_trial("left", 20.0), squat_report_trial("right", 20.0))
    calm = {**run, "pelvic_drop_deg": 6.0, "hip_adduction_deg": 13.0}  # both within
    legs = squat_vs_run(squats, report(running_report_trial({"left": calm, "right": calm})))
    assert {leg.verdict for leg in legs} == {"squat_only"}
    assert all("fppa_deg" not in leg.running_categories for leg in legs)
    assert all(leg.running_deg["fppa_deg"] == run["fppa_deg"] for leg in legs)


@pytest.mark.parametrize(
    "squat_trusted, run_trusted, missing",
    [(False, True, None), (True, False, None), (True, True, "squat"), (True, True, "run")],
)
def test_an_untrusted_or_missing_test_is_not_comparable(squat_trusted, run_trusted, missing):
    squats = [] if missing == "squat" else [squat_report_trial("left", 20.0, squat_trusted)]
    runs = (
        []
        if missing == "run"
        else [running_report_trial({"left": dict.fromkeys(COMPARED_MEASURES, 20.0)}, run_trusted)]
    )
    (left, right) = squat_vs_run(report(*squats), report(*runs))
    assert left.verdict == right.verdict == "not_comparable"
    if not squat_trusted or missing == "squat":
        assert left.squat_category is None
    if not run_trusted or missing == "run":
        assert left.running_deg == {} and left.running_categories == {}


def test_several_trials_of_a_leg_average_and_the_category_is_of_the_mean():
    squats = report(squat_report_trial("left", 12.0), squat_report_trial("left", 16.0))
    first = dict.fromkeys(COMPARED_MEASURES, 4.0)
    second = dict.fromkeys(COMPARED_MEASURES, 10.0)
    runs = report(running_report_trial({"left": first}), running_report_trial({"left": second}))
    left, _ = squat_vs_run(squats, runs)
    assert left.squat_fppa_deg == 14.0 and left.squat_category == "above"  # women 3.3–13.5°
    assert left.running_deg == dict.fromkeys(COMPARED_MEASURES, 7.0)


def test_a_mans_squat_is_placed_against_the_mens_range():
    # 13° is within the women's range (3.3–13.5°) but above the men's (1.9–12.1°).
    men = report(squat_report_trial("left", 13.0, sex="male"))
    women = report(squat_report_trial("left", 13.0, sex="female"))
    runs = report(running_report_trial({"left": dict.fromkeys(COMPARED_MEASURES, 6.0)}))
    assert squat_vs_run(men, runs)[0].squat_category == "above"
    assert squat_vs_run(women, runs)[0].squat_category == "within"


def test_the_real_analysis_of_a_squat_and_a_run_in_one_assessment():
    run, _ = standard_running(60.0, "back", n_steps=20)
    body = assessment(
        squat_trial("left", valgus_px=20),
        squat_trial("right", valgus_px=10),
        run.model_dump(mode="json"),
    )
    analysed = analyse_assessment(AssessmentIn.model_validate(body))
    squats = [t for t in analysed.trials if t.test == "single_leg_squat"]
    (running,) = [t for t in analysed.trials if t.test == "running"]
    assert running.running is not None
    legs = squat_vs_run(analysed, analysed)
    for leg, squat, measured in zip(legs, squats, running.running.sides, strict=True):
        assert leg.side == squat.side == measured.side
        assert leg.squat_fppa_deg == pytest.approx(squat.summary.fppa_deg, abs=0.01)
        assert leg.squat_category == squat.summary.category
        for name in COMPARED_MEASURES:
            assert leg.running_deg[name] == pytest.approx(measured.metrics[name].mean, abs=0.01)
    # Left about 17° in the squat (above), right about 8° (within); the run is typical.
    assert [leg.verdict for leg in legs] == ["squat_only", "neither"]


def _dated(day: float, *trials: TrialReport, id_: str = "") -> DatedReport:
    moment = dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(days=day)
    return DatedReport(id_ or f"a{day}", moment, report(*trials))


SQUAT = squat_report_trial("left", 10.0)
RUN = running_report_trial({"left": dict.fromkeys(COMPARED_MEASURES, 6.0)})


@given(squat_day=st.floats(0, 90), run_day=st.floats(0, 90))
def test_a_squat_and_a_run_pair_only_within_the_window(squat_day, run_day):
    pair = find_pair([_dated(squat_day, SQUAT), _dated(run_day, RUN)])
    if abs(squat_day - run_day) > PAIR_WINDOW_DAYS:
        assert pair is None
    else:
        assert pair is not None
        assert pair.days_apart == pytest.approx(abs(squat_day - run_day), abs=0.06)


def test_the_latest_run_pairs_with_the_closest_squat_before_or_after_it():
    tests = [
        _dated(0, SQUAT, id_="old squat"),
        _dated(10, RUN, id_="old run"),
        _dated(20, RUN, id_="latest run"),
        _dated(24, SQUAT, id_="squat after"),
        _dated(17, SQUAT, id_="squat before"),
    ]
    pair = find_pair(tests)
    assert pair is not None
    assert (pair.running.id, pair.squat.id, pair.days_apart) == ("latest run", "squat before", 3.0)


def test_one_assessment_with_both_tests_pairs_with_itself():
    both = _dated(5, SQUAT, RUN, id_="both")
    pair = find_pair([_dated(4, SQUAT, id_="day before"), both])
    assert pair is not None and pair.squat.id == pair.running.id == "both"
    assert pair.days_apart == 0


def test_an_untrusted_latest_run_is_paired_not_passed_over():
    untrusted = running_report_trial({"left": dict.fromkeys(COMPARED_MEASURES, 6.0)}, False)
    pair = find_pair([_dated(0, SQUAT), _dated(1, RUN, id_="ok"), _dated(2, untrusted, id_="bad")])
    assert pair is not None and pair.running.id == "bad"
    assert squat_vs_run(pair.squat.report, pair.running.report)[0].verdict == "not_comparable"


def test_a_report_pages_pair_holds_that_report():
    tests = [
        _dated(0, SQUAT, id_="old squat"),
        _dated(10, RUN, id_="old run"),
        _dated(20, RUN, id_="latest run"),
        _dated(17, SQUAT, id_="squat before"),
        _dated(51, SQUAT, id_="late squat"),
    ]
    pair = find_pair(tests, anchor_id="old run")
    assert pair is not None
    assert (pair.running.id, pair.squat.id, pair.days_apart) == ("old run", "squat before", 7.0)
    # A squat pairs with the run closest to it, not with the latest.
    pair = find_pair(tests, anchor_id="old squat")
    assert pair is not None and (pair.squat.id, pair.running.id) == ("old squat", "old run")
    # Nothing within the window of this squat, or no such report: no pair.
    assert find_pair(tests, anchor_id="late squat") is None
    assert find_pair(tests, anchor_id="gone") is None


@given(
    anchor=st.integers(0, 5),
    days=st.lists(st.floats(0, 90), min_size=6, max_size=6),
    kinds=st.lists(st.sampled_from(["squat", "run", "both"]), min_size=6, max_size=6),
)
def test_an_anchored_pair_always_holds_the_anchor(anchor, days, kinds):
    trials = {"squat": (SQUAT,), "run": (RUN,), "both": (SQUAT, RUN)}
    tests = [
        _dated(d, *trials[k], id_=f"t{i}") for i, (d, k) in enumerate(zip(days, kinds, strict=True))
    ]
    pair = find_pair(tests, anchor_id=f"t{anchor}")
    if pair is not None:
        assert f"t{anchor}" in (pair.squat.id, pair.running.id)
        assert pair.days_apart <= PAIR_WINDOW_DAYS
    if kinds[anchor] == "both":
        assert pair is not None and pair.squat.id == pair.running.id


def test_no_pair_without_both_tests():
    assert find_pair([]) is None
    assert find_pair([_dated(0, SQUAT), _dated(1, SQUAT)]) is None
    assert find_pair([_dated(0, RUN)]) is None


legs = st.builds(
    LegSquatVsRun,
    side=st.sampled_from(["left", "right"]),
    squat_fppa_deg=st.none() | angles,
    squat_category=st.none() | st.sampled_from(["below", "within", "above", "well_above"]),
    running_deg=st.dictionaries(st.sampled_from(COMPARED_MEASURES), angles),
    running_categories=st.dictionaries(
        st.sampled_from(sorted(RUNNING_REFERENCES)), st.sampled_from(["below", "within", "above"])
    ),
    verdict=st.sampled_from(VERDICTS),
)


@given(leg=legs, voice=st.sampled_from(["runner", "clinician"]))
def test_every_verdict_is_worded_with_the_caveat_and_the_screen(leg, voice):
    sentence = verdict_sentence(leg, voice)
    assert sentence.startswith(leg.side.capitalize())
    assert "Rees et al. 2019" in sentence
    assert "not a diagnosis" in sentence
    assert "{" not in sentence


@pytest.mark.parametrize("verdict", VERDICTS)
def test_the_two_voices_differ_for_every_verdict(verdict):
    leg = LegSquatVsRun("left", 15.0, "above", {}, {}, verdict)  # type: ignore[arg-type]
    assert verdict_sentence(leg, "runner") != verdict_sentence(leg, "clinician")
    assert VERDICT_LABELS[verdict]


def test_the_lines_give_each_number_with_its_range_and_dimension():
    leg = LegSquatVsRun(
        "left",
        15.24,
        "above",
        {"hip_adduction_deg": 11.0, "pelvic_drop_deg": 6.2, "fppa_deg": -2.7},
        {"hip_adduction_deg": "within", "pelvic_drop_deg": "within"},
        "squat_only",
    )
    assert squat_line(leg) == "Squat: knee angle 15.2° (above the typical range)"
    assert running_lines(leg) == [
        "Run: hip adduction 11° (healthy runners 9.2–16.8°, from 3D studies)",
        "Run: pelvic drop 6.2° (healthy runners 3.8–8.2°)",
        "Run: knee angle (FPPA) −2.7°",
    ]


def test_missing_numbers_read_as_no_reliable_result():
    leg = LegSquatVsRun("right", None, None, {}, {}, "not_comparable")
    assert squat_line(leg) == "Squat: no reliable result"
    assert running_lines(leg) == ["Run: no reliable result"]
