"""The last holes of "no server error, whatever is typed": admin forms, account pages, API dates, request limits."""

import json

import pytest
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.exception import response_for_exception
from django.test import RequestFactory

from supervision import services

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
