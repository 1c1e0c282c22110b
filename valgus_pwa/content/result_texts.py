"""Short texts for the result page; the fuller education content builds on these."""

CATEGORY_PHRASES = {
    "within": "within the range seen in pain-free people",
    "above": "more inward movement than is typical for pain-free people",
    "well_above": "well above the pain-free range, similar to groups with knee pain",
    "below": "more outward movement than is typical for pain-free people",
}

CONFIDENCE_PHRASES = {
    "high": "The recording quality is good.",
    "medium": "The recording quality is fair: treat the number with some caution.",
    "low": "The recording quality is poor: this number is not reliable.",
}

MEANING_PARAGRAPH = (
    "The number is the knee's frontal plane projection angle (FPPA): how far the knee moves "
    "in toward the body's midline (positive, valgus) or out (negative, varus) at the deepest "
    "point of each squat, measured from the camera image. It is a movement screen, not a "
    "diagnosis. Between two test days the same person can differ by up to about 8° from "
    "measurement noise alone (Munro et al. 2012), and a squat is not running: the angle here "
    "does not predict how your knee moves when you run (Rees et al. 2019). If your knee hurts, "
    "see a physiotherapist: strength work can help knee pain even when this angle does not change."
)


def category_phrase(category: str | None) -> str:
    return CATEGORY_PHRASES.get(category or "", "not compared with reference values")


def confidence_phrase(confidence: str) -> str:
    return CONFIDENCE_PHRASES.get(confidence, "")


def direction_word(fppa_deg: float) -> str:
    """How a runner would say the sign of the angle."""
    return "inward (valgus)" if fppa_deg >= 0 else "outward (varus)"
