"""The schemathesis fuzz over /api/reports/ alone, with reports behind the small ids the fuzzer tries first (a
draft and a submitted one), so its requests reach the report services and not only the 404s: no server error,
and answers of the declared status, type and shape, for the inspector, the chief and a department head."""

import datetime

import pytest

from tests.api_fuzzing import fuzz_api

pytest_plugins = ["tests.report_fixtures"]


@pytest.mark.parametrize("username", ["inspector", "chief", "head1"])
def test_fuzzed_report_requests_get_no_server_error_and_match_the_schema(
    live_server, org, draft_report, submitted_report, username
):
    # given a submitted report (November) and a draft (October)
    submitted_report()
    draft_report(period=datetime.date(2026, 10, 1), day=datetime.date(2026, 11, 1))
    # when the fuzzer sends what the schema allows, then no answer is a server error or undeclared
    operations, failures = fuzz_api(base_url=live_server.url, user=org[username], prefixes=("/api/reports/",))
    assert operations == 7
    assert not failures, "\n\n".join(failures)
