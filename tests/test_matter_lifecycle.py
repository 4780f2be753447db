"""A supervision matter from draft to concluded, and every act the services refuse, with its Chinese message."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEntry
from procuracy.errors import ServiceError
from supervision import services
from supervision.models import MatterStatus, SlipStatus
from workcalendar.workdays import add_workdays

PDF = b"%PDF-1.4\n% test\n"


def _pdf(name="整改报告.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_inspector_initiates_a_matter_and_gets_a_decision_number(org, draft_matter):
    matter = draft_matter()
    assert matter.status == MatterStatus.DRAFT and matter.document_number == ""
    matter = services.initiate_matter(actor=org["inspector"], matter=matter)
    year = timezone.localdate().year
    assert matter.status == MatterStatus.INITIATED
    assert matter.document_number == f"示检督立〔{year}〕1号"
    assert matter.initiated_on == timezone.localdate()
    assert matter.warning_date == add_workdays(matter.due_date, -2)
    assert AuditEntry.objects.filter(action="initiate", object_id=str(matter.pk)).exists()


def test_decision_numbers_follow_each_other(org, initiated_matter):
    numbers = [initiated_matter().document_number for _ in range(3)]
    year = timezone.localdate().year
    assert numbers == [f"示检督立〔{year}〕{n}号" for n in (1, 2, 3)]


def test_one_week_matter_is_due_five_workdays_after_initiation(org, draft_matter):
    matter = draft_matter(one_week=True, due_date=None)
    assert matter.due_date == add_workdays(timezone.localdate(), 5)


def test_inspector_cannot_move_a_one_week_due_date_but_the_director_can(org, draft_matter):
    later = add_workdays(timezone.localdate(), 8)
    with pytest.raises(ServiceError) as exc:
        draft_matter(one_week=True, due_date=later)
    assert exc.value.code == "one_week_due_fixed"
    assert draft_matter(actor="director", one_week=True, due_date=later).due_date == later


def test_warning_date_after_due_date_is_refused(org, draft_matter):
    due = add_workdays(timezone.localdate(), 5)
    with pytest.raises(ServiceError) as exc:
        draft_matter(due_date=due, warning_date=due + timedelta(days=1))
    assert exc.value.code == "warning_after_due" and exc.value.field == "warning_date"
    assert exc.value.message == "预警日期不能晚于应办结日期"


def test_due_date_in_the_past_is_refused(org, draft_matter):
    with pytest.raises(ServiceError) as exc:
        draft_matter(due_date=timezone.localdate() - timedelta(days=1))
    assert exc.value.code in {"due_in_past", "due_before_initiation"}


def test_department_staff_cannot_open_matters(org, draft_matter):
    with pytest.raises(ServiceError) as exc:
        draft_matter(actor="prosecutor1")
    assert exc.value.code == "role_not_allowed"


def test_issuing_a_slip_puts_the_matter_in_progress(org, issued_slip):
    slip = issued_slip()
    assert slip.status == SlipStatus.ISSUED
    assert slip.document_number == f"示检督办〔{timezone.localdate().year}〕1号"
    slip.matter.refresh_from_db()
    assert slip.matter.status == MatterStatus.IN_PROGRESS


def test_slip_deadline_after_the_matter_due_date_is_refused(org, initiated_matter, issued_slip):
    matter = initiated_matter()
    with pytest.raises(ServiceError) as exc:
        issued_slip(matter=matter, deadline_on=matter.due_date + timedelta(days=1))
    assert exc.value.code == "slip_deadline_after_due"


def test_slip_cannot_be_issued_on_a_draft(org, draft_matter, issued_slip):
    with pytest.raises(ServiceError) as exc:
        issued_slip(matter=draft_matter())
    assert exc.value.code == "not_allowed_in_state"
    assert "草稿" in exc.value.message


def test_the_whole_journey_from_slip_to_conclusion(org, issued_slip):
    slip = issued_slip()
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=slip)
    assert slip.status == SlipStatus.ACKNOWLEDGED and slip.acknowledged_by == org["prosecutor1"]
    feedback = services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="已整改完毕。", files=[_pdf()])
    assert feedback.attachments.get().original_name == "整改报告.pdf"
    services.accept_feedback(actor=org["inspector"], feedback=feedback)
    matter = services.conclude_matter(actor=org["inspector"], matter=slip.matter, results="案件比降至 1:1.54。")
    assert matter.status == MatterStatus.CONCLUDED and matter.concluded_on == timezone.localdate()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    for act in ("initiate", "issue_slip", "acknowledge", "submit_feedback", "accept_feedback", "conclude"):
        assert act in actions


def test_feedback_from_another_department_is_refused(org, issued_slip):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    with pytest.raises(ServiceError) as exc:
        services.submit_feedback(actor=org["prosecutor2"], slip=slip, text="不是我们部门的")
    assert exc.value.code == "wrong_department"
    assert exc.value.message == "只有承办部门的人员可以办理此督办单"


def test_feedback_before_acknowledging_is_refused(org, issued_slip):
    with pytest.raises(ServiceError) as exc:
        services.submit_feedback(actor=org["prosecutor1"], slip=issued_slip(), text="先反馈")
    assert exc.value.code == "not_allowed_in_state"


def test_returned_feedback_is_answered_again(org, issued_slip):
    slip = services.acknowledge_slip(actor=org["head1"], slip=issued_slip())
    first = services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="初稿")
    with pytest.raises(ServiceError) as exc:
        services.return_feedback(actor=org["inspector"], feedback=first, reason="  ")
    assert exc.value.code == "reason_required"
    services.return_feedback(actor=org["inspector"], feedback=first, reason="缺少整改台账")
    slip.refresh_from_db()
    assert slip.status == SlipStatus.RETURNED
    second = services.submit_feedback(actor=org["prosecutor1"], slip=slip, text="补充整改台账")
    services.accept_feedback(actor=org["director"], feedback=second)
    slip.refresh_from_db()
    assert slip.status == SlipStatus.ACCEPTED


def test_concluding_with_unaccepted_slips_is_refused_naming_them(org, issued_slip):
    slip = issued_slip()
    issued_slip(department_name="第二检察部", matter=slip.matter)
    with pytest.raises(ServiceError) as exc:
        services.conclude_matter(actor=org["inspector"], matter=slip.matter, results="成效")
    assert exc.value.code == "unaccepted_slips"
    assert "第一检察部（待签收）" in exc.value.message and "第二检察部" in exc.value.message


def test_concluding_without_results_is_refused(org, issued_slip):
    slip = issued_slip()
    with pytest.raises(ServiceError) as exc:
        services.conclude_matter(actor=org["inspector"], matter=slip.matter, results="")
    assert exc.value.code == "results_required"


def test_cancelling_needs_a_reason_and_ends_the_matter(org, initiated_matter):
    matter = initiated_matter()
    with pytest.raises(ServiceError):
        services.cancel_matter(actor=org["inspector"], matter=matter, reason="")
    matter = services.cancel_matter(actor=org["inspector"], matter=matter, reason="上级院已撤回部署")
    assert matter.status == MatterStatus.CANCELLED
    with pytest.raises(ServiceError) as exc:
        services.cancel_matter(actor=org["inspector"], matter=matter, reason="再撤一次")
    assert "已撤销" in exc.value.message


def test_approved_extension_moves_deadlines_and_keeps_the_old_one(org, issued_slip):
    slip = issued_slip()
    old_deadline, old_due = slip.deadline, slip.matter.due_date
    later = add_workdays(old_due, 5)
    request = services.request_extension(actor=org["head1"], slip=slip, requested_deadline=later, reason="需调取案卷")
    with pytest.raises(ServiceError) as exc:
        services.approve_extension(actor=org["inspector"], request=request)
    assert exc.value.code == "role_not_allowed"
    services.approve_extension(actor=org["director"], request=request, comment="同意")
    slip.refresh_from_db()
    slip.matter.refresh_from_db()
    request.refresh_from_db()
    assert slip.deadline == later and request.old_deadline == old_deadline
    assert slip.matter.due_date == later and old_due != later
    assert slip.matter.warning_date == add_workdays(later, -2)


def test_rejected_extension_changes_nothing(org, issued_slip):
    slip = issued_slip()
    request = services.request_extension(
        actor=org["prosecutor1"], slip=slip, requested_deadline=slip.deadline + timedelta(days=7), reason="人手不足"
    )
    with pytest.raises(ServiceError) as exc:
        services.request_extension(
            actor=org["prosecutor1"], slip=slip, requested_deadline=slip.deadline + timedelta(days=9), reason="再申请"
        )
    assert exc.value.code == "extension_pending"
    services.reject_extension(actor=org["director"], request=request, comment="时限内可完成")
    slip.refresh_from_db()
    assert slip.deadline == request.old_deadline


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("报告.exe", b"MZ\x90\x00", "attachment_type"),
        ("报告.pdf", b"MZ\x90\x00 not a pdf", "attachment_type"),
        ("空.pdf", b"", "attachment_empty"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(org, issued_slip, name, content, code):
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    with pytest.raises(ServiceError) as exc:
        services.submit_feedback(
            actor=org["prosecutor1"], slip=slip, text="附件", files=[_pdf("好.pdf"), SimpleUploadedFile(name, content)]
        )
    assert exc.value.code == code
    slip.refresh_from_db()
    assert slip.status == SlipStatus.ACKNOWLEDGED and not slip.feedback.exists()


def test_oversized_attachment_is_refused(org, issued_slip, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    slip = services.acknowledge_slip(actor=org["prosecutor1"], slip=issued_slip())
    with pytest.raises(ServiceError) as exc:
        services.submit_feedback(
            actor=org["prosecutor1"], slip=slip, text="大文件", files=[SimpleUploadedFile("大.pdf", PDF + b"0" * 2048)]
        )
    assert exc.value.code == "attachment_too_large"


def test_director_shares_one_matter_with_a_person_outside_its_scope(org, issued_slip, client_for):
    from supervision.access import matters_visible_to
    from supervision.models import MatterUserObjectPermission

    slip = issued_slip()
    other = issued_slip()
    assert not matters_visible_to(org["prosecutor2"]).filter(pk=slip.matter_id).exists()
    with pytest.raises(ServiceError) as exc:
        services.share_matter(actor=org["inspector"], matter=slip.matter, user=org["prosecutor2"])
    assert exc.value.code == "role_not_allowed"
    # when the director shares it
    services.share_matter(actor=org["director"], matter=slip.matter, user=org["prosecutor2"])
    # then exactly that matter becomes visible, through one guardian row of the direct foreign-key table
    visible = set(matters_visible_to(org["prosecutor2"]).values_list("pk", flat=True))
    assert slip.matter_id in visible and other.matter_id not in visible
    assert MatterUserObjectPermission.objects.filter(content_object=slip.matter, user=org["prosecutor2"]).count() == 1
    assert org["prosecutor2"].has_perm("supervision.view_matter", slip.matter)
    assert client_for("prosecutor2").get(f"/matters/{slip.matter_id}/").status_code == 200
    assert AuditEntry.objects.filter(action="share", object_id=str(slip.matter_id)).exists()


def test_director_set_one_week_due_date_survives_initiation_by_an_inspector(org, draft_matter):
    later = add_workdays(timezone.localdate(), 8)
    draft = draft_matter(actor="director", one_week=True, due_date=later)
    matter = services.initiate_matter(actor=org["inspector"], matter=draft)
    assert matter.due_date == later
    assert matter.warning_date == add_workdays(later, -2)


def test_a_draft_written_days_ago_gets_its_one_week_dates_from_the_day_it_starts(org, draft_matter):
    import time_machine

    with time_machine.travel(timezone.now() - timedelta(days=7)):
        draft = draft_matter(one_week=True, due_date=None)
    matter = services.initiate_matter(actor=org["inspector"], matter=draft)
    assert matter.initiated_on == timezone.localdate()
    assert matter.due_date == add_workdays(timezone.localdate(), 5)
    assert matter.warning_date == add_workdays(matter.due_date, -2)
