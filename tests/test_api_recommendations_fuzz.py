"""The schemathesis fuzz run over the 督察建议书 and 列席会议 endpoints, with records behind the small ids the
fuzzer tries first (a draft, an issued and a replied recommendation, a meeting with opinions), so its requests
reach the services and not only the 404s. Same budget and checks as ``test_api_fuzz.py``."""

import os

import pytest

pytest_plugins = ["tests.recommendation_fixtures"]

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
FUZZED = ("/api/recommendations/", "/api/meetings/")


@pytest.fixture
def fuzz_world(org, draft_recommendation, issued_recommendation, replied_recommendation, recorded_meeting):
    draft_recommendation()
    issued_recommendation()
    replied_recommendation()
    recorded_meeting()
    recorded_meeting(name="第二次会议", opinion="建议完善会议纪要。")
    return org


@pytest.mark.parametrize("username", ["inspector", "head1"])
def test_fuzzed_recommendation_and_meeting_requests_get_no_server_error(live_server, fuzz_world, username):
    import hypothesis
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from accounts.services import issue_api_token

    # given the schema, read over HTTP with the user's token, as a client would
    headers = {"Authorization": f"Token {issue_api_token(user=fuzz_world[username]).key}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json", headers=headers)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    settings = hypothesis.settings(
        max_examples=FUZZ_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    failures, operations = [], 0

    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(FUZZED):
            continue
        operations += 1

        @settings
        @hypothesis.given(case=operation.as_strategy())
        def fuzz(case):
            # when the fuzzer sends what the schema allows
            response = case.call(base_url=live_server.url, headers=headers)
            # then the answer is no server error, and has a declared status, type and shape
            case.validate_response(response, checks=checks)

        try:
            fuzz()
        except Exception as failure:  # every operation's failure is collected, then all are reported
            failures.append(f"{operation.label}: {failure}")

    assert operations >= 12
    assert not failures, "\n\n".join(failures)
