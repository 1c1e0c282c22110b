"""A report page's squat vs. run: the pair inside the assessment for every reader; the
recording phone's other tests only on that phone; and a run's replay of its most typical stride."""

from __future__ import annotations

from tests import synthetic
from tests.synthetic_running import standard_running
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.analysis.running import representative_stride
from valgus_pwa.content.running_texts import STRIDE_EVENT, STRIDE_MOMENT
from valgus_pwa.schemas import AssessmentIn, AssessmentOut
from valgus_pwa.state.result import report_page, squat_vs_run_of


def _found(assessment_id: str, recorded_at: str, *trials: dict) -> AssessmentOut:
    report = analyse_assessment(AssessmentIn.model_validate(synthetic.assessment(*trials)))
    return AssessmentOut(
        id=assessment_id,
        created_at="2026-11-20T10:00:00+00:00",
        recorded_at=recorded_at,
        report_url=f"/r/{assessment_id}",
        report=report,
    )


def _run() -> dict:
    trial, _ = standard_running()
    return trial.model_dump(mode="json")


SQUAT = synthetic.squat_trial("left")


def test_an_assessment_with_a_squat_and_a_run_shows_them_side_by_side_to_every_reader():
    both = _found("B" * 22, "2026-11-20T09:00:00+00:00", SQUAT, _run())
    runner = report_page(both, "http://test", "runner")
    clinician = report_page(both, "http://test", "clinician")
    assert [leg.title for leg in runner.squat_vs_run] == [
        "Left leg · squat vs. run",
        "Right leg · squat vs. run",
    ]
    assert runner.squat_vs_run_note == "The squat and the run of this test, side by side."
    # The same verdicts, each page in its own voice.
    assert [leg.verdict for leg in runner.squat_vs_run] == [
        leg.verdict for leg in clinician.squat_vs_run
    ]
    assert runner.squat_vs_run[0].message != clinician.squat_vs_run[0].message
    assert runner.pairable and clinician.pairable


def test_a_run_pairs_with_the_phones_closest_squat_and_says_how_far_apart():
    run = _found("R" * 22, "2026-11-20T09:00:00+00:00", _run())
    squat = _found("S" * 22, "2026-11-17T09:00:00+00:00", SQUAT)
    alone = report_page(run, "http://test", "runner")
    assert alone.squat_vs_run == [] and alone.pairable
    cards, note = squat_vs_run_of([squat, run], run.id, "runner")
    assert len(cards) == 2
    assert (
        note == "This run and the squat closest to it on this phone (3 days apart), side by side."
    )
    cards, note = squat_vs_run_of([squat, run], squat.id, "runner")
    assert note.startswith("This squat and the run closest to it on this phone (3 days apart)")


def test_a_run_shows_the_replay_of_its_most_typical_stride():
    run = _found("R" * 22, "2026-11-20T09:00:00+00:00", _run())
    [view] = report_page(run, "http://test", "runner").runs
    result = run.report.trials[0].running
    assert result is not None
    stride = representative_stride(result)
    assert stride is not None and view.has_replay
    assert (view.replay_start_ms, view.replay_end_ms) == (stride.start_ms, stride.end_ms)
    assert view.replay_bottom_ms == stride.start_ms
    assert (view.deepest_event, view.moment) == (STRIDE_EVENT, STRIDE_MOMENT)
