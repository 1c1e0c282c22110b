"""A tab's page state lives minutes, not Reflex's default hour: rxconfig reads it from settings."""

from __future__ import annotations

import pytest

from valgus_pwa.settings import DEFAULT_STATE_LIFETIME_S, STATE_LIFETIME_ENV, Settings


def test_the_state_lifetime_defaults_to_minutes_and_can_be_set():
    assert Settings.from_environment({}).state_lifetime_s == DEFAULT_STATE_LIFETIME_S < 3600
    assert Settings.from_environment({STATE_LIFETIME_ENV: "90"}).state_lifetime_s == 90


@pytest.mark.parametrize("raw", ["0", "-5", "soon", "1.5"])
def test_a_malformed_state_lifetime_names_the_variable(raw):
    with pytest.raises(ValueError, match=STATE_LIFETIME_ENV):
        Settings.from_environment({STATE_LIFETIME_ENV: raw})


def test_reflex_keeps_states_for_the_configured_lifetime(monkeypatch):
    import importlib

    import rxconfig
    from valgus_pwa import settings

    monkeypatch.setenv(STATE_LIFETIME_ENV, "42")
    settings.current.cache_clear()
    try:
        assert importlib.reload(rxconfig).config.redis_token_expiration == 42
    finally:
        monkeypatch.delenv(STATE_LIFETIME_ENV)
        settings.current.cache_clear()
        importlib.reload(rxconfig)
