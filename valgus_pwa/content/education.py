"""Education texts chosen by rules from a report's findings, in a runner's or a clinician's voice.

Texts live in texts/<voice>/<key>.md: a `# Title` line, then markdown that cites its sources
as `[@key]` (several: `[@a; @b]`) and quotes figures as placeholders (`{sdd_deg:.0f}°`, see
figures.py). `[@norm]` stands for the source of the trial's own reference range. Rendering fills
the figures, turns citations into linked in-text references and lists the sources.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from valgus_pwa.content.figures import with_figures
from valgus_pwa.content.references import RANGE_SOURCES, REFERENCES, Source
from valgus_pwa.content.result_texts import withheld_by
from valgus_pwa.schemas import Category, Reference, Report, Side, TestName, TrialReport

Voice = Literal["runner", "clinician"]
VOICES: tuple[Voice, ...] = ("runner", "clinician")
TEXTS_DIR = Path(__file__).parent / "texts"
NORM = "norm"
_CITATION = re.compile(r"\[@([^\]]+)\]")


@dataclass(frozen=True)
class Text:
    key: str
    voice: Voice
    title: str
    body: str


@dataclass(frozen=True)
class Section:
    """One rendered text: its title, markdown with in-text citations, and the sources cited."""

    key: str
    title: str
    markdown: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class TrialFinding:
    """What the rules need to know about one trial."""

    side: Side
    test: TestName
    category: Category | None
    measured: bool
    trusted: bool
    flags: tuple[str, ...]
    norm_source: str | None  # registry key of the trial's reference range
    withheld_by: str | None = None  # blocking flag saying the movement was not the test
    low_quality: bool = False  # the recording's confidence is low


@dataclass(frozen=True)
class Findings:
    trials: tuple[TrialFinding, ...]
    asymmetry_within_noise: bool | None = None


def _parse(path: Path, voice: Voice) -> Text:
    title_line, _, body = path.read_text(encoding="utf-8").partition("\n")
    if not title_line.startswith("# "):
        raise ValueError(f"{path} must start with a '# Title' line")
    return Text(key=path.stem, voice=voice, title=title_line[2:].strip(), body=body.strip())


@functools.cache
def texts() -> dict[tuple[Voice, str], Text]:
    """Every education text, by (voice, key)."""
    return {
        (voice, path.stem): _parse(path, voice)
        for voice in VOICES
        for path in sorted((TEXTS_DIR / voice).glob("*.md"))
    }


def cited_keys(markdown: str) -> list[str]:
    """The source keys a text cites, in order of first citation."""
    keys: list[str] = []
    for group in _CITATION.findall(markdown):
        for key in (part.strip().lstrip("@") for part in group.split(";")):
            if key not in keys:
                keys.append(key)
    return keys


def source_for_citation(citation: str) -> str | None:
    """The registry key of a reference range's full citation, if it is registered."""
    return next((key for key, source in REFERENCES.items() if source.citation == citation), None)


def norm_source(reference: Reference) -> str | None:
    """The registry key of a reference range's source: by its code, or by the citation that
    reports stored before codes existed carry."""
    if reference.code is not None:
        return RANGE_SOURCES[reference.code]
    return source_for_citation(reference.citation)


def render(
    key: str, voice: Voice, norm_source: str | None = None, title: str | None = None
) -> Section:
    """A text with its citations resolved; `[@norm]` becomes the given reference range's source."""
    text = texts()[(voice, key)]
    body = with_figures(text.body)

    def resolve(key: str) -> Source | None:
        return REFERENCES.get(norm_source or "") if key == NORM else REFERENCES.get(key)

    def in_text(match: re.Match) -> str:
        found = [resolve(key) for key in cited_keys(match.group(0))]
        return "(" + "; ".join(f"[{s.short}]({s.url})" for s in found if s) + ")"

    sources = tuple(s for s in (resolve(key) for key in cited_keys(body)) if s)
    markdown = _CITATION.sub(in_text, body).replace(" ()", "")
    return Section(key=key, title=title or text.title, markdown=markdown, sources=sources)


def result_key(trial: TrialFinding) -> str:
    """Which 'what your result means' text fits a trial."""
    if trial.withheld_by:
        return "result_not_the_test"
    if not trial.measured:
        return "result_unmeasured"
    if not trial.trusted:
        return "result_untrusted"
    if trial.category == "well_above" and trial.low_quality and not _landing(trial.test):
        # Too unsteady a number to compare with the knee-pain group (result_texts.headline too).
        return "result_well_above_uncertain"
    return f"result_{trial.category}"


def _landing(test: TestName) -> bool:
    return test == "single_leg_landing"


def for_task(key: str, voice: Voice, tests: set[TestName]) -> str:
    """The landing wording of a text where it has one and every trial is a landing."""
    landing_key = f"{key}_landing"
    if tests and all(_landing(test) for test in tests) and (voice, landing_key) in texts():
        return landing_key
    return key


def _legs(sides: list[Side]) -> str:
    named = " and ".join(dict.fromkeys(side.capitalize() for side in sides))
    return f"{named} knee" if len(set(sides)) == 1 else f"{named} knees"


def _result_sections(findings: Findings, voice: Voice) -> list[Section]:
    """One section per distinct result, titled with the legs it applies to."""
    grouped: dict[tuple[str, str | None], list[Side]] = {}
    for trial in findings.trials:
        key = for_task(result_key(trial), voice, {trial.test})
        grouped.setdefault((key, trial.norm_source), []).append(trial.side)
    return [
        render(key, voice, norm, title=f"{_legs(sides)}: {texts()[(voice, key)].title}")
        for (key, norm), sides in grouped.items()
    ]


def _flag_sections(findings: Findings, voice: Voice) -> list[Section]:
    """Why each raised quality flag matters; flags without their own text share a general one."""
    keys = [
        f"retake_{code}" if (voice, f"retake_{code}") in texts() else "retake_other"
        for trial in findings.trials
        for code in trial.flags
    ]
    return [render(key, voice) for key in dict.fromkeys(keys)]


def education(findings: Findings, voice: Voice) -> list[Section]:
    """The texts a report calls for, in reading order."""
    tests = {trial.test for trial in findings.trials}
    sections = [render(for_task("screen", voice, tests), voice), *_result_sections(findings, voice)]
    sections += _flag_sections(findings, voice)
    if findings.asymmetry_within_noise is not None:
        key = "asymmetry_noise" if findings.asymmetry_within_noise else "asymmetry_real"
        sections.append(render(for_task(key, voice, tests), voice))
    sections += [render(key, voice) for key in ("next_steps", "what_is_valgus", "evidence")]
    return sections


def trial_finding(trial: TrialReport) -> TrialFinding:
    summary = trial.summary
    return TrialFinding(
        side=trial.side,
        test=trial.test,
        category=summary.category,
        measured=summary.fppa_deg is not None,
        trusted=summary.trusted,
        flags=tuple(flag.code for flag in trial.quality.flags),
        norm_source=norm_source(summary.reference) if summary.reference else None,
        withheld_by=withheld_by(trial),
        low_quality=trial.quality.confidence == "low",
    )


def findings_from(report: Report) -> Findings:
    comparison = report.comparison
    return Findings(
        trials=tuple(trial_finding(trial) for trial in report.trials),
        asymmetry_within_noise=comparison.within_noise if comparison else None,
    )


def bibliography(sections: list[Section]) -> list[Source]:
    """Every source cited by the sections, once, in order of first citation."""
    return list({source.key: source for section in sections for source in section.sources}.values())
