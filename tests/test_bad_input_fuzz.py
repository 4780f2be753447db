"""Every page form of the matter and slip journey, fed what careless users and pasted text send.

Each field in turn gets a NUL, Word's U+000B, a megabyte, or a date at the ends of the calendar, the other fields
valid; the answer is never a server error, the message is Chinese and beside the field, and the input is kept.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import MatterCategory, MatterSource
from workcalendar.workdays import add_workdays

CONTROL = "内容含有不可见的控制字符，请删除后重新输入"
TOO_LONG = "内容过长：最多"
DATE_RANGE = "请填写 2000 年至 2099 年之间的日期"
MEGABYTE = "标记" + "x" * 1_000_000

TEXT_PAYLOADS = [("nul", "甲\x00乙", CONTROL), ("vt", "甲\x0b乙", CONTROL), ("megabyte", MEGABYTE, TOO_LONG)]
DATE_PAYLOADS = [("year-1", "0001-01-01", DATE_RANGE), ("year-9999", "9999-12-31", DATE_RANGE)]
CHOICE_PAYLOADS = [("nul", "1\x00", None), ("vt", "\x0b", None), ("huge", "9" * 400, None)]


@pytest.fixture
def world(org, department, draft_matter, issued_slip):
    """One matter in each state a form is offered in, built through the services."""
    due = add_workdays(timezone.localdate(), 20)
    draft = draft_matter()
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    reviewing = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    feedback = services.submit_feedback(actor=org["prosecutor1"], slip=reviewing, text="已整改", files=[])
    deciding = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    extension = services.request_extension(
        actor=org["prosecutor1"], slip=deciding, requested_deadline=due, reason="需要时间"
    )
    finished = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    services.accept_feedback(
        actor=org["inspector"],
        feedback=services.submit_feedback(actor=org["prosecutor1"], slip=finished, text="完成", files=[]),
    )
    matter_fields = {
        "title": "督促落实认罪认罚从宽制度",
        "category": MatterCategory.objects.get(name="上级院部署督察").pk,
        "source": MatterSource.SUPERIOR_DEPLOYMENT,
        "source_detail": "上级院通知",
        "requirements": "按季度报告适用率。",
        "lead_department": department("第一检察部").pk,
        "due_date": due.isoformat(),
        "warning_date": "",
        "case_number": "",
    }
    matter_kinds = {
        "title": "text",
        "source_detail": "text",
        "requirements": "text",
        "case_number": "text",
        "due_date": "date",
        "warning_date": "date",
        "category": "choice",
        "source": "choice",
        "lead_department": "choice",
        "inspector": "choice",
    }
    text = {"text": "text"}
    return {
        "matter_create": ("inspector", reverse("supervision:matter_create"), matter_fields, matter_kinds),
        "matter_edit": (
            "inspector",
            reverse("supervision:matter_edit", args=[draft.pk]),
            matter_fields,
            matter_kinds,
        ),
        "issue_slip": (
            "inspector",
            reverse("supervision:matter_issue_slip", args=[slip.matter_id]),
            {
                "department": department("第二检察部").pk,
                "requirements": "请报告。",
                "deadline": add_workdays(timezone.localdate(), 5).isoformat(),
                "means": "paper",
            },
            {"department": "choice", "requirements": "text", "deadline": "date", "means": "choice"},
        ),
        "feedback": ("prosecutor1", reverse("supervision:slip_feedback", args=[slip.pk]), {"text": "已整改"}, text),
        "extension": (
            "prosecutor1",
            reverse("supervision:slip_request_extension", args=[slip.pk]),
            {"requested_deadline": due.isoformat(), "reason": "需要时间"},
            {"requested_deadline": "date", "reason": "text"},
        ),
        "accept": ("inspector", reverse("supervision:feedback_accept", args=[feedback.pk]), {"text": ""}, text),
        "return": ("inspector", reverse("supervision:feedback_return", args=[feedback.pk]), {"text": "补充"}, text),
        "approve": ("director", reverse("supervision:extension_approve", args=[extension.pk]), {"text": ""}, text),
        "reject": ("director", reverse("supervision:extension_reject", args=[extension.pk]), {"text": "不必"}, text),
        "conclude": (
            "inspector",
            reverse("supervision:matter_conclude", args=[finished.matter_id]),
            {"text": "成效"},
            text,
        ),
        "cancel": ("inspector", reverse("supervision:matter_cancel", args=[slip.matter_id]), {"text": "撤销"}, text),
        "share": (
            "director",
            reverse("supervision:matter_share", args=[slip.matter_id]),
            {"user": org["prosecutor2"].pk},
            {"user": "choice"},
        ),
    }


def _payloads(kind):
    return {"text": TEXT_PAYLOADS, "date": [*DATE_PAYLOADS, ("nul", "2026-01-01\x00", None)]}.get(kind, CHOICE_PAYLOADS)


FORMS = [
    "matter_create",
    "matter_edit",
    "issue_slip",
    "feedback",
    "extension",
    "accept",
    "return",
    "approve",
    "reject",
    "conclude",
    "cancel",
    "share",
]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize("name", FORMS)
def test_no_page_form_of_the_journey_answers_a_server_error_whatever_is_typed(client_for, world, name, htmx):
    username, url, valid, kinds = world[name]
    client = client_for(username)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for field, kind in kinds.items():
        for label, payload, message in _payloads(kind):
            # when one field holds the payload and the others are valid
            response = client.post(url, {**valid, field: payload}, **headers)
            # then the answer is the page or the body again, with the field's Chinese message and the input
            where = f"{name}.{field}={label}"
            assert response.status_code < 500, where
            assert response.status_code == 200, where
            html = response.content.decode()
            if message:
                assert message in html, where
                assert payload in html, where


@pytest.mark.parametrize(
    ("field", "payload"),
    [("q", "甲\x00乙"), ("q", MEGABYTE), ("initiated_from", "0001-01-01"), ("due_to", "9999-12-31"), ("page", "\x00")],
)
def test_the_matter_list_and_its_export_take_any_filter_without_a_server_error(client_for, world, field, payload):
    inspector = client_for("inspector")
    for url in (reverse("supervision:matter_list"), reverse("supervision:matter_export")):
        assert inspector.get(url, {field: payload}).status_code == 200


@pytest.mark.parametrize("payload", ["0001-01-01", "9999-12-31", "\x00", "2026-02-30", "9" * 10_000])
def test_the_date_hint_takes_any_date_without_a_server_error(client_for, payload):
    response = client_for("inspector").get(reverse("supervision:date_hint"), {"due_date": payload, "one_week": "on"})
    assert response.status_code == 200
