"""Education content: every finding gets texts in both voices, and every claim its reference."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import synthetic
from valgus_pwa.analysis import analyse_assessment
from valgus_pwa.content.education import (
    VOICES,
    Findings,
    TrialFinding,
    education,
    findings_from,
    render,
    texts,
)
from valgus_pwa.content.result_texts import headline
from valgus_pwa.schemas import (
    AssessmentIn,
    Quality,
    QualityFlag,
    Reference,
    Series,
    TrialReport,
    TrialSummary,
)

QUALITY_SOURCE = Path(__file__).resolve().parents[2] / "valgus_pwa" / "analysis" / "quality.py"
ANALYSIS_FLAG_CODES = sorted(set(re.findall(r'Issue\(\s*"(\w+)"', QUALITY_SOURCE.read_text())))
CATEGORIES = ("within", "above", "well_above", "below")
TESTS = ("single_leg_squat", "single_leg_landing")
NORMS = {"single_leg_squat": "herrington2014", "single_leg_landing": "herrington_munro2010"}
FLAG_SETS = [
    (),
    *((code,) for code in ANALYSIS_FLAG_CODES),
    ("a_flag_added_later",),
    tuple(ANALYSIS_FLAG_CODES),
]


def _finding(category, test, flags, trusted=True, measured=True, side="right") -> TrialFinding:
    facts = {"measured": measured, "trusted": trusted, "flags": flags}
    return TrialFinding(side=side, test=test, category=category, norm_source=NORMS[test], **facts)


def test_the_analysis_raises_the_flags_the_design_requires():
    assert {
        "not_frontal",
        "body_not_in_frame",
        "low_visibility",
        "too_few_reps",
        "low_frame_rate",
    } <= set(ANALYSIS_FLAG_CODES)


@pytest.mark.parametrize("voice", VOICES)
@pytest.mark.parametrize(
    "category, test, flags, trusted",
    list(itertools.product(CATEGORIES, TESTS, FLAG_SETS, (True, False))),
)
def test_every_category_and_flag_combination_yields_content(voice, category, test, flags, trusted):
    sections = education(Findings(trials=(_finding(category, test, flags, trusted),)), voice)
    keys = [section.key for section in sections]
    assert keys[0].startswith("screen") and keys[-3:] == [
        "next_steps",
        "what_is_valgus",
        "evidence",
    ]
    results = [key for key in keys if key.startswith("result_")]
    # A landing reads its landing texts: every category has one in the runner's voice.
    has_landing_text = (voice, f"result_{category}_landing") in texts()
    landing = test == TESTS[1] and has_landing_text
    assert results == (
        [f"result_{category}" + ("_landing" if landing else "")]
        if trusted
        else ["result_untrusted"]
    )
    if test == TESTS[1] and voice == "runner":
        assert has_landing_text and keys[0] == "screen_landing"
    if test == TESTS[1] and category == "well_above":
        assert landing
    retakes = [key for key in keys if key.startswith("retake_")]
    assert len(retakes) == len(
        {code if (voice, f"retake_{code}") in texts() else "other" for code in flags}
    )
    for section in sections:
        assert section.title and section.markdown
        assert "[@" not in section.markdown and "{" not in section.markdown


@pytest.mark.parametrize("voice", VOICES)
def test_an_unmeasured_trial_says_so_and_no_result_category_is_claimed(voice):
    sections = education(
        Findings(trials=(_finding(None, TESTS[0], ("no_measurement",), False, False),)), voice
    )
    keys = [section.key for section in sections]
    assert "result_unmeasured" in keys and "retake_no_measurement" in keys
    assert not any(key in keys for key in ("result_within", "result_above", "result_well_above"))


@pytest.mark.parametrize("code", ANALYSIS_FLAG_CODES)
@pytest.mark.parametrize("voice", VOICES)
def test_every_flag_the_analysis_raises_has_its_own_text(voice, code):
    assert (voice, f"retake_{code}") in texts()


def test_both_legs_with_the_same_result_share_one_section_titled_for_both():
    findings = Findings(
        trials=(_finding("above", TESTS[0], (), side="left"), _finding("above", TESTS[0], ())),
        asymmetry_within_noise=True,
    )
    sections = education(findings, "runner")
    (result,) = [section for section in sections if section.key.startswith("result_")]
    assert result.title.startswith("Left and Right knees:")
    assert "asymmetry_noise" in [section.key for section in sections]


def test_runner_texts_say_plainly_what_the_design_requires():
    report = analyse_assessment(
        AssessmentIn.model_validate(synthetic.assessment(synthetic.squat_trial("right")))
    )
    runner = "\n".join(section.markdown for section in education(findings_from(report), "runner"))
    for phrase in (
        "not a diagnosis",
        "see a physiotherapist",
        "Strength work can help knee pain even if this angle does not change",
        "step rate by 5–10%",
        "[Heiderscheit et al. 2011]",
        "29 pain-free people",
        "5 weeks",
        "about 10° with movement control and 5° with strengthening",
        "not statistically significant",
        "[Palmer et al. 2015]",
        "A squat is not running",
        "[Rees et al. 2019]",
    ):
        assert phrase in runner, phrase


def test_the_method_quotes_the_analysis_settings():
    method = render("method", "clinician").markdown
    assert "cutoff 6 Hz" in method and "250 ms" in method and "8°" in method


def _trial(fppa: float, category: str, ok: bool, side: str = "right") -> TrialReport:
    return TrialReport(
        test="single_leg_squat",
        side=side,
        landmark_model="pose_landmarker_lite",
        quality=Quality(
            ok=ok,
            confidence="high" if ok else "low",
            flags=[] if ok else [QualityFlag(code="not_frontal", message="turned")],
        ),
        reps=[],
        series=Series(t_ms=[], fppa_deg=[]),
        summary=TrialSummary(
            fppa_deg=fppa,
            n_reps=5,
            category=category,
            trusted=ok,
            reference=Reference(label="pain-free women", low_deg=3.3, high_deg=13.5, citation="x"),
        ),
    )


def test_headline_reads_like_the_example_in_plain_words():
    assert headline(_trial(14.0, "above", True), "female") == (
        "Right knee: moves inward more than is typical for pain-free women (14°; typical 3.3–13.5°)."
    )
    assert headline(_trial(-4.2, "below", True, "left"), "male").startswith(
        "Left knee: moves outward"
    )


@given(fppa=st.floats(-40, 60, allow_nan=False), category=st.sampled_from(CATEGORIES))
def test_an_untrusted_recording_never_presents_its_number_as_a_finding(fppa, category):
    text = headline(_trial(fppa, category, ok=False), "female")
    assert not re.search(r"\d", text) and "no reliable result" in text


@pytest.mark.parametrize("voice", VOICES)
@pytest.mark.parametrize(
    "code", ["not_single_leg", "very_deep", "implausible_angle", "no_landing_detected"]
)
def test_a_trial_that_was_not_the_test_says_so_instead_of_unmeasured(voice, code):
    trial = TrialFinding(
        side="left",
        test="single_leg_squat",
        category=None,
        measured=False,
        trusted=False,
        flags=(code,),
        norm_source=None,
        withheld_by=code,
    )
    keys = [section.key for section in education(Findings(trials=(trial,)), voice)]
    assert "result_not_the_test" in keys and "result_unmeasured" not in keys
    assert f"retake_{code}" in keys


def test_runner_landing_texts_speak_of_landings_not_squats():
    findings = Findings(
        trials=(_finding("above", TESTS[1], (), side="left"), _finding("within", TESTS[1], ())),
        asymmetry_within_noise=False,
    )
    runner = "\n".join(section.markdown for section in education(findings, "runner"))
    for key in ("screen", "result_above", "result_within", "asymmetry_real"):
        text = texts()[("runner", f"{key}_landing")].body
        assert "squat" not in text.lower() and "rep" not in re.findall(r"\w+", text.lower())
    assert "land on one leg" in runner and "landings varied" in runner
