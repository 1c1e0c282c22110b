"""The running test's reference values: where each comes from, and how a leg's mean is placed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valgus_pwa.analysis.running import RUNNING_METRICS
from valgus_pwa.analysis.running_norms import (
    RUNNING_REFERENCES,
    RUNNING_SDD_DEG,
    running_category,
)
from valgus_pwa.content.references import REFERENCES

angles = st.floats(-40, 40, allow_nan=False)


def test_every_running_measure_has_its_test_retest_figure():
    assert set(RUNNING_SDD_DEG) == set(RUNNING_METRICS)
    # Dingenen et al. 2018, upper bound of each range; knee FPPA was not among its measures.
    assert RUNNING_SDD_DEG == {
        "pelvic_drop_deg": 2.8,
        "hip_adduction_deg": 3.8,
        "fppa_deg": None,
        "trunk_lean_deg": 2.3,
    }


@pytest.mark.parametrize("reference", RUNNING_REFERENCES.values(), ids=lambda r: r.measure)
def test_every_range_is_sourced_and_names_its_dimension(reference):
    assert reference.measure in RUNNING_METRICS
    assert RUNNING_REFERENCES[reference.measure] is reference
    assert reference.source in REFERENCES
    assert reference.dimension in ("2d", "3d")
    assert reference.low_deg < reference.high_deg
    assert reference.sdd_deg == RUNNING_SDD_DEG[reference.measure]


def test_the_published_values():
    pelvic, hip = RUNNING_REFERENCES["pelvic_drop_deg"], RUNNING_REFERENCES["hip_adduction_deg"]
    # 6.0 ± 2.2° in 53 healthy adolescent runners, 2D (Matsuzaki et al. 2024).
    assert (pelvic.low_deg, pelvic.high_deg, pelvic.dimension) == (3.8, 8.2, "2d")
    # About 13° in healthy men, 3D only; ± the hip adduction SDD, our choice.
    assert (hip.low_deg, hip.high_deg, hip.dimension) == (9.2, 16.8, "3d")
    # No healthy range was found for the knee angle or trunk lean in running.
    assert "fppa_deg" not in RUNNING_REFERENCES and "trunk_lean_deg" not in RUNNING_REFERENCES


@given(measure=st.sampled_from(sorted(RUNNING_REFERENCES)), value=angles)
def test_a_value_is_below_within_or_above_its_range(measure, value):
    reference = RUNNING_REFERENCES[measure]
    category = running_category(measure, value)
    if value < reference.low_deg:
        assert category == "below"
    elif value > reference.high_deg:
        assert category == "above"
    else:
        assert category == "within"


@given(measure=st.sampled_from(sorted(RUNNING_REFERENCES)), a=angles, b=angles)
def test_a_larger_angle_never_reads_as_a_lower_category(measure, a, b):
    order = {"below": 0, "within": 1, "above": 2}
    low, high = sorted((a, b))
    assert order[running_category(measure, low)] <= order[running_category(measure, high)]


@pytest.mark.parametrize("measure", ["pelvic_drop_deg", "hip_adduction_deg"])
def test_the_range_ends_are_within(measure):
    reference = RUNNING_REFERENCES[measure]
    assert running_category(measure, reference.low_deg) == "within"
    assert running_category(measure, reference.high_deg) == "within"


@pytest.mark.parametrize("measure", ["fppa_deg", "trunk_lean_deg"])
def test_a_measure_without_a_range_has_no_category(measure):
    with pytest.raises(KeyError):
        running_category(measure, 5.0)
