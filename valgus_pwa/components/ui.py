"""Building blocks the Reflex pages share, as plain HTML styled by assets/styles.css.

No component library: every page then loads only React, Reflex's runtime and its own code, which
keeps the first paint fast on a phone.
"""

import reflex as rx


def heading(text, level: int, **props) -> rx.Component:
    return getattr(rx.el, f"h{level}")(text, class_name=f"heading heading--{level}", **props)


def text(*children, class_name: str = "", **props) -> rx.Component:
    return rx.el.p(*children, class_name=f"text {class_name}".strip(), **props)


def fine_print(*children, class_name: str = "", **props) -> rx.Component:
    """A paragraph of secondary detail: sources, captions, how a number was found."""
    return text(*children, class_name=f"fine-print {class_name}".strip(), **props)


def button_link(label: str, href, variant: str = "primary", **props) -> rx.Component:
    """A link that looks like a button: primary (filled), secondary (outlined) or quiet."""
    return rx.el.a(label, href=href, class_name=f"wiz-button wiz-button--{variant}", **props)


def button(label: str, variant: str = "primary", **props) -> rx.Component:
    return rx.el.button(
        label, type="button", class_name=f"wiz-button wiz-button--{variant}", **props
    )


def card(*children, class_name: str = "", **props) -> rx.Component:
    return rx.el.section(*children, class_name=f"card {class_name}".strip(), **props)


def badge(*children, tone, **props) -> rx.Component:
    """A labelled pill; its tone (a colour) only repeats what its words say."""
    return rx.el.span(
        *children, class_name=rx.Var.create("badge badge--") + rx.Var.create(tone).to(str), **props
    )


def callout(*children, tone: str = "info", **props) -> rx.Component:
    return rx.el.div(*children, class_name=f"callout callout--{tone}", role="status", **props)


def loading(label: str) -> rx.Component:
    return rx.el.p(
        rx.el.span(class_name="pose-capture__spinner", aria_hidden="true"),
        label,
        class_name="loading",
        role="status",
    )


def row(*children, class_name: str = "", **props) -> rx.Component:
    """Children side by side, wrapping on narrow screens."""
    return rx.el.div(*children, class_name=f"row {class_name}".strip(), **props)


def columns(*children, **props) -> rx.Component:
    """One column on a phone, two from tablet width."""
    return rx.el.div(*children, class_name="columns", **props)
