"""The report page's state carries what its page shows: one view, not the whole report twice."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests import synthetic
from tests.databases import fresh_database, postgres_test_url  # noqa: F401  (fixtures)
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.schemas import AssessmentIn, AssessmentOut
from valgus_pwa.state.result import RUNNER_CHART_POINTS, report_page
from valgus_pwa.state.trial_view import chart_points, thinned_chart


@pytest.fixture(scope="module")
def found() -> AssessmentOut:
    body = synthetic.assessment(
        synthetic.jittered(synthetic.squat_trial("left"), seed=0),
        synthetic.jittered(synthetic.squat_trial("right"), seed=1),
    )
    report = analyse_assessment(AssessmentIn.model_validate(body))
    return AssessmentOut(
        id="A" * 22,
        created_at="2026-01-01T10:00:00+00:00",
        report_url="/r/" + "A" * 22,
        report=report,
    )


def _size(page) -> int:
    return len(json.dumps(dataclasses.asdict(page), separators=(",", ":")))


def test_the_runner_page_carries_no_clinical_texts_tables_or_references(found):
    page = report_page(found, "http://test", "runner")
    assert page.runner_sections and page.qr_svg
    assert page.clinician_sections == [] and page.references == []
    for trial in page.trials:
        assert trial.rep_rows == [] and trial.quality_rows == [] and trial.summary_rows == []
        assert trial.glance == [] and trial.reference_citation == ""
        # What the runner's card shows is all there.
        assert trial.headline and trial.fppa and trial.scale.zones and trial.reps
        assert trial.has_replay and trial.replay_end_ms > trial.replay_start_ms


def test_the_clinical_page_carries_no_runner_texts_or_qr_code(found):
    page = report_page(found, "http://test", "clinician")
    assert page.clinician_sections and page.references
    assert page.runner_sections == [] and page.qr_svg == ""
    assert all(trial.rep_rows and trial.summary_rows and trial.glance for trial in page.trials)


def test_each_page_words_the_left_right_line_for_its_reader(found):
    runner = report_page(found, "http://test", "runner").asymmetry
    clinician = report_page(found, "http://test", "clinician").asymmetry
    assert "Your reps vary" in runner and "Left − right" not in runner
    assert clinician.startswith("Left − right mean FPPA") and "SE of the difference" in clinician


def test_each_page_carries_well_under_the_whole_report_it_used_to(found):
    runner = report_page(found, "http://test", "runner")
    clinician = report_page(found, "http://test", "clinician")
    # What one state held for both pages before: both views' texts and the full trials.
    both = dataclasses.replace(
        runner,
        trials=clinician.trials,
        clinician_sections=clinician.clinician_sections,
        references=clinician.references,
    )
    assert _size(runner) < 0.55 * _size(both)
    assert _size(clinician) < 0.9 * _size(both)


def test_the_runner_chart_keeps_every_marked_bottom_and_the_last_point(found):
    chart = chart_points(found.report.trials[0])
    thinned = thinned_chart(chart, RUNNER_CHART_POINTS)
    bottoms = [point for point in chart if point["bottom"] is not None]
    assert bottoms
    assert [point for point in thinned if point["bottom"] is not None] == bottoms
    assert thinned[0] == chart[0] and thinned[-1] == chart[-1]
    assert len(thinned) <= RUNNER_CHART_POINTS + len(bottoms) + 1
    assert thinned_chart(chart[:100], RUNNER_CHART_POINTS) == chart[:100]


def test_each_page_draws_its_chart_at_its_own_detail(found):
    runner = report_page(found, "http://test", "runner").trials[0].chart
    clinician = report_page(found, "http://test", "clinician").trials[0].chart
    # One path command a point: the runner's phone-wide trace has fewer than the clinical one.
    assert runner.count("L") < clinician.count("L")
    assert runner.count("line-chart__dot") == clinician.count("line-chart__dot") > 0


def test_readers_of_one_link_share_one_shaped_page_until_it_is_deleted(
    fresh_database,  # noqa: F811  (the fixture, imported below)
):
    import gzip
    import hashlib

    from valgus_pwa import settings
    from valgus_pwa.api import service
    from valgus_pwa.api.body import parse_assessment
    from valgus_pwa.state.result import _load_page
    from valgus_pwa.store import Upload

    settings.current.cache_clear()
    body = json.dumps(synthetic.assessment(synthetic.squat_trial("left"))).encode()
    created = service.create_assessment(
        parse_assessment(body),
        Upload(body_gz=gzip.compress(body), sha256=hashlib.sha256(body).hexdigest()),
    )
    first = _load_page(created.id, "http://test", "runner")
    assert first is not None
    assert _load_page(created.id, "http://test", "runner") is first
    assert _load_page(created.id, "http://test", "clinician") is not first
    service.delete_assessment(created.id, created.owner_key)
    assert _load_page(created.id, "http://test", "runner") is None
    settings.current.cache_clear()


def test_the_clinical_page_says_what_trunk_lean_and_pelvic_drop_are_measured_against(found):
    rows = dict(report_page(found, "http://test", "clinician").trials[0].quality_rows)
    against = rows["Trunk lean and pelvic drop measured against"]
    assert against.startswith("the picture's axes")  # the synthetic trial sends no roll
    levelled = found.report.trials[0].model_copy(
        update={"tilt_reference": "device_level", "device_roll_deg": 1.5}
    )
    report = found.report.model_copy(update={"trials": [levelled]})
    rows = dict(
        report_page(found.model_copy(update={"report": report}), "http://test", "clinician")
        .trials[0]
        .quality_rows
    )
    assert rows["Trunk lean and pelvic drop measured against"] == (
        "the true horizontal: the phone's roll of 1.5° was corrected for"
    )
