import reflex as rx

config = rx.Config(
    app_name="valgus_pwa",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # No component library: pages are plain HTML styled by assets/styles.css, so every page loads
    # only React and Reflex's runtime before it paints.
    plugins=[rx.plugins.SitemapPlugin()],
)
