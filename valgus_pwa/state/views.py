"""View records the report states show: texts as HTML with their sources, test names, definitions."""

from __future__ import annotations

import dataclasses

from markdown_it import MarkdownIt

from valgus_pwa.content.education import Section
from valgus_pwa.content.metric_definitions import (
    DEFINITIONS,
    RUNNING_DEFINITIONS,
    DefinitionText,
    definitions_for,
)
from valgus_pwa.content.references import Source
from valgus_pwa.schemas import TestName

TEST_NAMES: dict[TestName, str] = {
    "single_leg_squat": "single-leg squat",
    "single_leg_landing": "single-leg drop landing",
    "running": "treadmill run",
}
_MARKDOWN = MarkdownIt("commonmark")


@dataclasses.dataclass
class SourceView:
    short: str
    citation: str
    url: str


@dataclasses.dataclass
class SectionView:
    key: str
    title: str
    html: str  # rendered from the text's markdown; the texts are the app's own, not user input
    sources: list[SourceView]


def source_view(source: Source) -> SourceView:
    return SourceView(short=source.short, citation=source.citation, url=source.url)


def section_view(section: Section) -> SectionView:
    return SectionView(
        section.key,
        section.title,
        _MARKDOWN.render(section.markdown),
        [source_view(s) for s in section.sources],
    )


# Every metric the clinical view can show, defined once (term, unit, sign, meaning).
METRIC_DEFINITIONS: list[DefinitionText] = definitions_for(DEFINITIONS)
# The running test's columns, defined apart: its angles are read at midstance, not at a rep.
RUNNING_METRIC_DEFINITIONS: list[DefinitionText] = definitions_for(
    RUNNING_DEFINITIONS, RUNNING_DEFINITIONS
)
