"""Rectification: the office issues a notice with its problem list; each problem is claimed, rectified, verified
(销号) or returned, and reopened when it recurs, with the history kept; every act tells the people it concerns."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts.models import Department
from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision import access, services
from supervision.models import (
    Attachment,
    NoticeSource,
    Problem,
    ProblemCategory,
    ProblemSeverity,
    ProblemStatus,
    ProblemSubmission,
)
from supervision.services import ProblemLine
from workcalendar.workdays import add_workdays

PDF = b"%PDF-1.4\n% evidence\n"
# A Friday in a month without holidays: ten workdays later is two weekends on.
FRIDAY = "2026-12-04 09:00 +0800"
# Issuing a notice: lock it and its problems, take a number, save both, audit, find and tell the heads
# (PostgreSQL locks the audit chain with one query more).
ISSUE_QUERIES = 17


def _pdf(name: str = "整改材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _told(verb: str) -> list[str]:
    """Usernames told of acts of ``verb``, one entry per message."""
    rows = Notification.objects.filter(step__startswith=verb).values_list("recipient__username", flat=True)
    return sorted(rows)


def _category(name: str = "司法办案") -> ProblemCategory:
    return ProblemCategory.objects.get(name=name)


@pytest.fixture
def draft_notice(org, department):
    def make(*lines: ProblemLine, actor="inspector", to="第一检察部"):
        lines = lines or (ProblemLine(description="起诉书引用法条错误", category=_category("法律文书")),)
        return services.create_notice(
            actor=org[actor],
            department=department(to),
            title="关于第一检察部案件办理问题的整改通知",
            basis="2026年12月专项督察发现以下问题。",
            source=NoticeSource.STANDALONE,
            problems=list(lines),
        )

    return make


@pytest.fixture
def problem(org, draft_notice):
    """One open problem of 第一检察部 on an issued notice."""
    notice = services.issue_notice(actor=org["inspector"], notice=draft_notice())
    return notice.problems.get()


def _claimed_and_submitted(org, problem, *, measures="已组织重新审查并更正法条引用。"):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    return services.submit_problem(actor=org["prosecutor1"], problem=problem, measures=measures, files=[_pdf()])


# --- the notice


def test_the_ten_problem_categories_are_there_in_order(db):
    names = list(ProblemCategory.objects.values_list("name", flat=True))
    assert names == ["司法办案", "法律文书", "案卷归档", "作风纪律", "考勤", "会议纪律", "基建", "采购", "党建", "其他"]


def test_issuing_a_notice_numbers_it_and_gives_problems_ten_workdays_across_the_weekends(org, draft_notice):
    given = date(2026, 12, 30)
    with time_machine.travel(FRIDAY):
        notice = draft_notice(
            ProblemLine(description="卷宗未及时归档", category=_category("案卷归档")),
            ProblemLine(description="文书送达超期", category=_category("法律文书"), deadline=given),
        )
        assert notice.document_number == "" and not access.problems_visible_to(org["prosecutor1"]).exists()
        notice = services.issue_notice(actor=org["inspector"], notice=notice)
    assert notice.document_number == "示检督整〔2026〕1号"
    default, kept = notice.problems.order_by("pk")
    # Friday 4 December + 10 workdays: not the 14th (calendar days), but Friday the 18th
    assert default.deadline == date(2026, 12, 18) == add_workdays(date(2026, 12, 4), 10)
    assert kept.deadline == given
    assert AuditEntry.objects.filter(action="issue_notice", object_id=str(notice.pk)).count() == 1


def test_the_second_notice_of_the_year_gets_the_next_number(org, draft_notice):
    with time_machine.travel(FRIDAY):
        first = services.issue_notice(actor=org["inspector"], notice=draft_notice())
        second = services.issue_notice(actor=org["inspector"], notice=draft_notice())
    assert (first.document_number, second.document_number) == ("示检督整〔2026〕1号", "示检督整〔2026〕2号")


def test_department_heads_are_told_once_when_a_notice_is_issued(org, draft_notice, department):
    Department.objects.filter(name="第二检察部").update(head=org["prosecutor2"])
    notice = draft_notice(
        ProblemLine(description="值班记录缺失", category=_category("考勤")),
        ProblemLine(description="会议签到不全", category=_category("会议纪律"), department=department("第二检察部")),
    )
    services.issue_notice(actor=org["inspector"], notice=notice)
    assert _told("issue_notice") == ["head1", "prosecutor2"]
    message = Notification.objects.get(recipient=org["head1"])
    assert message.title == f"新的整改通知书：{notice.title}（示检督整〔2026〕1号），共 2 个问题，请组织认领整改"
    assert message.kind == Notification.Kind.WORK


def test_a_notice_without_problems_or_from_a_department_is_refused(org, draft_notice, department):
    empty = services.create_notice(actor=org["inspector"], department=department("第一检察部"), title="无问题")
    with pytest.raises(ServiceError) as exc:
        services.issue_notice(actor=org["inspector"], notice=empty)
    assert (exc.value.code, exc.value.field) == ("no_problems", "problems")
    with pytest.raises(ServiceError) as exc:
        draft_notice(actor="prosecutor1")
    assert exc.value.code == "not_office"
    with pytest.raises(ServiceError) as exc:
        draft_notice(ProblemLine(description="  ", category=_category()))
    assert (exc.value.field, exc.value.message) == ("problems[0].description", "请填写问题描述")
    with pytest.raises(ServiceError) as exc:
        services.create_notice(
            actor=org["inspector"], department=department("第一检察部"), title="缺事项", source=NoticeSource.MATTER
        )
    assert exc.value.field == "matter"
    assert not Problem.objects.exists()


# --- the whole lifecycle


def test_a_problem_goes_from_claim_through_return_to_verification_and_reopens_when_it_recurs(org, problem):
    inspector, prosecutor1 = org["inspector"], org["prosecutor1"]
    # the department claims it, and the inspector who issued the notice hears of it
    services.claim_problem(actor=prosecutor1, problem=problem)
    problem.refresh_from_db()
    assert (problem.status, problem.claimed_by) == (ProblemStatus.CLAIMED, prosecutor1)
    assert _told("claim_problem") == ["inspector"]
    # it submits its measures with evidence; the inspector is told
    first = services.submit_problem(actor=prosecutor1, problem=problem, measures="已更正。", files=[_pdf()])
    assert _told("submit_problem") == ["inspector"]
    # the inspector returns it with a reason and a new deadline; the claimant is told
    new_deadline = add_workdays(problem.deadline, 5)
    services.return_problem(actor=inspector, problem=problem, reason="未附更正后的文书", new_deadline=new_deadline)
    problem.refresh_from_db()
    assert (problem.status, problem.deadline) == (ProblemStatus.RETURNED, new_deadline)
    assert _told("return_problem") == ["prosecutor1"]
    # the department fixes it and submits again; the inspector is told again
    second = services.submit_problem(actor=prosecutor1, problem=problem, measures="已附更正后的起诉书。")
    assert _told("submit_problem") == ["inspector", "inspector"]
    # the inspector verifies it (销号)
    services.verify_problem(actor=inspector, problem=problem, comment="整改到位")
    problem.refresh_from_db()
    assert (problem.status, problem.verified_by) == (ProblemStatus.VERIFIED, inspector)
    assert _told("verify_problem") == ["prosecutor1"]
    # it recurs: the office reopens it and the department head is told
    reopening = services.reopen_problem(actor=inspector, problem=problem, reason="2027年1月抽查再次发现")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.REOPENED and problem.verified_by is None
    assert _told("reopen_problem") == ["head1"]
    # claiming it again takes it up anew
    services.claim_problem(actor=prosecutor1, problem=problem)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLAIMED
    assert _told("claim_problem") == ["inspector", "inspector"]
    # the history is kept: both submissions with their reviews, the reopening, an audit entry per act
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review, first.review_comment, first.new_deadline) == (
        ProblemSubmission.Review.RETURNED,
        "未附更正后的文书",
        new_deadline,
    )
    assert (second.review, second.review_comment) == (ProblemSubmission.Review.VERIFIED, "整改到位")
    assert list(problem.reopenings.all()) == [reopening]
    actions = list(
        AuditEntry.objects.filter(object_type="supervision.problem", object_id=str(problem.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "claim_problem",
        "submit_problem",
        "return_problem",
        "submit_problem",
        "verify_problem",
        "reopen_problem",
        "claim_problem",
    ]


def test_head_assigns_a_problem_and_the_assignee_rectifies_it(org, problem):
    head1, prosecutor1 = org["head1"], org["prosecutor1"]
    services.assign_problem(actor=head1, problem=problem, assignee=prosecutor1)
    problem.refresh_from_db()
    # handing an unclaimed problem on takes it up for the department
    assert (problem.status, problem.claimed_by, problem.assignee) == (ProblemStatus.CLAIMED, head1, prosecutor1)
    assert _told("assign_problem") == ["prosecutor1"]
    # the same hand-over again changes nothing and tells nobody
    services.assign_problem(actor=head1, problem=problem, assignee=prosecutor1)
    assert _told("assign_problem") == ["prosecutor1"]
    services.submit_problem(actor=prosecutor1, problem=problem, measures="已整改。")
    services.verify_problem(actor=org["inspector"], problem=problem)
    # the claimant and the assignee both hear of the verification
    assert _told("verify_problem") == ["head1", "prosecutor1"]


def test_acts_in_the_wrong_state_are_refused_with_the_state_named(org, problem):
    with pytest.raises(ServiceError) as exc:
        services.verify_problem(actor=org["inspector"], problem=problem)
    assert exc.value.message == "当前状态为“待认领”，不能销号"
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    with pytest.raises(ServiceError) as exc:
        services.claim_problem(actor=org["prosecutor1"], problem=problem)
    assert exc.value.code == "not_allowed_in_state"
    with pytest.raises(ServiceError) as exc:
        services.reopen_problem(actor=org["inspector"], problem=problem, reason="复发")
    assert exc.value.message == "当前状态为“整改中”，不能复发"


def test_return_needs_a_reason_and_a_deadline_not_in_the_past(org, problem):
    _claimed_and_submitted(org, problem)
    for reason, new_deadline, field in (
        ("", date(2099, 1, 5), "reason"),
        ("理由", None, "new_deadline"),
        ("理由", date(2020, 1, 6), "new_deadline"),
    ):
        with pytest.raises(ServiceError) as exc:
            services.return_problem(actor=org["inspector"], problem=problem, reason=reason, new_deadline=new_deadline)
        assert exc.value.field == field
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.SUBMITTED


# --- who may act, who may see


def test_another_departments_member_can_neither_see_nor_act_on_a_problem(org, problem):
    prosecutor2 = org["prosecutor2"]
    with pytest.raises(Http404):
        access.get_problem_for(prosecutor2, problem.pk)
    with pytest.raises(Http404):
        access.get_notice_for(prosecutor2, problem.notice_id)
    assert not access.problems_visible_to(prosecutor2).exists()
    with pytest.raises(ServiceError) as exc:
        services.claim_problem(actor=prosecutor2, problem=problem)
    assert exc.value.code == "wrong_department"
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    with pytest.raises(ServiceError) as exc:
        services.submit_problem(actor=prosecutor2, problem=problem, measures="越权提交")
    assert exc.value.code == "not_responsible"


def test_only_the_head_assigns_and_only_the_office_verifies_or_reopens(org, problem):
    with pytest.raises(ServiceError) as exc:
        services.assign_problem(actor=org["prosecutor1"], problem=problem, assignee=org["prosecutor1"])
    assert exc.value.code == "not_department_head"
    with pytest.raises(ServiceError) as exc:
        services.assign_problem(actor=org["head1"], problem=problem, assignee=org["prosecutor2"])
    assert (exc.value.code, exc.value.field) == ("assignee_not_member", "assignee")
    _claimed_and_submitted(org, problem)
    for who in ("prosecutor1", "head1", "sysadmin"):
        with pytest.raises(ServiceError) as exc:
            services.verify_problem(actor=org[who], problem=problem)
        assert exc.value.code == "not_office"
    services.verify_problem(actor=org["director"], problem=problem)
    with pytest.raises(ServiceError) as exc:
        services.reopen_problem(actor=org["head1"], problem=problem, reason="复发")
    assert exc.value.code == "not_office"


def test_the_office_and_leadership_see_every_problem_the_department_its_own_and_the_three_administrators_none(
    org, problem, draft_notice
):
    draft = draft_notice()
    for who in ("inspector", "director", "chief"):
        assert access.get_problem_for(org[who], problem.pk) == problem
        assert set(access.notices_visible_to(org[who])) == {problem.notice, draft}
    for who in ("head1", "prosecutor1"):
        assert list(access.problems_visible_to(org[who])) == [problem]
        # a draft is nobody's business outside the office yet
        assert list(access.notices_visible_to(org[who])) == [problem.notice]
        with pytest.raises(Http404):
            access.get_notice_for(org[who], draft.pk)
    for who in ("sysadmin", "secadmin", "auditor"):
        assert not access.problems_visible_to(org[who]).exists()
        assert not access.notices_visible_to(org[who]).exists()
        with pytest.raises(Http404):
            access.get_problem_for(org[who], problem.pk)
    with pytest.raises(Http404):
        access.get_problem_for(org["inspector"], "不是编号")


def test_a_draft_notices_problems_cannot_be_claimed(org, draft_notice):
    problem = draft_notice().problems.get()
    with pytest.raises(ServiceError) as exc:
        services.claim_problem(actor=org["prosecutor1"], problem=problem)
    assert exc.value.code == "notice_not_issued"


def test_a_refused_act_tells_nobody_and_saves_nothing(org, problem):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    messages, entries = Notification.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ServiceError):
        services.submit_problem(actor=org["prosecutor1"], problem=problem, measures="   ", files=[_pdf()])
    with pytest.raises(ServiceError):
        services.submit_problem(actor=org["prosecutor2"], problem=problem, measures="越权")
    with pytest.raises(ServiceError):
        services.verify_problem(actor=org["inspector"], problem=problem)
    assert (Notification.objects.count(), AuditEntry.objects.count()) == (messages, entries)
    assert not ProblemSubmission.objects.exists() and not Attachment.objects.exists()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLAIMED


# --- evidence files


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_evidence_files_are_stored_with_the_submission(org, problem, settings):
    submission = _claimed_and_submitted(org, problem)
    attachment = submission.attachments.get()
    assert (attachment.original_name, attachment.feedback, attachment.size) == ("整改材料.pdf", None, len(PDF))
    assert attachment.file.read() == PDF
    assert len(_stored_files(settings)) == 1


def test_a_bad_evidence_file_refuses_the_submission_and_stores_nothing(org, problem, settings):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    with pytest.raises(ServiceError) as exc:
        services.submit_problem(
            actor=org["prosecutor1"],
            problem=problem,
            measures="已整改",
            files=[_pdf(), SimpleUploadedFile("整改.exe", b"MZ\x90\x00")],
        )
    assert (exc.value.code, exc.value.field) == ("attachment_type", "attachments")
    assert not ProblemSubmission.objects.exists() and _stored_files(settings) == []


def test_files_already_written_are_removed_when_the_submission_fails_later(org, problem, settings, monkeypatch):
    from supervision.services import rectification

    services.claim_problem(actor=org["prosecutor1"], problem=problem)

    def broken(*args, **kwargs):
        raise RuntimeError("notification store unavailable")

    monkeypatch.setattr(rectification, "tell_rectification", broken)
    with pytest.raises(RuntimeError):
        services.submit_problem(
            actor=org["prosecutor1"], problem=problem, measures="已整改", files=[_pdf("一.pdf"), _pdf("二.pdf")]
        )
    assert not Attachment.objects.exists() and _stored_files(settings) == []
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLAIMED


def test_an_attachment_belongs_to_exactly_one_of_feedback_and_submission(org, problem):
    submission = _claimed_and_submitted(org, problem)
    existing = submission.attachments.get()
    orphan = Attachment(
        file=existing.file.name,
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=org["prosecutor1"],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        orphan.save()


def test_severity_and_category_are_checked(org, draft_notice):
    with pytest.raises(ServiceError) as exc:
        draft_notice(ProblemLine(description="问题", category=_category(), severity="catastrophic"))
    assert exc.value.field == "problems[0].severity"
    ProblemCategory.objects.filter(name="基建").update(is_active=False)
    with pytest.raises(ServiceError) as exc:
        draft_notice(ProblemLine(description="问题", category=_category("基建"), severity=ProblemSeverity.GRAVE))
    assert exc.value.message == "该问题类别已停用"


@pytest.mark.parametrize(
    ("measures", "code"),
    [("已整改\x00", "control_characters"), ("已整改\x0b第二行", "control_characters"), ("长" * 1_000_000, "too_long")],
)
def test_bad_text_is_a_field_error_and_nothing_is_saved(org, problem, measures, code):
    services.claim_problem(actor=org["prosecutor1"], problem=problem)
    with pytest.raises(ServiceError) as exc:
        services.submit_problem(actor=org["prosecutor1"], problem=problem, measures=measures)
    assert (exc.value.code, exc.value.field) == (code, "measures")
    assert not ProblemSubmission.objects.exists()


def test_far_and_ancient_deadlines_are_handled(org, draft_notice):
    far = date(9999, 12, 31)
    notice = draft_notice(ProblemLine(description="问题", category=_category(), deadline=far))
    notice = services.issue_notice(actor=org["inspector"], notice=notice)
    assert notice.problems.get().deadline == far
    with pytest.raises(ServiceError) as exc:
        draft_notice(ProblemLine(description="问题", category=_category(), deadline=date(1, 1, 1)))
    assert (exc.value.code, exc.value.field) == ("deadline_in_past", "problems[0].deadline")
    with pytest.raises(ServiceError) as exc:
        draft_notice(ProblemLine(description="问题", category=_category(), basis="依据\x00"))
    assert exc.value.field == "problems[0].basis"


def test_issuing_costs_the_same_queries_for_one_problem_or_many(org, draft_notice, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def issue(count: int) -> int:
        lines = [ProblemLine(description=f"问题{n}", category=_category()) for n in range(count)]
        notice = draft_notice(*lines)
        with CaptureQueriesContext(connection) as queries:
            services.issue_notice(actor=org["inspector"], notice=notice)
        return len(queries)

    issue(1)  # the year's number sequence and the calendar are set up by the first notice
    one, many = issue(1), issue(6)
    assert one == many == ISSUE_QUERIES + (connection.vendor == "postgresql")
    lines = [ProblemLine(description=f"问题{n}", category=_category()) for n in range(3)]
    notice = services.issue_notice(actor=org["inspector"], notice=draft_notice(*lines))
    # a department's list of its problems, with their notices and categories, is one query (the scope reads
    # the user's roles once, when it is built)
    problems = access.problems_visible_to(org["prosecutor1"]).select_related("notice", "category")
    with django_assert_num_queries(1):
        rows = list(problems)
        assert {p.notice.document_number for p in rows} >= {notice.document_number}


def test_each_act_has_its_chinese_audit_label(db):
    from supervision.transitions import audit_labels

    labels = audit_labels()
    assert [labels[verb] for verb in ("create_notice", "issue_notice", "claim_problem", "verify_problem")] == [
        "拟制整改通知书",
        "制发整改通知书",
        "认领问题",
        "问题销号",
    ]
