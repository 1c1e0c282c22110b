"""Security headers on every API answer (the browser tests check them on the pages)."""

import pytest

from tests.api.test_assessments_api import create

EVERY_RESPONSE = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


async def _answers(client) -> list:
    created = await create(client)
    return [
        await client.post(
            "/api/v1/assessments", content=b"{", headers={"Content-Type": "application/json"}
        ),
        await client.get(f"/api/v1/assessments/{created['id']}"),
        await client.get("/api/v1/assessments/" + "A" * 22),
        await client.put("/api/v1/assessments"),
        await client.get("/api/openapi.json"),
        await client.get("/healthz"),
    ]


async def test_every_answer_carries_the_security_headers(client):
    for response in await _answers(client):
        for name, value in EVERY_RESPONSE.items():
            assert response.headers[name] == value, (response.request.url, name)
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert "strict-transport-security" not in response.headers


async def test_hsts_only_behind_https(client):
    plain = await client.get("/healthz")
    behind_tls = await client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in plain.headers
    assert behind_tls.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_reports_are_neither_cached_nor_indexed(client):
    created = await create(client)
    response = await client.get(f"/api/v1/assessments/{created['id']}")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-robots-tag"] == "noindex, nofollow"


@pytest.mark.parametrize("offered, kept", [("req-12345678", True), ("bad id!", False), ("", False)])
async def test_each_answer_has_a_request_id(client, offered, kept):
    response = await client.get("/healthz", headers={"X-Request-ID": offered} if offered else {})
    request_id = response.headers["x-request-id"]
    assert (request_id == offered) is kept and len(request_id) >= 8
