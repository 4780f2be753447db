"""No request makes the API answer 500: hand-picked cases the fuzzer found, and the fuzz run itself."""

import os
import re

import pytest
from rest_framework.test import APIClient


def _schema_paths(client: APIClient) -> list[str]:
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    # Any id will do: an OPTIONS answer must not depend on whether the object exists.
    return [re.sub(r"\{[^}]+\}", "1", path) for path in paths]


@pytest.mark.parametrize("username", ["inspector", "prosecutor1", "auditor"])
def test_options_on_every_endpoint_answers_without_a_server_error(api_as, username):
    # given a signed-in user of each kind
    client = api_as(username)

    for path in _schema_paths(client):
        # when the client asks what an endpoint allows
        response = client.options(path)

        # then it is told, or refused in the API's shape, never a 500
        assert response.status_code in (200, 403), (path, response.status_code)
        if response.status_code == 403:
            assert set(response.json()) == {"code", "detail"}, path


def test_options_on_marking_one_message_read_lists_post(api_as):
    # when the inbox client asks what marking one message read allows
    response = api_as("prosecutor1").options("/api/notifications/1/read/")

    # then it is told POST, not a server error
    assert response.status_code == 200
    assert "POST" in response["Allow"]


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_deeply_nested_json_is_refused_in_the_error_shape(api_as, depth):
    # given a body nested deeper than any parser recurses
    body = "[" * depth + "]" * depth

    # when it is posted to an endpoint that reads JSON
    response = api_as("inspector").post("/api/matters/", body, content_type="application/json")

    # then it is a 400 in the API's error shape, in Chinese
    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": "请求内容嵌套层数过多"}


def test_malformed_json_is_refused_in_chinese(api_as):
    # when a body that is not JSON is sent as JSON
    response = api_as("inspector").post("/api/matters/", "{title:", content_type="application/json")

    # then the refusal says so in Chinese
    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": "请求内容不是有效的 JSON"}


HUGE = 374873788315750498304  # past 2**63, where SQLite refuses to compare and used to raise OverflowError


@pytest.mark.parametrize("path", [f"/api/slips/{HUGE}/", f"/api/matters/{HUGE}/timeline/", f"/api/attachments/{HUGE}/"])
def test_an_id_too_large_for_the_database_names_nothing(api_as, path):
    # when a client asks for an object by an id no database could hold
    response = api_as("inspector").get(path)

    # then it is not found, like any other missing object
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_filter_id_too_large_is_a_field_error(api_as):
    # when the matter list is filtered by a department id no database could hold
    response = api_as("inspector").get(f"/api/matters/?department={HUGE}")

    # then the filter is refused beside its field
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["department"]


def test_a_reference_too_large_is_a_field_error(api_as, department):
    # when a draft names a category by an id no database could hold
    response = api_as("inspector").post(
        "/api/matters/",
        {
            "title": "标题",
            "category": HUGE,
            "source": "party_group_decision",
            "requirements": "要求",
            "lead_department": department("第一检察部").pk,
        },
        format="json",
    )

    # then the category is refused as missing, beside its field
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["category"]


# --- the fuzz run
#
# Budget: FUZZ_EXAMPLES examples per operation and role (default 8), positive data only (what the schema
# allows), no shrinking, over about 40 operations as two roles: some 650 requests to live_server, well under
# three minutes on two busy cores. derandomize makes hypothesis draw the same examples every run, so a
# failure here is a failure every time and never a flake. Raise FUZZ_EXAMPLES locally to dig deeper.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
# Signing in and out change the token the run uses; the schema itself is read once, to start.
NOT_FUZZED = ("/api/auth/", "/api/schema/")


@pytest.fixture
def fuzz_world(org, issued_slip):
    """Something behind the small ids the fuzzer tries first: matters in several states, a slip, feedback with a
    PDF and an extension request, notices with problems, so that its requests reach the services and not only
    the 404s."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from supervision import services
    from workcalendar.workdays import add_workdays

    slip = issued_slip()
    services.acknowledge_slip(actor=org["prosecutor1"], slip=slip)
    services.submit_feedback(
        actor=org["prosecutor1"],
        slip=slip,
        text="已整改，见附件。",
        files=[SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n", content_type="application/pdf")],
    )
    second = issued_slip()
    services.request_extension(
        actor=org["prosecutor1"],
        slip=second,
        requested_deadline=add_workdays(timezone.localdate(), 30),
        reason="需补充调查",
    )
    # A rectification notice to 第一检察部: one problem open, one submitted with a PDF, and a draft beside it.
    from supervision.models import ProblemCategory
    from supervision.services import ProblemLine

    # live_server flushes the tables between tests, the categories of the data migration with them
    category, _ = ProblemCategory.objects.get_or_create(name="法律文书")
    lines = [ProblemLine(description=f"起诉书引用法条错误{i}", category=category) for i in range(2)]
    notice = services.create_notice(
        actor=org["inspector"], department=org["prosecutor1"].department, title="整改通知", problems=lines
    )
    services.issue_notice(actor=org["inspector"], notice=notice)
    submitted = notice.problems.order_by("id").last()
    services.claim_problem(actor=org["prosecutor1"], problem=submitted)
    services.submit_problem(
        actor=org["prosecutor1"],
        problem=submitted,
        measures="已更正。",
        files=[SimpleUploadedFile("整改材料.pdf", b"%PDF-1.4\n", content_type="application/pdf")],
    )
    services.create_notice(
        actor=org["inspector"], department=org["prosecutor1"].department, title="整改通知草稿", problems=lines
    )
    return org


@pytest.mark.parametrize("username", ["inspector", "prosecutor1"])
def test_fuzzed_requests_get_no_server_error_and_answers_that_match_the_schema(live_server, fuzz_world, username):
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
        if operation.path.startswith(NOT_FUZZED):
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

    assert operations > 30
    assert not failures, "\n\n".join(failures)
