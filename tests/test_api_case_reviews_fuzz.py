"""The schemathesis fuzz over /api/case-reviews/ alone, with reviews behind the small ids the fuzzer tries first:
no server error, and answers of the declared status, type and shape, for the office, a reviewer and the handler."""

import pytest

from tests.api_fuzzing import fuzz_api

pytest_plugins = ["tests.review_fixtures"]


@pytest.mark.parametrize("username", ["inspector", "prosecutor2", "prosecutor1"])
def test_fuzzed_case_review_requests_get_no_server_error_and_match_the_schema(
    live_server, opened_review, org, username
):
    # given reviews of 刘洋's cases, reviewed by 孙丽
    for _ in range(3):
        opened_review()
    # when the fuzzer sends what the schema allows, then no answer is a server error or undeclared
    operations, failures = fuzz_api(base_url=live_server.url, user=org[username], prefixes=("/api/case-reviews/",))
    assert operations == 5
    assert not failures, "\n\n".join(failures)
