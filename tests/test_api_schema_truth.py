"""The OpenAPI schema says what the API does: what may be null, what a page is, how files go up, every refusal.

A generated client trusts the schema word for word (tests/test_generated_client.py runs one); these tests pin
the places where the schema once said otherwise, and check real answers against what it declares.
"""

import functools

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator

from procuracy.api_schema import ERROR_COMPONENT
from supervision.models import ExtensionRequest, Feedback, MatterStatus, SlipStatus


@functools.cache
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _component(name: str) -> dict:
    return _schema()["components"]["schemas"][name]


def _operations():
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _matches_error_schema(body) -> None:
    jsonschema.validate(body, _component(ERROR_COMPONENT))


@pytest.mark.parametrize(
    "component, field",
    [("SlipDetail", "acknowledged_by"), ("Feedback", "reviewed_by"), ("ExtensionRequest", "decided_by")],
)
def test_who_acknowledged_reviewed_or_decided_may_be_nobody_yet(component, field):
    # when a client reads how a slip, a feedback or an extension request is described
    schema = _component(component)["properties"][field]

    # then the person is declared nullable, as it is until the act happens
    assert schema.get("nullable") is True, schema


def test_a_fresh_slip_answers_with_nobody_acknowledged(api_as, issued_slip):
    # given a slip nobody has acknowledged
    slip = issued_slip()

    # when the inspector reads it
    body = api_as("inspector").get(f"/api/slips/{slip.pk}/").json()

    # then the field the schema calls nullable is null
    assert body["acknowledged_by"] is None


def test_the_inbox_is_declared_as_a_page_with_show_and_page():
    # when a client reads how the inbox is described
    operation = _schema()["paths"]["/api/notifications/"]["get"]

    # then it takes show (all or unread) and page, and answers a page with the unread count
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"show", "page"}
    assert parameters["show"]["schema"]["enum"] == ["all", "unread"]
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]
    properties = _component(page["$ref"].rsplit("/", 1)[1])["properties"]
    assert set(properties) == {"count", "next", "previous", "results", "unread"}
    assert properties["results"]["type"] == "array"


def test_an_unknown_inbox_filter_is_refused_with_a_field_error(api_as):
    # when a client asks for a filter the schema does not list
    response = api_as("prosecutor1").get("/api/notifications/?show=bogus")

    # then it is told which parameter is wrong, in the error shape
    assert response.status_code == 400
    _matches_error_schema(response.json())
    assert list(response.json()["errors"]) == ["show"]


def test_attachments_go_up_as_binary_in_a_multipart_body_only():
    # when a client reads how feedback is submitted
    body = _schema()["paths"]["/api/slips/{id}/feedback/"]["post"]["requestBody"]

    # then the only body is multipart, and each attachment is a binary file
    assert list(body["content"]) == ["multipart/form-data"]
    schema = _component(body["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1])
    assert schema["properties"]["attachments"]["items"] == {"type": "string", "format": "binary"}


def test_feedback_sent_as_json_is_refused_as_unsupported(api_as, issued_slip):
    # given an acknowledged slip
    slip = issued_slip()
    prosecutor1 = api_as("prosecutor1")
    prosecutor1.post(f"/api/slips/{slip.pk}/acknowledge/")

    # when feedback is sent as JSON, which the schema does not offer
    response = prosecutor1.post(f"/api/slips/{slip.pk}/feedback/", {"text": "已整改"}, format="json")

    # then it is refused as an unsupported body, in the error shape
    assert response.status_code == 415
    _matches_error_schema(response.json())


def test_every_operation_declares_its_refusals_in_one_error_shape():
    for path, method, operation in _operations():
        responses = operation["responses"]
        expected = {"400", "403", "404"}
        if operation.get("security"):
            expected.add("401")
        if "requestBody" in operation:
            expected |= {"413", "415"}
        # then each refusal it can give is declared, with the one Error component
        assert expected <= set(responses), (method, path, sorted(responses))
        for status in expected:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}, (method, path, status)
            assert responses[status]["description"], (method, path, status)


def test_real_refusals_match_the_declared_error_shape(client, api_as, issued_slip):
    slip = issued_slip()
    inspector = api_as("inspector")
    answers = {
        # input of the wrong shape
        "invalid": inspector.post("/api/matters/", {"title": ""}, format="json"),
        # refused by a service, with the field it concerns
        "service": inspector.post(f"/api/slips/{slip.pk}/feedback/", {"text": "代为反馈"}, format="multipart"),
        # nobody signed in
        "anonymous": client.get("/api/matters/"),
        # no business access
        "administrator": api_as("auditor").get("/api/matters/"),
        # outside the scope
        "scope": api_as("prosecutor2").get(f"/api/slips/{slip.pk}/"),
        # past the last page
        "page": inspector.get("/api/matters/?page=99"),
    }
    expected = {"invalid": 400, "service": 400, "anonymous": 401, "administrator": 403, "scope": 404, "page": 404}
    for name, response in answers.items():
        assert response.status_code == expected[name], (name, response.content)
        _matches_error_schema(response.json())
    assert set(answers["invalid"].json()["errors"]) >= {"title", "requirements"}


def test_an_oversized_body_is_refused_with_413_in_the_error_shape(api_as, settings):
    # given a body larger than the server accepts
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    # when it is posted
    response = api_as("inspector").post("/api/matters/", {"title": "长" * 2000}, format="json")

    # then it is a 413 the client can read, not Django's English page
    assert response.status_code == 413
    assert response.json() == {"code": "too_large", "detail": "提交的内容过大"}


def test_too_many_fields_is_refused_in_the_error_shape(api_as, issued_slip, settings):
    # given an acknowledged slip, and a server that takes at most 10 fields in a form
    slip = issued_slip()
    prosecutor1 = api_as("prosecutor1")
    prosecutor1.post(f"/api/slips/{slip.pk}/acknowledge/")
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10

    # when a form with more fields is sent
    data = {"text": "已整改", **{f"extra{i}": "x" for i in range(20)}}
    response = prosecutor1.post(f"/api/slips/{slip.pk}/feedback/", data, format="multipart")

    # then it is refused as a 400 in the error shape
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_fields"


@pytest.mark.parametrize(
    "component, choices",
    [
        ("MatterStatus", MatterStatus.choices),
        ("SlipStatus", SlipStatus.choices),
        ("ReviewEnum", Feedback.Review.choices),
        ("DecisionEnum", ExtensionRequest.Decision.choices),
    ],
)
def test_status_enums_carry_their_chinese_labels(component, choices):
    # when a client reads a status enum
    schema = _component(component)

    # then each value has its Chinese label beside it, in the enum's order
    assert schema["enum"] == [value for value, _ in choices]
    assert schema["x-enum-descriptions"] == [str(label) for _, label in choices]
    for value, label in choices:
        assert f"`{value}` - {label}" in schema["description"]


def test_every_enum_component_has_a_label_for_each_value():
    for name, schema in _schema()["components"]["schemas"].items():
        if "enum" in schema:
            labels = schema.get("x-enum-descriptions", [])
            assert len(labels) == len(schema["enum"]) and all(labels), name


def test_choice_parameters_carry_their_chinese_labels():
    # when a client reads the matter list's colour filter and the inbox's show parameter
    matters = {p["name"]: p["schema"] for p in _schema()["paths"]["/api/matters/"]["get"]["parameters"]}
    inbox = {p["name"]: p["schema"] for p in _schema()["paths"]["/api/notifications/"]["get"]["parameters"]}

    # then each value has its label
    assert matters["colour"]["x-enum-descriptions"] == ["蓝（正常）", "黄（预警）", "红（逾期）"]
    assert inbox["show"]["x-enum-descriptions"] == ["全部", "只看未读"]
    assert matters["ordering"]["x-enum-descriptions"][:2] == ["最新创建", "应办结日期（近→远）"]
    for path, _, operation in _operations():
        if path == "/api/schema/":
            continue  # drf-spectacular's own format and language switches
        for parameter in operation.get("parameters", []):
            if "enum" in parameter["schema"]:
                assert all(parameter["schema"]["x-enum-descriptions"]), parameter["name"]


@pytest.mark.parametrize(
    "component, field",
    [
        ("MatterWriteRequest", "title"),
        ("MatterWriteRequest", "requirements"),
        ("ConcludeRequest", "results"),
        ("ReasonRequest", "reason"),
        ("IssueSlipRequest", "requirements"),
        ("FeedbackInputRequest", "text"),
        ("ExtensionInputRequest", "reason"),
        ("RequiredCommentRequest", "comment"),
    ],
)
def test_required_text_declares_it_may_not_be_empty(component, field):
    # when a client reads a required text field of a request
    schema = _component(component)

    # then it is required and at least one character long
    assert field in schema["required"]
    assert schema["properties"][field]["minLength"] == 1


def test_upload_of_a_pdf_still_goes_through(api_as, issued_slip):
    # given an acknowledged slip
    slip = issued_slip()
    prosecutor1 = api_as("prosecutor1")
    prosecutor1.post(f"/api/slips/{slip.pk}/acknowledge/")

    # when feedback goes up as multipart with a PDF, as the schema says
    response = prosecutor1.post(
        f"/api/slips/{slip.pk}/feedback/",
        {"text": "已整改", "attachments": [SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n")]},
        format="multipart",
    )

    # then it is accepted
    assert response.status_code == 201, response.content
    assert [a["original_name"] for a in response.json()["attachments"]] == ["报告.pdf"]


# Bodies that carry files: a slip's feedback, a problem's rectification (整改情况) with its evidence, and the
# case system's export file to import.
MULTIPART_PATHS = ("/api/slips/{id}/feedback/", "/api/problems/{id}/submit/", "/api/case-records/import/")


def test_bodies_are_json_except_feedback_which_is_multipart():
    for path, method, operation in _operations():
        if "requestBody" in operation:
            expected = ["multipart/form-data"] if path in MULTIPART_PATHS else ["application/json"]
            # then each operation offers one body format, so a client never has to guess between them
            assert list(operation["requestBody"]["content"]) == expected, (method, path)


def test_a_form_body_where_json_is_declared_is_refused_as_unsupported(api_as, issued_slip):
    # given a matter with a slip
    slip = issued_slip()

    # when a reason is sent as a form, not as the declared JSON
    response = api_as("inspector").post(f"/api/matters/{slip.matter_id}/cancel/", {"reason": "重复立项"})

    # then it is refused as unsupported, in the error shape, and nothing happens
    assert response.status_code == 415
    _matches_error_schema(response.json())
    slip.matter.refresh_from_db()
    assert slip.matter.status == MatterStatus.IN_PROGRESS


def test_an_attachment_is_declared_as_any_type_of_file():
    # when a client reads how an attachment comes down
    content = _schema()["paths"]["/api/attachments/{id}/"]["get"]["responses"]["200"]["content"]

    # then it is a file of whatever type was uploaded (a PDF comes down as application/pdf)
    assert content == {"*/*": {"schema": {"type": "string", "format": "binary"}}}
