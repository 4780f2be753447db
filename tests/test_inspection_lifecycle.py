"""谈话记录 and 检务督察检查 through their services: recording, editing, follow-ups, findings, findings → notice
in one transaction, who is told, who sees what, and the audit."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from audit.models import AuditEntry
from notifications.models import Notification
from procuracy.errors import ServiceError
from supervision.access_records import (
    get_inspection_for,
    get_interview_for,
    inspections_visible_to,
    interviews_visible_to,
)
from supervision.models import (
    InspectionFinding,
    InterviewKind,
    NoticeSource,
    NoticeStatus,
    Problem,
    ProblemSeverity,
    RectificationNotice,
)
from supervision.record_errors import InspectionError, InterviewError
from supervision.services import inspections as inspection_services
from supervision.services import interviews as interview_services
from supervision.services import issue_notice

pytest_plugins = ["tests.inspection_fixtures"]
pytestmark = pytest.mark.django_db

OUTSIDERS = ("head1", "prosecutor1", "prosecutor2", "sysadmin", "secadmin", "auditor")


def _audit(action: str):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# --- interviews


def test_inspector_records_an_interview_with_its_people_and_it_is_audited(org, recorded_interview):
    # when the inspector records a talk
    interview = recorded_interview()

    # then it holds its people and the audit names them
    assert list(interview.subjects.all()) == [org["prosecutor1"]]
    assert list(interview.interviewers.all()) == [org["inspector"]]
    entry = _audit("record_interview")[-1]
    assert entry.after["subjects"] == ["刘洋"]
    assert entry.after["kind"] == InterviewKind.INTERVIEW


def test_an_interview_tells_nobody_but_an_admonition_tells_the_director(org, recorded_interview):
    # when the office records a 约谈 and an 诫勉谈话
    plain = recorded_interview()
    admonition = recorded_interview(kind=InterviewKind.ADMONITION)

    # then the subject hears of neither, and the director of the admonition only
    assert not Notification.objects.filter(recipient=org["prosecutor1"]).exists()
    told = Notification.objects.filter(recipient=org["director"], subject_type="supervision.interview")
    assert [n.subject_id for n in told] == [str(admonition.pk)]
    assert "诫勉谈话" in told[0].title
    assert not Notification.objects.filter(subject_id=str(plain.pk), subject_type="supervision.interview").exists()


def test_editing_an_interview_audits_only_what_changed(org, recorded_interview):
    # given a talk
    interview = recorded_interview()

    # when the inspector corrects the place and adds an interviewer
    interview_services.edit_interview(
        actor=org["inspector"],
        interview=interview,
        kind=interview.kind,
        subjects=[org["prosecutor1"]],
        interviewers=[org["inspector"], org["director"]],
        reason=interview.reason,
        held_on=interview.held_on,
        place="三楼会议室",
        record_text=interview.record,
    )

    # then the audit holds the place and the interviewers only
    entry = _audit("edit_interview")[-1]
    assert set(entry.after) == {"place", "interviewers"}
    assert entry.after["interviewers"] == ["李明", "王芳"]


def test_saving_an_interview_unchanged_writes_no_audit_entry(org, recorded_interview):
    interview = recorded_interview()
    interview_services.edit_interview(
        actor=org["inspector"],
        interview=interview,
        kind=interview.kind,
        subjects=[org["prosecutor1"]],
        interviewers=[org["inspector"]],
        reason=interview.reason,
        held_on=interview.held_on,
        place=interview.place,
        record_text=interview.record,
    )
    assert _audit("edit_interview") == []


def test_follow_ups_add_up_with_their_date_and_writer(org, recorded_interview):
    # given a talk
    interview = recorded_interview()

    # when two follow-ups are added
    interview_services.add_interview_follow_up(actor=org["inspector"], interview=interview, text="一个月内未再迟到。")
    interview = interview_services.add_interview_follow_up(
        actor=org["director"], interview=interview, text="回访良好。"
    )

    # then both are kept, in order, each with who wrote it
    lines = interview.follow_up.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("李明：一个月内未再迟到。")
    assert lines[1].endswith("王芳：回访良好。")
    assert len(_audit("add_interview_follow_up")) == 2


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"kind": "chat"}, InterviewError.KIND_INVALID, "kind"),
        ({"subjects": []}, InterviewError.SUBJECTS_REQUIRED, "subjects"),
        ({"interviewers": []}, InterviewError.INTERVIEWERS_REQUIRED, "interviewers"),
        ({"reason": "  "}, InterviewError.REASON_REQUIRED, "reason"),
        ({"reason": "迟到\x00"}, InterviewError.CONTROL_CHARACTERS, "reason"),
        ({"place": "室" * 101}, InterviewError.TOO_LONG, "place"),
        ({"held_on": None}, InterviewError.DATE_REQUIRED, "held_on"),
        ({"held_on": datetime.date(2999, 1, 1)}, InterviewError.DATE_IN_FUTURE, "held_on"),
    ],
)
def test_a_bad_interview_is_refused_beside_its_field_and_saves_nothing(org, recorded_interview, overrides, code, field):
    with pytest.raises(ServiceError) as refused:
        recorded_interview(**overrides)
    assert (refused.value.error, refused.value.field) == (code, field)
    assert not interviews_visible_to(org["inspector"]).exists()
    assert _audit("record_interview") == []


def test_an_administrator_cannot_be_a_subject_nor_an_interviewer_be_a_subject(org, recorded_interview):
    with pytest.raises(ServiceError) as refused:
        recorded_interview(subjects=[org["sysadmin"]])
    assert refused.value.error == InterviewError.SUBJECT_NOT_IN_PROCURATORATE
    with pytest.raises(ServiceError) as refused:
        recorded_interview(subjects=[org["prosecutor1"]], interviewers=[org["prosecutor1"]])
    assert refused.value.error == InterviewError.INTERVIEWER_IS_SUBJECT


@pytest.mark.parametrize("username", ["head1", "prosecutor1", "chief"])
def test_only_the_office_records_interviews(org, recorded_interview, username):
    with pytest.raises(ServiceError) as refused:
        recorded_interview(actor=org[username])
    assert refused.value.error == InterviewError.NOT_OFFICE


@pytest.mark.parametrize("username", OUTSIDERS)
def test_departments_and_administrators_see_no_interview(org, recorded_interview, username):
    interview = recorded_interview()
    assert not interviews_visible_to(org[username]).exists()
    with pytest.raises(Http404):
        get_interview_for(org[username], interview.pk)


@pytest.mark.parametrize("username", ["inspector", "director", "chief"])
def test_office_and_leadership_see_interviews(org, recorded_interview, username):
    interview = recorded_interview()
    assert get_interview_for(org[username], interview.pk) == interview


def test_a_subject_never_sees_their_own_interview_even_from_the_office(org, recorded_interview):
    # given the director is talked to by the chief's office (the inspector records it)
    interview = recorded_interview(subjects=[org["director"]], interviewers=[org["inspector"]])

    # then the director does not see it, the inspector and the chief do
    assert not interviews_visible_to(org["director"]).filter(pk=interview.pk).exists()
    with pytest.raises(Http404):
        get_interview_for(org["director"], interview.pk)
    assert get_interview_for(org["chief"], interview.pk) == interview


# --- inspections and findings


def test_inspector_records_an_inspection_and_its_findings_audited(org, recorded_inspection, finding_of):
    # when the inspector records an inspection and a finding
    inspection = recorded_inspection()
    finding = finding_of(inspection, is_violation=True)

    # then both are on record
    assert inspection.departments.count() == 2
    assert finding.is_violation and finding.problem is None
    assert _audit("record_inspection")[-1].after["inspectors"] == ["李明", "王芳"]
    assert _audit("add_finding")[-1].after["finding"] == finding.pk


def test_editing_an_inspection_audits_what_changed(org, recorded_inspection, department):
    inspection = recorded_inspection()
    inspection_services.edit_inspection(
        actor=org["inspector"],
        inspection=inspection,
        kind=inspection.kind,
        title="2026年第四季度工作纪律暗访（复查）",
        scope=inspection.scope,
        departments=[department("第一检察部")],
        inspectors=[org["inspector"], org["director"]],
        started_on=inspection.started_on,
        summary=inspection.summary,
    )
    entry = _audit("edit_inspection")[-1]
    assert set(entry.after) == {"title", "departments"}
    assert entry.after["departments"] == ["第一检察部"]


def test_an_inspection_ending_before_it_started_is_refused(org, recorded_inspection):
    with pytest.raises(ServiceError) as refused:
        recorded_inspection(ended_on=timezone.localdate() - datetime.timedelta(days=1))
    assert (refused.value.error, refused.value.field) == (InspectionError.END_BEFORE_START, "ended_on")


def test_findings_become_problems_on_a_new_draft_notice_in_one_action(org, recorded_inspection, finding_of, category):
    # given an inspection with two findings of 第一检察部
    inspection = recorded_inspection()
    first = finding_of(inspection, severity=ProblemSeverity.SERIOUS)
    second = finding_of(inspection, description="窗口接待人员未按规定着装。", category=category("考勤"))

    # when the office turns both into a notice
    notice = inspection_services.raise_notice(
        actor=org["inspector"], inspection=inspection, finding_ids=[first.pk, second.pk]
    )

    # then a draft notice to 第一检察部 from this inspection holds one problem per finding, linked back
    assert notice.status == NoticeStatus.DRAFT
    assert notice.source == NoticeSource.INSPECTION
    assert notice.inspection == inspection
    assert notice.department.name == "第一检察部"
    assert notice.title == "关于2026年第四季度工作纪律暗访发现问题的整改通知"
    problems = list(notice.problems.order_by("pk"))
    assert [p.description for p in problems] == [first.description, second.description]
    assert [p.severity for p in problems] == [ProblemSeverity.SERIOUS, ProblemSeverity.MINOR]
    assert problems[1].category == category("考勤")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.problem, second.problem) == (problems[0], problems[1])
    assert _audit("raise_notice")[-1].after["notice"] == notice.pk
    assert _audit("create_notice")[-1].object_id == str(notice.pk)


def test_findings_join_an_existing_draft_of_the_same_inspection_and_department(org, recorded_inspection, finding_of):
    # given a draft notice already made from one finding
    inspection = recorded_inspection()
    notice = inspection_services.raise_notice(
        actor=org["inspector"], inspection=inspection, finding_ids=[finding_of(inspection).pk]
    )
    later = finding_of(inspection, description="值班记录缺页。")

    # when another finding of the department is added to that draft
    same = inspection_services.raise_notice(
        actor=org["inspector"], inspection=inspection, finding_ids=[later.pk], notice=notice
    )

    # then the draft holds both problems and the finding is linked
    assert same.pk == notice.pk
    assert notice.problems.count() == 2
    joined = AuditEntry.objects.get(action="raise_notice", object_type="supervision.rectificationnotice")
    assert joined.object_id == str(notice.pk) and joined.after["problems"][0]["description"] == "值班记录缺页。"
    later.refresh_from_db()
    assert later.problem.notice_id == notice.pk


def _nothing_saved(inspection):
    assert not RectificationNotice.objects.filter(inspection=inspection).exists()
    assert not Problem.objects.exists()
    assert not InspectionFinding.objects.filter(inspection=inspection, problem__isnull=False).exists()
    assert _audit("raise_notice") == []


def test_findings_of_two_departments_are_refused_and_nothing_is_saved(org, recorded_inspection, finding_of):
    inspection = recorded_inspection()
    ids = [finding_of(inspection).pk, finding_of(inspection, department_name="第二检察部").pk]
    with pytest.raises(ServiceError) as refused:
        inspection_services.raise_notice(actor=org["inspector"], inspection=inspection, finding_ids=ids)
    assert refused.value.error == InspectionError.FINDINGS_OF_SEVERAL_DEPARTMENTS
    _nothing_saved(inspection)


def test_an_already_turned_finding_is_refused_with_the_others_and_nothing_more_is_saved(
    org, recorded_inspection, finding_of
):
    # given one finding already on a notice
    inspection = recorded_inspection()
    turned = finding_of(inspection)
    inspection_services.raise_notice(actor=org["inspector"], inspection=inspection, finding_ids=[turned.pk])
    fresh = finding_of(inspection, description="会议室门禁未登记。")

    # when the office picks it again with a fresh one
    with pytest.raises(ServiceError) as refused:
        inspection_services.raise_notice(
            actor=org["inspector"], inspection=inspection, finding_ids=[turned.pk, fresh.pk]
        )

    # then it is refused and the fresh finding stays open, no second notice
    assert refused.value.error == InspectionError.FINDING_ALREADY_RAISED
    fresh.refresh_from_db()
    assert fresh.problem is None
    assert RectificationNotice.objects.filter(inspection=inspection).count() == 1
    assert Problem.objects.count() == 1


def test_a_finding_of_another_inspection_or_none_at_all_is_refused(org, recorded_inspection, finding_of):
    inspection, other = recorded_inspection(), recorded_inspection(title="网络督查")
    foreign = finding_of(other)
    for ids, code in (
        ([foreign.pk], InspectionError.FINDING_NOT_OF_INSPECTION),
        ([], InspectionError.FINDINGS_REQUIRED),
    ):
        with pytest.raises(ServiceError) as refused:
            inspection_services.raise_notice(actor=org["inspector"], inspection=inspection, finding_ids=ids)
        assert refused.value.error == code
    _nothing_saved(inspection)


def test_an_issued_notice_takes_no_more_findings(org, recorded_inspection, finding_of):
    # given a notice made from a finding and issued
    inspection = recorded_inspection()
    notice = inspection_services.raise_notice(
        actor=org["inspector"], inspection=inspection, finding_ids=[finding_of(inspection).pk]
    )
    issue_notice(actor=org["inspector"], notice=notice)
    later = finding_of(inspection, description="卷宗柜未上锁。")

    # when the office tries to add a finding to it
    with pytest.raises(ServiceError) as refused:
        inspection_services.raise_notice(
            actor=org["inspector"], inspection=inspection, finding_ids=[later.pk], notice=notice
        )

    # then it is refused
    assert refused.value.error == InspectionError.NOTICE_NOT_DRAFT
    later.refresh_from_db()
    assert later.problem is None


def test_a_turned_finding_can_no_longer_be_edited(org, recorded_inspection, finding_of, department, category):
    inspection = recorded_inspection()
    finding = finding_of(inspection)
    inspection_services.raise_notice(actor=org["inspector"], inspection=inspection, finding_ids=[finding.pk])
    with pytest.raises(ServiceError) as refused:
        inspection_services.edit_finding(
            actor=org["inspector"],
            finding=finding,
            description="改写",
            department=department("第一检察部"),
            category=category(),
        )
    assert refused.value.error == InspectionError.FINDING_ALREADY_RAISED


def test_editing_a_finding_audits_what_changed(org, recorded_inspection, finding_of, department, category):
    inspection = recorded_inspection()
    finding = finding_of(inspection)
    inspection_services.edit_finding(
        actor=org["inspector"],
        finding=finding,
        description=finding.description,
        department=department("第二检察部"),
        category=category(),
        is_violation=True,
    )
    entry = _audit("edit_finding")[-1]
    assert set(entry.after) == {"finding", "department_id", "is_violation"}


@pytest.mark.parametrize("username", OUTSIDERS)
def test_departments_and_administrators_see_no_inspection(org, recorded_inspection, username):
    inspection = recorded_inspection()
    assert not inspections_visible_to(org[username]).exists()
    with pytest.raises(Http404):
        get_inspection_for(org[username], inspection.pk)


@pytest.mark.parametrize("username", ["head1", "chief"])
def test_only_the_office_turns_findings_into_a_notice(org, recorded_inspection, finding_of, username):
    inspection = recorded_inspection()
    finding = finding_of(inspection)
    with pytest.raises(ServiceError) as refused:
        inspection_services.raise_notice(actor=org[username], inspection=inspection, finding_ids=[finding.pk])
    assert refused.value.error == InspectionError.NOT_OFFICE
    _nothing_saved(inspection)
