"""An education text as the pages show it: title, HTML body and its sources."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from valgus_pwa.components.ui import heading
from valgus_pwa.state.views import SectionView, SourceView


def source_item(source: ObjectVar[SourceView]) -> rx.Component:
    """One entry of a list of sources: the citation and its link."""
    return rx.el.li(
        source.citation, " ", rx.el.a(source.url, href=source.url, target="_blank", rel="noopener")
    )


def _body(section: ObjectVar[SectionView]) -> list[rx.Component]:
    return [
        rx.html(section.html),
        rx.cond(
            section.sources.length() > 0,
            rx.el.details(
                rx.el.summary("Sources"),
                rx.el.ol(rx.foreach(section.sources, source_item), class_name="sources"),
            ),
        ),
    ]


def section_card(section: ObjectVar[SectionView]) -> rx.Component:
    return rx.el.section(
        heading(section.title, 3), *_body(section), class_name="education", data_section=section.key
    )


def section_on_demand(section: ObjectVar[SectionView]) -> rx.Component:
    """The same text closed to its title, for a page whose first screen must stay short."""
    return rx.el.details(
        rx.el.summary(heading(section.title, 3)),
        *_body(section),
        class_name="education education--on-demand",
        data_section=section.key,
    )
