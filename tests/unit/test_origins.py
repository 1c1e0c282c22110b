"""Which origins may use the app from a browser: its own, and the ones a deployment lists."""

import pytest

from valgus_pwa.api.origins import origin_allowed_by
from valgus_pwa.settings import ALLOWED_ORIGINS_ENV, Settings

OWN = {"HTTP_HOST": "knee.example:8443"}


def test_the_app_s_own_pages_and_clients_without_a_page_are_allowed():
    allowed = origin_allowed_by(frozenset())
    assert allowed("https://knee.example:8443", OWN)
    assert allowed(None, OWN)
    assert allowed("https://knee.example", {**OWN, "HTTP_X_FORWARDED_HOST": "knee.example"})


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example", "https://knee.example", "null", "https://knee.example:8443.evil"],
)
def test_any_other_origin_is_refused(origin):
    assert not origin_allowed_by(frozenset())(origin, OWN)


def test_a_listed_origin_is_allowed():
    allowed = origin_allowed_by(frozenset({"https://clinic.example"}))
    assert allowed("https://clinic.example", OWN)
    assert not allowed("https://other.example", OWN)


def test_no_origin_is_listed_by_default_and_listed_ones_are_read_as_origins():
    assert Settings.from_environment({}).allowed_origins == frozenset()
    listed = Settings.from_environment(
        {ALLOWED_ORIGINS_ENV: " https://clinic.example/ , http://localhost:3000"}
    )
    assert listed.allowed_origins == {"https://clinic.example", "http://localhost:3000"}


@pytest.mark.parametrize(
    "value", ["clinic.example", "https://clinic.example/app", "ftp://x.example"]
)
def test_a_value_that_is_not_an_origin_stops_the_server_naming_the_variable(value):
    with pytest.raises(ValueError, match=ALLOWED_ORIGINS_ENV):
        Settings.from_environment({ALLOWED_ORIGINS_ENV: value})
