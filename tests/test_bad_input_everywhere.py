"""The last holes of "no server error, whatever is typed": admin forms, account pages, API dates, request limits."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.exception import response_for_exception
from django.test import RequestFactory

from supervision import services

DATE_RANGE = "请填写 2000 年至 2099 年之间的日期"

# --- Django's request limits: one answer under /api/, whoever meets them


def test_an_oversized_json_body_to_the_api_is_a_413_too_large(api_as, settings):
    # given a server that takes at most a kilobyte
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    # when a client posts a larger JSON body
    response = api_as("inspector").post("/api/matters/", {"title": "长" * 2000}, format="json")
    # then it is 413 with the code the schema declares
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_an_oversized_multipart_upload_to_the_api_is_a_413_too_large(api_as, org, issued_slip, settings):
    # given an acknowledged slip, and a server whose form fields may hold a kilobyte and files stay small in memory
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    # when the department uploads feedback whose text is larger, with a file
    pdf = SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n" + b"x" * 10_000)
    response = api_as("prosecutor1").post(
        f"/api/slips/{slip.pk}/feedback/", {"text": "长" * 2000, "attachments": [pdf]}, format="multipart"
    )
    # then it is the same 413, and nothing is saved
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not slip.feedback.exists()


@pytest.mark.parametrize(
    ("exception", "status", "code"),
    [(RequestDataTooBig("big"), 413, "too_large"), (TooManyFieldsSent("many"), 400, "too_many_fields")],
)
def test_a_request_limit_met_before_the_api_view_gets_the_apis_own_answer(db, exception, status, code):
    # given a request under /api/ whose body Django refuses before any view runs (a middleware read it first)
    request = RequestFactory().post("/api/matters/", {"title": "x"})
    # when Django turns the refusal into a response, through the project's 400 handler
    response = response_for_exception(request, exception)
    # then it is the answer the API's own handler gives for the same limit
    assert response.status_code == status
    assert json.loads(response.content)["code"] == code
    assert response["Cache-Control"] == "no-store"


# --- API dates: the page forms' range, beside the field


@pytest.fixture
def date_endpoints(org, api_as, matter_data, draft_matter, initiated_matter, issued_slip):
    """For each write endpoint with a date: who posts, how, where, and a valid body to put the date into."""
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    draft = draft_matter()
    return {
        "create_matter": ("inspector", "post", "/api/matters/", matter_data(), ["due_date", "warning_date"]),
        "edit_draft": ("inspector", "patch", f"/api/matters/{draft.pk}/", {}, ["due_date", "warning_date"]),
        "issue_slip": (
            "inspector",
            "post",
            f"/api/matters/{initiated_matter().pk}/issue-slip/",
            {"department": slip.department_id, "requirements": "请报告。"},
            ["deadline"],
        ),
        "request_extension": (
            "prosecutor1",
            "post",
            f"/api/slips/{slip.pk}/request-extension/",
            {"reason": "需要时间"},
            ["requested_deadline"],
        ),
    }


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
@pytest.mark.parametrize("endpoint", ["create_matter", "edit_draft", "issue_slip", "request_extension"])
def test_an_api_date_outside_the_calendar_is_a_field_error_in_chinese(api_as, date_endpoints, endpoint, day):
    username, method, url, valid, fields = date_endpoints[endpoint]
    client = api_as(username)
    for field in fields:
        # when the client sends a date no workday can be counted from, the rest valid
        response = getattr(client, method)(url, {**valid, field: day}, format="json")
        # then it is a 400 naming that field, with the page forms' message
        assert response.status_code == 400, (endpoint, field, response.content)
        errors = response.json()["errors"]
        assert list(errors) == [field], (endpoint, field, errors)
        assert errors[field] == [DATE_RANGE], (endpoint, field, errors)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("field", ["initiated_from", "initiated_to", "due_from", "due_to"])
def test_a_matter_list_date_filter_outside_the_calendar_is_a_field_error(api_as, field, day):
    response = api_as("inspector").get("/api/matters/", {field: day})
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [DATE_RANGE]}


def test_an_api_date_inside_the_calendar_still_goes_through(api_as, date_endpoints):
    # given the calendar's last day
    username, method, url, valid, _ = date_endpoints["create_matter"]
    # when a draft is due on it
    response = api_as(username).post(url, {**valid, "due_date": "2099-12-31"}, format="json")
    # then it is created
    assert response.status_code == 201, response.content
