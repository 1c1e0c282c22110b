"""The body of a report page for each load status: the report itself, or why there is none."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var
from reflex_components_core.core.banner import has_connection_errors

from valgus_pwa.components.ui import button_link, heading, loading, text


def message_view(title: str, message: str) -> rx.Component:
    return rx.fragment(
        heading(title, 1),
        text(message),
        button_link("Go to the start", "/"),
    )


def needs_connection_view() -> rx.Component:
    """Shown while the page cannot reach the server; Reflex reconnects on its own and the report
    replaces this view as soon as it loads."""
    return rx.el.div(
        heading("This result needs a connection", 1),
        text(
            "Results are kept on the server, not on this phone. This page keeps trying and shows "
            "the result as soon as the connection is back."
        ),
        loading("Waiting for a connection…"),
        button_link("Back to the start page", "/"),
        data_testid="needs-connection",
    )


def report_loading() -> rx.Component:
    return loading("Loading the result…")


def report_status(status: Var[str], found: rx.Component) -> rx.Component:
    """`found` once loaded; shared by the runner's and the clinical view."""
    return rx.match(
        status,
        ("found", found),
        (
            "not_found",
            message_view(
                "Result not found", "This link is wrong, expired or was deleted by its owner."
            ),
        ),
        (
            "deleted",
            message_view("Result deleted", "The result was deleted and its link no longer works."),
        ),
        (
            "unavailable",
            message_view(
                "Please try again",
                "The results database is briefly unavailable. Reload in a moment.",
            ),
        ),
        rx.cond(has_connection_errors, needs_connection_view(), report_loading()),
    )
