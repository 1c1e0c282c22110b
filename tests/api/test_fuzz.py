"""Property-based fuzz of the API: whatever a client sends, the answer is never a 5xx, every
4xx is a JSON error, and a 201 is a stored assessment."""

import gzip
import json

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fresh_loop import run_in_fresh_loop
from tests.synthetic import assessment, squat_trial
from valgus_pwa.api.app import api_app

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
BASE = assessment(squat_trial(reps=1, seconds_per_rep=1.0, rest_seconds=0.2))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=20,
)


def _paths(value, prefix=()):
    """Every path into a JSON value, the empty path included."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield from _paths(item, (*prefix, index))


ALL_PATHS = list(_paths(BASE))


def _replaced(path: tuple, replacement) -> object:
    body = json.loads(json.dumps(BASE))
    if not path:
        return replacement
    target = body
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = replacement
    return body


def _send(method: str, url: str, **options) -> httpx.Response:
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=api_app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.request(method, url, **options)

    return run_in_fresh_loop(send())


def _assert_well_formed(response) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/json"
        error = response.json()["error"]
        assert error["code"] and error["message"] and isinstance(error["details"], list)
    elif response.status_code == 201:
        created = response.json()
        assert created["report_url"] == f"/r/{created['id']}"


@FUZZ
@given(path=st.sampled_from(ALL_PATHS), replacement=json_values, gzipped=st.booleans())
def test_any_mangled_assessment_gets_a_clean_answer(path, replacement, gzipped):
    raw = json.dumps(_replaced(path, replacement)).encode()
    headers = {"Content-Type": "application/json"}
    if gzipped:
        raw, headers["Content-Encoding"] = gzip.compress(raw), "gzip"
    _assert_well_formed(_send("POST", "/api/v1/assessments", content=raw, headers=headers))


@FUZZ
@given(
    body=st.binary(max_size=300),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/json; charset=utf-8", ""]
    ),
    encoding=st.sampled_from(["", "gzip", "deflate", "GZIP", "identity"]),
    idempotency_key=st.none() | st.text(max_size=40),
)
def test_any_bytes_and_headers_get_a_clean_answer(body, content_type, encoding, idempotency_key):
    headers = {"Content-Type": content_type, "Content-Encoding": encoding}
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key.encode("ascii", "ignore").decode()
    _assert_well_formed(_send("POST", "/api/v1/assessments", content=body, headers=headers))


@FUZZ
@given(
    method=st.sampled_from(["GET", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"]),
    segment=st.text(
        st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/?#%"), max_size=40
    ),
    query=st.sampled_from(["", "?include=frames", "?include=", "?include=x&include=frames"]),
    authorization=st.none()
    | st.text(st.characters(codec="ascii", min_codepoint=32, max_codepoint=126), max_size=60),
)
def test_any_read_or_delete_gets_a_clean_answer(method, segment, query, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = _send(method, f"/api/v1/assessments/{segment}{query}", headers=headers)
    if method != "HEAD":
        _assert_well_formed(response)
    assert response.status_code < 500
