"""The pages of 批示: the chief writes on a matter's or a report's page, the office finds instructions in the
list and turns one into a matter on a pre-filled form; refusals show beside the field with the input kept;
departments see none of it; query counts do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from supervision.models import Instruction, Matter, MatterCategory, MatterSource, MonthlyReportStatus
from supervision.services import instructions as services
from workcalendar.workdays import add_workdays

pytest_plugins = ["tests.instruction_fixtures"]
pytestmark = pytest.mark.django_db

TEXT = "请督察办对逾期事项逐项督办，下月专报报告整改情况。"
MEGABYTE = "长" + "x" * 1_000_000


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_chief_writes_an_instruction_on_a_matter_page_and_sees_it_there(client_for, initiated_matter):
    # given an initiated matter, whose page offers the chief the 批示 form
    matter = initiated_matter()
    chief = client_for("chief")
    page = chief.get(reverse("supervision:matter_detail", args=[matter.pk])).content.decode()
    assert 'data-testid="instruct-form"' in page
    # when the chief writes an instruction
    answer = chief.post(reverse("supervision:instruct_matter", args=[matter.pk]), {"text": TEXT})
    # then the chief is back on the matter page, which shows it
    assert answer.status_code == 302
    assert answer.url == reverse("supervision:matter_detail", args=[matter.pk]) + "#instructions"
    page = chief.get(answer.url).content.decode()
    assert TEXT in page and "未转立项" in page
    assert Instruction.objects.get().matter == matter


def test_the_office_sees_the_instruction_and_the_convert_button_but_no_form(client_for, instruction):
    given = instruction(on="matter")
    page = client_for("inspector").get(reverse("supervision:matter_detail", args=[given.matter_id])).content.decode()
    assert TEXT in page
    assert reverse("supervision:instruction_convert", args=[given.pk]) in page
    assert 'data-testid="instruct-form"' not in page


@pytest.mark.parametrize("username", ["head1", "prosecutor1"])
def test_departments_see_no_instructions_on_a_matter_they_follow(client_for, instruction, username):
    given = instruction(on="matter")
    client = client_for(username)
    page = client.get(reverse("supervision:matter_detail", args=[given.matter_id])).content.decode()
    assert TEXT not in page and 'data-testid="instructions"' not in page
    for name in ("supervision:instruction_list",):
        assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("supervision:instruction_detail", args=[given.pk])).status_code == 403
    assert client.post(reverse("supervision:instruct_matter", args=[given.matter_id]), {"text": "x"}).status_code == 403


def test_chief_instructs_on_a_submitted_report(client_for, report):
    submitted = report()
    answer = client_for("chief").post(reverse("supervision:instruct_report", args=[submitted.pk]), {"text": TEXT})
    assert answer.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == MonthlyReportStatus.INSTRUCTED
    assert Notification.objects.filter(subject_type="supervision.instruction").count() == 2


def test_a_draft_report_cannot_be_instructed_on_and_is_not_found(client_for, report):
    draft = report(status=MonthlyReportStatus.DRAFT)
    assert (
        client_for("chief").post(reverse("supervision:instruct_report", args=[draft.pk]), {"text": TEXT}).status_code
        == 404
    )
    assert not Instruction.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "请填写批示内容"), ("请督办\x00此事", "控制字符"), (MEGABYTE, "最多 20000 个字")],
)
def test_a_bad_instruction_is_shown_again_with_its_input_and_the_error_beside_it(client_for, report, text, message):
    # given a submitted report; when the chief sends empty, NUL-laden or 1 MB text
    submitted = report()
    answer = client_for("chief").post(reverse("supervision:instruct_report", args=[submitted.pk]), {"text": text})
    # then the form page comes back (not a server error) with the error beside the field and the input kept
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'data-testid="error-text"' in page
    assert message in page
    if text and "\x00" not in text:
        assert text in page
    assert not Instruction.objects.exists()


@pytest.mark.parametrize("bad", ["99999999999999999999", "0"])
def test_ids_that_do_not_exist_are_not_found(client_for, bad):
    chief = client_for("chief")
    assert chief.get(f"/supervision/instructions/{bad}/").status_code == 404
    assert chief.get(f"/supervision/instructions/on-report/{bad}/").status_code == 404
    assert chief.get(f"/supervision/instructions/on-matter/{bad}/").status_code == 404
    assert client_for("inspector").get(f"/supervision/instructions/{bad}/convert/").status_code == 404


def test_the_list_shows_open_converted_and_all_instructions(client_for, org, instruction, convert_fields):
    # given two instructions, one of them turned into a matter
    first = instruction(text="第一条批示")
    instruction(on="matter", text="第二条批示")
    services.convert_instruction(actor=org["inspector"], instruction=first, **convert_fields())
    inspector = client_for("inspector")
    url = reverse("supervision:instruction_list")
    # when the office looks at each tab, then each shows its own
    open_ = inspector.get(url).content.decode()
    converted = inspector.get(url, {"state": "converted"}).content.decode()
    every = inspector.get(url, {"state": "", "on": "matter"}).content.decode()
    assert "第二条批示" in open_ and "第一条批示" not in open_
    assert "第一条批示" in converted and "第二条批示" not in converted
    assert "第二条批示" in every and "第一条批示" not in every
    # and odd filters are no filter, never an error
    assert inspector.get(url, {"state": "\x00", "on": "x" * 5000, "report": "9" * 30, "page": "-1"}).status_code == 200


def test_the_list_and_an_instructions_page_make_the_same_queries_for_1_and_15_rows(
    client_for, report, initiated_matter, org
):
    # given one instruction
    submitted, matter = report(), initiated_matter()
    first = services.instruct(actor=org["chief"], report=submitted, text="批示 0")
    inspector = client_for("inspector")
    urls = {
        "list": reverse("supervision:instruction_list"),
        "detail": reverse("supervision:instruction_detail", args=[first.pk]),
        "matter": reverse("supervision:matter_detail", args=[matter.pk]),
    }
    services.instruct(actor=org["chief"], matter=matter, text="事项批示 0")
    one = {name: queries(inspector, url) for name, url in urls.items()}
    # when there are 15 of each
    for i in range(1, 15):
        services.instruct(actor=org["chief"], report=submitted, text=f"批示 {i}")
        services.instruct(actor=org["chief"], matter=matter, text=f"事项批示 {i}")
    many = {name: queries(inspector, url) for name, url in urls.items()}
    # then the pages make as many queries as before: signed in (session, user with department, roles), the
    # menu's counts, then one count and one page of rows for the list, and one
    # instruction joined with its people and subject for its page; the matter page one query more than without
    # instructions (the instructions on it, joined)
    assert one == many
    assert one["list"] == 5
    assert one["detail"] == 4


def test_the_convert_page_is_the_matter_form_prefilled_from_the_instruction(client_for, instruction):
    given = instruction()
    page = client_for("inspector").get(reverse("supervision:instruction_convert", args=[given.pk])).content.decode()
    assert "落实陈建国对《检务督察专报 2026年第11期》的批示" in page
    assert TEXT in page
    assert "领导批示" in page and "disabled" in page


def _convert_post(department, **overrides) -> dict:
    from django.utils import timezone

    data = {
        "title": "落实检察长关于逾期事项的批示",
        "category": MatterCategory.objects.get(name="党组决策部署督察").pk,
        "source": "other",  # tampered: the source is the instruction's, whatever is posted
        "source_detail": "篡改",
        "requirements": "逐项督办。",
        "lead_department": department("第一检察部").pk,
        "due_date": add_workdays(timezone.localdate(), 20).isoformat(),
    }
    data.update(overrides)
    return data


def test_inspector_converts_and_the_new_matter_page_shows_its_source_instruction(client_for, instruction, department):
    # given the chief's instruction
    given = instruction()
    inspector = client_for("inspector")
    # when the inspector converts it and initiates the matter at once
    answer = inspector.post(
        reverse("supervision:instruction_convert", args=[given.pk]), {**_convert_post(department), "initiate": "1"}
    )
    # then the new matter's page shows 来源批示 with a link back, and its source is the instruction
    matter = Matter.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("supervision:matter_detail", args=[matter.pk])
    assert (matter.source, matter.status) == (MatterSource.LEADERSHIP_INSTRUCTION, "initiated")
    assert "篡改" not in matter.source_detail
    page = inspector.get(answer.url).content.decode()
    assert "来源批示" in page and reverse("supervision:instruction_detail", args=[given.pk]) in page
    # and the instruction's page links to the matter; a second visit to the convert page goes to the matter
    detail = inspector.get(reverse("supervision:instruction_detail", args=[given.pk])).content.decode()
    assert reverse("supervision:matter_detail", args=[matter.pk]) in detail
    again = inspector.get(reverse("supervision:instruction_convert", args=[given.pk]))
    assert again.status_code == 302 and again.url == reverse("supervision:matter_detail", args=[matter.pk])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": ""}, "category"),
        ({"title": "标题\x00"}, "title"),
        ({"requirements": MEGABYTE}, "requirements"),
        ({"due_date": "0001-01-01"}, "due_date"),
        ({"lead_department": "99999999999999999999"}, "lead_department"),
        ({"due_date": "2020-01-06"}, "due_date"),
    ],
)
def test_a_bad_convert_form_saves_nothing_and_keeps_the_input(client_for, instruction, department, overrides, field):
    given = instruction()
    answer = client_for("inspector").post(
        reverse("supervision:instruction_convert", args=[given.pk]), {**_convert_post(department, **overrides)}
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert f'data-testid="error-{field}"' in page
    assert "逐项督办。" in page or field == "requirements"
    assert not Matter.objects.exists()
    given.refresh_from_db()
    assert given.resulting_matter_id is None


@pytest.mark.parametrize("username", ["chief", "head1"])
def test_only_the_office_opens_the_convert_page(client_for, instruction, username):
    given = instruction()
    assert client_for(username).get(reverse("supervision:instruction_convert", args=[given.pk])).status_code == 403


def test_a_matter_without_instructions_shows_the_office_no_empty_card_and_the_chief_the_form(
    client_for, initiated_matter
):
    url = reverse("supervision:matter_detail", args=[initiated_matter().pk])
    assert 'data-testid="instructions"' not in client_for("inspector").get(url).content.decode()
    chief_page = client_for("chief").get(url).content.decode()
    assert 'data-testid="no-instructions"' in chief_page and 'data-testid="instruct-form"' in chief_page
