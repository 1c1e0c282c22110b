"""A running trial shaped for the report pages: each leg's means, the step rate and its rise, the
per-step and per-leg tables, the charts, its own texts in both voices, and the trust rule."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import synthetic
from tests.synthetic_running import standard_running
from valgus_pwa.analysis import analyse_assessment, quality, running
from valgus_pwa.analysis.running import RUNNING_METRICS
from valgus_pwa.analysis.running_norms import RUNNING_REFERENCES
from valgus_pwa.content.education import VOICES, render, texts
from valgus_pwa.content.references import REFERENCES
from valgus_pwa.content.running_texts import (
    MEASURE_NAMES,
    measure_value,
    step_time_text,
    typical_range_text,
)
from valgus_pwa.schemas import AssessmentIn, AssessmentOut, Report
from valgus_pwa.state.result import report_page
from valgus_pwa.state.trial_view import run_view, step_points

RUNNING_TEXTS = (
    "running_screen",
    "running_measures",
    "running_step_rate",
    "running_evidence",
)


def _report(*trials: dict) -> Report:
    return analyse_assessment(AssessmentIn.model_validate(synthetic.assessment(*trials)))


def _run(fps: float = 60.0, n_steps: int = 20) -> dict:
    trial, _ = standard_running(fps, "back", n_steps=n_steps)
    return trial.model_dump(mode="json")


def _found(report: Report) -> AssessmentOut:
    return AssessmentOut(
        id="R" * 22,
        created_at="2026-01-01T10:00:00+00:00",
        report_url="/r/" + "R" * 22,
        report=report,
    )


@pytest.fixture(scope="module")
def run_report() -> Report:
    return _report(_run())


def test_the_first_screen_gives_each_legs_means_steps_and_the_step_rate(run_report):
    trial = run_report.trials[0]
    assert trial.running is not None and trial.summary.trusted
    view = run_view(trial)
    left, right = trial.running.sides
    rows = {row[0]: row[1:] for row in view.glance_rows}
    assert list(rows) == [*MEASURE_NAMES.values(), "Steps"]
    for measure, name in MEASURE_NAMES.items():
        shown = [float(cell.rstrip("°").replace("−", "-")) for cell in rows[name]]
        means = [side.metrics[measure].mean for side in (left, right)]
        assert shown == pytest.approx(means, abs=0.05)
    assert rows["Steps"] == [str(left.n_steps), str(right.n_steps)]
    rate = round(trial.running.step_rate_spm)
    assert view.step_rate == f"{rate} steps a minute"
    assert view.step_rate_target.startswith(f"You ran at {rate} steps a minute; ")
    assert view.title == "Treadmill run · filmed from behind"


def test_the_charts_hold_every_step_of_each_leg(run_report):
    trial = run_report.trials[0]
    view = run_view(trial)
    assert [chart.measure for chart in view.charts] == list(MEASURE_NAMES)
    for chart in view.charts:
        points = step_points(trial.running, chart.measure)
        for side in ("left", "right"):
            expected = [
                getattr(step, chart.measure) for step in trial.running.steps if step.side == side
            ]
            assert [value for _, value in points[side]] == expected
            assert [number for number, _ in points[side]] == list(range(1, len(expected) + 1))
            # A dot a measured step, each named by its leg.
            assert chart.chart.count(
                f'line-chart__dot" data-series="{side.capitalize()} leg"'
            ) == sum(value is not None for value in expected)


def test_the_clinical_tables_have_every_step_and_each_legs_mean_sd_and_n(run_report):
    trial = run_report.trials[0]
    view = run_view(trial)
    assert len(view.step_rows) == len(trial.running.steps)
    assert view.step_columns[:5] == [
        "Step",
        "Leg",
        "Contact (ms)",
        "Midstance (ms)",
        "Toe off (ms)",
    ]
    assert [row[:2] for row in view.leg_rows] == [
        [side, statistic] for side in ("left", "right") for statistic in ("mean", "SD", "n")
    ]
    labels = [row[0] for row in view.running_rows]
    for label in ("Camera view", "Frame rate (fps)", "Step rate (steps/min)"):
        assert label in labels
    assert "Step-time asymmetry (%)" in labels


def test_a_run_report_carries_only_the_running_texts_and_their_sources(run_report):
    found = _found(run_report)
    runner = report_page(found, "http://test", "runner")
    clinician = report_page(found, "http://test", "clinician")
    assert runner.trials == [] and len(runner.runs) == 1
    assert [section.key for section in runner.runner_sections] == list(RUNNING_TEXTS)
    assert [section.key for section in clinician.clinician_sections] == list(RUNNING_TEXTS)
    # The runner's page carries no clinical tables.
    assert runner.runs[0].step_rows == [] and runner.runs[0].leg_rows == []
    assert clinician.runs[0].step_rows
    cited = {source.short for source in clinician.references}
    expected = {"Dingenen et al. 2018", "Heiderscheit et al. 2011", "Noehren et al. 2013"}
    assert expected | {"Rees et al. 2019"} <= cited
    for reference in RUNNING_REFERENCES.values():
        assert REFERENCES[reference.source].short in cited


def test_squats_and_a_run_in_one_assessment_get_both_sets_of_texts():
    found = _found(_report(synthetic.squat_trial("left"), _run()))
    page = report_page(found, "http://test", "clinician")
    assert [trial.side for trial in page.trials] == ["left"] and len(page.runs) == 1
    assert page.runs[0].index == 1  # the trial's place in the report, for the API
    keys = [section.key for section in page.clinician_sections]
    assert "screen" in keys and "running_screen" in keys and "method" in keys


def test_an_untrusted_run_is_no_finding_and_gets_no_advice_or_range():
    trial = _report(_run(fps=30.0)).trials[0]
    assert not trial.summary.trusted
    view = run_view(trial)
    assert view.step_rate_target == "" and view.typical_ranges == []
    assert view.trust_notice and view.step_caption
    assert all("(not for clinical use)" in cell for cell in view.leg_rows[0][2:])
    sections = report_page(_found(_report(_run(fps=30.0))), "http://test", "runner")
    keys = [section.key for section in sections.runner_sections]
    assert "running_retake_low_frame_rate" in keys and "retake_low_frame_rate" not in keys
    step_rate = next(s for s in sections.runner_sections if s.key == "running_step_rate")
    assert "You ran at" not in step_rate.html


@pytest.mark.parametrize("voice", VOICES)
@pytest.mark.parametrize("key", RUNNING_TEXTS)
def test_every_running_text_exists_in_both_voices_without_a_placeholder(voice, key):
    markdown = render(key, voice).markdown
    assert markdown and "{" not in markdown and "[@" not in markdown


def test_the_runner_texts_say_what_the_evidence_says_and_what_it_does_not():
    def runner(key: str) -> str:
        return render(key, "runner").markdown

    assert "not a diagnosis" in runner("running_screen")
    assert "see a physiotherapist" in runner("running_screen")
    assert "Pelvic drop" in runner("running_measures") and "Hip adduction" in runner(
        "running_measures"
    )
    step_rate = runner("running_step_rate")
    assert "[Heiderscheit et al. 2011]" in step_rate and "not a cure" in step_rate
    evidence = runner("running_evidence")
    for phrase in (
        "[Dingenen et al. 2018]",
        "at least 7 steps of each leg",
        "[Noehren et al. 2013]",
        "not a diagnosis",
        "A squat is not running",
        "[Rees et al. 2019]",
        "did not follow the knee's true movement",
    ):
        assert phrase in evidence, phrase


def test_the_clinician_method_defines_midstance_as_the_lowest_mid_hip_point():
    method = render("running_measures", "clinician").markdown
    assert "Midstance = the lowest mid-hip point of each stance" in method
    assert "12 Hz" in method  # quoted from the analysis's cut-off
    assert "not contact to contact" in method
    assert "load on the knee, not treatment" in render("running_step_rate", "clinician").markdown


def test_each_measure_has_a_name_and_every_text_file_is_read():
    assert set(MEASURE_NAMES) == set(RUNNING_METRICS)
    for voice in VOICES:
        for key in RUNNING_TEXTS:
            assert (voice, key) in texts()


# The running analysis's thresholds the running texts quote: each one's placeholder, its
# constant, and how the figure reads in the words (so a copy typed in is found).
QUOTED_THRESHOLDS = (
    ("min_steps_per_leg", quality.MIN_STEPS_PER_LEG, "{:.0f} steps"),
    ("min_running_fps", quality.MIN_RUNNING_FPS, "{:.0f} f"),  # "50 fps", "50 frames"
    ("min_step_ms", running.MIN_STEP_MS, "{:.0f} ms"),
    ("min_pelvis_dip", running.MIN_PELVIS_DIP, "{:g} leg lengths"),
    ("running_cutoff_hz", running.RUNNING_CUTOFF_HZ, "{:.0f} Hz"),
)


@pytest.mark.parametrize("name, value, words", QUOTED_THRESHOLDS)
def test_every_running_threshold_a_text_quotes_comes_from_its_constant(name, value, words):
    """A running text names the threshold by its placeholder and never types the number in."""
    running_bodies = {at: text.body for at, text in texts().items() if at[1].startswith("running_")}
    typed = re.compile(r"(?<![\d.])" + re.escape(words.format(value)))
    quoting = [at for at, body in running_bodies.items() if "{" + name in body]
    assert quoting, f"no running text quotes {name}"
    for voice, key in quoting:
        assert typed.search(render(key, voice).markdown), (voice, key)
    for (voice, key), body in running_bodies.items():
        assert not typed.search(body), (
            f"{voice}/{key}.md types {words.format(value)}: use {{{name}}}"
        )


@pytest.mark.parametrize("measure", list(MEASURE_NAMES))
def test_a_typical_range_is_quoted_from_its_reference_with_its_source(measure):
    line = typical_range_text(measure)
    reference = RUNNING_REFERENCES.get(measure)
    if reference is None:
        assert line == ""
        return
    assert line.startswith(f"{MEASURE_NAMES[measure]}: typical in healthy runners ")
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", line.split("(")[0])]
    assert numbers == [reference.low_deg, reference.high_deg]
    assert REFERENCES[reference.source].short in line


@given(st.floats(-60, 60, allow_nan=False))
def test_a_measure_reads_back_within_its_rounding(value: float):
    shown = measure_value(value)
    assert shown.endswith("°") and "-" not in shown
    assert float(shown.rstrip("°").replace("−", "-")) == pytest.approx(value, abs=0.05 + 1e-9)


@given(st.floats(-50, 50, allow_nan=False))
def test_the_step_time_line_names_the_leg_whose_steps_took_longer(pct: float):
    line = step_time_text(pct, "runner")
    if round(abs(pct), 1) == 0:
        assert line == "Your left and right steps took the same time."
    else:
        longer = "left" if pct > 0 else "right"
        assert line.startswith(f"Your {longer} steps took {abs(pct):.1f}% longer")
    assert step_time_text(None, "runner") == ""
