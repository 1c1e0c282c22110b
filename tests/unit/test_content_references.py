"""Every citation in the texts resolves to a registered source, and every source is cited."""

from __future__ import annotations

import itertools

import pytest

from valgus_pwa.analysis.norms import norm_for
from valgus_pwa.content.education import NORM, cited_keys, norm_source, render, texts
from valgus_pwa.content.references import REFERENCES, range_label, range_note

# Practical advice with no factual claim that would need a source; and texts about this
# recording's own numbers (the reps' spread in the session), which claim nothing about the
# literature.
ADVICE_ONLY = {
    ("runner", "retake_low_frame_rate"),
    ("runner", "asymmetry_noise"),
    ("runner", "asymmetry_real"),
    ("runner", "asymmetry_noise_landing"),
    ("runner", "asymmetry_real_landing"),
    ("clinician", "asymmetry_noise"),
    ("clinician", "asymmetry_noise_landing"),
    ("clinician", "asymmetry_real_landing"),
}
# Thresholds the app chose: their texts say so ("ours") rather than credit a paper with them.
OUR_THRESHOLDS = [
    ("clinician", "retake_very_deep"),
    ("runner", "retake_very_deep"),
    ("clinician", "retake_low_frame_rate"),
    ("clinician", "retake_contact_not_measured"),
    ("clinician", "retake_implausible_angle"),
    ("clinician", "result_well_above_landing"),
    ("clinician", "method"),
]


@pytest.mark.parametrize("voice, key", sorted(texts()))
def test_every_citation_in_a_text_resolves(voice, key):
    keys = cited_keys(texts()[(voice, key)].body)
    assert set(keys) - {NORM} <= set(REFERENCES), f"unknown source in {voice}/{key}.md"
    if (voice, key) not in ADVICE_ONLY:
        assert keys, f"{voice}/{key}.md makes claims without a reference"
    rendered = render(key, voice, norm_source="herrington2014")
    assert len(rendered.sources) == len(keys)
    for source in rendered.sources:
        assert f"[{source.short}]({source.url})" in rendered.markdown


def test_every_registered_source_is_cited_somewhere():
    cited = {key for text in texts().values() for key in cited_keys(text.body)}
    assert set(REFERENCES) <= cited


@pytest.mark.parametrize("source", REFERENCES.values(), ids=lambda source: source.key)
def test_every_source_has_a_full_citation_and_a_link(source):
    assert source.short.split()[-1].isdigit() and source.short.split()[-1] in source.citation
    assert source.citation.endswith(".") and len(source.citation) > 60
    assert source.url.startswith("https://")


@pytest.mark.parametrize(
    "test, sex",
    itertools.product(
        ("single_leg_squat", "single_leg_landing"), ("female", "male", "unspecified")
    ),
)
def test_every_reference_range_the_analysis_uses_is_registered(test, sex):
    norm = norm_for(test, sex)
    source = norm_source(norm.reference)
    assert source in REFERENCES
    assert range_label(norm.reference.code) and range_note(norm.note_code)
    # A report stored before ranges had codes names its source by the full citation.
    stored = norm.reference.model_copy(
        update={"code": None, "citation": REFERENCES[source].citation}
    )
    assert norm_source(stored) == source


def test_runner_and_clinician_voices_cover_the_same_topics():
    runner = {key for voice, key in texts() if voice == "runner"}
    clinician = {key for voice, key in texts() if voice == "clinician"}
    assert clinician - runner == {"method"} and runner <= clinician


@pytest.mark.parametrize("voice, key", OUR_THRESHOLDS)
def test_a_threshold_the_app_chose_is_called_ours(voice, key):
    body = render(key, voice, norm_source="herrington_munro2010").markdown
    assert "ours" in body or "our threshold" in body or "own choice" in body


def test_the_very_deep_threshold_is_not_credited_to_englander():
    """Englander 2019 shows that 2D angles depend on flexion and camera position; the 0.5
    thigh-length threshold is the app's own."""
    for voice in ("runner", "clinician"):
        body = texts()[(voice, "retake_very_deep")].body
        sentence = next(part for part in body.split(". ") if "englander2019" in part)
        assert "{deep_pct" not in sentence and "thigh length" not in sentence


def test_men_are_not_told_no_values_exist_for_them():
    everything = "\n".join(text.body for text in texts().values())
    assert "no male squat values are published" not in everything
    assert "No published single-leg-squat range exists for men" not in everything
    assert "[@ghulam2021]" in texts()[("clinician", "method")].body


def test_a_landing_page_shows_one_set_of_landing_values():
    """The app's landing is a step landing: no text quotes the hop landing's numbers as a
    reference (they only widen the plausible bounds of the implausible-angle check)."""
    for (voice, key), text in texts().items():
        if key != "retake_implausible_angle":
            assert "{hop_" not in text.body, f"{voice}/{key}.md quotes hop-landing values"
