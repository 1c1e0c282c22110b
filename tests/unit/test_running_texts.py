"""The running test's words: its flags worded from their params, and the plain result text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tests.synthetic_running import standard_running
from valgus_pwa.analysis import analyse_trial, quality
from valgus_pwa.content.flag_texts import FLAG_PARAMS, flag_message
from valgus_pwa.content.result_texts import running_text


@given(
    st.one_of(
        st.builds(quality.running_frame_rate_issue, st.none() | st.floats(1, 300)),
        st.builds(quality.steps_issue, st.integers(0, 40), st.sampled_from(["left", "right"])),
    )
)
def test_every_running_flag_is_worded_from_its_params(issue: quality.Issue | None) -> None:
    if issue is None:
        return
    assert set(issue.params) == set(FLAG_PARAMS[issue.code]) or issue.code == "no_steps_detected"
    message = flag_message(issue.code, issue.params, issue.blocking)
    assert message and message.endswith(".") and not re.search(r"[{}]|None|nan", message)


def test_the_running_frame_rate_words_are_the_running_ones() -> None:
    issue = quality.running_frame_rate_issue(30.0)
    assert issue is not None and issue.blocking
    message = flag_message(issue.code, issue.params, issue.blocking)
    assert message is not None and "running needs at least 50 frames per second" in message
    assert "squat" not in message


def test_the_result_text_gives_each_legs_means_and_the_step_rate() -> None:
    trial, _ = standard_running(60.0, "back")
    text = running_text(analyse_trial(trial))
    assert text.startswith("At the middle of each step on the belt: Left leg (10 steps)")
    assert "Right leg (10 steps)" in text and "steps a minute" in text
    # Pelvic drop and hip movement first, the knee angle last, and no diagnosis.
    assert text.index("pelvis") < text.index("hip moving") < text.index("knee angle (FPPA)")
    assert "not a diagnosis" in text


def test_an_untrusted_run_gets_no_numbers() -> None:
    trial, _ = standard_running(30.0, "back")
    text = running_text(analyse_trial(trial))
    assert "no reliable result" in text and "°" not in text
