"""The schemathesis fuzz run over the 督察建议书 and 列席会议 endpoints, with records behind the small ids the
fuzzer tries first (a draft, an issued and a replied recommendation, a meeting with opinions), so its requests
reach the services and not only the 404s. Same budget and checks as ``test_api_fuzz.py``."""

import pytest

from tests.api_fuzzing import fuzz_api

pytest_plugins = ["tests.recommendation_fixtures"]

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
    # when the fuzzer sends what the schema allows, then no answer is a server error or undeclared
    operations, failures = fuzz_api(base_url=live_server.url, user=fuzz_world[username], prefixes=FUZZED)
    assert operations >= 12
    assert not failures, "\n\n".join(failures)
