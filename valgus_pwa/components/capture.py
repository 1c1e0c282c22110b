"""The guided capture wizard and the app's offline/install status, local React modules for Reflex.

All capture logic runs in the browser so the test works offline; Python only places it on pages.
"""

import reflex as rx

# Modules the two entry points import by relative path. Each must be linked into the same
# public folder as its importer, which rx.asset does for files next to this module.
BROWSER_MODULES = [
    rx.asset(name, shared=True)
    for name in (
        "camera_errors.js", "camera_problem.jsx", "capture.jsx", "checklist.jsx", "contract.js",
        "cues.js", "delegate.js", "drafts.js", "gallery.jsx", "gallery_estimate.js",
        "gallery_playback.js", "illustrations.jsx", "live.jsx", "overlay.js", "pose.js", "readiness.js",
        "recorder_phases.js", "reps.js", "review.jsx", "runner.js", "send.jsx", "sides.js",
        "skeleton_svg.js", "time_format.js", "transport.js", "video_checks.js",
        "wizard_buttons.jsx", "wizard_state.js", "wizard_steps.jsx",
    )
]  # fmt: skip


class CaptureWizard(rx.Component):
    """Choose the test, place the phone, check readiness, record both legs, review and send.

    Rendered into the page's HTML at build time, so the first step shows before any script runs.
    """

    library = rx.asset("wizard.jsx", shared=True).importable_path
    tag = "CaptureWizard"


class PwaStatus(rx.NoSSRComponent):
    """Offline notice, update offer, and the queue of unsent assessments."""

    library = rx.asset("pwa.jsx", shared=True).importable_path
    tag = "PwaStatus"


class InstallOffer(rx.NoSSRComponent):
    """The offer to install the app, shown once the browser allows it."""

    library = rx.asset("pwa.jsx", shared=True).importable_path
    tag = "InstallOffer"


class OfflineUse(rx.NoSSRComponent):
    """Whether the test works offline on this phone, and the offer to download it for that."""

    library = rx.asset("pwa.jsx", shared=True).importable_path
    tag = "OfflineUse"


capture_wizard = CaptureWizard.create
pwa_status = PwaStatus.create
install_offer = InstallOffer.create
offline_use = OfflineUse.create
