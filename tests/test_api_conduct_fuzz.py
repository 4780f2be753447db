"""The schemathesis fuzz over /api/conduct-cases/ alone, with an open case behind the small ids the fuzzer tries
first, so its requests reach the 检风检纪 services and not only the 404s: no server error, and answers of the
declared status, type and shape, for an investigator, for the director and for the case's subject."""

import pytest

from tests.api_fuzzing import fuzz_api

pytest_plugins = ["tests.conduct_fixtures"]


@pytest.mark.parametrize("username", ["inspector", "director", "prosecutor1"])
def test_fuzzed_conduct_case_requests_get_no_server_error_and_match_the_schema(live_server, open_case, org, username):
    # given open cases about prosecutor1, investigated by the inspector
    for _ in range(3):
        open_case()
    # when the fuzzer sends what the schema allows, then no answer is a server error or undeclared
    operations, failures = fuzz_api(base_url=live_server.url, user=org[username], prefixes=("/api/conduct-cases/",))
    assert operations == 7
    assert not failures, "\n\n".join(failures)
