"""The schemathesis fuzz over /api/instructions/ alone, with a submitted report, a matter and an instruction on
each behind the small ids the fuzzer tries first, so its requests reach the services and not only the 404s: no
server error, and answers of the declared status, type and shape, for the inspector, the chief and a head."""

import os

import pytest

pytest_plugins = ["tests.instruction_fixtures"]

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))


@pytest.mark.parametrize("username", ["inspector", "chief", "head1"])
def test_fuzzed_instruction_requests_get_no_server_error_and_match_the_schema(live_server, org, instruction, username):
    import hypothesis
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from accounts.services import issue_api_token

    # given the chief's instructions on a submitted report and on a matter
    instruction()
    instruction(on="matter")
    headers = {"Authorization": f"Token {issue_api_token(user=org[username]).key}"}
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
        if not operation.path.startswith("/api/instructions/"):
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

    assert operations == 4
    assert not failures, "\n\n".join(failures)
