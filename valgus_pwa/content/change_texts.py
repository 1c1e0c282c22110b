"""The words of a follow-up: how one leg's valgus changed between two assessments."""

from __future__ import annotations

from valgus_pwa.content.figures import with_figures
from valgus_pwa.schemas import ComparisonWarning, FlagParam, SideChange

TEST_WORDS = {"single_leg_squat": "single-leg squat", "single_leg_landing": "single-leg landing"}
# The between-day noise is borrowed: Munro 2012 measured it on manually digitised 2D video.
_SDD = (
    "the {sdd_deg:.0f}° smallest detectable difference between days, a figure borrowed from"
    " manual digitising of 2D video on two days (Munro, Herrington & Carolan 2012)"
)
_VERDICTS = {
    # Inside the noise a change has no direction: its sign is as likely to be chance.
    "within_noise": "{leg} knee, {task}: no clear change. The two results differ by {size},"
    f" which is within measurement noise: below {_SDD}.",
    "real_change": "{leg} knee, {task}: {size} valgus than before. That is a real change:"
    f" more than {_SDD}.",
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


def before_after_text(change: SideChange) -> str:
    """The two mean FPPAs a change is made of: "Earlier 16.5° · later 12.1°"."""

    def value(deg: float | None) -> str:
        return "no result" if deg is None else f"{deg:.1f}°".replace("-", "−")

    return f"Earlier {value(change.earlier_fppa_deg)} · later {value(change.current_fppa_deg)}"


def _missing_from(change: SideChange) -> str:
    if change.earlier_fppa_deg is None and change.current_fppa_deg is None:
        return "either assessment"
    return "the earlier assessment" if change.earlier_fppa_deg is None else "this assessment"


def change_message(change: SideChange) -> str:
    """A leg's change in words, judged against the between-day smallest detectable difference."""
    task = TEST_WORDS[change.test]
    earlier, current = change.earlier_fppa_deg, change.current_fppa_deg
    if change.verdict == "not_comparable" or earlier is None or current is None:
        return (
            f"No trustworthy {task} result for the {change.side} knee in {_missing_from(change)},"
            " so no change can be given. Record the test again with the same set-up."
        )
    # From the two means shown, not the rounded change_deg: 4.149... must read 4.1, not 4.2.
    difference = current - earlier
    if change.verdict == "within_noise":
        size = f"{abs(difference):.1f}°"
    else:
        size = f"{abs(difference):.1f}° {'more' if difference > 0 else 'less'}"
    return with_figures(
        _VERDICTS[change.verdict], leg=change.side.capitalize(), task=task, size=size
    )
