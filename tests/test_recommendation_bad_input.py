"""Every page form of 督察建议书 and 列席会议 fed what careless users and pasted text send: each field in turn gets
a NUL, Word's U+000B, a megabyte, or a date at the ends of the calendar, the other fields valid. The answer is
never a server error, the message is Chinese and beside the field, and what was typed is kept."""

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision.models import Adoption

pytest_plugins = ["tests.recommendation_fixtures"]
pytestmark = pytest.mark.django_db

CONTROL = "内容含有不可见的控制字符，请删除后重新输入"
TOO_LONG = "内容过长：最多"
DATE_RANGE = "请填写 2000 年至 2099 年之间的日期"
MEGABYTE = "标记" + "x" * 1_000_000

TEXT_PAYLOADS = [("nul", "甲\x00乙", CONTROL), ("vt", "甲\x0b乙", CONTROL), ("megabyte", MEGABYTE, TOO_LONG)]
DATE_PAYLOADS = [
    ("year-1", "0001-01-01", DATE_RANGE),
    ("year-9999", "9999-12-31", DATE_RANGE),
    ("nul", "2026-01-01\x00", None),
]
CHOICE_PAYLOADS = [("nul", "1\x00", None), ("vt", "\x0b", None), ("huge", "9" * 400, None)]


@pytest.fixture
def world(org, department, draft_recommendation, issued_recommendation, recorded_meeting):
    draft, issued, meeting = draft_recommendation(), issued_recommendation(), recorded_meeting()
    first = department("第一检察部").pk
    today = timezone.localdate().isoformat()
    draft_fields = {"title": "标题", "department": first, "content": "内容", "findings": ""}
    draft_kinds = {"title": "text", "department": "choice", "content": "text", "findings": "text", "matter": "choice"}
    meeting_fields = {"meeting": "会议", "held_on": today, "attendees": [org["inspector"].pk], "notes": ""}
    meeting_kinds = {
        "meeting": "text",
        "held_on": "date",
        "attendees": "choice",
        "organizer": "choice",
        "notes": "text",
    }
    return {
        "recommendation_new": ("inspector", reverse("supervision:recommendation_new"), draft_fields, draft_kinds),
        "recommendation_edit": (
            "inspector",
            reverse("supervision:recommendation_edit", args=[draft.pk]),
            draft_fields,
            draft_kinds,
        ),
        "reply": (
            "head1",
            reverse("supervision:recommendation_reply", args=[issued.pk]),
            {"reply": "已办", "adoption": Adoption.PARTLY, "adoption_reason": "理由"},
            {"reply": "text", "adoption": "choice", "adoption_reason": "text"},
        ),
        "meeting_new": ("inspector", reverse("supervision:meeting_new"), meeting_fields, meeting_kinds),
        "meeting_edit": (
            "inspector",
            reverse("supervision:meeting_edit", args=[meeting.pk]),
            meeting_fields,
            meeting_kinds,
        ),
        "opinion": (
            "inspector",
            reverse("supervision:meeting_add_opinion", args=[meeting.pk]),
            {"text": "意见", "department": first},
            {"text": "text", "department": "choice"},
        ),
    }


def _payloads(kind):
    return {"text": TEXT_PAYLOADS, "date": DATE_PAYLOADS}.get(kind, CHOICE_PAYLOADS)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize(
    "name", ["recommendation_new", "recommendation_edit", "reply", "meeting_new", "meeting_edit", "opinion"]
)
def test_no_recommendation_or_meeting_form_answers_a_server_error_whatever_is_typed(client_for, world, name, htmx):
    username, url, valid, kinds = world[name]
    client = client_for(username)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for field, kind in kinds.items():
        for label, payload, message in _payloads(kind):
            # when one field holds the payload and the others are valid
            response = client.post(url, {**valid, field: payload}, **headers)
            # then the page comes back with the field's Chinese message and the input
            where = f"{name}.{field}={label}"
            assert response.status_code == 200, where
            html = response.content.decode()
            if message:
                assert message in html, where
                assert payload in html, where


@pytest.mark.parametrize(
    ("field", "payload"),
    [
        ("q", "甲\x00乙"),
        ("q", MEGABYTE),
        ("year", "0001"),
        ("year", "9" * 400),
        ("department", "\x00"),
        ("adoption", "x"),
        ("status", "\x0b"),
        ("page", "\x00"),
    ],
)
def test_the_lists_and_exports_take_any_filter_without_a_server_error(client_for, world, field, payload):
    inspector = client_for("inspector")
    for url in (
        reverse("supervision:recommendation_list"),
        reverse("supervision:recommendation_export"),
        reverse("supervision:meeting_list"),
        reverse("supervision:meeting_export"),
    ):
        assert inspector.get(url, {field: payload}).status_code == 200, url


@pytest.mark.parametrize("path", ["0", "99999999999999999999", "-1"])
def test_odd_ids_in_the_path_are_404(client_for, path):
    client = client_for("inspector")
    for url in (f"/recommendations/{path}/", f"/meetings/{path}/", f"/recommendations/{path}/document.docx"):
        assert client.get(url).status_code == 404, url
