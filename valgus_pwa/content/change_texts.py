"""The words of a follow-up: how one leg's valgus changed between two assessments."""

from __future__ import annotations

from valgus_pwa.analysis.followup import RunningChange
from valgus_pwa.content.figures import with_figures
from valgus_pwa.content.references import REFERENCES
from valgus_pwa.content.running_texts import MEASURE_NAMES
from valgus_pwa.schemas import ComparisonWarning, FlagParam, SideChange, Verdict

TEST_WORDS = {"single_leg_squat": "single-leg squat", "single_leg_landing": "single-leg landing"}
# The between-day noise is borrowed: Munro 2012 measured it on manually digitised 2D video.
_SDD = (
    "the {sdd_deg:.0f}° smallest detectable difference between days, a figure borrowed from"
    " manual digitising of 2D video on two days (Munro, Herrington & Carolan 2012)"
)
# {name}: the leg and what changed; {size}: the change, with its direction only when real
# (inside the noise a change has no direction: its sign is as likely to be chance), then what
# grew or shrank ({of}: " valgus", or nothing where the name says it); {sdd}: the figure it was
# judged against and where it comes from.
_VERDICTS = {
    "within_noise": "{name}: no clear change. The two results differ by {size}, which is within"
    " measurement noise: below {sdd}.",
    "real_change": "{name}: {size}{of} than before. That is a real change: more than {sdd}.",
}
_WARNINGS = {
    "pose_model_differs": "The two assessments were measured with different pose models"
    " ({earlier} earlier, {current} now). The models place the joints a little differently,"
    " so part of a change may come from the model rather than the knee.",
    "frame_rate_differs": "The two assessments were filmed at different frame rates (about"
    " {earlier_fps:.0f} and {current_fps:.0f} frames per second). The frame rate changes how"
    " the movement is sampled and smoothed, so part of a change may come from the recording."
    " Film both tests the same way.",
}

# The progress page's pickers allow any pair; the service refuses a pair in the wrong order.
EARLIER_IS_LATER = (
    "The test picked as earlier was done after the later one, so they are not compared."
    " Pick the older test as the earlier one."
)


def _model_names(models: FlagParam) -> str:
    """Pose model names in words: "pose_landmarker_lite" as "lite model"."""
    names = [str(m).strip().removeprefix("pose_landmarker_") for m in str(models).split(",")]
    return " and ".join(names) + (" models" if len(names) > 1 else " model")


def warning_message(warning: ComparisonWarning) -> str:
    """Why a comparison may mislead, in words, from the warning's code and params."""
    params = dict(warning.params)
    if warning.code == "pose_model_differs":
        params = {key: _model_names(value) for key, value in params.items()}
    return with_figures(_WARNINGS[warning.code], **params)


def _before_after(earlier_deg: float | None, current_deg: float | None) -> str:
    def value(deg: float | None) -> str:
        return "no result" if deg is None else f"{deg:.1f}°".replace("-", "−")

    return f"Earlier {value(earlier_deg)} · later {value(current_deg)}"


def before_after_text(change: SideChange) -> str:
    """The two mean FPPAs a change is made of: "Earlier 16.5° · later 12.1°"."""
    return _before_after(change.earlier_fppa_deg, change.current_fppa_deg)


def running_before_after_text(change: RunningChange) -> str:
    """The two leg means of a running measure a change is made of."""
    return _before_after(change.earlier_deg, change.current_deg)


def _missing_from(earlier_deg: float | None, current_deg: float | None) -> str:
    if earlier_deg is None and current_deg is None:
        return "either assessment"
    return "the earlier assessment" if earlier_deg is None else "this assessment"


def _size(difference: float, real: bool) -> str:
    """A change's size; its direction only when it is real (inside the noise it has none)."""
    if not real:
        return f"{abs(difference):.1f}°"
    return f"{abs(difference):.1f}° {'more' if difference > 0 else 'less'}"


def _judged_message(
    verdict: Verdict,
    earlier: float | None,
    current: float | None,
    *,
    name: str,
    sdd: str,
    unmeasured: str,
    of: str = "",
) -> str:
    """A change in words under `name`, judged against `sdd` (_VERDICTS); `unmeasured`, which
    names where a result is {missing}, when no change can be given."""
    if verdict == "not_comparable" or earlier is None or current is None:
        return unmeasured.format(missing=_missing_from(earlier, current))
    # From the two means shown, not the rounded change_deg: 4.149... must read 4.1, not 4.2.
    size = _size(current - earlier, verdict == "real_change")
    return _VERDICTS[verdict].format(name=name, size=size, of=of, sdd=sdd)


def change_message(change: SideChange) -> str:
    """A leg's change in words, judged against the between-day smallest detectable difference."""
    task = TEST_WORDS[change.test]
    return _judged_message(
        change.verdict,
        change.earlier_fppa_deg,
        change.current_fppa_deg,
        name=f"{change.side.capitalize()} knee, {task}",
        sdd=with_figures(_SDD),
        unmeasured=f"No trustworthy {task} result for the {change.side} knee in {{missing}},"
        " so no change can be given. Record the test again with the same set-up.",
        of=" valgus",
    )


def running_measure_name(measure: str) -> str:
    """A running measure in running text: "hip adduction", "knee angle (FPPA)"."""
    name = MEASURE_NAMES[measure]
    return name[0].lower() + name[1:]


def running_change_title(change: RunningChange) -> str:
    """The card's title, naming the leg and the measure: "Left leg · running · pelvic drop"."""
    return f"{change.side.capitalize()} leg · running · {running_measure_name(change.measure)}"


def _running_sdd(change: RunningChange) -> str:
    """The figure a running change was judged against, and where it comes from."""
    if change.sdd_borrowed:
        return (
            f"the {change.sdd_deg:.0f}° smallest detectable difference of 2D knee FPPA between"
            " days in the squat and landing (Munro, Herrington & Carolan 2012), borrowed because"
            " no running figure for the knee angle was found"
        )
    return (
        f"the {change.sdd_deg:.1f}° smallest detectable difference between days for this"
        f" measure in treadmill running ({REFERENCES['dingenen2018'].short}, on hand-marked"
        " video)"
    )


def running_change_message(change: RunningChange) -> str:
    """A leg's change of one running measure in words, judged against that measure's own
    between-day smallest detectable difference."""
    name = f"{change.side.capitalize()} leg, running {running_measure_name(change.measure)}"
    return _judged_message(
        change.verdict,
        change.earlier_deg,
        change.current_deg,
        name=name,
        sdd=_running_sdd(change),
        unmeasured=f"{name}: no trustworthy running result in {{missing}}, so no change can be"
        " given. Record the run again with the same set-up.",
    )
