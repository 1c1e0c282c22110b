"""Every quality flag, reference and follow-up is worded by content/ from codes and figures."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valgus_pwa.analysis import quality
from valgus_pwa.analysis.norms import PLAUSIBLE_FPPA_DEG
from valgus_pwa.analysis.quality import FrontalCues, Issue
from valgus_pwa.content.change_texts import change_message
from valgus_pwa.content.education import VOICES, render, texts
from valgus_pwa.content.flag_texts import FLAG_PARAMS, QUALITY_NOTE, flag_message
from valgus_pwa.content.render import rendered, rendered_changes
from valgus_pwa.schemas import Report, SideChange

sides = st.sampled_from(["left", "right"])
tests_ = st.sampled_from(["single_leg_squat", "single_leg_landing"])
shares = st.floats(0, 1)
counts = st.integers(0, 30)


@st.composite
def left_out_reps(draw: st.DrawFn) -> tuple[int, int]:
    reps = draw(counts)
    return draw(st.integers(0, reps)), reps


# Every issue the analysis can raise, from the inputs it can be given.
issues = st.one_of(
    st.builds(
        quality.frontal_issue,
        st.builds(
            FrontalCues,
            st.none() | st.floats(0, 3),
            st.none() | st.floats(-90, 90),
        ),
    ),
    st.builds(quality.framing_issue, shares),
    st.builds(quality.visibility_issue, st.none() | shares, sides),
    st.builds(quality.reps_issue, tests_, counts, sides),
    st.builds(quality.frame_rate_issue, st.none() | st.floats(0.1, 240), tests_),
    st.builds(quality.contact_issue, st.none() | st.floats(0.1, 240), tests_, st.booleans()),
    st.builds(lambda reps, test: quality.very_deep_issue(*reps, test), left_out_reps(), tests_),
    st.builds(
        lambda reps, side, test: quality.single_leg_issue(*reps, side, test),
        left_out_reps(),
        sides,
        tests_,
    ),
    st.builds(
        lambda side, test: quality.single_leg_issue(0, 0, side, test, feet_down_throughout=True),
        sides,
        tests_,
    ),
    st.builds(
        quality.plausibility_issue,
        st.none() | st.floats(-180, 180),
        st.sampled_from(list(PLAUSIBLE_FPPA_DEG.values())),
    ),
    st.builds(quality.other_person_issue, st.none() | shares),
    st.builds(quality.landing_issue, st.booleans()),
    st.builds(quality.swaps_issue, shares),
    st.builds(quality.gap_issue, st.floats(0, 60_000)),
    st.builds(quality.jumps_issue, shares, sides),
)


@given(issues, st.booleans())
def test_every_flag_the_analysis_raises_is_worded_from_its_params(
    issue: Issue | None, measured: bool
):
    _, _, flags = quality.judge([issue], measured)  # unmeasured adds no_measurement
    for flag in flags:
        assert set(flag.params) == set(FLAG_PARAMS[flag.code])
        message = flag_message(flag.code, flag.params, flag.blocking)
        assert message and message.endswith(".") and not re.search(r"[{}]|None|nan", message)


@pytest.mark.parametrize("code", FLAG_PARAMS)
@pytest.mark.parametrize("voice", VOICES)
def test_every_flag_code_has_its_own_retake_text_in_both_voices(code, voice):
    section = render(f"retake_{code}", voice)
    assert section.title and section.markdown and "{" not in section.markdown


def test_the_words_are_those_the_analysis_used_to_write():
    very_deep = quality.very_deep_issue(1, 5, "single_leg_squat")
    assert flag_message(very_deep.code, very_deep.params, very_deep.blocking) == (
        "1 of 5 squats went so deep that your hip came close to knee height. There the camera"
        " sees your thigh end-on and the knee angle is distorted, so we left it out of your"
        " result. Go only about halfway down, as if to sit on a high stool, and record again."
    )
    throughout = quality.single_leg_issue(0, 0, "right", "single_leg_landing", True)
    assert flag_message(throughout.code, throughout.params, throughout.blocking) == (
        "Both feet were on the floor for most of the recording, so this was not a single-leg"
        " test. Stand on your right leg only: lift your left foot, knee bent, a hand's width or"
        " more off the floor, keep it up the whole time, and record again."
    )
    few = quality.reps_issue("single_leg_squat", 1, "left")
    assert flag_message(few.code, few.params, few.blocking) == (
        "We counted 1 measurable squat(s). Do at least 3 slow single-leg squats on your left"
        " leg in one recording, standing back up fully between them."
    )


def test_a_flag_without_the_params_its_words_need_is_not_worded():
    assert flag_message("very_deep", {}, blocking=True) is None
    assert flag_message("a_code_from_the_future", {}, blocking=False) is None
    assert flag_message("not_frontal", {}, blocking=True)


# A report as the analysis stored it before flags carried params and ranges carried codes.
_STORED_BEFORE_CODES = {
    "analysis_version": "0.3.0",
    "trials": [
        {
            "test": "single_leg_squat",
            "side": "left",
            "landmark_model": "pose_landmarker_lite",
            "quality": {
                "ok": False,
                "confidence": "low",
                "flags": [
                    {"code": "not_frontal", "message": "Old words.", "blocking": True},
                    {"code": "very_deep", "message": "2 of 5 squats went deep.", "blocking": False},
                ],
                "fps": 30.0,
                "detected_fraction": 1.0,
            },
            "reps": [],
            "summary": {
                "fppa_deg": 12.0,
                "n_reps": 3,
                "category": None,
                "reference": {
                    "label": "pain-free women, single-leg squat (as worded then)",
                    "low_deg": 3.3,
                    "high_deg": 13.5,
                    "citation": "Herrington L. Knee valgus angle during single leg squat and"
                    " landing in patellofemoral pain patients and controls. Knee."
                    " 2014;21(2):514-517.",
                },
                "well_above_deg": 16.8,
                "reference_note": "From 16.8°, as worded then.",
                "metrics": {},
                "trusted": False,
                "quality_note": "Not good enough, as worded then.",
            },
            "series": {"t_ms": [0.0], "fppa_deg": [None]},
        }
    ],
    "comparison": None,
}


def test_an_old_stored_report_gets_todays_words_where_its_codes_suffice():
    (trial,) = rendered(Report.model_validate(_STORED_BEFORE_CODES)).trials
    frontal, deep = trial.quality.flags
    assert frontal.message == flag_message("not_frontal", {}, blocking=True)
    assert deep.message == "2 of 5 squats went deep."  # its words need the counts: kept
    summary = trial.summary
    assert summary.quality_note == QUALITY_NOTE
    assert summary.reference.label == "pain-free women, single-leg squat (as worded then)"
    assert summary.reference_note == "From 16.8°, as worded then."


def test_a_new_report_is_worded_from_its_codes_alone():
    old = Report.model_validate(_STORED_BEFORE_CODES)
    trial = old.trials[0]
    coded = trial.summary.model_copy(
        update={
            "reference": trial.summary.reference.model_copy(
                update={"code": "squat_pain_free_women", "label": "", "citation": ""}
            ),
            "reference_note": None,
            "reference_note_code": "squat_female",
        }
    )
    report = old.model_copy(update={"trials": [trial.model_copy(update={"summary": coded})]})
    summary = rendered(report).trials[0].summary
    assert (
        summary.reference.label == "pain-free women, single-leg squat (mean ± 1 SD of 8.4 ± 5.1°)"
    )
    assert summary.reference.citation.startswith("Herrington L.")
    assert summary.reference_note.startswith("From 16.8°, the average of women")


@pytest.mark.parametrize(
    "earlier, current, verdict, words",
    [
        (10.0, 30.55, "real_change", "Left knee, single-leg squat: 20.6° more valgus than before."),
        # Inside the noise no direction: "no clear change", never "less valgus".
        (10.0, 5.9, "within_noise", "Left knee, single-leg squat: no clear change."),
        (None, 5.0, "not_comparable", "in the earlier assessment, so no change can be given."),
        (None, None, "not_comparable", "in either assessment"),
    ],
)
def test_each_follow_up_verdict_is_worded(earlier, current, verdict, words):
    change = SideChange(
        test="single_leg_squat",
        side="left",
        earlier_fppa_deg=earlier,
        current_fppa_deg=current,
        change_deg=None if earlier is None or current is None else round(current - earlier, 2),
        verdict=verdict,
        message="",
    )
    (worded,) = rendered_changes([change])
    assert words in worded.message == change_message(change)
    assert ("8°" in worded.message) == (verdict != "not_comparable")


@pytest.mark.parametrize("voice, key", sorted(texts()))
def test_no_text_writes_a_figure_the_analysis_holds(voice, key):
    """The smallest detectable difference is quoted from its constant, never typed in."""
    body = texts()[(voice, key)].body
    assert not re.search(r"(?<![\d.])8°", body), "write {sdd_deg:.0f}° instead"
    assert "{" not in render(key, voice).markdown
