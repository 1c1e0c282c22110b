import reflex as rx

config = rx.Config(
    app_name="valgus_pwa",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin()],
)
