"""The schemathesis fuzz over /api/instructions/ alone, with a submitted report, a matter and an instruction on
each behind the small ids the fuzzer tries first, so its requests reach the services and not only the 404s: no
server error, and answers of the declared status, type and shape, for the inspector, the chief and a head."""

import pytest

from tests.api_fuzzing import fuzz_api

pytest_plugins = ["tests.instruction_fixtures"]


@pytest.mark.parametrize("username", ["inspector", "chief", "head1"])
def test_fuzzed_instruction_requests_get_no_server_error_and_match_the_schema(live_server, org, instruction, username):
    # given the chief's instructions on a submitted report and on a matter
    instruction()
    instruction(on="matter")
    # when the fuzzer sends what the schema allows, then no answer is a server error or undeclared
    operations, failures = fuzz_api(base_url=live_server.url, user=org[username], prefixes=("/api/instructions/",))
    assert operations == 4
    assert not failures, "\n\n".join(failures)
