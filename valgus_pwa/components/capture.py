"""The camera + on-device pose component, a local React module wrapped for Reflex."""

import reflex as rx


class PoseCapture(rx.NoSSRComponent):
    """Runs MediaPipe Pose Landmarker on the camera and uploads the keypoints on Stop."""

    library = rx.asset("capture.jsx", shared=True).importable_path
    tag = "PoseCapture"

    test: rx.Var[str]
    side: rx.Var[str]
    facing: rx.Var[str]
    model: rx.Var[str]


pose_capture = PoseCapture.create
