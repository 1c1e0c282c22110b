"""The words of every quality flag and of the quality note, rendered from codes and params.

The analysis names a flag by code and gives the figures its words quote (valgus_pwa.analysis.
quality); this module is the only place those words are written, in the runner's voice.
"""

from __future__ import annotations

from collections.abc import Mapping

from valgus_pwa.content.figures import with_figures
from valgus_pwa.schemas import FlagParam

Params = Mapping[str, FlagParam]

QUALITY_NOTE = (
    "This recording is not good enough to compare with the reference."
    " The quality flags say how to record it again."
)

_RETAKE_ONE_LEG = (
    " Stand on your {side} leg only: lift your {other_side} foot, knee bent, a hand's width or"
    " more off the floor, keep it up the whole time, and record again."
)
# Flags whose words change with the outcome: code -> (template when blocking, when not).
_BY_OUTCOME: dict[str, tuple[str, str]] = {
    "very_deep": (
        "{reps} of {of} {movement} went so deep that your hip came close to knee height."
        " There the camera sees your thigh end-on and the knee angle is distorted, so no knee"
        " angle is given. Go only about halfway down, as if to sit on a high stool, and record"
        " again.",
        "{reps} of {of} {movement} went so deep that your hip came close to knee height."
        " There the camera sees your thigh end-on and the knee angle is distorted, so we left"
        " {them} out of your result. Go only about halfway down, as if to sit on a high stool,"
        " and record again.",
    ),
    # Below the test's floor (squats: too few frames to find each squat's bottom) or only below
    # the general minimum; a flag stored before floors existed has no min_fps and is not blocking.
    "low_frame_rate": (
        "The recording ran at only {fps:.0f} frames per second, too few to find the bottom of"
        " each squat reliably, so no knee angle is given. It needs at least {min_fps:.0f}. Close"
        " other apps, use good light, and record again.",
        "The recording ran at only {fps:.0f} frames per second (at least {min_fps:.0f} is"
        " best), so the deepest point may fall between frames. Close other apps, use good light,"
        " and record again; move slowly if your phone cannot go faster.",
    ),
    "not_single_leg": (
        "Both feet were on the floor in {reps} of {of} {movement}, so this was not a single-leg"
        " test and no knee angle is given." + _RETAKE_ONE_LEG,
        "Your {other_side} foot touched down in {reps} of {of} {movement}; we left {them} out of"
        " your result." + _RETAKE_ONE_LEG,
    ),
}
# The running test's floor: stance lasts a quarter of a second, so events need many frames.
_RUNNING_LOW_FRAME_RATE = (
    "The recording ran at only {fps:.0f} frames per second. Each foot is on the belt for only"
    " about a quarter of a second, so running needs at least {min_fps:.0f} frames per second"
    " and no angles are given. Film in your phone's camera app at 60 frames per second or more"
    " (120 or 240 if it offers them) and choose that video."
)
# A not_single_leg flag counting 0 of 0 reps: none was found, both feet were down throughout.
_FEET_DOWN_THROUGHOUT = (
    "Both feet were on the floor for most of the recording, so this was not a single-leg test."
    + _RETAKE_ONE_LEG
)
_TEMPLATES: dict[str, str] = {
    "not_frontal": "The camera was not facing you straight on. Place the phone level at hip"
    " height, straight in front of you, with your chest and hips square to it, and record again."
    " From an angle, a knee can look as if it caves in when it does not.",
    "body_not_in_frame": "Your hips, knees or feet were out of the picture in {fraction:.0%} of"
    " the recording. Step back or move the phone so your whole body, head to feet, stays in view"
    " throughout, and record again.",
    "low_visibility": "The camera could not see your {side} leg clearly. Use good light, wear"
    " shorts or fitted clothes, keep the other leg and your arms from covering it, and record"
    " again.",
    "too_few_reps": "We counted {reps} measurable squat(s). Do at least {min_reps} slow"
    " single-leg squats on your {side} leg in one recording, standing back up fully between"
    " them.",
    "contact_not_measured": "The recording ran at {fps:.0f} frames per second. The knee angle"
    " at the moment your foot touches down needs at least {min_fps:.0f}, so it is not given;"
    " the angle at your deepest knee bend is measured as usual. If your phone can record at"
    " {min_fps:.0f} frames per second, use that next time.",
    "implausible_angle": "The knee angle read {size_deg:.0f}° {way}, far beyond the published"
    " groups doing this test, so it is almost certainly a tracking error, not your knee. Film from the"
    " front at hip height with your whole body in view, in good light, and record again.",
    "other_person_in_view": "Someone else was in the picture in {fraction:.0%} of the recording."
    " We followed you, not them, but check that the skeleton in the replay is yours, and record"
    " with nobody else in view if you can.",
    "no_landing_detected": "We could not see the moment you landed, so no knee angle is given."
    " Start recording before you step off the box, keep your feet in view, and record again.",
    "label_swap": "The pose model mixed up your left and right side in {fraction:.0%} of the"
    " frames; we corrected this, but check the result. Face the phone squarely, keep your free"
    " leg from crossing in front of the other, and record again if the number looks off.",
    "tracking_gap": "The pose model lost sight of your leg for {gap_s:.1f} s during the test; we"
    " did not guess what happened then. Keep your whole body in view, in good light, and record"
    " again if a squat is missing.",
    "tracking_jump": "The pose model lost track of your hips or {side} leg for a moment in"
    " {fraction:.0%} of the frames; we bridged those moments, but check the result. Wear fitted"
    " clothes that contrast with the background, keep the free leg from crossing in front of the"
    " other, and record again if the number looks off.",
    "too_few_steps": "We found {steps} step(s) of your {side} leg; a steady average needs at"
    " least {min_steps} steps of each leg, so no result is given. Run steadily on the treadmill"
    " for at least 20 seconds with your whole body in view, and record again.",
    "no_steps_detected": "We could not find your running steps in this recording. Film from"
    " behind (or in front of) the treadmill at knee-to-hip height, with your whole body, head"
    " to feet, in view while you run steadily, and record again.",
    "no_measurement": "No knee angle could be measured from this recording. Keep your whole body"
    " in view, face the camera and record the test again.",
}
# The params each flag's words need, as valgus_pwa.analysis.quality gives them.
FLAG_PARAMS: dict[str, tuple[str, ...]] = {
    "not_frontal": (),
    "body_not_in_frame": ("fraction",),
    "low_visibility": ("side",),
    "too_few_reps": ("reps", "side"),
    "low_frame_rate": ("fps", "min_fps", "test"),
    "contact_not_measured": ("fps", "min_fps"),
    "very_deep": ("reps", "of", "test"),
    "not_single_leg": ("reps", "of", "side", "test"),
    "implausible_angle": ("fppa_deg",),
    "other_person_in_view": ("fraction",),
    "no_landing_detected": (),
    "label_swap": ("fraction",),
    "tracking_gap": ("gap_ms",),
    "tracking_jump": ("fraction", "side"),
    "too_few_steps": ("steps", "side", "min_steps"),
    "no_steps_detected": (),
    "no_measurement": (),
}
OTHER_SIDE = {"left": "right", "right": "left"}
MOVEMENTS = {"single_leg_squat": "squats", "single_leg_landing": "landings", "running": "steps"}


def _words(params: Params) -> dict[str, FlagParam]:
    """The params with the words they imply: the other side, the movement, it or them."""
    words = dict(params)
    if "side" in params:
        words["other_side"] = OTHER_SIDE[str(params["side"])]
    if "test" in params:
        words["movement"] = MOVEMENTS[str(params["test"])]
    if "reps" in params:
        words["them"] = "it" if params["reps"] == 1 else "them"
    if "fppa_deg" in params:
        angle = float(params["fppa_deg"])
        words.update(size_deg=abs(angle), way="inward" if angle > 0 else "outward")
    if "gap_ms" in params:
        words["gap_s"] = float(params["gap_ms"]) / 1000
    return words


def _template(code: str, params: Params, blocking: bool) -> str:
    if code == "not_single_leg" and params["of"] == 0:
        return _FEET_DOWN_THROUGHOUT
    if code == "low_frame_rate" and params.get("test") == "running":
        return _RUNNING_LOW_FRAME_RATE
    if code in _BY_OUTCOME:
        when_blocking, otherwise = _BY_OUTCOME[code]
        return when_blocking if blocking else otherwise
    return _TEMPLATES[code]


def flag_message(code: str, params: Params, blocking: bool) -> str | None:
    """A flag's words, or None for a code without words here or params its words need."""
    needs = FLAG_PARAMS.get(code)
    if needs is None or any(name not in params for name in needs):
        return None
    return with_figures(_template(code, params, blocking), **_words(params))
