"""The API fuzzed against its own OpenAPI description: no 500s, responses match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from peacetalks.server import ServeSettings, create_app
from tests.web.harness import add_user, build_demo_database

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.status_code_conformance,
]


@pytest.fixture(scope="module")
def app(make_session_db_url):
    url = build_demo_database(make_session_db_url("fuzz"))
    add_user(url, "fuzzer", "fuzzing password")
    return create_app(ServeSettings(db=url))


def test_api_fuzz_no_server_errors(app):
    # Hypothesis drives each operation; schemathesis's pytest plugin does not run on pytest 9.
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()
