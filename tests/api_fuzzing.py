"""One schemathesis run over part of the API, shared by the per-kind fuzz tests: the schema read over HTTP with
the user's token, as a client would, and every operation under the given path prefixes fuzzed with the same
budget and checks (no server error; a declared status, content type and shape). Each operation's failure is
collected, so one run reports them all."""

import os

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))


def fuzz_api(*, base_url: str, user, prefixes: tuple[str, ...]) -> tuple[int, list[str]]:
    """Fuzz every operation whose path starts with one of ``prefixes`` as ``user``: (operations, failures)."""
    import hypothesis
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from accounts.services import issue_api_token

    headers = {"Authorization": f"Token {issue_api_token(user=user).key}"}
    schema = schemathesis.openapi.from_url(f"{base_url}/api/schema/?format=json", headers=headers)
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
        if not operation.path.startswith(prefixes):
            continue
        operations += 1

        @settings
        @hypothesis.given(case=operation.as_strategy())
        def fuzz(case):
            response = case.call(base_url=base_url, headers=headers)
            case.validate_response(response, checks=checks)

        try:
            fuzz()
        except Exception as failure:  # every operation's failure is collected, then all are reported
            failures.append(f"{operation.label}: {failure}")
    return operations, failures
