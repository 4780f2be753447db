"""The API of 批示 under the pages' rules: leadership instructs, the office converts (once), departments and
the 三员 are turned away, refusals are 4xx with codes or field errors, never a 500; queries stay fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from supervision.models import Instruction, Matter, MatterCategory, MatterSource, MonthlyReportStatus
from supervision.services import instructions as services
from workcalendar.workdays import add_workdays

pytest_plugins = ["tests.instruction_fixtures"]
pytestmark = pytest.mark.django_db

URL = "/api/instructions/"
TEXT = "请督察办对逾期事项逐项督办。"


def matter_fields(department, **overrides) -> dict:
    data = {
        "category": MatterCategory.objects.get(name="党组决策部署督察").pk,
        "lead_department": department("第一检察部").pk,
        "due_date": add_workdays(timezone.localdate(), 20).isoformat(),
    }
    data.update(overrides)
    return data


def test_chief_instructs_on_a_report_through_the_api(api_as, report):
    # given a submitted report; when the chief posts an instruction on it
    submitted = report()
    answer = api_as("chief").post(URL, {"report": submitted.pk, "text": TEXT}, format="json")
    # then it is created, shown with its subject, and the report is 已批示
    assert answer.status_code == 201
    body = answer.json()
    assert (body["report"]["id"], body["matter"], body["text"], body["actions"]) == (submitted.pk, None, TEXT, [])
    submitted.refresh_from_db()
    assert submitted.status == MonthlyReportStatus.INSTRUCTED
    # and the office sees it in its list, with 转立项 among its actions
    listed = api_as("inspector").get(URL).json()
    assert [(r["id"], r["actions"]) for r in listed["results"]] == [(body["id"], ["convert"])]


def test_chief_instructs_on_a_matter_through_the_api(api_as, initiated_matter):
    matter = initiated_matter()
    answer = api_as("chief").post(URL, {"matter": matter.pk, "text": TEXT}, format="json")
    assert answer.status_code == 201 and answer.json()["matter"]["id"] == matter.pk


@pytest.mark.parametrize("username", ["inspector", "director"])
def test_the_office_cannot_instruct(api_as, report, username):
    answer = api_as(username).post(URL, {"report": report().pk, "text": TEXT}, format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "not_leadership"
    assert not Instruction.objects.exists()


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "sysadmin", "secadmin", "auditor"])
def test_departments_and_the_three_administrators_are_turned_away(api_as, instruction, username):
    given = instruction()
    client = api_as(username)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{given.pk}/").status_code == 403
    assert client.post(URL, {"report": given.report_id, "text": TEXT}, format="json").status_code == 403
    assert client.post(f"{URL}{given.pk}/convert/", {}, format="json").status_code == 403


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "批示\x00"}, "text"),
        ({"text": "长" + "x" * 1_000_000}, "text"),
        ({"text": {"nested": ["json"]}}, "text"),
        ({"report": 99999999999999999999, "text": TEXT}, "report"),
        ({"report": "abc", "text": TEXT}, "report"),
    ],
)
def test_bad_instructions_are_field_errors_never_a_server_error(api_as, report, payload, field):
    report()
    answer = api_as("chief").post(URL, payload, format="json")
    assert answer.status_code == 400
    assert field in answer.json().get("errors", {}) or answer.json().get("field") == field
    assert not Instruction.objects.exists()


def test_a_draft_report_is_not_one_to_instruct_on(api_as, report):
    draft = report(status=MonthlyReportStatus.DRAFT)
    answer = api_as("chief").post(URL, {"report": draft.pk, "text": TEXT}, format="json")
    assert answer.status_code == 400 and "report" in answer.json()["errors"]


def test_an_instruction_needs_a_subject(api_as):
    answer = api_as("chief").post(URL, {"text": TEXT}, format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "instruction_subject_required"


def test_inspector_converts_through_the_api_once_and_the_chief_is_told(api_as, instruction, department):
    # given the chief's instruction
    given = instruction()
    inspector = api_as("inspector")
    # when the inspector converts it with the matter's fields (the title and requirements left to their defaults)
    answer = inspector.post(f"{URL}{given.pk}/convert/", matter_fields(department, initiate=True), format="json")
    # then the new matter is initiated, its source the instruction, and linked back
    assert answer.status_code == 201
    matter = Matter.objects.get(pk=answer.json()["id"])
    assert (matter.source, matter.status, matter.requirements) == (
        MatterSource.LEADERSHIP_INSTRUCTION,
        "initiated",
        given.text,
    )
    assert inspector.get(f"{URL}{given.pk}/").json()["resulting_matter"]["id"] == matter.pk
    assert Notification.objects.filter(step="convert_instruction", recipient__username="chief").count() == 1
    # and a second conversion is refused with its code
    again = inspector.post(f"{URL}{given.pk}/convert/", matter_fields(department), format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_converted"
    assert Matter.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": None}, "category"),
        ({"due_date": "0001-01-01"}, "due_date"),
        ({"due_date": "2020-01-06"}, "due_date"),
        ({"lead_department": 99999999999999999999}, "lead_department"),
        ({"title": "题\x00"}, "title"),
    ],
)
def test_a_bad_conversion_saves_nothing(api_as, instruction, department, overrides, field):
    given = instruction()
    answer = api_as("inspector").post(
        f"{URL}{given.pk}/convert/", matter_fields(department, **overrides), format="json"
    )
    assert answer.status_code == 400
    body = answer.json()
    assert field in body.get("errors", {}) or body.get("field") == field
    assert not Matter.objects.exists()


def test_chief_cannot_convert(api_as, instruction, department):
    answer = api_as("chief").post(f"{URL}{instruction().pk}/convert/", matter_fields(department), format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "not_office"


@pytest.mark.parametrize("bad", ["99999999999999999999", "0", "abc"])
def test_ids_that_do_not_exist_are_404(api_as, bad):
    assert api_as("inspector").get(f"{URL}{bad}/").status_code == 404


def test_the_list_makes_the_same_queries_for_1_and_15_instructions(api_as, org, report, initiated_matter):
    submitted, matter = report(), initiated_matter()
    services.instruct(actor=org["chief"], report=submitted, text="批示 0")
    client = api_as("inspector")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for i in range(1, 15):
        services.instruct(actor=org["chief"], report=submitted, text=f"批示 {i}")
        services.instruct(actor=org["chief"], matter=matter, text=f"事项批示 {i}")
    # the session, the user with its roles and department (checked by the permission and by the scope), then one
    # count and one page of rows joined with their people and subjects: nothing per row
    assert count() == one == 4


def test_list_filters(api_as, instruction):
    instruction(text="专报批示")
    instruction(on="matter", text="事项批示")
    client = api_as("director")
    assert [r["text"] for r in client.get(URL, {"on": "matter"}).json()["results"]] == ["事项批示"]
    assert client.get(URL, {"state": "converted"}).json()["count"] == 0
    assert client.get(URL, {"state": "bogus"}).status_code == 400
    assert client.get(URL, {"report": "9" * 30}).status_code == 400
