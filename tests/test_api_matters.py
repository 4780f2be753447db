"""The supervision journey through the REST API, its field errors, and the lists' representations."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEntry
from cases.models import Case
from supervision.models import Attachment
from workcalendar.workdays import add_workdays

PDF = b"%PDF-1.4\n% report\n"


def test_whole_journey_through_the_api(org, api_as, department, matter_data):
    inspector, prosecutor1 = api_as("inspector"), api_as("prosecutor1")
    year = timezone.localdate().year

    # given the inspector creates a draft and initiates it
    created = inspector.post("/api/matters/", matter_data(), format="json")
    assert created.status_code == 201, created.json()
    matter = created.json()
    assert matter["status"] == "draft" and matter["status_label"] == "草稿"
    assert matter["actions"] == ["initiate", "cancel", "edit"]
    initiated = inspector.post(f"/api/matters/{matter['id']}/initiate/")
    assert initiated.status_code == 200, initiated.json()
    assert initiated.json()["document_number"] == f"示检督立〔{year}〕1号"
    assert initiated.json()["colour"] == "blue" and initiated.json()["colour_label"] == "正常"

    # when the inspector issues a slip to 第一检察部
    issued = inspector.post(
        f"/api/matters/{matter['id']}/issue-slip/",
        {
            "department": department("第一检察部").pk,
            "requirements": "请书面报告整改措施和成效。",
            "deadline": add_workdays(timezone.localdate(), 10).isoformat(),
            "means": "online",
        },
        format="json",
    )
    assert issued.status_code == 201, issued.json()
    slip = issued.json()
    assert slip["document_number"] == f"示检督办〔{year}〕1号"
    assert slip["status"] == "issued" and slip["status_label"] == "待签收"
    assert slip["actions"] == ["remind"]  # the office does not answer its own slips; it may press 催办

    # then prosecutor1 sees it to acknowledge, acknowledges it, and feeds back with a PDF
    listed = prosecutor1.get("/api/slips/").json()
    assert [row["id"] for row in listed["results"]] == [slip["id"]]
    assert listed["results"][0]["actions"] == ["acknowledge", "request-extension"]
    acknowledged = prosecutor1.post(f"/api/slips/{slip['id']}/acknowledge/")
    assert acknowledged.status_code == 200 and acknowledged.json()["status"] == "acknowledged"
    assert acknowledged.json()["actions"] == ["feedback", "request-extension"]
    fed_back = prosecutor1.post(
        f"/api/slips/{slip['id']}/feedback/",
        {"text": "已逐项整改，报告见附件。", "attachments": [SimpleUploadedFile("整改报告.pdf", PDF)]},
        format="multipart",
    )
    assert fed_back.status_code == 201, fed_back.json()
    feedback = fed_back.json()
    assert feedback["review"] == "pending" and feedback["actions"] == []
    assert [a["original_name"] for a in feedback["attachments"]] == ["整改报告.pdf"]
    assert Attachment.objects.get().sha256 == feedback["attachments"][0]["sha256"]

    # and the inspector accepts the feedback and concludes the matter
    assert inspector.get(f"/api/feedback/{feedback['id']}/").json()["actions"] == ["accept", "return"]
    accepted = inspector.post(f"/api/feedback/{feedback['id']}/accept/", {"comment": "整改到位"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["review"] == "accepted"
    concluded = inspector.post(
        f"/api/matters/{matter['id']}/conclude/", {"results": "案件比下降 0.2，按期办结。"}, format="json"
    )
    assert concluded.status_code == 200, concluded.json()
    assert concluded.json()["status"] == "concluded" and concluded.json()["colour"] == ""

    # the chief reads it concluded; prosecutor2, of another department, cannot find it
    chief_view = api_as("chief").get(f"/api/matters/{matter['id']}/")
    assert chief_view.status_code == 200
    assert chief_view.json()["status_label"] == "已办结" and chief_view.json()["actions"] == []
    assert chief_view.json()["slips"][0]["feedback"][0]["attachments"][0]["original_name"] == "整改报告.pdf"
    prosecutor2 = api_as("prosecutor2")
    assert prosecutor2.get(f"/api/matters/{matter['id']}/").status_code == 404
    assert prosecutor2.get(f"/api/slips/{slip['id']}/").status_code == 404
    assert prosecutor2.get(f"/api/feedback/{feedback['id']}/").status_code == 404
    assert prosecutor2.get("/api/matters/").json()["count"] == 0


def test_slip_extension_is_requested_and_approved_through_the_api(org, api_as, issued_slip):
    # given a slip to 第一检察部
    slip = issued_slip()
    later = add_workdays(slip.deadline, 5)

    # when head1 asks for a later deadline and the director approves
    requested = api_as("head1").post(
        f"/api/slips/{slip.pk}/request-extension/",
        {"requested_deadline": later.isoformat(), "reason": "涉及案件需补充调查"},
        format="json",
    )
    assert requested.status_code == 201, requested.json()
    extension = requested.json()
    assert extension["decision_label"] == "待审批"
    # a second request would be refused while this one waits, so neither the list nor the detail offers it
    head1 = api_as("head1")
    assert "request-extension" not in head1.get(f"/api/slips/{slip.pk}/").json()["actions"]
    assert "request-extension" not in head1.get("/api/slips/").json()["results"][0]["actions"]
    assert api_as("inspector").get(f"/api/extension-requests/{extension['id']}/").json()["actions"] == []
    director = api_as("director")
    assert director.get("/api/extension-requests/?decision=pending").json()["count"] == 1
    approved = director.post(f"/api/extension-requests/{extension['id']}/approve/", {}, format="json")

    # then the slip has the new deadline and the old one is kept
    assert approved.status_code == 200 and approved.json()["decision"] == "approved"
    detail = api_as("head1").get(f"/api/slips/{slip.pk}/").json()
    assert detail["deadline"] == later.isoformat()
    assert detail["extension_requests"][0]["old_deadline"] == slip.deadline.isoformat()


def test_returned_feedback_can_be_answered_again(org, api_as, issued_slip):
    # given feedback that the inspector returns
    slip = issued_slip()
    head1 = api_as("head1")
    head1.post(f"/api/slips/{slip.pk}/acknowledge/")
    feedback = head1.post(f"/api/slips/{slip.pk}/feedback/", {"text": "已整改"}, format="multipart").json()
    returned = api_as("inspector").post(
        f"/api/feedback/{feedback['id']}/return/", {"reason": "未附整改材料"}, format="json"
    )
    assert returned.status_code == 200 and returned.json()["review_label"] == "已退回"

    # then the department may answer again
    detail = head1.get(f"/api/slips/{slip.pk}/").json()
    assert detail["status"] == "returned" and "feedback" in detail["actions"]


# --- field errors: JSON with Chinese messages, never a 500


def test_missing_title_is_a_field_error_in_chinese(org, api_as, department, matter_data):
    response = api_as("inspector").post("/api/matters/", matter_data(title=""), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["title"] == ["请填写事项名称"]


def test_warning_date_after_due_date_is_refused_with_its_code(org, api_as, department, matter_data):
    due = add_workdays(timezone.localdate(), 5)
    response = api_as("inspector").post(
        "/api/matters/",
        matter_data(due_date=due.isoformat(), warning_date=(due + timedelta(days=1)).isoformat()),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "warning_after_due",
        "detail": "预警日期不能晚于应办结日期",
        "field": "warning_date",
    }


def test_a_badly_written_date_is_a_field_error_in_chinese(org, api_as, department, matter_data):
    response = api_as("inspector").post("/api/matters/", matter_data(due_date="2026/13/01"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "日期格式错误" in response.json()["errors"]["due_date"][0]


def test_a_bad_filter_is_a_field_error_not_a_500(org, api_as):
    response = api_as("inspector").get("/api/matters/?due_from=yesterday&colour=purple")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"due_from", "colour"}


def test_feedback_from_the_wrong_department_is_refused(org, api_as, issued_slip):
    # given a slip to 第一检察部 that the inspector (who sees it) tries to answer
    slip = issued_slip()
    response = api_as("inspector").post(f"/api/slips/{slip.pk}/feedback/", {"text": "代为反馈"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_department"
    assert response.json()["detail"] == "只有承办部门的人员可以办理此督办单"


def test_an_attachment_of_a_forbidden_type_is_refused(org, api_as, issued_slip):
    slip = issued_slip()
    prosecutor1 = api_as("prosecutor1")
    prosecutor1.post(f"/api/slips/{slip.pk}/acknowledge/")
    response = prosecutor1.post(
        f"/api/slips/{slip.pk}/feedback/",
        {"text": "见附件", "attachments": [SimpleUploadedFile("整改.exe", b"MZ\x90\x00")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "attachment_type" and response.json()["field"] == "attachments"
    assert "类型不允许" in response.json()["detail"]
    assert not Attachment.objects.exists()


def test_a_pdf_that_is_not_a_pdf_is_refused(org, api_as, issued_slip):
    slip = issued_slip()
    prosecutor1 = api_as("prosecutor1")
    prosecutor1.post(f"/api/slips/{slip.pk}/acknowledge/")
    response = prosecutor1.post(
        f"/api/slips/{slip.pk}/feedback/",
        {"text": "见附件", "attachments[]": [SimpleUploadedFile("报告.pdf", b"MZ\x90\x00")]},
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["code"] == "attachment_type"


def test_concluding_with_an_unaccepted_slip_says_which(org, api_as, issued_slip):
    slip = issued_slip()
    response = api_as("inspector").post(f"/api/matters/{slip.matter_id}/conclude/", {"results": "完成"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "unaccepted_slips"
    assert "第一检察部（待签收）" in response.json()["detail"]


def test_only_drafts_can_be_edited(org, api_as, draft_matter, initiated_matter):
    inspector = api_as("inspector")
    draft = draft_matter()
    edited = inspector.patch(f"/api/matters/{draft.pk}/", {"title": "新的名称"}, format="json")
    assert edited.status_code == 200 and edited.json()["title"] == "新的名称"

    opened = initiated_matter()
    refused = inspector.patch(f"/api/matters/{opened.pk}/", {"title": "新的名称"}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_allowed_in_state"


def test_matter_list_filters_like_the_page(org, api_as, draft_matter, initiated_matter):
    # given a draft and an initiated matter
    draft_matter(title="草稿事项")
    opened = initiated_matter(title="已立项事项")
    inspector = api_as("inspector")

    # then status, text and colour filters narrow the list, and the counts say how many in each state
    assert [m["id"] for m in inspector.get("/api/matters/?status=initiated").json()["results"]] == [opened.pk]
    assert [m["title"] for m in inspector.get("/api/matters/?q=草稿").json()["results"]] == ["草稿事项"]
    assert [m["id"] for m in inspector.get("/api/matters/?colour=blue").json()["results"]] == [opened.pk]
    assert inspector.get("/api/matters/?colour=red").json()["count"] == 0
    counts = inspector.get("/api/matters/counts/").json()
    assert counts["all"] == 2 and counts["draft"] == 1 and counts["initiated"] == 1


def test_forms_read_categories_and_own_departments(org, api_as):
    inspector = api_as("inspector")
    categories = inspector.get("/api/categories/").json()
    assert "党组决策部署督察" in [c["name"] for c in categories]
    departments = inspector.get("/api/departments/").json()
    assert "第一检察部" in [d["name"] for d in departments]


# --- files, timeline and case search


def test_attachment_is_downloaded_through_the_api_and_audited(org, api_as, issued_slip):
    # given feedback with a PDF
    slip = issued_slip()
    prosecutor1 = api_as("prosecutor1")
    prosecutor1.post(f"/api/slips/{slip.pk}/acknowledge/")
    feedback = prosecutor1.post(
        f"/api/slips/{slip.pk}/feedback/",
        {"text": "见附件", "attachments": [SimpleUploadedFile("整改报告.pdf", PDF)]},
        format="multipart",
    ).json()
    url = feedback["attachments"][0]["url"]

    # when the inspector downloads it, then the file comes back and the read is in the audit log
    response = api_as("inspector").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(action="download_attachment", actor=org["inspector"]).exists()

    # and another department cannot
    assert api_as("prosecutor2").get(url).status_code == 404


def test_decision_and_slip_documents_come_as_docx(org, api_as, issued_slip):
    slip = issued_slip()
    inspector = api_as("inspector")
    decision = inspector.get(f"/api/matters/{slip.matter_id}/decision.docx")
    assert decision.status_code == 200 and decision.content.startswith(b"PK")
    assert decision["Content-Type"].endswith("wordprocessingml.document")
    assert api_as("prosecutor1").get(f"/api/slips/{slip.pk}/slip.docx").status_code == 200
    assert api_as("prosecutor2").get(f"/api/slips/{slip.pk}/slip.docx").status_code == 404


def test_timeline_lists_what_happened_in_order(org, api_as, issued_slip):
    slip = issued_slip()
    api_as("prosecutor1").post(f"/api/slips/{slip.pk}/acknowledge/")
    timeline = api_as("chief").get(f"/api/matters/{slip.matter_id}/timeline/").json()
    assert [e["action"] for e in timeline] == ["create", "initiate", "issue_slip", "start", "acknowledge"]
    assert timeline[-1]["actor_name"] == "刘洋"


def test_inspector_searches_cases_for_the_matter_form(org, api_as):
    Case.objects.create(number="示检刑诉受〔2026〕1号", name="张某盗窃案", accepted_on=timezone.localdate())
    found = api_as("inspector").get("/api/cases/?q=盗窃").json()
    assert [c["name"] for c in found] == ["张某盗窃案"]
    assert api_as("inspector").get("/api/cases/").status_code == 400


def test_a_malformed_id_is_a_json_404(org, api_as):
    for url in ("/api/matters/abc/", "/api/slips/1x/", "/api/feedback/--/", "/api/extension-requests/abc/approve/"):
        response = api_as("inspector").get(url) if "approve" not in url else api_as("director").post(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
