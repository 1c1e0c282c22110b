"""The words of a follow-up: how one leg's valgus changed between two assessments."""

from __future__ import annotations

from valgus_pwa.content.figures import with_figures
from valgus_pwa.schemas import SideChange

TEST_WORDS = {"single_leg_squat": "single-leg squat", "single_leg_landing": "single-leg landing"}
_SOURCE = "Munro, Herrington & Carolan 2012"
_VERDICTS = {
    "within_noise": "{leg} knee, {task}: {size}. That is below the {sdd_deg:.0f}° a 2D video"
    " measurement must change by to show a real change, so it is within measurement noise"
    f" ({_SOURCE}).",
    "real_change": "{leg} knee, {task}: {size}. That is more than the {sdd_deg:.0f}° smallest"
    f" detectable difference, so it is a real change ({_SOURCE}).",
}


def _missing_from(change: SideChange) -> str:
    if change.earlier_fppa_deg is None and change.current_fppa_deg is None:
        return "either assessment"
    return "the earlier assessment" if change.earlier_fppa_deg is None else "this assessment"


def change_message(change: SideChange) -> str:
    """One sentence on a leg's change, judged against the smallest detectable difference."""
    task = TEST_WORDS[change.test]
    earlier, current = change.earlier_fppa_deg, change.current_fppa_deg
    if change.verdict == "not_comparable" or earlier is None or current is None:
        return (
            f"No trustworthy {task} result for the {change.side} knee in {_missing_from(change)},"
            " so no change can be given. Record the test again with the same set-up."
        )
    # From the two means shown, not the rounded change_deg: 4.149... must read 4.1, not 4.2.
    difference = current - earlier
    direction = "more" if difference > 0 else "less"
    size = f"{abs(difference):.1f}° {direction} valgus than before"
    return with_figures(
        _VERDICTS[change.verdict], leg=change.side.capitalize(), task=task, size=size
    )
