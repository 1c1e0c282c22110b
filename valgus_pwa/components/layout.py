"""The page frame every page shares: a narrow, phone-first column."""

import reflex as rx


def page_frame(*children: rx.Component) -> rx.Component:
    return rx.box(
        rx.el.header(
            rx.link("Knee check", href="/", class_name="brand", underline="none"),
            class_name="site-header",
        ),
        rx.el.main(*children, class_name="page"),
        class_name="app-shell",
    )


def choice(label: str, value, options: list[tuple[str, str]], on_change, test_id: str) -> rx.Component:
    """A labelled segmented control: big touch targets, the choice shown in text."""
    return rx.box(
        rx.text(label, class_name="field-label", as_="div"),
        rx.segmented_control.root(
            *[rx.segmented_control.item(text, value=key) for key, text in options],
            value=value,
            on_change=on_change,
            size="3",
            width="100%",
            data_testid=test_id,
        ),
        class_name="field",
    )
