"""The supervision pages: forms with Chinese errors, scope per user, in-place acts, downloads, query counts."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procuracy.errors import ServiceError
from supervision import services
from supervision.models import Matter, MatterStatus
from tests.query_counts import SIGNED_IN, page_queries
from workcalendar.workdays import add_workdays

PDF = b"%PDF-1.4\n% test\n"


def test_inspector_initiates_from_the_form(client_for, department, matter_data):
    response = client_for("inspector").post(reverse("supervision:matter_create"), matter_data(initiate="1"))
    matter = Matter.objects.get()
    assert response.status_code == 302 and response.url == reverse("supervision:matter_detail", args=[matter.pk])
    assert matter.status == MatterStatus.INITIATED and matter.document_number.startswith("示检督立〔")


def test_form_shows_chinese_errors_and_saves_nothing(client_for, department, matter_data):
    due = add_workdays(timezone.localdate(), 5)
    response = client_for("inspector").post(
        reverse("supervision:matter_create"),
        matter_data(
            initiate="1", title="", warning_date=(due + timedelta(days=3)).isoformat(), due_date=due.isoformat()
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写事项名称" in html and "必填项" not in html
    assert not Matter.objects.exists()
    response = client_for("inspector").post(
        reverse("supervision:matter_create"),
        matter_data(initiate="1", warning_date=(due + timedelta(days=3)).isoformat(), due_date=due.isoformat()),
    )
    assert "预警日期不能晚于应办结日期" in response.content.decode()
    assert not Matter.objects.exists()


def test_form_refuses_a_malformed_date_in_chinese(client_for, department, matter_data):
    response = client_for("inspector").post(
        reverse("supervision:matter_create"), matter_data(initiate="1", due_date="2026-13-45")
    )
    assert response.status_code == 200
    assert "输入一个有效的日期" in response.content.decode()


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("inspector", 200),
        ("director", 200),
        ("chief", 200),
        ("head1", 200),
        ("prosecutor1", 200),
        ("prosecutor2", 404),
        ("sysadmin", 403),
        ("secadmin", 403),
        ("auditor", 403),
    ],
)
def test_who_can_open_a_matter_of_the_first_department(client_for, issued_slip, username, status):
    slip = issued_slip()
    response = client_for(username).get(reverse("supervision:matter_detail", args=[slip.matter_id]))
    assert response.status_code == status


def test_other_department_does_not_find_the_matter_in_its_list(client_for, issued_slip):
    slip = issued_slip()
    assert slip.matter.title not in client_for("prosecutor2").get(reverse("supervision:matter_list")).content.decode()
    assert slip.matter.title in client_for("prosecutor1").get(reverse("supervision:matter_list")).content.decode()


def test_department_staff_see_no_office_buttons(client_for, issued_slip):
    slip = issued_slip()
    html = client_for("prosecutor1").get(reverse("supervision:matter_detail", args=[slip.matter_id])).content.decode()
    assert "签收</button>" in html
    assert 'data-bs-target="#issue-slip"' not in html and "确认办结" not in html
    chief = client_for("chief").get(reverse("supervision:matter_detail", args=[slip.matter_id])).content.decode()
    assert "签收</button>" not in chief and 'data-bs-target="#issue-slip"' not in chief


def test_acknowledging_in_place_returns_the_updated_body(client_for, issued_slip):
    slip = issued_slip()
    response = client_for("prosecutor1").post(
        reverse("supervision:slip_acknowledge", args=[slip.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="matter-body"' in html and "已签收。" in html and "<html" not in html


def test_concluding_without_results_shows_the_reason_in_place(client_for, issued_slip):
    slip = issued_slip()
    html = (
        client_for("inspector")
        .post(reverse("supervision:matter_conclude", args=[slip.matter_id]), {"text": ""}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "办结时须填写工作成效" in html or "仍有督办单未通过审核" in html


def test_feedback_with_attachment_through_the_page_and_download_by_scope(client_for, org, issued_slip):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    client_for("prosecutor1").post(
        reverse("supervision:slip_feedback", args=[slip.pk]),
        {"text": "已整改", "attachments": [SimpleUploadedFile("报告.pdf", PDF)]},
    )
    attachment = slip.feedback.get().attachments.get()
    assert attachment.original_name == "报告.pdf"
    assert "报告" not in attachment.file.name  # stored under a random name
    url = reverse("supervision:attachment_download", args=[attachment.pk])
    ok = client_for("inspector").get(url)
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == PDF
    assert client_for("prosecutor2").get(url).status_code == 404
    assert client_for("auditor").get(url).status_code == 403


def test_refused_attachment_type_is_explained_on_the_page(client_for, org, issued_slip):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    response = client_for("prosecutor1").post(
        reverse("supervision:slip_feedback", args=[slip.pk]),
        {"text": "已整改", "attachments": [SimpleUploadedFile("病毒.exe", b"MZ")]},
        follow=True,
    )
    assert "类型不允许" in response.content.decode()
    assert not slip.feedback.exists()


def test_documents_download_as_docx(client_for, issued_slip):
    import docx

    slip = issued_slip()
    decision = client_for("inspector").get(reverse("supervision:matter_decision_docx", args=[slip.matter_id]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(decision.content)).paragraphs)
    assert slip.matter.document_number in text
    slip_doc = client_for("prosecutor1").get(reverse("supervision:slip_document", args=[slip.pk]))
    assert slip.document_number in "\n".join(p.text for p in docx.Document(io.BytesIO(slip_doc.content)).paragraphs)


def test_export_holds_the_filtered_rows(client_for, initiated_matter, draft_matter):
    import openpyxl

    initiated_matter(title="甲事项")
    draft_matter(title="乙事项")
    response = client_for("inspector").get(reverse("supervision:matter_export"), {"status": "initiated"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["甲事项"]


def test_list_filters_by_colour_and_text(client_for, initiated_matter):
    soon = add_workdays(timezone.localdate(), 1)
    initiated_matter(title="快到期", due_date=soon)
    initiated_matter(title="还早", due_date=add_workdays(timezone.localdate(), 30))
    inspector = client_for("inspector")
    yellow = inspector.get(reverse("supervision:matter_list"), {"colour": "yellow"}).content.decode()
    assert "快到期" in yellow and "还早" not in yellow
    found = inspector.get(reverse("supervision:matter_list"), {"q": "还早"}).content.decode()
    assert "还早" in found and "快到期" not in found


def test_the_list_s_pages_together_hold_every_matter_once_newest_first(client_for, initiated_matter):
    matters = [initiated_matter(title=f"翻页事项{n}") for n in range(23)]
    inspector = client_for("inspector")
    pages = [inspector.get(reverse("supervision:matter_list"), {"page": page}).context["page"] for page in (1, 2)]
    assert [m.pk for page in pages for m in page] == [m.pk for m in reversed(matters)]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_make_the_same_number_of_queries_for_1_and_15_rows(client_for, issued_slip):
    inspector = client_for("inspector")
    issued_slip()
    one = {name: _queries(inspector, reverse(name)) for name in ("supervision:matter_list", "supervision:slip_list")}
    for _ in range(14):
        issued_slip()
    many = {name: _queries(inspector, reverse(name)) for name in ("supervision:matter_list", "supervision:slip_list")}
    assert one == many


# Signed in; the status tabs in one grouped query (whose current tab is the paginator's count); the menu's 待办
# counts and the bell in one; the filter's choices (categories, departments, the office's inspectors); the rows.
MATTER_LIST_QUERIES = {"inspector": SIGNED_IN + 6, "head1": SIGNED_IN + 6}


@pytest.mark.parametrize("username", ["inspector", "head1"])
def test_the_matter_list_costs_an_exact_number_of_queries_with_a_filter_or_none(client_for, issued_slip, username):
    for _ in range(3):
        issued_slip()
    client = client_for(username)
    url = reverse("supervision:matter_list")
    assert page_queries(client, url) == MATTER_LIST_QUERIES[username]
    assert page_queries(client, url, {"status": "in_progress", "q": "督", "page": "2"}) == MATTER_LIST_QUERIES[username]


def test_detail_page_queries_do_not_grow_with_slips_and_feedback(client_for, org, issued_slip):
    inspector = client_for("inspector")
    first = issued_slip()
    url = reverse("supervision:matter_detail", args=[first.matter_id])
    services.acknowledge_slip(actor=org["prosecutor1"], slip=first)
    services.submit_feedback(actor=org["prosecutor1"], slip=first, text="一", files=[SimpleUploadedFile("a.pdf", PDF)])
    few = _queries(inspector, url)
    for name in ("第二检察部", "第三检察部", "第四检察部"):
        issued_slip(department_name=name, matter=first.matter)
    second_slip = first.matter.slips.get(department__name="第二检察部")
    services.request_extension(
        actor=org["prosecutor2"], slip=second_slip, requested_deadline=first.matter.due_date, reason="需要时间"
    )
    second = services.submit_feedback(
        actor=org["prosecutor1"],
        slip=services.return_feedback(actor=org["inspector"], feedback=first.feedback.get(), reason="补充").slip,
        text="二",
        files=[SimpleUploadedFile("b.pdf", PDF), SimpleUploadedFile("c.pdf", PDF)],
    )
    assert second.pk
    assert _queries(inspector, url) == few


# Signed in; the menu's 待办 counts and the bell; the matter with its category, departments and people; then one
# query per kind of related row: cooperating departments, responsible people, slips, their feedback, the
# feedback's attachments, extension requests, reminders, due-date changes, the timeline. Over the 8: each
# kind is a table of its own, and one query for all would aggregate them as JSON (issue 16's closing note). Then
# per role what its forms offer: the office its departments to issue a slip to and the chief prosecutor's
# instructions; the director also whom to share with; a department head the people to assign a slip to.
DETAIL_SHARED = SIGNED_IN + 1 + 1 + 9
DETAIL_QUERIES = {
    "prosecutor1": DETAIL_SHARED,
    "head1": DETAIL_SHARED + 1,
    "chief": DETAIL_SHARED + 1,
    "inspector": DETAIL_SHARED + 2,
    "director": DETAIL_SHARED + 3,
}


@pytest.mark.parametrize("username", list(DETAIL_QUERIES))
def test_the_matter_detail_costs_an_exact_number_of_queries_per_role(client_for, org, issued_slip, username):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="一", files=[SimpleUploadedFile("a.pdf", PDF)])
    client = client_for(username)
    url = reverse("supervision:matter_detail", args=[slip.matter_id])
    client.get(url)
    assert page_queries(client, url) == DETAIL_QUERIES[username]


def test_behind_nginx_the_file_is_handed_to_nginx_after_the_check(client_for, org, issued_slip, settings):
    settings.PROTECTED_MEDIA_URL = "/protected-media/"
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    services.submit_feedback(
        actor=org["prosecutor1"], slip=slip, text="已整改", files=[SimpleUploadedFile("报告.pdf", PDF)]
    )
    attachment = slip.feedback.get().attachments.get()
    url = reverse("supervision:attachment_download", args=[attachment.pk])
    response = client_for("inspector").get(url)
    assert response["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name
    assert response.content == b""
    assert "X-Accel-Redirect" not in client_for("prosecutor2").get(url)
    api = client_for("inspector").get(f"/api/attachments/{attachment.pk}/")
    assert api["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name


def test_form_hint_counts_workdays_across_the_national_day_holiday(client_for, settings):
    import time_machine

    with time_machine.travel("2026-09-28 09:00 +0800"):
        html = client_for("inspector").get(reverse("supervision:date_hint"), {"one_week": "on"}).content.decode()
    # 5 workdays from Monday 28 September: 29, 30 September, (1–7 October off) 8, 9 and the make-up Saturday 10
    assert "2026年10月10日" in html and "第 5 个工作日" in html
    assert "2026年10月8日" in html  # warning: two workdays before


def test_director_shares_a_matter_from_its_page_and_the_reader_then_finds_it(client_for, org, issued_slip):
    slip = issued_slip()
    url = reverse("supervision:matter_detail", args=[slip.matter_id])
    assert 'data-bs-target="#share"' not in client_for("inspector").get(url).content.decode()
    director = client_for("director")
    assert 'data-bs-target="#share"' in director.get(url).content.decode()
    html = director.post(
        reverse("supervision:matter_share", args=[slip.matter_id]),
        {"user": org["prosecutor2"].pk},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "已将本事项共享给孙丽" in html
    assert client_for("prosecutor2").get(url).status_code == 200


def test_sharing_with_an_administrator_is_refused_in_chinese(org, issued_slip):
    slip = issued_slip()
    with pytest.raises(ServiceError) as exc:
        services.share_matter(actor=org["director"], matter=slip.matter, user=org["auditor"])
    assert exc.value.code == "share_target" and "业务人员" in exc.value.message


def test_a_message_after_an_act_shows_once_on_the_whole_page(client_for, issued_slip):
    # given prosecutor1 acknowledges a slip without htmx (the form posts and the page reloads)
    slip = issued_slip()
    response = client_for("prosecutor1").post(reverse("supervision:slip_acknowledge", args=[slip.pk]), follow=True)
    # then the matter page says so once, above the page, not again inside the matter's body
    assert response.redirect_chain[-1][1] == 302
    assert response.content.decode().count('role="alert"') == 1


@pytest.mark.parametrize("picked", ["99999999999999999999", "-1", "１２", "abc"])
def test_an_impossible_person_or_department_id_is_a_message_beside_its_picker(client_for, matter_data, picked):
    # given the initiation form posted with a 责任人 and a 配合部门 no database could hold
    data = matter_data(responsible_people=[picked], cooperating_departments=[picked])
    # when the inspector saves it
    response = client_for("inspector").post(reverse("supervision:matter_create"), {**data, "save": "1"})
    # then the form comes back with both pickers refused, nothing saved
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"responsible_people", "cooperating_departments"}
    assert not Matter.objects.exists()
