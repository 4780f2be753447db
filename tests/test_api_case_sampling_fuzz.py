"""The schemathesis fuzz over /api/look-back-draws/ alone, with closed cases and a draw behind the small ids the
fuzzer tries first, so its requests reach the sampling service and not only the 404s: no server error, and
answers of the declared status, type and shape, for the inspector, the chief and a prosecutor."""

import pytest

from tests.api_fuzzing import fuzz_api

pytest_plugins = ["tests.sampling_fixtures"]


@pytest.mark.parametrize("username", ["inspector", "chief", "prosecutor1"])
def test_fuzzed_look_back_requests_get_no_server_error_and_match_the_schema(
    live_server, closed_cases, drawn, org, username
):
    # given 20 closed cases and a draw of them
    drawn()
    # when the fuzzer sends what the schema allows, then no answer is a server error or undeclared
    operations, failures = fuzz_api(base_url=live_server.url, user=org[username], prefixes=("/api/look-back-draws/",))
    assert operations == 4
    assert not failures, "\n\n".join(failures)
