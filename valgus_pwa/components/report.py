"""Local React components of the report pages, wrapped for Reflex."""

import reflex as rx

from valgus_pwa.components.ui import text


class SkeletonReplay(rx.NoSSRComponent):
    """Plays one rep as a hip–knee–ankle skeleton with the knee angle, from the stored keypoints."""

    library = rx.asset("replay.jsx", shared=True).importable_path
    tag = "SkeletonReplay"

    assessment_id: rx.Var[str]
    trial_index: rx.Var[int]
    start_ms: rx.Var[float]
    end_ms: rx.Var[float]
    bottom_ms: rx.Var[float]


class ShareLink(rx.NoSSRComponent):
    """A Share button (Web Share API, falling back to copying) and the link itself."""

    library = rx.asset("share.jsx", shared=True).importable_path
    tag = "ShareLink"

    url: rx.Var[str]
    title: rx.Var[str]


skeleton_replay = SkeletonReplay.create
share_link = ShareLink.create


def degree_chart(
    *layers: rx.Component, data: rx.Var, x_axis: rx.Component, caption: str, test_id: str
) -> rx.Component:
    """A line chart of angles in degrees: grid, legend and tooltip, with a caption below."""
    return rx.el.div(
        rx.recharts.line_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            *layers,
            x_axis,
            rx.recharts.y_axis(unit="°", width=48),
            rx.recharts.legend(),
            rx.recharts.graphing_tooltip(),
            data=data,
            width="100%",
            height=250,
        ),
        text(caption, class_name="fine-print"),
        class_name="chart",
        data_testid=test_id,
    )
