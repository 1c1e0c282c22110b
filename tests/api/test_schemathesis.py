"""Schemathesis drives the API from its own OpenAPI schema: no 5xx, answers match the schema,
and every 4xx carries a JSON error."""

import schemathesis
from hypothesis import HealthCheck, settings

from valgus_pwa.api.app import api_app

schema = schemathesis.openapi.from_asgi("/api/openapi.json", api_app)


@schemathesis.check
def four_xx_is_a_json_error(ctx, response, case):
    """Any 4xx or 5xx body is {"error": {"code", "message", "details"}}."""
    if response.status_code >= 400:
        error = response.json()["error"]
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"]
        assert isinstance(error["details"], list)


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case):
    # Some rules are beyond JSON Schema (t_ms strictly increasing, a recording that can be
    # analysed), so a schema-valid body may rightly get a 422: that check does not apply.
    case.call_and_validate(
        additional_checks=[four_xx_is_a_json_error],
        excluded_checks=[schemathesis.checks.positive_data_acceptance],
    )
