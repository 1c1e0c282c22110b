"""The page frame every page shares: a narrow, phone-first column."""

import reflex as rx


def page_frame(*children: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.header(rx.el.a("Knee check", href="/", class_name="brand"), class_name="site-header"),
        rx.el.main(*children, class_name="page"),
        class_name="app-shell",
    )
