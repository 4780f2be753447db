"""The schemathesis fuzz over /api/reports/ alone, with reports behind the small ids the fuzzer tries first (a
draft and a submitted one), so its requests reach the report services and not only the 404s: no server error,
and answers of the declared status, type and shape, for the inspector, the chief and a department head."""

import datetime
import os

import pytest

pytest_plugins = ["tests.report_fixtures"]

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))


@pytest.mark.parametrize("username", ["inspector", "chief", "head1"])
def test_fuzzed_report_requests_get_no_server_error_and_match_the_schema(
    live_server, org, draft_report, submitted_report, username
):
    import hypothesis
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from accounts.services import issue_api_token

    # given a submitted report (November) and a draft (October)
    submitted_report()
    draft_report(period=datetime.date(2026, 10, 1), day=datetime.date(2026, 11, 1))
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
        if not operation.path.startswith("/api/reports/"):
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

    assert operations == 7
    assert not failures, "\n\n".join(failures)
