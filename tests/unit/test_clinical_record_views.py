"""The clinical view's definitions and its one trust rule, as the state shapes them."""

from __future__ import annotations

from tests import synthetic
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.content.education import render
from valgus_pwa.content.metric_definitions import DEFINITIONS, NOT_FOR_CLINICAL_USE
from valgus_pwa.content.metrics import metric_label, scalar_fields
from valgus_pwa.schemas import AssessmentIn, Quality, Rep
from valgus_pwa.state.trial_view import (
    GLANCE_ROWS,
    trial_view,
    untrusted_lines,
)
from valgus_pwa.state.views import METRIC_DEFINITIONS


def _report(*trials: dict):
    return analyse_assessment(AssessmentIn.model_validate(synthetic.assessment(*trials)))


def _feet_out_of_frame(trial: dict) -> dict:
    for frame in trial["frames"]:
        for index in (29, 30, 31, 32):
            frame["landmarks"][index][1] = 1.04
    return trial


def test_every_per_rep_and_quality_field_is_defined_with_a_unit():
    # A metric the analysis adds gets a column on its own (content/metrics.py); it must not
    # appear on the clinical view undefined.
    fields = [*Rep.model_fields, *(name for name in Quality.model_fields if name != "flags")]
    missing = [name for name in fields if name not in DEFINITIONS]
    assert not missing, missing
    terms = {item.term for item in METRIC_DEFINITIONS}
    assert {metric_label(name) for name in ("fppa_deg", "trunk_lean_deg")} <= terms
    assert all(
        item.unit and item.meaning and "{" not in item.meaning for item in METRIC_DEFINITIONS
    )


def test_signed_metrics_say_which_way_is_positive():
    signed = ("fppa_deg", "hip_adduction_deg", "pelvic_drop_deg", "trunk_lean_deg")
    for name in (*signed, "knee_medial_displacement"):
        assert DEFINITIONS[name].sign.startswith(("+", "as FPPA")), name


def test_a_trusted_trial_reads_as_a_finding():
    trial = _report(synthetic.squat_trial("left", valgus_px=20)).trials[0]
    view = trial_view(trial, "female")
    assert view.trust_notice == "" and view.rep_caption == ""
    assert len(view.glance) == len(GLANCE_ROWS)
    assert view.glance[0] == f"{trial.summary.fppa_deg:.1f}° ± {trial.summary.fppa_sd_deg:.1f}°"
    assert NOT_FOR_CLINICAL_USE not in " ".join(cell for row in view.summary_rows for cell in row)


def test_an_untrusted_trial_labels_every_number_and_marks_no_rep():
    report = _report(_feet_out_of_frame(synthetic.squat_trial("right", valgus_px=20)))
    trial = report.trials[0]
    assert not trial.summary.trusted and trial.summary.fppa_deg is not None
    view = trial_view(trial, "female")
    mean = f"{trial.summary.fppa_deg:.1f}°"
    # The measured values; the range and the "well above" threshold are the reference's.
    measured = {"Mean knee FPPA", "SD between reps", "FPPA at the lowest point"}
    cells = [value for label, value in view.summary_rows if label in measured]
    cells.append(view.glance[GLANCE_ROWS.index("Mean knee FPPA ± SD")])
    for cell in cells:
        assert cell.endswith(f"({NOT_FOR_CLINICAL_USE})"), cell
    assert f"{mean} ({NOT_FOR_CLINICAL_USE})" in cells
    assert view.category == "" and f"None: {NOT_FOR_CLINICAL_USE}" in view.glance
    assert view.trust_notice and view.rep_caption
    # The trace is drawn for inspection: no marked bottoms, no typical range behind it.
    assert "line-chart__dot" not in view.chart and "line-chart__shade--y" not in view.chart
    assert untrusted_lines(report) == [
        f"Right knee, single-leg squat: {mean} ({NOT_FOR_CLINICAL_USE})"
    ]


def test_rep_columns_all_have_definitions():
    trial = _report(synthetic.squat_trial("left", valgus_px=20)).trials[0]
    assert all(name in DEFINITIONS for name in scalar_fields(trial.reps))


def test_the_printed_method_lists_every_source_of_the_printed_scope():
    # On paper the record keeps the scope and the method, and prints the sources once, under
    # the method (assets/styles.css, @media print).
    scope, method = render("screen", "clinician"), render("method", "clinician")
    assert {source.short for source in scope.sources} <= {s.short for s in method.sources}
